"""Short names people actually write for a platform (团贷 for 团贷网), derived only where that is
safe: a city's name or an everyday word would link every post about the city or the word."""

from __future__ import annotations

import pytest

from nlp.aliases import EVERYDAY_FREQ, derive_short_name, name_parts


@pytest.mark.parametrize(
    ("name", "short"),
    [("团贷网", "团贷"), ("小牛在线", "小牛"), ("善林金融", "善林"), ("红岭创投", "红岭")],
)
def test_short_name_drops_the_business_suffix(name: str, short: str) -> None:
    assert derive_short_name(name) == short


@pytest.mark.parametrize("name", ["投之家", "e租宝"])
def test_no_short_name_without_a_generic_suffix(name: str) -> None:
    assert derive_short_name(name) is None


def test_a_stem_that_is_a_place_name_is_refused() -> None:
    # 滨州 for 滨州财富 would link every post about the city.
    assert derive_short_name("滨州财富") is None


def test_a_stem_that_is_an_everyday_word_is_refused() -> None:
    common = {"小牛": EVERYDAY_FREQ * 10}
    assert derive_short_name("小牛在线", lambda word: common.get(word, 0)) is None


def test_a_rare_stem_survives_the_word_frequency_check() -> None:
    assert derive_short_name("小牛在线", lambda word: EVERYDAY_FREQ - 1) == "小牛"


@pytest.mark.parametrize("raw", ["大家贷(浙江)", "大家贷（浙江）", "大家贷(杭州市)"])
def test_a_bracketed_region_is_dropped_without_an_alias(raw: str) -> None:
    assert name_parts(raw) == ("大家贷", [])


def test_a_bracketed_other_name_becomes_an_alias() -> None:
    assert name_parts("钱米(搜好贷)") == ("钱米", ["搜好贷"])


def test_slash_separated_names_split() -> None:
    assert name_parts("铭宏创投/铭宏共创") == ("铭宏创投", ["铭宏共创"])


def test_a_plain_name_has_no_extras() -> None:
    assert name_parts("团贷网") == ("团贷网", [])
