"""What a desk notices: hobby practice, one person's errand, a gathering called
off, jokes and ironic what-ifs call nobody; a coded call and a pasted chat settled in its last line
do; a hearing to attend and a meeting disguised as a card game have a time and a place."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.normalize import normalize
from nlp.organizing import OrganizingDetector
from nlp.organizing.transcript import settled_from
from nlp.organizing.venue import find_place

PUBLISHED = datetime.fromisoformat("2026-11-18T20:00:00+08:00")  # a Wednesday evening


def _detect(detector: OrganizingDetector, text: str):
    return detector.detect(normalize(text), PUBLISHED)


@pytest.mark.parametrize("text", [
    # hobby practice
    "秧歌队的姐妹们，明晚七点文化广场老地方集合，新学的动作再排一遍，下周去市里演出！",
    "模特队周六上午九点体育馆门口集合，走秀的演出服统一发，大家都来试穿。",
    # one person's errand
    "周四上午十点我自己去市信访局交材料，大家不用来，办完回来群里跟大家说。",
    "明天我去区法院问执行进度，一个人去就行，不麻烦大家了。",
    "我已经在12315投诉了，明天再去一趟商场找经理，不行就起诉。",
    # called off
    "大家注意，原定后天去区金融办的事取消了，对方答应下周开会研究，后天都别去了，互相转告。",
    # jokes and ironic what-ifs
    "要是所有出借人都去金融办门口坐一坐，估计能坐满一条街吧，呵呵。",
    "要不咱们全群一起去买彩票吧，中了就回本了，开玩笑的，别当真。",
])
def test_calls_nobody(detector: OrganizingDetector, text: str) -> None:
    result = _detect(detector, text)
    assert not result.is_call, result.features
    assert result.gathering is None


@pytest.mark.parametrize("text", [
    "跳舞的姐妹们，宏利宝爆雷了，明早九点别去广场了，直接到区信访局门口集合！",
    "原定明天的行动取消，改到周五上午十点，地点还是市金融办门口，大家互相转告。",
    "这次不是开玩笑，明天上午九点区政府门口集合，鑫盛的都来！",
    "明早九点区法院门口集合，我先去排号，大家带好身份证一起进去。",
])
def test_nearby_calls_stay(detector: OrganizingDetector, text: str) -> None:
    assert _detect(detector, text).is_call


def test_coded_call_without_place(detector: OrganizingDetector) -> None:
    result = _detect(detector, "老地方，老时间，都懂。宏利的别缺席，谁不来以后别在群里诉苦。")
    assert result.is_call
    assert result.gathering is None


def test_fishing_at_the_old_place_is_no_call(detector: OrganizingDetector) -> None:
    assert not _detect(detector, "老地方，老时间，鱼竿带上，明天水库放水，谁带鱼饵？").is_call


CHAT = ("小张:分局搬哪去了\n老刘:搬到行政中心了\n小张:那啥时候去\n老刘:周五吧\n阿芳:我请假\n"
        "老刘:那就周五上午九点，行政中心门口，大家互相通知")


def test_chat_read_from_the_settling_line(detector: OrganizingDetector) -> None:
    view = normalize(CHAT)
    assert view[settled_from(view):].startswith("老刘:那就")
    result = _detect(detector, CHAT)
    assert result.is_call
    assert result.gathering is not None
    assert result.gathering["start"].startswith("2026-11-20T09:00")
    assert result.gathering["place"] == "行政中心门口"


def test_layout_is_no_chat() -> None:
    assert settled_from("时间：明天上午9点\n地点：市政府门口\n事由：讨说法") is None


def test_hearing_time_after_the_court_room(detector: OrganizingDetector) -> None:
    result = _detect(detector, "宏利案下周四开庭！市中级人民法院第三法庭，上午9点。受害人都去旁听，8点半门口集合。")
    assert result.is_call
    assert result.gathering is not None
    assert result.gathering["start"].startswith("2026-11-26T09:00")
    assert result.gathering["place"] == "市中级人民法院第三法庭"


def test_disguised_meeting_at_the_bracketed_teahouse(detector: OrganizingDetector) -> None:
    result = _detect(detector, "宏利的牌友们，周五下午三点老地方打牌，就是金融办旁边那个茶楼（和平路福满茶楼二楼），都来。")
    assert result.is_call
    assert result.gathering is not None
    assert result.gathering["place"] == "和平路福满茶楼二楼"


def test_a_trip_count_is_no_place() -> None:
    assert find_place("明天再去一趟门店，不行就起诉") is None
    assert find_place("明天大家一起去一趟区信访局") == ("区信访局", 9)
