"""Posts that hold the words of a call but frame them so that nobody is called (framing.py, and the
article and ad registers in cues.py): a past act thanked, one person's errand with family, a call
relayed by the press, ads, warnings against fake or fee-charging groups, counterfactuals and
sarcasm. Beside each, the nearby posts that must stay calls; and gatherings written with M.DD
dates, pointing hands and crossings."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.normalize import normalize
from nlp.organizing import OrganizingDetector

PUBLISHED = datetime.fromisoformat("2026-11-18T20:00:00+08:00")  # a Wednesday evening


def _detect(detector: OrganizingDetector, text: str):
    return detector.detect(normalize(text), PUBLISHED)


@pytest.mark.parametrize("text", [
    # a past act, reported with thanks
    "上个月我们去市纪委交了联名信，纪委的同志收下了，再次感谢大家帮忙签名。",
    "材料昨天已经递交到区检察院了，回执也拿到了，谢谢各位这段时间的转发。",
    # one person's errand with a family member
    "我爸在汇鑫宝里放了十五万，周五我请个假陪他去区公安分局报案。",
    "婆婆瞒着我们投了个什么理财，明天上午我带她去派出所问问怎么立案。",
    # news relaying a call
    "红星新闻：有出借人在群内号召‘下周二上午到市政府门口集合’，记者向市信访局核实，对方称已关注。",
    "【网传】有网友发帖称鑫利宝投资人‘本周六都去经侦大队’，记者联系了该平台，电话无人接听。",
    "证券时报评论：爆雷五年后，为何仍有投资人集体上访？本文梳理了几起典型案例。",
    # ads
    "想把亏的钱赚回来吗？跟着李老师做期货，两个月翻倍，亏过的兄弟们进群，带你回血",
    "御景华庭开盘啦！周日上午十点售楼处，到场即送米面油，带上家人一起来看房",
    # warnings against a fake or fee-charging group
    "注意：有人打着‘鑫利宝出借人自救会’的名义拉群，进去就要交钱，实际上是骗子，大家千万别进。",
    "那个说能帮忙追回本金的群，进去要先交300元会费，各位千万不要上当。",
    # counterfactual musing, resigned sarcasm
    "如果当初所有出借人一起去经侦报案，也许现在还能追回一点。",
    "早知道那时候大家一起去金融办，也不会拖到今天。",
    "要不大伙儿明天一起去平台楼下喝西北风吧，反正钱是要不回来了",
])
def test_framed_posts_call_nobody(detector, text) -> None:
    result = _detect(detector, text)
    assert not result.is_call, text
    assert result.gathering is None, text


@pytest.mark.parametrize("text", [
    # thanks, then a day ahead
    "谢谢大家签名！联名信下周一上午十点一起交到市纪委，能来的都来。",
    # my errand, others invited
    "我周五请假去区公安分局报案，被汇鑫宝骗的朋友们一起去吧，人多好办事。",
    # a relayed call the writer takes up
    "群里有人提议‘周日去经侦门口’，我赞成，兄弟们周日上午九点经侦大队门口见！",
    # an ad warned of, then a call
    "别信那些说带你回血的老师，都是骗子！鑫利宝的兄弟们进维权群，明天一起去市金融局。",
    # a fake group warned of, then the genuine one
    "有人冒充群主收会费，大家别上当！我们的维权群不收钱，被汇鑫宝坑的朋友私信我进群。",
    # resigned, but meaning it
    "反正本金也要不回来了，不如明天大家都去区政府门口讨个说法！",
    # a regret, then a call
    "要是当初早点一起去就好了。现在也不晚，明天上午九点大家一起去区经侦大队！",
    # calls the rules missed: a question beside the call, an action carried on
    "周四上午十点，大家一起去他们公司看看，有谁知道他们搬去哪了？",
    "家人们 后天接着去 地点不变 还是上午九点 互相转告一下",
])
def test_nearby_calls_stay_calls(detector, text) -> None:
    assert _detect(detector, text).is_call, text


@pytest.mark.parametrize(("text", "day", "place"), [
    ("各位：11月23日(周一)上午9:30，在人民路与解放路交叉口的银泰城北门集合，然后一起去区金融办。",
     "2026-11-23T09:30", "银泰城北门"),
    ("家人们 下周二 11.24 早上9点 ☞ 市金融服务局楼下 ☜ 集合!! 鑫利宝不还钱就天天去",
     "2026-11-24T09:00", "金融服务局楼下"),
])
def test_gatherings_with_crossings_dotted_dates_and_pointing_hands(detector, text, day, place) -> None:
    result = _detect(detector, text)
    assert result.is_call
    assert result.gathering is not None, text
    assert result.gathering["start"].startswith(day)
    assert place in result.gathering["place"]
