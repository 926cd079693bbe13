"""Who a post speaks to and what it answers: one person's own plan or threat, a letter to an
official, a call quoted to deny it, a repost's own words, a date already behind the post; and the
times and places a call gives in forms the desk met (a deadline, a keycap digit, a bracketed
gloss, a bank at its door). Texts written for the project."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from nlp.normalize import normalize
from nlp.organizing import OrganizingDetector
from nlp.organizing.gathering import find_times
from nlp.organizing.venue import find_place

PUBLISHED = datetime.fromisoformat("2026-11-18T20:00:00+08:00")  # a Wednesday evening


def _call(detector: OrganizingDetector, text: str):
    return detector.detect(normalize(text), PUBLISHED)


@pytest.mark.parametrize("text", [
    "前天在市信访局等了一下午也没见到人，后天我再去一趟，我就不信没人管",  # one person's own plan
    "经理你记着，下周之前不把提成发了，我就到你们公司楼下拉横幅",  # a lone conditional threat
    "周五早上九点区法院门口等我，我陪你去把诉状交了",  # an errand with one companion
    "周日上午九点我和我妈在中心医院门口碰头，陪她去拿报告",  # the party is the writer's family
    "下周六上午十点公园东门集合去划船，参加人员：我老公、孩子和我",  # the party is the writer's family
    "昨晚梦见大家周五上午在平台总部楼下集合，老板当场退钱",  # a gathering in a dream
])
def test_one_persons_plan_or_threat_is_not_a_call(detector, text) -> None:
    result = _call(detector, text)
    assert not result.is_call
    assert result.gathering is None


@pytest.mark.parametrize("text", [
    "兄弟们，周六上午九点我在区政府门口等大家，还我们血汗钱",  # I wait for everyone
    "后天上午十点，区金融办门口，还我本金！",  # 还我 is a slogan, not a lone speaker
    "周六上午九点市金融局门口集合，我负责带横幅",  # a verb only a group does, beside 我
])
def test_a_call_that_says_i_still_addresses_people(detector, text) -> None:
    assert _call(detector, text).is_call


@pytest.mark.parametrize("text", [
    "尊敬的区委书记：我们是融汇宝的两千多名出借人，恳请您督促专案组公布进展",
    "致市公安局经侦支队的一封公开信：恳请尽快对聚鑫贷实控人立案，我们已经等了一年",
    "市长您好，我们兴达贷的出借人只想知道清退什么时候开始",
])
def test_a_letter_to_an_official_is_a_demand_not_a_call(detector, text) -> None:
    assert not _call(detector, text).is_call


def test_a_letter_to_fellow_victims_is_still_a_call(detector) -> None:
    result = _call(detector, "致全体融汇宝出借人：下周二上午九点在市信访局门口集合，请大家互相转告")
    assert result.is_call
    assert result.gathering is not None and result.gathering["start"].startswith("2026-11-24T09:00")


def test_a_call_quoted_to_deny_it_is_not_asked_for(detector) -> None:
    denied = _call(detector, "群里转的“周四全体到区政府集合”是假消息，我们从来没有组织过，大家别去")
    assert not denied.is_call and denied.gathering is None
    warned = _call(detector, "提醒大家：所谓“汇通贷维权群”进群要交钱，都是骗子，千万别加")
    assert not warned.is_call
    # The same words unquoted and undenied are a call.
    assert _call(detector, "周四上午九点全体到区政府门口集合，大家互相转告").is_call


def test_a_repost_is_read_as_the_writer_calls(detector) -> None:
    own = _call(detector, "咱们宏源的也该去了，周五上午九点区信访局门口，谁去？//@某晚报:【上周，某平台出借人在市信访局聚集，已被劝离】")
    assert own.is_call
    assert own.gathering is not None and own.gathering["start"].startswith("2026-11-20T09:00")
    relay = _call(detector, "扩散 //@宏源难友:宏源的出借人速进维权群登记，群号在主页")
    assert relay.is_call
    news = _call(detector, "唉//@某晚报:【上周，某平台出借人在市信访局聚集，已被劝离】")
    assert not news.is_call


def test_a_date_behind_the_post_tells_a_story(detector) -> None:
    # 11月15号 is three days before the post: thanks after the event.
    assert not _call(detector, "11月15号去市金融办的兄弟姐妹们辛苦了，领导收了材料，大家先回家等答复").is_call
    # A day put off keeps the going.
    assert _call(detector, "原定11月15号的行动改期，新时间另行通知，地点还是市金融办门口，兄弟们别散").is_call


def test_what_the_writer_has_done_offered_as_a_how_to_calls_no_one(detector) -> None:
    assert not _call(detector, "本人是出借人，今天上午已到区法院递交了起诉材料，流程分享给大家").is_call
    assert not _call(detector, "我已经去经侦大队交了材料，经验分享一下：带身份证和合同，窗口在二楼").is_call
    # The same how-to with a day ahead for everyone is a call.
    assert _call(detector, "今天上午已到区法院递交了起诉材料，流程分享给大家，明天大家一起去").is_call


def test_one_who_asks_to_be_let_into_a_group_invites_nobody(detector) -> None:
    assert not _call(detector, "+1 求拉群，华融宝坑了我五万").is_call
    assert _call(detector, "谁有华融宝的群拉我一下，没有的话我建一个，大家都进来").is_call


def test_a_recovery_scam_charging_a_fee_is_an_ad(detector) -> None:
    assert not _call(detector, "【出借人追损通道】进群登记可优先兑付，需缴纳审核费30元，名额有限").is_call


def test_good_works_with_a_gift_are_no_call(detector) -> None:
    assert not _call(detector, "下周六上午九点，社区广场门口集合，物业组织义诊，参加的业主送小礼品").is_call


def test_a_deadline_is_not_the_time_of_a_gathering() -> None:
    assert find_times("请在12月3号前把材料交到律所", PUBLISHED) == []
    assert find_times("老师12月3号有个面试，要是在此之前还没消息，我就去公司楼下等", PUBLISHED) == []
    # A clock time with 前 is when to be there: at nine tomorrow, not from now until nine.
    by_nine = find_times("明天上午9点前到市政府门口", PUBLISHED)
    tomorrow = (PUBLISHED + timedelta(days=1)).date().isoformat()
    assert [t.start.isoformat()[:16] for t in by_nine] == [f"{tomorrow}T09:00"]


def test_keycap_digits_and_a_bracketed_gloss_still_give_the_time(detector) -> None:
    keycap = _call(detector, "鼎盛的出借人，下周一 上午9️⃣点 市政府正门 不见不散")
    assert keycap.gathering is not None and keycap.gathering["start"].startswith("2026-11-23T09:00")
    gloss = find_times("11月26号（感恩节那天）上午十点，地点：市委市政府联合接待中心", PUBLISHED)
    assert [t.start.isoformat()[:16] for t in gloss] == ["2026-11-26T10:00"]


@pytest.mark.parametrize(("text", "place"), [
    ("明早九点，在镇上农村商业银行门口集合", "镇上农村商业银行门口"),
    ("后天上午十点 交通银行滨江支行楼下 人越多越好", "交通银行滨江支行楼下"),
    ("大家在村委会门口上车，一起去县里", "村委会门口"),
    ("全体出借人市信访局门口见！", "市信访局门口"),
    ("地点：市委市政府联合接待中心。", "市委市政府联合接待中心"),
    ("大家到平台原来的办公室去看看", "平台原来的办公室"),
])
def test_places_a_call_gives(text, place) -> None:
    found = find_place(text)
    assert found is not None and found[0] == place


@pytest.mark.parametrize("text", [
    "周四下午三点，所有人同时给市纪委打12388举报",  # an office phoned is no meeting place
    "明天去银行门口排队办业务",  # a bank with no name
])
def test_offices_phoned_and_errands_give_no_place(text) -> None:
    assert find_place(text) is None
