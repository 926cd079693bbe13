"""Watched names that are also everyday phrases are not linked where they are used in their ordinary
sense: a name made of everyday and function words, a "golden" figure of speech, a name inside a
book's title, a bank's product, an item of a list of everyday words, a word in scare quotes, a
business district. Each kind still links where the post calls it a platform. Posts written for the
project."""

from __future__ import annotations

import pytest

from nlp.normalize import normalize
from nlp.platforms import PlatformLinker, PlatformSpec


@pytest.fixture(scope="module")
def linker(analyzer) -> PlatformLinker:
    specs = [PlatformSpec(name) for name in (
        "谁来投", "去哪存", "财富之路", "拿钱", "金抽屉", "理财时代", "快易贷", "零钱包", "聚宝盆", "财富港",
        "汇通易贷",
    )]
    return PlatformLinker(specs, word_freq=analyzer.segmenter.word_freq)


def _names(linker: PlatformLinker, text: str) -> set[str]:
    return {m.name for m in linker.link(normalize(text))}


@pytest.mark.parametrize("text, linked", [
    ("下一轮融资到底谁来投，投资方还没谈拢，创始人只好先垫资金", set()),
    ("工资发了也不知道去哪存，银行利率一降再降，理财收益也低", set()),
    ("他靠理财踏上了财富之路，收益翻了一倍", set()),
    ("我老婆每月跟我拿钱，工资一到账就上交", set()),
    ("谁来投平台逾期三个月，出借人在群里登记", {"谁来投"}),
    ("去哪存暴雷了，本金一分都提不出来", {"去哪存"}),
    ("拿钱平台跑路了，出借人去经侦报案", {"拿钱"}),
])
def test_a_name_that_reads_as_everyday_words_needs_a_platform_mark(linker, text, linked) -> None:
    assert _names(linker, text) == linked


@pytest.mark.parametrize("text, linked", [
    ("销售把这份年金险说成全家的金抽屉，算下来年化收益不到3%", set()),
    ("金抽屉逾期了，出借人在群里维权", {"金抽屉"}),
])
def test_golden_and_an_everyday_noun_is_a_figure_of_speech(linker, text, linked) -> None:
    assert _names(linker, text) == linked
