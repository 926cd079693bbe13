"""The cue scanner runs a cue's regex only when every literal part it needs occurs in the text; a
need it got wrong would silently drop hits, so the needs are checked against the regexes."""

from __future__ import annotations

import pytest

from nlp.normalize import normalize
from nlp.organizing.cues import SCANNER
from nlp.organizing.decode import decode, mask_names
from nlp.organizing.scanner import _needs, _split_top, alternatives
from tests.conftest import NLP_FIXTURES, read_jsonl


@pytest.mark.parametrize(("alt", "needs"), [
    (r"集合", [("集合",)]),
    (r"去(?:公司|他家)[^，。]{0,4}要钱", [("去",), ("公司", "他家"), ("要钱",)]),
    (r"人(?:凑)?齐了?(?:就|再)?一起", [("人",), ("齐",), ("一起",)]),  # optional parts need nothing
    (r"集中(?!精力|注意)", [("集中",)]),  # a lookahead is not part of the match
    (r"(?<!每日)签到", [("签到",)]),
    (r"ab+c", [("ab",), ("c",)]),
    (r"a{0,2}bc{2}d", [("bc",), ("d",)]),
    (r"\d{1,2}[点:：]", []),
    (r"(?:|集合)点", [("点",)]),  # an empty alternative makes the group optional
    (r"\u4e00号", [("号",)]),  # an escape is read whole, its digits are no literal
    (r"(?P<x>维权|报案)群", [("维权", "报案"), ("群",)]),
])
def test_needs_are_what_every_match_must_hold(alt: str, needs: list[tuple[str, ...]]) -> None:
    assert _needs(alt) == needs


def test_alternatives_split_at_the_top_level_only() -> None:
    assert _split_top(r"a|(?:b|c)|[|]|d\|e") == ["a", "(?:b|c)", "[|]", r"d\|e"]


def test_a_group_that_is_a_whole_alternative_is_opened() -> None:
    assert alternatives(r"a|(?:b|(?:c|d))|(?:e|f)g|[xy]") == ["a", "b", "c", "d", "(?:e|f)g", "[xy]"]


def test_every_cue_regex_that_matches_a_fixture_post_was_run() -> None:
    views = {decode(mask_names(normalize(rec["text"]))[0]).text
             for path in sorted(NLP_FIXTURES.glob("organizing_*.jsonl")) for rec in read_jsonl(path)}
    for view in views:
        triggered = {rx for found in SCANNER.scan(view)._triggered.values() for rx in found}
        for name, rx, _needs_met in SCANNER._anchored:
            if any(m.end() > m.start() for m in rx.finditer(view)):
                assert rx in triggered, (name, rx.pattern, view)
