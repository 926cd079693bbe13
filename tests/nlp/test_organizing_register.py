"""Calls recognised by their register rather than a call word: an appointment laid out as a notice,
a bare schedule passed among victims, dialect, a place kept off the page; and the look-alikes that
are not calls (a lecture's layout, a dated record, one person's errand, a cancelled plan)."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.normalize import normalize
from nlp.organizing import OrganizingDetector

PUBLISHED = datetime.fromisoformat("2026-11-20T21:30:00+08:00")  # a Friday evening


def _call(detector: OrganizingDetector, text: str):
    return detector.detect(normalize(text), PUBLISHED)


@pytest.mark.parametrize("text", [
    # laid out as a notice
    "⏰ 下周二早上八点半\n📍 区人社局大门\n欠薪的工友能到都到",
    "【时间】周日下午三点\n【地点】区住建局门口\n烂尾楼的业主，带上购房合同",
    "地点：县法院南门\n时间：下周四 9:00\n内容：旁听集资案开庭，受害人尽量来",
    # labels inside one line, a settled time, banners
    "时间定了：下周五上午九点；地点：市委大院东门",
    "人定齐了。时间：本周日上午十点；地点：县政府北门",
    "下个周六下午，人民广场喷泉那里，两点开始，聚财宝的都带上牌子",
    "周日上午，会展中心东门，九点半到，鑫汇通的举着牌子去",
    # a schedule with no call word
    "后天上午十点，区民政局门口，养老院的押金不退就不走",
    "周一早上八点，信访办门口，还我本金",
    # dialect
    "听日下昼三点喺区信访办门口等，我哋一齐入去问清楚",
    "明儿个一早都上县政府门口，讨工钱的事不能再拖了",
    # the place kept off the page
    "下周的行动照旧，地点进小群看，别在评论区问",
    # an organisers' meeting, a joint suit, a tally
    "几个群的群主周日晚上开个会，商量下周怎么安排",
    "被坑的朋友们，请同一个律师一起告，愿意参加的在表格里填名字和金额",
    # a warning that only defers the date
    "月底前别去，等月底结账结束，12月2号上午九点市金融局门口集合",
])
def test_calls_in_the_register_of_an_appointment_are_recognised(detector, text) -> None:
    assert _call(detector, text).is_call, text


@pytest.mark.parametrize("text", [
    # layouts of ordinary events
    "【时间】周六下午2点\n【地点】区图书馆报告厅\n【主题】如何识别电信诈骗\n免费入场，欢迎市民参加",
    # a record dated with its year, not an appointment
    "2019年4月26日，北京市公安局海淀分局对该平台立案侦查，至今没有公布任何进度，我们强烈要求公开资金去向",
    # one person's errands, reported back
    "明天我先去售楼处看看情况，回来再跟大家说，先别都去",
    "明天上午十点，区政府门口，我去给孩子办入学材料，顺路的可以捎你们",
    # a plan called off, a question about who goes
    "群主说周日上午集合的事取消了，大家别去了",
    "明天有人去信访局吗？我在考虑要不要去",
    # warnings that name the group they forbid
    "别进那个所谓的维权群，群主收律师费每人两千，就是二次收割",
])
def test_lectures_records_errands_and_cancelled_plans_are_not_calls(detector, text) -> None:
    assert not _call(detector, text).is_call, text


def test_a_dialect_call_resolves_its_day_and_place(detector) -> None:
    result = _call(detector, "听日朝早九点，喺区政府门口等，我哋一齐去揾佢哋讲清楚")
    assert result.is_call
    assert result.gathering is not None
    assert result.gathering["start"].startswith("2026-11-21T09:00")
    assert result.gathering["place"] == "区政府门口"
