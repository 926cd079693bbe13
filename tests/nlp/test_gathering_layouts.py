"""Gatherings written in ways the earlier sets did not cover (issue #9): notice layouts
(【时间】…【地点】…), festivals and calendar-relative days (端午节那天, 节后第一个周一, 月底最后一个周五),
dialects (后儿个, 喺), rooms and floors, estates and blocks, landmarks and "X旁边" spots — and what
stays no gathering: past festivals, line and house numbers, stock codes. Posts written for the project."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from nlp.normalize import normalize
from nlp.organizing import OrganizingDetector
from nlp.organizing.gathering import find_times
from nlp.organizing.holidays import rewrite_holidays
from nlp.organizing.venue import find_place

CST = timezone(timedelta(hours=8))
SET_K = Path(__file__).parents[1] / "fixtures" / "nlp" / "organizing_k.jsonl"


def _at(*args: int) -> datetime:
    return datetime(*args, tzinfo=CST)


@pytest.fixture(scope="module")
def detector() -> OrganizingDetector:
    return OrganizingDetector()


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("端午节那天上午九点县政府门口见", _at(2025, 5, 20, 20), _at(2025, 5, 31, 9)),
    ("冬至晚上七点村委会见", _at(2024, 12, 10, 20), _at(2024, 12, 21, 19)),
    ("国庆节后第一个工作日早上九点", _at(2024, 9, 26, 20), _at(2024, 10, 8, 9)),
    ("节后第一个周一，上午十点", _at(2025, 10, 9, 21), _at(2025, 10, 13)),
    ("节后第一个周一上午十点", _at(2025, 1, 20, 21), _at(2025, 2, 10, 10)),  # spring festival ahead, off to 2-4
    ("年后第一天上午十点", _at(2025, 1, 20, 21), _at(2025, 2, 5, 10)),
    ("月底最后一个周五下午两点", _at(2025, 6, 3, 20), _at(2025, 6, 27, 14)),
    ("后儿个早上八点", _at(2023, 10, 16, 19), _at(2023, 10, 18, 8)),
    ("初十早上九点", _at(2025, 2, 3, 20), _at(2025, 2, 7, 9)),  # 正月初十 2025
    ("元宵节晚上七点", _at(2026, 2, 20, 20), _at(2026, 3, 3, 19)),
])
def test_festival_and_relative_days_resolve(text: str, published: datetime, expected: datetime) -> None:
    times = find_times(text, published)
    assert times and times[0].start == expected, times


def test_a_festival_told_as_past_gives_no_day() -> None:
    assert find_times("去年冬至那天我们在县政府门口站了一整天", _at(2025, 5, 20, 10)) == []


@pytest.mark.parametrize("text", ["三年后第一个月就爆雷了", "节后第一个月工资发了吗", "春节期间人多，注意安全"])
def test_spans_and_seasons_are_not_rewritten_as_days(text: str) -> None:
    assert rewrite_holidays(text, _at(2025, 1, 20, 21)) == text


@pytest.mark.parametrize("text", [
    "明天早上七点地铁2号线青年路站B出口集合",  # 2号线 is a line
    "时间:明天上午十点 地点:市金融局1号楼",  # 1号楼 is a building
])
def test_a_numbered_line_or_building_is_no_day(text: str) -> None:
    published = _at(2025, 3, 28, 20)  # late in the month, when "2号" would be next week's 2 April
    days = {t.start.day for t in find_times(text, published)}
    assert days and days.isdisjoint({1, 2}), days


@pytest.mark.parametrize(("text", "place"), [
    ("【时间】6月5日上午9点【地点】区人民法院门口【事由】旁听开庭", "区人民法院门口"),
    ("四楼会议室，今晚七点，预付卡被坑的都来登记", "四楼会议室"),
    ("听日十点喺市信访局门口等，一齐上去", "市信访局门口"),
    ("通知：周五上午九点，还是区检察院门口，继续去问", "区检察院门口"),
    ("后天早上九点文旅局门口集合，一起去反映", "文旅局门口"),
    ("周日下午三点，师范大学南门，被校园贷坑的同学一起去报案", "师范大学南门"),
    ("6月8日早上八点，王家村村口老槐树底下集合", "王家村村口老槐树底下"),
    ("周四晚上八点高新区创业港C座二楼大堂见，一起去报案", "高新区创业港C座二楼大堂"),
    ("周二下午两点，税务局旁边那栋楼，就是他们新办公室，都去", "税务局旁边那栋楼"),
    ("明天上午十点，人民路金鼎大厦9楼，当面问财务", "人民路金鼎大厦9楼"),
    ("这个周日早上八点去香樟苑8栋楼下等他", "香樟苑8栋楼下"),
    ("下周二早上八点，城关镇派出所门口，被骗的老人都来", "城关镇派出所门口"),
    ("集合点：大悦城东门 时间：周六上午十点 带好合同", "大悦城东门"),  # a mall by its brand, point first
    ("下周四下午3点，西湖银泰门口集合，统一穿白衣服", "西湖银泰门口"),
    ("明晚7点半在青山村委会二楼开会，商量去县里的事", "青山村委会二楼"),
    ("下周一早上8点半市人民医院住院部门口集合", "市人民医院住院部门口"),  # 点半 is the time's
    ("明天上午九点，人民路和解放路交叉口集合，一起去讨说法", "人民路和解放路交叉口"),
])
def test_new_kinds_of_places_are_found_as_written(text: str, place: str) -> None:
    found = find_place(normalize(text))
    assert found is not None and found[0] == place, found


@pytest.mark.parametrize("text", [
    "新丝路文旅(00472.HK)公布，预期通函将于下周寄发",  # a stock code in brackets
    "附件 01.png (75.44 KB, 下载次数: 0) 明天上午上传",  # a file size
    "配资跑路的那家公司明天又要换名字了",
    "走投无路了，明天就是还款日",
])
def test_codes_and_verb_phrases_are_no_places(text: str) -> None:
    assert find_place(normalize(text)) is None


def _set_k() -> list[dict]:
    return [json.loads(line) for line in SET_K.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_set_k_calls_yield_their_time_and_place(detector) -> None:
    """The time and place reader alone, on every post of set k labelled with a gathering."""
    given = found = same_day = 0
    for rec in (r for r in _set_k() if r["gathering"]):
        given += 1
        got = detector._gathering(normalize(rec["text"]), datetime.fromisoformat(rec["published_at"]))
        if got is not None:
            found += 1
            same_day += got["start"][:10] == rec["gathering"]["start"][:10]
    assert given >= 50 and found / given >= 0.9, f"found {found}/{given}"
    assert same_day == found, f"right day {same_day}/{found}"


def test_set_k_hard_negatives_get_no_gathering(detector) -> None:
    for rec in (r for r in _set_k() if not r["gathering"]):
        got = detector.detect(normalize(rec["text"]), datetime.fromisoformat(rec["published_at"])).gathering
        assert got is None, (rec["id"], got)
