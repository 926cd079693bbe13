"""When and where a call asks people to gather: the desk needs a concrete moment and a place it can
send someone to, resolved against the time the call was posted (here Friday 2026-11-20, 21:30)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from nlp.normalize import normalize
from nlp.organizing.decode import decode
from nlp.organizing.gathering import combine, find_place, find_times
from nlp.organizing.places import locate

CST = timezone(timedelta(hours=8))
FRIDAY_EVENING = datetime(2026, 11, 20, 21, 30, tzinfo=CST)


def at(day: int, hour: int = 0, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=CST)


def only_time(text: str, published: datetime = FRIDAY_EVENING):
    times = find_times(text, published)
    assert len(times) == 1, times
    return times[0]


def test_tomorrow_morning_at_eight() -> None:
    found = only_time("明早8点大家到市政府门口，红岭的都来")
    assert found.start == at(21, 8)
    assert found.end is None  # a clock time is a moment


def test_next_monday_half_past_nine() -> None:
    assert only_time("下周一上午九点半，出借人统一集合").start == at(23, 9, 30)


def test_a_date_without_clock_time_is_the_whole_day() -> None:
    found = only_time("11月28日大家一起去金融办")
    assert found.start == at(28)
    assert found.end == at(28, 23, 59) + timedelta(seconds=59)


def test_a_weekday_already_past_means_next_week() -> None:
    # Posted on Friday night, "周五上午9点" cannot mean this morning: a call speaks of the future.
    assert only_time("周五上午9点集合，不见不散").start == at(27, 9)


def test_dotted_month_day_with_clock_time() -> None:
    assert only_time("12.1 早上九点见，带好身份证").start == at(1, 9, month=12)


def test_clock_time_in_another_clause_takes_its_day() -> None:
    text = "下周二，时间：上午9点，地点：东莞市金融工作局门口"
    times = find_times(text, FRIDAY_EVENING)
    place = find_place(text)
    assert place is not None
    found = combine(times, place[1])
    assert found.start == at(24, 9)


def test_published_time_in_utc_anchors_the_same_tomorrow() -> None:
    # Crawlers store UTC; 13:30 UTC is 21:30 in China, still Friday evening.
    utc = FRIDAY_EVENING.astimezone(UTC)
    assert only_time("明早8点大家到市政府门口", utc).start == at(21, 8)


@pytest.mark.parametrize("text", ["下周大家一起去讨个说法", "过几天再约时间集合", "大家早点休息"])
def test_vague_times_give_nothing(text: str) -> None:
    assert find_times(text, FRIDAY_EVENING) == []


def test_past_expressions_are_skipped() -> None:
    assert find_times("昨天下午两点我们已经去过信访局了", FRIDAY_EVENING) == []


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("大家明天到杭州市人民政府门口集合", "杭州市人民政府门口"),
        ("明天上午九点在深圳市福田区信访局集合，带上材料", "深圳市福田区信访局"),
        ("团贷的受害人下周一上午十点去东莞市公安局经侦支队门口，人越多越好", "东莞市公安局经侦支队门口"),
    ],
)
def test_place_is_found_as_written(text: str, place: str) -> None:
    found = find_place(text)
    assert found is not None
    assert found[0] == place
    assert text[found[1]:found[1] + len(place)] == place


@pytest.mark.parametrize(
    "text", ["周一杭州市人民政府门口集合维权", "今晚杭州市人民政府门口见", "28号杭州市人民政府门口见"]
)
def test_a_day_written_just_before_the_place_is_not_part_of_it(text: str) -> None:
    found = find_place(text)
    assert found is not None and found[0] == "杭州市人民政府门口"


@pytest.mark.parametrize("text", ["明天老地方见", "明天上午大家在老地方集合"])
def test_old_meeting_spot_is_not_a_place(text: str) -> None:
    assert find_place(text) is None


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        ("杭州市人民政府门口", ("浙江省", "杭州市")),
        ("浦东新区人民政府", ("上海市", "上海市")),
        ("福州市鼓楼区", ("福建省", "福州市")),
        ("深圳市福田区信访局", ("广东省", "深圳市")),
    ],
)
def test_place_is_located_in_province_and_city(place: str, expected: tuple[str, str]) -> None:
    assert locate(place) == expected


def test_a_district_name_shared_by_several_cities_is_not_located() -> None:
    # 鼓楼区 exists in 福州, 南京, 徐州, 开封: sending the desk to the wrong city is worse than none.
    assert locate("鼓楼区政府") == (None, None)


# --- real text: what is not a gathering place, or not a planned time (issue #9) ------------------

def view(text: str) -> str:
    """The detector's view of a post: normalized, with disguises decoded (zf → 政府)."""
    return decode(normalize(text)).text


