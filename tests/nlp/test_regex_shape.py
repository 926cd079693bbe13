"""Reading a regex's text: the literals every match holds and the characters a match starts with
must be right for every regex, or the scanner skips a cue and `guarded` a match."""

from __future__ import annotations

import re

import pytest

from nlp.normalize import normalize
from nlp.organizing.cues import _PATTERNS
from nlp.organizing.decode import decode, mask_names
from nlp.regex_shape import alternatives, first_chars, guarded, required, split_top
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
    assert required(alt) == needs


def test_alternatives_split_at_the_top_level_only() -> None:
    assert split_top(r"a|(?:b|c)|[|]|d\|e") == ["a", "(?:b|c)", "[|]", r"d\|e"]


def test_a_group_that_is_a_whole_alternative_is_opened() -> None:
    assert alternatives(r"a|(?:b|(?:c|d))|(?:e|f)g|[xy]") == ["a", "b", "c", "d", "(?:e|f)g", "[xy]"]


@pytest.mark.parametrize(("rx", "chars"), [
    (r"集合|碰头", {"集", "碰"}),
    (r"(?:有)?谁(?:一起)?去", {"有", "谁"}),
    (r"(?<![得收])到|赴", {"到", "赴"}),  # a lookbehind holds no character of the match
    (r"[vV]我|^集合", {"v", "V", "集"}),
    (r"(?:咱们?|大家)?都去", {"咱", "大", "都"}),
    (r"集合?", {"集"}),
    (r"[a-c\-]x|\.y|\bz", {"a", "b", "c", "-", ".", "z"}),  # a small class, an escaped mark
])
def test_first_chars_are_where_a_match_can_start(rx: str, chars: set[str]) -> None:
    assert first_chars(rx) == chars


def test_a_digit_escape_starts_with_every_digit() -> None:
    chars = first_chars(r"\d{1,2}点")
    assert chars is not None and {"0", "9", "٣"} <= chars and "点" not in chars


@pytest.mark.parametrize("rx", [r"集?", r"\w+点", r"[\u4e00-\u9fff]{2}局", r"[^点]", r".去", r"(?i)wq", r"集合|(?:)"])
def test_first_chars_are_not_guessed(rx: str) -> None:
    assert first_chars(rx) is None  # empty, \w, all of CJK, a negation, any character, a flag


def test_a_guarded_regex_finds_what_the_regex_finds() -> None:
    views = {decode(mask_names(normalize(rec["text"]))[0]).text
             for path in sorted(NLP_FIXTURES.glob("organizing_*.jsonl")) for rec in read_jsonl(path)}
    for name, rx in _PATTERNS.items():
        plain, fast = re.compile(rx), guarded(rx)
        for view in views:
            assert [(m.span(), m.groups()) for m in plain.finditer(view)] == \
                [(m.span(), m.groups()) for m in fast.finditer(view)], (name, view)
