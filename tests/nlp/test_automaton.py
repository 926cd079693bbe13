"""The laid-out automaton finds exactly what a plain pyahocorasick automaton of the same words finds:
every match and the leftmost longest ones, in the same order, with the same values."""

from __future__ import annotations

import random

import ahocorasick
import pytest

from nlp.automaton import Automaton, char_rank

WORDS = ["团贷网", "团贷", "贷网", "维权", "维权群", "集合", "合肥", "明天", "天上午", "p2p", "app", "的人", "人民政府", "政府门口"]
TEXTS = [
    "团贷网的出借人明天上午九点在合肥市人民政府门口集合维权，进维权群",
    "p2p平台app打不开，团贷网贷网",
    "",
    "的的的人人",
    "维\x00权团\x00贷网",  # a NUL in the text is no character of any word
]


def _plain(words: list[str]) -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for w in words:
        auto.add_word(w, w)
    auto.make_automaton()
    return auto


def _random_texts(n: int) -> list[str]:
    rnd = random.Random(4)
    pieces = [*WORDS, *list(char_rank())[:60], "\x00", "x"]
    return ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 25))) for _ in range(n)]


def test_matches_are_those_of_a_plain_automaton() -> None:
    plain, ours = _plain(WORDS), Automaton((w, w) for w in WORDS)
    for text in TEXTS + _random_texts(500):
        assert list(ours.iter(text)) == list(plain.iter(text)), text
        assert list(ours.iter_long(text)) == list(plain.iter_long(text)), text


def test_a_later_value_replaces_an_earlier_one_and_placeholders_are_not_words() -> None:
    auto = Automaton([("维权", 1), ("集合", 2), ("维权", 3)])
    assert len(auto) == 2
    assert list(auto.iter("维权的人集合")) == [(1, 3), (5, 2)]


def test_a_word_holding_nul_is_refused() -> None:
    with pytest.raises(ValueError):
        Automaton([("维\x00权", 1)])