def place_in(text: str) -> str | None:
    found = find_place(view(text))
    return found[0] if found else None


@pytest.mark.parametrize(
    "text",
    [
        "你们还在配资跑路，明天见",  # 跑路 is running off, not a road
        "商城里已经找不到斐讯路由器了，明天再看看",  # a brand glued to 路
        "外媒：实施监管韩国政府，下周一起生效",  # a foreign government in a news clause
        "今天在政府的协助下，明天开始发放补贴",  # 在政府的…: a clause, not a destination
        "明天上市公司集中发布年报",  # a company that is nowhere in particular
        "明天在我家门口见",  # someone's 门口 is no place the desk can send anyone to
    ],
)
def test_sentence_pieces_ending_in_a_place_word_are_not_places(text: str) -> None:
    assert place_in(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "11月18日，杭州市公安局西湖区分局发布通告，对该平台立案侦查",
        "据报道，11月18日杭州市公安局发布警情通报",
        "该公司位于杭州市西湖区万达广场A座，法人已失联",
    ],
)
def test_an_office_or_building_in_a_report_is_not_a_gathering_place(text: str) -> None:
    assert place_in(text) is None


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("下周一上午十点，杭州市西湖区文三路188号楼下集合", "杭州市西湖区文三路188号楼下"),
        ("明天上午九点在万达广场东门集合，带好材料", "万达广场东门"),
        ("后天上午9点，南京市鼓楼区人民法院门口，能来的都来", "南京市鼓楼区人民法院门口"),
        ("明早9点 市zf门口 jh，人越多越好", "市政府门口"),
        ("周五下午两点大家去金融办，一起交材料", "金融办"),
        ("明天上午十点，公司楼下集合讨说法", "公司楼下"),
    ],
)
def test_places_a_call_gives_are_still_found(text: str, place: str) -> None:
    assert place_in(text) == place


def test_a_date_with_its_year_keeps_its_year() -> None:
    # Written two days before publication with its year: a report of the past, not next year's call.
    assert find_times("2026年11月18日上午九点，市政府门口聚集", FRIDAY_EVENING) == []


def test_a_date_without_year_that_just_passed_is_not_moved_to_next_year() -> None:
    assert find_times("11月15日上午，数百名出借人到市政府门口反映情况", FRIDAY_EVENING) == []


def test_a_date_early_next_year_is_next_year() -> None:
    new_year_eve = datetime(2026, 12, 30, 20, 0, tzinfo=CST)
    assert only_time("1月3日上午九点，市政府门口集合", new_year_eve).start == datetime(2027, 1, 3, 9, tzinfo=CST)


@pytest.mark.parametrize(
    "text", ["下午两点大家在市政府门口聚集了，警察也来了", "下午三点已经到信访局门口，人不多"]
)
def test_a_time_told_with_what_already_happened_is_not_planned(text: str) -> None:
    assert find_times(text, FRIDAY_EVENING) == []


def test_a_time_and_a_place_far_apart_are_not_one_gathering() -> None:
    text = ("下周一上午九点召开全市金融工作会议，会议强调要守住不发生系统性风险的底线，"
            "要求各区县加强排查，出借人有问题可以到杭州市信访局反映")
    place = find_place(view(text))
    assert place is not None
    assert combine(find_times(view(text), FRIDAY_EVENING), place[1]) is None
