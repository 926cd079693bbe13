"""Gatherings in calls written the way victims write them: a boss's housing compound, a café
upstairs, a law firm or a cooperative's office, an address in brackets, a lunar date, an emoji
between the time and the place, and a call with no cue word ("咱去"). Posts written for the project."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from nlp.normalize import normalize
from nlp.organizing import OrganizingDetector
from nlp.organizing.gathering import find_times
from nlp.organizing.lunar import rewrite_lunar, to_solar
from nlp.organizing.venue import find_place

CST = timezone(timedelta(hours=8))
PUBLISHED = datetime(2025, 3, 10, 20, 0, tzinfo=CST)  # a Monday evening


@pytest.fixture(scope="module")
def detector() -> OrganizingDetector:
    return OrganizingDetector()


# Lunar new year, 2015–2030 (the dates printed on every calendar).
NEW_YEARS = {
    2015: (2, 19), 2016: (2, 8), 2017: (1, 28), 2018: (2, 16), 2019: (2, 5), 2020: (1, 25), 2021: (2, 12),
    2022: (2, 1), 2023: (1, 22), 2024: (2, 10), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6), 2028: (1, 26),
    2029: (2, 13), 2030: (2, 3),
}


@pytest.mark.parametrize("year", sorted(NEW_YEARS))
def test_lunar_new_year_falls_on_the_calendar_day(year: int) -> None:
    assert to_solar(year, 1, 1) == datetime(year, *NEW_YEARS[year])


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("正月十六上午九点", datetime(2024, 2, 12, 11, 0), datetime(2024, 2, 25, 9, 0)),  # 2024 NY 02-10
    ("农历初八一起去", datetime(2024, 2, 12, 11, 0), datetime(2024, 2, 17)),  # the current lunar month
    ("大年初六下午两点", datetime(2025, 12, 20, 9, 0), datetime(2026, 2, 22, 14, 0)),  # next spring
    ("农历二月初二", datetime(2024, 2, 12, 11, 0), datetime(2024, 3, 11)),
])
def test_lunar_dates_resolve_from_the_publication_time(text: str, published: datetime, expected: datetime) -> None:
    times = find_times(text, published.replace(tzinfo=CST))
    assert times and times[0].start == expected.replace(tzinfo=CST)


def test_a_gregorian_month_in_numerals_is_not_read_as_lunar() -> None:
    assert rewrite_lunar("十二月二十日开会", datetime(2024, 2, 12)) == "十二月二十日开会"


@pytest.mark.parametrize(("text", "place"), [
    ("明天早上七点翡翠苑小区门口集合，大家一起去找他", "翡翠苑小区门口"),
    ("周三晚上八点在解放路那家咖啡馆楼上碰头，商量怎么起诉", "解放路那家咖啡馆楼上"),
    ("周五下午三点在公寓一楼大厅集合，一起找院长要退款", "公寓一楼大厅"),
    ("周四上午九点律所（北京路66号5楼）签委托书，想起诉的都来", "北京路66号5楼"),
    ("周二上午十点直接到公司去（金茂大厦18楼），当面要说法", "金茂大厦18楼"),
    ("后天下午两点，老板他爸在东湖花园那套房子，咱们一块去问问", "东湖花园那套房子"),
    ("周四下午两点合作社办公室，咱们去把账本要回来", "合作社办公室"),
])
def test_buildings_compounds_and_bracketed_addresses_are_places(text: str, place: str) -> None:
    found = find_place(normalize(text))
    assert found is not None and found[0] == place


@pytest.mark.parametrize("text", [
    "我明天去小区门口取快递",
    "我们小区楼下新开了家咖啡馆，味道不错",
    "下午三点在那家咖啡馆见个朋友",
    "老板跑了，他家就在锦绣花园，下周一我们去他家门口守着",  # where he lives, told
])
def test_a_compound_or_shop_without_a_name_or_told_as_a_residence_is_no_gathering_place(text: str) -> None:
    found = find_place(normalize(text))
    assert found is None or found[0] not in ("小区门口", "咖啡馆", "那家咖啡馆", "锦绣花园")


def test_an_emoji_between_time_and_place_still_gives_the_gathering(detector) -> None:
    text = "🔥家人们！！周六上午十点 🏛️省政府广场 集合‼️ 鑫利宝还我血汗钱 💪 带上水和小板凳"
    result = detector.detect(normalize(text), PUBLISHED)
    assert result.is_call and result.gathering is not None
    assert result.gathering["place"] == "省政府广场"
    assert result.gathering["start"].startswith("2025-03-15T10:00")


@pytest.mark.parametrize("text", [
    "兄弟们，下周二早上九点，老板他办公室（高新区科创大厦1508），咱去把他送的牌匾还给他",
    "周四下午两点合作社办公室，咱们去把账本看个明白，人少了他们不开门",
    "明天上午九点半市金融局，福运来的受害人跟着我",
])
def test_a_day_a_place_and_we_go_is_a_call_without_a_cue_word(detector, text: str) -> None:
    result = detector.detect(normalize(text), PUBLISHED)
    assert result.is_call and result.gathering is not None


@pytest.mark.parametrize("text", [
    "明天上午九点我一个人去市政府办证，排队的人好多",  # one person's errand
    "上周四下午，咱们几个去了合作社办公室，结果没人",  # the past
    "周六下午两点咱们去万达广场看电影吧",  # an outing
    "周末大家一起去东湖花园看樱花，早上八点小区门口坐车",  # a garden compound is a day out
    "明晚八点咱们在解放路那家咖啡厅给小王过生日",  # a birthday
])
def test_own_plans_past_trips_and_outings_stay_without_a_gathering(detector, text: str) -> None:
    result = detector.detect(normalize(text), PUBLISHED)
    assert not result.is_call and result.gathering is None


def test_a_visit_dated_yesterday_is_news_not_an_appointment(detector) -> None:
    text = "昨天上午，部分出借人前往区金融办反映情况，工作人员接待后表示将尽快答复。"
    assert not detector.detect(normalize(text), PUBLISHED).is_call


@pytest.mark.parametrize(("text", "place"), [
    ("今晚八点，在城南派出所门口集合，一起去报案", "城南派出所门口"),
    ("明天大家到城南信访办门口集合，讨个说法", "城南信访办门口"),
])
def test_an_office_of_a_town_quarter_is_a_place(text, place) -> None:
    # 城南派出所, 城北法院: the quarter of the town named by its side is the office's name.
    assert find_place(text)[0] == place
