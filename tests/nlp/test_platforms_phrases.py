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


@pytest.mark.parametrize("text, linked", [
    ("她在读《理财时代的十堂课》，想学着给家里做投资规划", set()),
    ("理财时代逾期了，投资人在维权", {"理财时代"}),
    ("投资人都在问《理财时代》什么时候兑付", {"理财时代"}),  # the whole title is the name
])
def test_a_name_inside_a_longer_title_is_part_of_the_title(linker, text, linked) -> None:
    assert _names(linker, text) == linked


@pytest.mark.parametrize("text, linked", [
    ("招商银行的快易贷利率是多少？客户经理说年化6%，靠谱吗", set()),
    ("京东的快易贷额度怎么提？借款用了两次", set()),
    ("快易贷逾期三个月，出借人在群里维权", {"快易贷"}),
])
def test_a_name_after_a_bank_or_brand_and_de_is_its_product(linker, text, linked) -> None:
    assert _names(linker, text) == linked


@pytest.mark.parametrize("text, linked", [
    ("每月工资分成房租、零钱包、存款三份，理财收益另算", set()),
    ("汇通易贷、零钱包两家都停止兑付了，出借人在登记", {"汇通易贷", "零钱包"}),
    ("听说玖富、零钱包都停止兑付了，出借人在登记", {"零钱包"}),  # a list of platforms nobody watches
    ("前几年红火的鑫鑫宝、线上借款、零钱包等机构，后来都跑路了", {"零钱包"}),  # 线上借款 is a whole item
])
def test_an_everyday_word_among_everyday_words_is_no_platform(linker, text, linked) -> None:
    assert _names(linker, text) == linked


@pytest.mark.parametrize("text, linked", [
    ("这只基金被吹成“聚宝盆”，其实年化收益不到3%", set()),
    ("【聚宝盆】逾期公告：本金延期兑付，出借人请登记", {"聚宝盆"}),
    ("《聚宝盆》的受害者有维权群吗", {"聚宝盆"}),  # its victims: a platform
])
def test_an_everyday_word_in_scare_quotes_is_the_word(linker, text, linked) -> None:
    assert _names(linker, text) == linked


@pytest.mark.parametrize("text, linked", [
    ("前海财富港又有三家投资公司入驻，附近写字楼的租金涨了不少", set()),
    ("深圳财富港逾期了，出借人在群里维权", {"财富港"}),  # a city tells the platform apart
    ("本帖由版主编辑财富港公司从上月起提现困难", {"财富港"}),
])
def test_a_place_like_name_glued_to_a_word_before_it_is_that_district(linker, text, linked) -> None:
    assert _names(linker, text) == linked
