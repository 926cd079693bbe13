"""Segmentation: jieba with a user dictionary of watched platform names and finance terms.

One private `jieba.Tokenizer` per Analyzer, so two watchlists never leak into each other.
HMM new-word discovery is off: watched names come from the user dictionary, and the HMM pass
costs a third of the segmentation time on the hot path.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterable
from importlib import resources

import jieba

log = logging.getLogger(__name__)

# jieba prints its start-up chatter through its own logger at DEBUG/INFO; keep it quiet.
jieba.setLogLevel(logging.WARNING)

USER_WORD_FREQ = 200_000  # high enough that jieba keeps a watched name whole


def finance_terms() -> list[str]:
    """Finance and risk vocabulary shipped with the package (one term per line)."""
    text = resources.files("nlp.resources").joinpath("finance_terms.txt").read_text("utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


class Segmenter:
    """Cuts normalized text into tokens; whitespace-only tokens are dropped."""

    def __init__(self, user_words: Iterable[str] = ()) -> None:
        self._tk = jieba.Tokenizer()
        self._tk.tmp_dir = tempfile.gettempdir()
        self._tk.initialize()
        # Base-dictionary frequency of every word we add, so word_freq() keeps answering
        # "is this an everyday word?" from jieba's own dictionary, not from the watchlist.
        self._base: dict[str, int] = {}
        for word in [*finance_terms(), *user_words]:
            word = word.strip()
            # jieba's dictionary format cannot hold spaces; single characters add nothing.
            if len(word) >= 2 and " " not in word and word not in self._base:
                self._base[word] = int(self._tk.FREQ.get(word, 0) or 0)
                self._tk.add_word(word, freq=USER_WORD_FREQ)
        log.debug("segmenter ready user_words=%d", len(self._base))

    def cut(self, text: str) -> list[str]:
        return [t for t in self._tk.cut(text, HMM=False) if not t.isspace()]

    def word_freq(self, word: str) -> int:
        """Frequency in jieba's base dictionary (0 when unknown or only a prefix): "is it an everyday word?"."""
        if word in self._base:
            return self._base[word]
        return int(self._tk.FREQ.get(word, 0) or 0)
