"""Platform linking keeps the platforms a post is about: not those named only in the page's footer or
among other pages' search snippets, not loan products that share a watched name, not an everyday word
far from any platform, not a short form that goes on into a longer name. Posts written for the project."""

from __future__ import annotations

import pytest

from nlp.normalize import normalize
from nlp.platforms import PlatformLinker, PlatformSpec


@pytest.fixture(scope="module")
def linker(analyzer) -> PlatformLinker:
    specs = [
        PlatformSpec("鑫汇宝"), PlatformSpec("融鑫通"), PlatformSpec("惠农贷"), PlatformSpec("民间资本"),
        PlatformSpec("爱银网", ("爱银",)), PlatformSpec("国盛财富", ("国盛",)), PlatformSpec("圈融网", ("圈融",)),
        PlatformSpec("渤海创投"), PlatformSpec("小牛在线", ("小牛",)), PlatformSpec("盈通投资", ("盈通",)),
        PlatformSpec("众创资本", ("众创",)),
    ]
    return PlatformLinker(specs, word_freq=analyzer.segmenter.word_freq)


def _names(linker: PlatformLinker, text: str) -> set[str]:
    return {m.name for m in linker.link(normalize(text))}


BODY = "鑫汇宝昨天发布公告称暂停提现，出借人在群里统计待收金额，经侦已经介入调查。"


@pytest.mark.parametrize("furniture", [
    "（责任编辑：小王）顶一下(0) 上一篇：融鑫通逾期三个月 客服失联",
    "相关阅读 {IMG:3} 融鑫通逾期三个月，客服电话打不通",
    "最新内容·融鑫通逾期三个月，客服失联·某地出台网贷清退指引",
    "分享到：微博 微信 推荐阅读：融鑫通实控人被抓",
    "[...]...融鑫通逾期三个月 客服失联 平台名称: 融鑫通 [...]...",
])
def test_a_platform_named_only_in_the_pages_furniture_is_not_linked(linker, furniture) -> None:
    assert _names(linker, f"{BODY} {furniture}") == {"鑫汇宝"}


def test_a_platform_named_in_the_post_and_in_the_footer_keeps_every_mention(linker) -> None:
    text = normalize(f"{BODY}有人说融鑫通也快了。 相关阅读 {{IMG:3}} 融鑫通逾期三个月")
    mentions = [m for m in linker.link(text) if m.name == "融鑫通"]
    assert len(mentions) == 2


def test_a_page_that_is_only_furniture_keeps_its_links(linker) -> None:
    assert _names(linker, "相关阅读：融鑫通逾期三个月 客服失联") == {"融鑫通"}


@pytest.mark.parametrize("text, linked", [
    ("县农商行推出了车主贷、惠农贷、税易贷等产品，支持本地小微企业", set()),
    ("这家银行的惠农贷、创业贷等等一系列贷款，年底前都能申请", set()),
    ("惠农贷暴雷了，出借人在群里登记待收，本金一分没回", {"惠农贷"}),
    ("惠农贷、鑫汇宝等平台都逾期了，投资人在维权", {"惠农贷", "鑫汇宝"}),
    # A bank's own product told as one, in the sentence that names the bank.
    ("下一步，该分行还将进一步加大惠农贷的产品推广力度，更好地服务小微企业", set()),
    # A platform's products are the platform's: no bank in the sentence.
    ("惠农贷的产品全部逾期，出借人在群里登记待收", {"惠农贷"}),
])
def test_a_loan_product_with_a_watched_name_is_not_the_platform(linker, text, linked) -> None:
    assert _names(linker, text) == linked


@pytest.mark.parametrize("text, linked", [
    ("鑫汇宝上个月就逾期了，本金还没回。老家很多人把民间资本投进了养殖业，收益也不高", {"鑫汇宝"}),
    ("鑫汇宝、民间资本两家都停止兑付了，出借人在登记", {"鑫汇宝", "民间资本"}),
])
def test_an_everyday_word_name_is_a_name_only_next_to_another_platform(linker, text, linked) -> None:
    assert _names(linker, text) == linked


@pytest.mark.parametrize("text, linked", [
    ("6月25日爱银多发布公告，网站暂停运营，投资人的钱提不出来", set()),  # 爱银|多发布: the name goes on
    ("爱银发布公告称延期兑付，投资人的钱提不出来", {"爱银网"}),
    ("券商席位里，国盛赣州营业部买入最多，游资接力封板，资金抢筹", set()),  # a branch of another firm
    ("圈融厦门的投资人今天去经侦登记，本金还没回", {"圈融网"}),  # the city tells the platform apart
])
def test_a_short_form_must_end_where_the_name_ends(linker, text, linked) -> None:
    assert _names(linker, text) == linked


def test_a_platforms_own_group_is_the_platform(linker) -> None:
    assert _names(linker, "渤海创投集团旗下的网贷平台逾期，投资人在等兑付方案") == {"渤海创投"}
    assert _names(linker, "新买的小牛电动车续航不错，理财收益也还行") == set()  # another company


@pytest.mark.parametrize("text, linked", [
    ("鼎盛盈通涉嫌非法吸收公众存款，警方已立案，出借人去登记", set()),  # 鼎盛|盈通: a longer name
    ("鼎盛盈通投资咨询(北京)有限公司涉嫌非法吸收公众存款，警方已立案", set()),  # the company is 鼎盛盈通
    ("智慧蜂巢众创51%持股的网贷平台逾期了，出借人在维权", set()),
    ("警方通报：盈通暴雷，出借人去经侦登记", {"盈通投资"}),
    ("北京盈通投资咨询有限公司涉嫌非法吸收公众存款，警方已立案", {"盈通投资"}),  # after a place
])
def test_a_name_after_a_rarer_word_is_the_tail_of_a_longer_name(linker, text, linked) -> None:
    assert _names(linker, text) == linked


def test_a_short_form_that_begins_several_other_watched_names_links_none_of_them(analyzer) -> None:
    specs = [PlatformSpec("信融创投", ("信融",)), PlatformSpec("信融乐"), PlatformSpec("信融汇金"),
             PlatformSpec("团贷网", ("团贷",)), PlatformSpec("团贷宝")]
    linker = PlatformLinker(specs, word_freq=analyzer.segmenter.word_freq)
    assert _names(linker, "深圳信融诈骗，圈了钱就跑，出借人都在报案") == set()
    assert _names(linker, "信融创投诈骗，圈了钱就跑，出借人都在报案") == {"信融创投"}
    assert _names(linker, "团贷暴雷以后，出借人都去东莞报案了") == {"团贷网"}  # one other name: still 团贷网


@pytest.mark.parametrize("text, linked", [
    ("逾期项目是鑫汇宝商贸城的几栋商铺，招商方说年底前交房", set()),  # a mall that shares the name
    ("我家住在渤海创投小区，楼下的理财店关门了", set()),
    ("鑫汇宝逾期三个月，出借人明天去经侦登记", {"鑫汇宝"}),
])
def test_a_name_followed_by_a_mall_or_estate_is_that_place(linker, text, linked) -> None:
    assert _names(linker, text) == linked
