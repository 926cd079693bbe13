"""Platform linking: every watched platform a post names, and none where a short name sits
inside an unrelated word (小牛电动车, 集团贷款)."""

from __future__ import annotations

import pytest

from nlp.normalize import normalize
from nlp.platforms import PlatformLinker, PlatformSpec
from tests.conftest import NLP_FIXTURES, read_jsonl


def _names(analyzer, text: str) -> set[str]:
    return {m.name for m in analyzer.linker.link(normalize(text))}


def test_linking_on_the_labelled_posts(analyzer) -> None:
    posts = read_jsonl(NLP_FIXTURES / "platform_posts.jsonl")
    named = linked = negatives = wrongly_linked = 0
    for post in posts:
        want, got = set(post["platforms"]), _names(analyzer, post["text"])
        named += len(want)
        linked += len(want & got)
        if not want:
            negatives += 1
            wrongly_linked += bool(got)
    assert linked / named >= 0.95, f"linked {linked}/{named}"
    assert wrongly_linked / negatives <= 0.02, f"{wrongly_linked}/{negatives} posts naming none got a link"


def test_mentions_carry_alias_and_span_into_the_normalized_text(analyzer) -> None:
    text = normalize("團貸網和小牛在线都逾期了")
    mentions = analyzer.linker.link(text)
    assert [m.name for m in mentions] == ["团贷网", "小牛在线"]
    assert all(text[m.start:m.end] == m.alias for m in mentions)


@pytest.mark.parametrize("text, name", [
    ("小牛又逾期了，提现一直不到账", "小牛在线"),  # short name, clearly the platform
    ("ＰＰｍｏｎｅｙ的回款又推迟了", "PPmoney"),  # full-width Latin
    ("E租宝的案子终于宣判了", "e租宝"),  # other letter case
])
def test_short_and_variant_names_are_linked(analyzer, text, name) -> None:
    assert name in _names(analyzer, text)


@pytest.mark.parametrize("text", [
    "新买的小牛电动车续航不错，上班骑正合适",
    "集团贷款审批又延后了，财务部在催",
    "今天天气不错，去公园散步",
])
def test_short_names_do_not_fire_inside_unrelated_words(analyzer, text) -> None:
    assert _names(analyzer, text) == set()


def test_a_five_thousand_platform_watchlist_links_in_one_pass() -> None:
    heads = "鑫汇融盛隆泰恒安信达诚鼎丰利源旺和嘉瑞祥宏富金银宝通"
    names = sorted({f"{a}{b}{c}贷" for a in heads for b in heads for c in heads[:8]})[:5000]
    linker = PlatformLinker([PlatformSpec(n) for n in names])
    text = normalize(f"听说{names[1234]}和{names[4321]}都失联了，投资人在找警方")
    assert {m.name for m in linker.link(text)} == {names[1234], names[4321]}


@pytest.mark.parametrize("text", [
    "北京资易贷旗下的小资钱包也暂停提现了，出借人都在问本金",  # 易贷 (易贷在线) inside 资易贷
    "圣盈信金服集团的董事长被带走调查，投资人在等通报",  # 盈信金服 inside 圣盈信金服
])
def test_a_name_glued_inside_a_longer_name_does_not_link(analyzer, text) -> None:
    assert _names(analyzer, text) == set()


@pytest.mark.parametrize("text", [
    "信融财富踩雷的消息传开后，不少出借人去问客服",  # 信融 (信融创投) + another suffix
    "华夏信财旗下现金贷App年化费率太高，被投诉了",  # 华夏信 + a lone name ending
])
def test_a_watched_name_heading_another_platforms_name_does_not_link(analyzer, text) -> None:
    assert _names(analyzer, text) == set()


@pytest.mark.parametrize("text", [
    "钱爸爸的各位出借人，周一早上八点在市政府信访办门口见",
    "警方以涉嫌非法吸收公众存款对深圳市钱爸爸电子商务有限公司立案侦查",
    "听说钱 爸爸的出借人今天去经侦登记了",
])
def test_a_full_name_links_where_it_stands_as_a_name(analyzer, text) -> None:
    assert _names(analyzer, text) == {"钱爸爸"}


def test_a_space_inside_a_name_keeps_the_span_in_the_text_as_written(analyzer) -> None:
    text = normalize("听说钱 爸爸的出借人今天去经侦登记了")
    [mention] = analyzer.linker.link(text)
    assert (mention.alias, text[mention.start:mention.end]) == ("钱 爸爸", "钱 爸爸")


def test_a_rejected_hit_does_not_hide_a_name_it_overlaps(analyzer) -> None:
    linker = PlatformLinker([PlatformSpec("汉融金服", ("汉融",)), PlatformSpec("融通恒信")],
                            word_freq=analyzer.segmenter.word_freq)
    # 汉融 (inside 武汉) comes first and is refused; 融通恒信, which it overlaps, is still found.
    text = normalize("据工商信息，武汉融通恒信网络科技有限公司成立于2014年，已被立案")
    assert {m.name for m in linker.link(text)} == {"融通恒信"}


@pytest.mark.parametrize("text, linked", [
    ("大学生借校园贷买手机，利滚利欠了好几万", set()),  # a risk term that is also a listed name
    ("校园贷平台的老板被抓了，出借人去登记", {"校园贷"}),
    ("银行要加大对小微金融服务的支持，降低中小企业融资成本", set()),  # generic phrase
])
def test_listed_names_that_are_risk_terms_or_generic_phrases_need_a_platform_mark(analyzer, text, linked) -> None:
    assert _names(analyzer, text) == linked


@pytest.mark.parametrize("text, name", [
    ("这个月闲钱放善林金融做固收，回款还算稳定", "善林金融"),  # after a one-character verb
    ("继盈信金服之后，又一家平台宣布延期兑付", "盈信金服"),
    ("广东省深圳市钱爸爸电子商务有限公司的出借人在登记", "钱爸爸"),  # after a place name
])
def test_a_name_after_a_standalone_word_is_not_glued(analyzer, text, name) -> None:
    assert name in _names(analyzer, text)
