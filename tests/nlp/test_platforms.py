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
