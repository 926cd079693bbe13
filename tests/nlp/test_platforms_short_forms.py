"""Platform linking on real-looking text: a derived short form (团贷 of 团贷网) links only where it
stands as a whole name, and the marks and edges that decide what a hit is. Posts written for the project."""

from __future__ import annotations

import pytest

from nlp.normalize import normalize
from nlp.platforms import PlatformLinker, PlatformSpec


@pytest.fixture(scope="module")
def linker(analyzer) -> PlatformLinker:
    specs = [
        PlatformSpec("友贷网", ("友贷",)), PlatformSpec("易贷在线", ("易贷",)), PlatformSpec("安贷创投", ("安贷",)),
        PlatformSpec("天勤在线", ("天勤",)), PlatformSpec("汇盈投资", ("汇盈",)), PlatformSpec("盈天下"),
        PlatformSpec("财通集团", ("财通",)), PlatformSpec("团贷网", ("团贷",)), PlatformSpec("钱宝网", ("钱宝",)),
        PlatformSpec("财富宝"), PlatformSpec("人爱金服", ("人爱",)), PlatformSpec("两只老虎"),
        PlatformSpec("梅菜肉丸"), PlatformSpec("米袋子"), PlatformSpec("星云"), PlatformSpec("好管家"),
        PlatformSpec("钱宝贝"), PlatformSpec("宜聚网", ("宜聚",)), PlatformSpec("融达财富", ("融达",)),
    ]
    return PlatformLinker(specs, word_freq=analyzer.segmenter.word_freq)


def _names(linker: PlatformLinker, text: str) -> set[str]:
    return {m.name for m in linker.link(normalize(text))}


@pytest.mark.parametrize("text", [
    "友贷邦的出借人也在等兑付方案，本金一分没回",  # 友贷|邦: a name character goes on
    "P2P平台易贷通涉嫌非法吸收公众存款被立案",  # 易贷|通
    "网贷平台联安贷上个月的成交额又跌了，投资人担心逾期",  # 联|安贷, though 台联 is a word
    "北京冠群天勤信息咨询有限公司是这家平台的股东，投资人在查",  # 冠群|天勤: a rare word is no edge
    "湖南汇盈天下投资管理有限公司涉嫌非法集资，警方已立案",  # a longer company name
    "警方通报的问题平台：迅达宝、财通四海、金满仓，投资人请登记",  # part of a list item
    "简简单单人人爱，这家贷款利息也不高",  # 人|人爱: 人人 is a word
    "这个平台隶属于北京汇聚融达网络科技有限公司，投资人在查股东",  # the company's name begins at 汇聚
])
def test_a_short_form_inside_a_longer_name_does_not_link(linker, text) -> None:
    assert _names(linker, text) == set()


@pytest.mark.parametrize("text, name", [
    ("友贷涉嫌非法集资被立案了，出借人去经侦登记", "友贷网"),
    ("听说安贷也逾期了，投资人在群里登记", "安贷创投"),
    ("汇盈电子商务有限公司的出借人去登记了", "汇盈投资"),  # only trade words before the legal form
    ("深圳宜聚网络科技有限公司已被立案，出借人去登记", "宜聚网"),  # 网络 is a trade word, not 宜聚网's 网
    ("团贷暴雷、钱宝跑路，投资人都慌了", "团贷网"),  # a list item that is the name and a mark
])
def test_a_short_form_standing_as_a_name_links(linker, text, name) -> None:
    assert name in _names(linker, text)


def test_a_name_read_across_a_commoner_word_is_glued(analyzer) -> None:
    linker = PlatformLinker([PlatformSpec("盈天下")], word_freq=analyzer.segmenter.word_freq)
    # 南汇 ends right before 盈天下, but 湖南 is the word read there: 盈天下 is glued to 汇.
    assert _names(linker, "湖南汇盈天下投资管理公司涉嫌非法集资，投资人报案") == set()


@pytest.mark.parametrize("text, linked", [
    ("平安财富宝货币基金的收益又降了，理财还是要分散", set()),  # a famous brand's product
    ("财富宝逾期了，提现一直不到账", {"财富宝"}),
])
def test_a_famous_brand_before_a_name_makes_it_that_brands_product(linker, text, linked) -> None:
    assert _names(linker, text) == linked


@pytest.mark.parametrize("text, linked", [
    ("幼儿园汇报演出，儿子唱了《两只老虎》，全场最走调的就是他", set()),  # a song title is no mark
    ("这家店的梅菜肉丸真的绝了，下次还来", set()),  # nothing of money in the name, no money talk
    ("梅菜肉丸逾期三个月了，本金还没回来", {"梅菜肉丸"}),
    ("生活好管家家政服务有限公司招聘住家保姆，待遇面议", set()),  # another company's name around it
])
def test_everyday_names_without_money_talk_or_a_mark_do_not_link(linker, text, linked) -> None:
    assert _names(linker, text) == linked


@pytest.mark.parametrize("text, name", [
    ("米袋子杭州的，本金还能拿回来吗", "米袋子"),  # the city victims tell platforms apart by
    ("星云（杭州那个理财平台）出问题了，提现不到账", "星云"),
    ("钱宝贝 2016-05-20 上海虹口 提现困难", "钱宝贝"),  # a list of failed platforms with dates
])
def test_how_victims_write_an_everyday_name_marks_it(linker, text, name) -> None:
    assert name in _names(linker, text)
