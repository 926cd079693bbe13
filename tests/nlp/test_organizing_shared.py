"""Calls to act together that name no gathering word: details still to be fixed, a lawyer or a
refusal shared by many, a dress worn alike, meeting first and going on together, a disguise, an
organiser's conduct rules; and the look-alikes that stay non-calls (a reunion whose place is not yet
fixed, a school's dress code, one's own lawyer, talk about what others keep saying)."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.normalize import normalize
from nlp.organizing import OrganizingDetector

PUBLISHED = datetime.fromisoformat("2026-12-02T19:00:00+08:00")  # a Wednesday evening


def _call(detector: OrganizingDetector, text: str):
    return detector.detect(normalize(text), PUBLISHED)


@pytest.mark.parametrize("text", [
    # the going is agreed, the arrangements follow
    "家人们，下个礼拜一定得一起去一趟，具体地方我落实了再通知",
    "周四都过去！七点半动身，集合点等我跟司机确认",
    # a lawyer, a suit, a refusal shared by many
    "咱们这栋楼八户都被坑了，大伙一块聘个律师，钱按户分摊",
    "阿拉几户人家一道寻律师，一家头去吃力煞",
    "从这个月开始大家统一停止还款，是他们先违约的",
    "下周一大家都戴上白口罩去上班，朋友圈统一发“还我养老钱”",
    # meet first, then go on together
    "周六上午九点地铁4号线东站B口先会合，见面后再一起走去他们公司",
    "被“汇通链”收割的兄弟们，明天下午两点，金融港B座一楼大堂，人到齐一起上楼找他们",
    # a disguise: the pastime put in scare quotes
    "各位“老乡”，下周二上午十点“老乡会”改在区信访局对面茶楼，懂的来",
    # the last time told to argue for this time
    "后天上午九点区金融办，这回每家至少出一个人，上次才去了五六个",
    # an organiser's letter with its conduct rules
    "致全体“汇金宝”出借人：经代表商议，我们决定下周五上午九点在市信访局门前集合，请各位理性维权，不要携带危险物品",
])
def test_shared_actions_without_a_gathering_word_are_calls(detector, text) -> None:
    assert _call(detector, text).is_call, text


@pytest.mark.parametrize("text", [
    "同学聚会定在元旦前后，地点还没定，大家群里商量",
    "老乡会下个月聚一次，时间地点等会长另行通知",
    "学校通知：明天升旗仪式，学生都穿白衬衫，家长不用到校",
    "我自己请了律师单独起诉，不想再等群里了",
    "群里天天说要联合请律师，说了三个月一个也没请",
    "上周六我陪我爸去区法院立了案，材料交齐了",
    "那天我们十几个人一起去了金融办，最后都被劝回去了",
    "我们下周去北京看病，挂了协和的号",
    "今晚开会商量下一步的装修方案，老婆说要北欧风",
    "我们几家一起请了个律师，官司上个月赢了",
    "各位“家人们”，直播间今晚八点上新，优惠多多",
    "周末一起去吃饭吧，时间地点再商量",
    "我们决定明年五一结婚，地点还在商量",
    "我们一起理性维权，依法维权，相信政府会给我们一个交代",
])
def test_look_alikes_are_not_calls(detector, text) -> None:
    assert not _call(detector, text).is_call, text

