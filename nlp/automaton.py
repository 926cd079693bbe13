"""Aho-Corasick automata laid out for Chinese text: pyahocorasick's, with cheap character lookups.

pyahocorasick finds a node's child by comparing the character with each child in the order the
children were added, and nearly every character of a text is looked up among the root's children:
a character that starts no word is compared with all of them (5,600 for jieba's dictionary, 900
for a 5,000-platform watchlist). `Automaton` adds the words common characters first, and gives the
most common characters that start no word a root child of their own, a placeholder word that never
completes (it ends in `_END`, which no text reaches the automaton with). A lookup then costs about
the character's rank among common characters. Matches, their order and their values are exactly
those of a plain automaton of the same words; only big automata gain (the segmenter's, the
linker's, the organizing cues', the sentiment lexicon's).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

import ahocorasick

_END = "\x00"  # ends the placeholder words; normalize() leaves no NUL in a text
PLACEHOLDERS = 300  # this many of the most common characters get a root child


@lru_cache(maxsize=1)
def char_rank() -> dict[str, int]:
    """Rank of the common characters of posts (0: the most common)."""
    raw = resources.files("nlp.resources").joinpath("common_chars.json").read_text("utf-8")
    return {ch: i for i, ch in enumerate(json.loads(raw)["chars"])}


class Automaton:
    """The words and values of `items` (a later value for a word replaces an earlier one), found
    with `iter` (every match) and `iter_long` (leftmost longest, no overlaps) as in pyahocorasick."""

    def __init__(self, items: Iterable[tuple[str, Any]]) -> None:
        words = dict(items)
        alphabet = set("".join(words))
        if _END in alphabet:
            raise ValueError("a word holds the automaton's reserved character NUL")
        rank = char_rank()
        starts = {w[0] for w in words}
        placeholders = [ch + _END for ch in list(rank)[:PLACEHOLDERS] if ch not in starts]
        unranked = len(rank)
        self._auto = ahocorasick.Automaton()
        # Ordered by their first two characters: deeper nodes have few children to look through.
        for word in sorted([*words, *placeholders], key=lambda w: [rank.get(ch, unranked) for ch in w[:2]]):
            self._auto.add_word(word, words.get(word))
        self._auto.make_automaton()
        self._size = len(words)
        # A text holding NUL has it read as a character of no word, so no placeholder completes.
        self._stand_in = next(chr(cp) for cp in range(1, 32) if chr(cp) not in alphabet)

    def __len__(self) -> int:
        return self._size

    def iter(self, text: str) -> Iterator[tuple[int, Any]]:
        """(end index, value) of every match, in order of their ends."""
        return self._auto.iter(self._safe(text))

    def iter_long(self, text: str) -> Iterator[tuple[int, Any]]:
        """(end index, value) of the longest match at the leftmost position, then on after it."""
        return self._auto.iter_long(self._safe(text))

    def _safe(self, text: str) -> str:
        return text.replace(_END, self._stand_in) if _END in text else text
