"""Risk terms: which of the desk's warning words a post uses, and in which categories, in the order
the story unfolds in the post."""

from __future__ import annotations

import pytest

from nlp.risk import find_risk


def test_terms_and_categories_in_order_of_first_appearance() -> None:
    found = find_risk("警方已经立案，之前平台就提现困难，后来老板失联，现在提现困难的人更多了")
    assert found["terms"] == ["立案", "提现困难", "失联"]
    assert found["categories"] == ["司法", "兑付", "失联跑路"]


def test_a_term_repeated_is_listed_once() -> None:
    found = find_risk("逾期，逾期，还是逾期")
    assert found["terms"] == ["逾期"]
    assert found["categories"] == ["兑付"]


def test_two_terms_of_one_category_list_the_category_once() -> None:
    found = find_risk("先是逾期，后来干脆暂停兑付")
    assert found["terms"] == ["逾期", "暂停兑付"]
    assert found["categories"] == ["兑付"]


@pytest.mark.parametrize(
    "text", ["今天天气不错，带孩子去公园散步", "这家平台的新手标收益还可以，提现秒到账", ""]
)
def test_a_calm_post_has_no_risk(text: str) -> None:
    assert find_risk(text) == {"terms": [], "categories": []}


@pytest.mark.parametrize("text", ["APP闪退，客服电话也打不通", "app闪退了好几天", "App闪退"])
def test_latin_terms_match_in_any_case(text: str) -> None:
    found = find_risk(text)
    assert found["terms"][0] == "app闪退"
    assert found["categories"][0] == "运营异常"


@pytest.mark.parametrize("text", ["平台至今零逾期，安全放心", "三年从未逾期", "没有暴雷风险，放心投", "坚决杜绝自融"])
def test_a_negated_term_is_an_advert_not_a_warning(text: str) -> None:
    assert find_risk(text)["categories"] == []


@pytest.mark.parametrize("text", ["钱提了一周了还没到", "提现按钮变灰了，点不动", "回款一直拖着，说下个月",
                                  "身边好几个人提现都没到"])
def test_withdrawal_trouble_in_free_words_is_reported_as_withdrawal_trouble(text: str) -> None:
    found = find_risk(text)
    assert found["terms"] == ["提现困难"] and found["categories"] == ["兑付"]
