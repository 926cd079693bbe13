"""Calls the desk met in posts nobody tuned the detector on: recruiting for a trip, registration
and letter drives, hearings, solidarity without a grievance word, contact IDs in Latin letters,
and the reports and stories that look like them (texts written for the project)."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.normalize import normalize
from nlp.organizing import OrganizingDetector
from nlp.organizing.gathering import find_times
from nlp.organizing.venue import find_place

PUBLISHED = datetime.fromisoformat("2026-11-20T21:30:00+08:00")  # a Friday evening


def _call(detector: OrganizingDetector, text: str):
    return detector.detect(normalize(text), PUBLISHED)


@pytest.mark.parametrize("text", [
    "安盈财富的朋友们，要去省城的报个名，凑够一车人就出发，油费平摊",  # a trip, a platform-like vocative
    "债权登记表已经放在置顶，大家把合同编号和金额填好，我们汇总后统一交给专案组",  # a registration drive
    "所有被汇金宝坑的，从明天起每人每天给市长信箱写一封信，坚持到有回音为止",  # a letter drive
    "下个月的听证会大家都过去，让他们看看我们有多少人",  # a hearing, no grievance word
    "一个人去说话没人听，几十个人站在一起就不一样了，过完年大家一起去北京",  # solidarity
    "追款的进这个群：vx搜 zhuikuan_2026，进去统一安排",  # a Latin contact ID
    "扣扣：六六八二四一九零三，聚利通的进，人多好办事",  # a number written in words
    "各位出借人，成立维权小组的事有眉目了，想加入的在下面留言",  # recruiting a committee
])
def test_calls_in_phrasings_the_fixtures_did_not_teach_are_recognised(detector, text) -> None:
    assert _call(detector, text).is_call


@pytest.mark.parametrize("text", [
    "下午在公司楼下等了一下午，负责人根本没露面，我们只好回去了",  # a day's story, not a plan
    "周末大家一起去北京玩吧，长城故宫都安排上",  # a trip for fun
    "老乡会下个月在深圳聚一下，地点待定，进群的都来",  # a hometown club
    "去给报名表找导师签名，一进门就叫错了老师的名字，尴尬",  # 报名 and 签名 in a school day
    "每一次分手都是一场声势浩大的战役，带着横冲直撞的情怀",  # 声势 and 冲 in a love story
    "跟大家说个事，今天买水老板娘忘了找我钱，还不承认",  # 找我 is change, not a contact
    "姐妹们一起举报这个营销号，天天蹭我们家哥哥热度",  # a fan drive against an account
    "币圈内部交流群，每天推送百倍币，愿意的加我微信 coin_888 拉你进群",  # a crypto ad
    "看到那条评论好吓人...隐私...我是不是也被看光了",  # an ellipsis is no 私我
])
def test_stories_trips_and_chatter_with_those_words_are_not_calls(detector, text) -> None:
    assert not _call(detector, text).is_call


def test_a_clock_time_then_a_comma_then_an_office_is_where_to_gather(detector) -> None:
    text = "下周一上午九点，苏州市公安局门口，汇金宝的受害人集体去报案。之前一个个去，让去经侦，去了经侦又让等"
    g = _call(detector, text).gathering
    assert g is not None
    assert g["place"] == "苏州市公安局门口"
    assert g["start"].startswith("2026-11-23T09:00")


def test_an_office_written_or_phoned_to_is_no_gathering_place() -> None:
    assert find_place("联名信写好了，周五统一寄给省金融监管局") is None
    assert find_place("明天上午大家轮流给区金融办打电话") is None


def test_a_date_then_a_comma_then_news_of_a_crowd_is_not_a_call(detector) -> None:
    result = _call(detector, "3月17日，某市区政府门前出现群体性聚集，系某平台出借人，区里已成立工作专班。")
    assert not result.is_call
    assert result.gathering is None


@pytest.mark.parametrize("text", [
    "所有人明天晚上八点准时发同一句话，带上这个话题，@一下本地的官方号",  # one sentence sent by all
    "全体出借人今晚统一转发这条，让上面看到我们",  # a timed repost
    "有没有被钱多多套住的，组团一起请律师，律师费大家平摊，有意的留言",  # hiring a lawyer together
    "宝子们，都被坑了的滴滴我，一起wq，别自己憋着",  # slang contact, pinyin
    "下周日下午两点 银泰城门口 被这个理财骗了的都过来 我们拉条幅",  # a banner by another name
    "大家都去省长信箱留言，统一写：要求公开处置进度，人多了才会重视",  # a governor's mailbox drive
])
def test_calls_with_no_gathering_verb_the_old_cues_knew_are_recognised(detector, text) -> None:
    assert _call(detector, text).is_call


@pytest.mark.parametrize("text", [
    "出借人注意：网上登记系统将于12月1日关闭，尚未登记的请尽快登记。——某市公安局经侦支队",  # signed notice
    "回望2019：那个冬天，金融办门口常常站着举牌的出借人。一年过去，他们还在等。",  # a retrospective
    "跨年夜一起去江边看烟花的朋友们，十一点在滨江公园南门碰头",  # a night out
    "我是过来人，理性说一句：堵门拉横幅只会让自己留案底",  # argues against
    "股票内幕群，每天推荐牛股，免费进群，扣1拉你",  # a stock-tip ad
])
def test_notices_retrospectives_outings_and_ads_are_not_calls(detector, text) -> None:
    assert not _call(detector, text).is_call


def test_a_terse_call_spaced_instead_of_punctuated_keeps_its_place(detector) -> None:
    g = _call(detector, "25号早上8点半 省委信访接待大厅 人越多越好 别乱拉人进群").gathering
    assert g is not None
    assert g["place"] == "省委信访接待大厅"
    assert g["start"].startswith("2026-11-25T08:30")


def test_an_english_time_in_a_mixed_call_is_resolved() -> None:
    times = find_times("Tomorrow 9am 金融街15号楼下 all 投资人 please come", PUBLISHED)
    assert [t.start.isoformat()[:16] for t in times] == ["2026-11-21T09:00"]


@pytest.mark.parametrize("text", [
    "各片区负责人注意：明天中午前把各自片区去的人数报上来，我们好安排大巴",  # a head count and a bus
    "下周全体行动，具体去哪儿等通知，手机保持畅通，别掉链子",  # all act, place announced later
])
def test_logistics_of_a_collective_trip_organise_without_naming_the_cause(detector, text) -> None:
    assert _call(detector, text).is_call


@pytest.mark.parametrize("text", [
    "今晚德比，球迷们一起去街角那家酒吧看，八点见，球衣走起",  # fans
    "求助：我家老人走失，请大家帮忙转发扩散，联系电话在图里",  # a family's plea
])
def test_fans_and_family_pleas_with_the_same_logistics_are_not_calls(detector, text) -> None:
    assert not _call(detector, text).is_call


@pytest.mark.parametrize(("text", "place"), [
    # An office or a firm told by the road it stands on.
    ("本周一上午九点，大家到济南市历下区经十路的银保监局门口，集体反映", "济南市历下区经十路的银保监局门口"),
    ("下周三下午三点，长春市朝阳区人民大街的丰汇财富公司门口，讨债！", "长春市朝阳区人民大街的丰汇财富公司门口"),
    # A crossing of two roads.
    ("明日14:30，石家庄市桥西区中华北大街和裕华路交叉口集合，然后一起走过去", "石家庄市桥西区中华北大街和裕华路交叉口"),
])
def test_a_place_told_by_its_road_or_a_crossing_is_found_whole(text: str, place: str) -> None:
    assert find_place(normalize(text))[0] == place


def test_走投无路_before_an_office_is_no_road() -> None:
    assert find_place("被骗得走投无路的信访局的人也不管") is None


def test_a_weekday_after_the_day_of_the_month_confirms_it() -> None:
    # Published on Friday 2026-11-20: 28号周六 is the 28th, not tomorrow.
    assert [t.start.isoformat()[:16] for t in find_times("28号周六 早上十点 市政府门口", PUBLISHED)] == ["2026-11-28T10:00"]


def test_a_short_reply_that_goes_along_forwards_the_call(detector) -> None:
    relay = _call(detector, "转发！大家都去//@维权小蜜蜂:顶//@聚财猫受害人联盟: 11.28上午十点，福州市鼓楼区五四路的聚财猫总部楼下集合，找老板要钱！")
    assert relay.is_call
    assert relay.gathering is not None and relay.gathering["start"].startswith("2026-11-28T10:00")
    # Going along with news of a crowd calls no one.
    assert not _call(detector, "大家都去看看//@某晚报:【昨日，某平台出借人在市信访局聚集，已被劝离】").is_call


@pytest.mark.parametrize("text", [
    "点赞关注就能赚佣金，一单3元，多劳多得，进群领任务👉QQ群 720356198",  # a paid-task ad
    "要是全省的受害人都去省里，会不会有点用？我就是随便想想",  # a musing, owned as one
    "八一快到了，战友聚会群的老兄弟们，今年还是老规矩，1号中午在老连长家的农家乐，带上家属",  # "as usual"
])
def test_task_ads_musings_and_reunions_as_usual_are_not_calls(detector, text: str) -> None:
    assert not _call(detector, text).is_call


def test_a_real_code_still_keeps_a_call(detector) -> None:
    assert _call(detector, "明晚七点半，老规矩，东营市东营区金融办楼下，鑫盛的别外传").is_call


def test_a_grievance_about_overcharging_is_no_warning_about_fees(detector) -> None:
    # 乱收费 is what the homeowners complain of; a group charging a fee (收200元费) is what warnings name.
    text = "【业主维权】翠湖湾小区物业乱收费、电梯坏了三个月不修的，都进业主维权群，我们一起去街道和住建局投诉，群号在回复里"
    assert _call(detector, text).is_call
