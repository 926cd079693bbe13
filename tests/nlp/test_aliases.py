"""Short names people actually write for a platform (团贷 for 团贷网), derived only where that is
safe: a city's name or an everyday word would link every post about the city or the word."""

from __future__ import annotations

import pytest

from nlp.aliases import (
    EVERYDAY_FREQ,
    Reason,
    company_brand,
    derive_short_name,
    name_parts,
    refusal,
    short_name_stem,
)


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


@pytest.mark.parametrize("raw", ["秉越投资（假冒2）", "众融在线(贵)", "源坤资本（假冒源坤资本）"])
def test_list_notes_in_brackets_are_not_names(raw: str) -> None:
    assert name_parts(raw)[1] == []


# --- why a short name is refused (the desk reads these in the import summary) -----------------


@pytest.mark.parametrize(("stem", "reason"), [
    ("逾期", Reason.RISK_TERM),  # 逾期网 would link every post about a late payment
    ("互金", Reason.GENERIC), ("小微", Reason.GENERIC), ("集团", Reason.GENERIC), ("网信", Reason.GENERIC),
    ("周知", Reason.EVERYDAY), ("小白", Reason.EVERYDAY), ("靠谱", Reason.EVERYDAY), ("hello", Reason.EVERYDAY),
    ("乾货", Reason.EVERYDAY),  # read as 干货 after normalization
    ("21世纪", Reason.EVERYDAY),  # digits do not make 世纪 a name
    ("银联", Reason.BRAND), ("万达", Reason.BRAND), ("华泰", Reason.BRAND), ("芝麻", Reason.BRAND),
    ("滨州", Reason.PLACE), ("乐", Reason.TOO_SHORT), ("718", Reason.TOO_SHORT),
])
def test_refused_stems_carry_their_reason(stem: str, reason: Reason) -> None:
    assert refusal(stem) is reason


def test_an_everyday_word_by_dictionary_frequency_is_refused() -> None:
    assert refusal("兔子", lambda word: 343 if word == "兔子" else 0) is Reason.EVERYDAY
    assert refusal("团贷", lambda word: 0) is None


def test_two_very_common_characters_are_not_a_name() -> None:
    common = {"中": 243_191, "都": 202_780}
    assert refusal("中都", lambda word: common.get(word, 0)) is Reason.EVERYDAY


@pytest.mark.parametrize(("company", "brand"), [
    ("深圳市钱爸爸电子商务有限公司", "钱爸爸"),
    ("资易贷（北京）金融信息服务有限公司", "资易贷"),
    ("上海联璧电子科技（集团）有限公司", "联璧"),
    ("广东省东莞市团贷网互联网科技服务有限公司", "团贷网"),
])
def test_company_names_lose_region_legal_form_and_trade_words(company: str, brand: str) -> None:
    assert company_brand(company) == brand


def test_a_listed_company_name_keeps_its_trade_word_when_asked() -> None:
    assert company_brand("金利丰金融集团有限公司", trade_words=False) == "金利丰金融"


@pytest.mark.parametrize("name", ["鹿城资本", "信丰财富"])
def test_a_stem_that_names_a_district_without_its_unit_is_refused(name: str) -> None:
    # 鹿城 is 鹿城区 of Wenzhou: "鹿城警方发布通报" is the district's police, not the platform.
    assert derive_short_name(name) is None
    assert refusal(short_name_stem(name) or "") is Reason.PLACE


@pytest.mark.parametrize("name", ["小满金服", "清明财富", "招财猫理财"])
def test_a_solar_term_or_a_lucky_charm_is_no_short_name(name) -> None:
    assert derive_short_name(name) is None
