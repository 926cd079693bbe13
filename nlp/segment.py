"""Segmentation: jieba's dictionary and jieba's algorithm, with the word graph built in C.

jieba (no HMM) finds every dictionary word starting at each character (the DAG), then picks the
most probable path right to left. Pure Python, that costs ~300 µs for a 150-character post,
which alone would cap the analyzer below the desk's 2,000 posts/s. Here the DAG comes from one
Aho-Corasick pass over the same dictionary (jieba's own plus the watchlist and finance terms as
user words) and the same dynamic programme runs in a tight loop: tokens are identical to
`jieba.Tokenizer.cut(text, HMM=False)` (a test checks this), at a fraction of the cost.
"""

from __future__ import annotations

import logging
import math
import re
import string
import tempfile
from collections.abc import Iterable
from importlib import resources

import jieba

from nlp.automaton import Automaton

log = logging.getLogger(__name__)

# jieba prints its start-up chatter through its own logger at DEBUG/INFO; keep it quiet.
jieba.setLogLevel(logging.WARNING)

USER_WORD_FREQ = 200_000  # high enough that jieba keeps a watched name whole
SHORT_BLOCK = 6  # blocks up to this many characters have their cut cached
SHORT_CACHE_MAX = 200_000

# jieba's own block pattern (jieba/__init__.py), so blocks split exactly as jieba does.
_RE_HAN = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+)")
_LATIN_OR_DIGIT = frozenset(string.ascii_letters + string.digits)  # jieba's re_eng, [a-zA-Z0-9]


def finance_terms() -> list[str]:
    """Finance and risk vocabulary shipped with the package (one term per line)."""
    text = resources.files("nlp.resources").joinpath("finance_terms.txt").read_text("utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


class Segmenter:
    """Cuts normalized text into tokens; whitespace-only tokens are dropped."""

    def __init__(self, user_words: Iterable[str] = ()) -> None:
        tk = jieba.Tokenizer()
        tk.tmp_dir = tempfile.gettempdir()
        tk.initialize()
        # Base-dictionary frequency of every word we add, so word_freq() keeps answering
        # "is this an everyday word?" from jieba's own dictionary, not from the watchlist.
        self._base: dict[str, int] = {}
        for word in [*finance_terms(), *user_words]:
            word = word.strip()
            # jieba's dictionary format cannot hold spaces; single characters add nothing.
            if len(word) >= 2 and " " not in word and word not in self._base:
                self._base[word] = int(tk.FREQ.get(word, 0) or 0)
                tk.add_word(word, freq=USER_WORD_FREQ)
        self._freq = tk.FREQ
        logtotal = math.log(tk.total)
        self._unknown = -logtotal  # jieba scores a character outside the dictionary as log(1)
        # Single characters are most of the hits; looking them up in a dict is cheaper than
        # receiving them from the automaton one by one.
        self._char_logp: dict[str, float] = {}
        words: list[tuple[str, tuple[int, float]]] = []
        for word, freq in tk.FREQ.items():
            if not freq:
                continue
            if len(word) == 1:
                self._char_logp[word] = math.log(freq) - logtotal
            else:
                words.append((word, (len(word) - 1, math.log(freq) - logtotal)))
        self._auto = Automaton(words)
        # From here on the dictionary only answers word_freq(): the added words get their base
        # frequency back, so one lookup answers it.
        self._freq.update(self._base)
        # Short blocks between punctuation (好的, 怎么办, 投资人) recur constantly in real posts;
        # their cuts are cached. Long blocks are rarely repeated and are not kept.
        self._short: dict[str, list[str]] = {}
        log.debug("segmenter ready words=%d user_words=%d", len(self._auto), len(self._base))

    def cut(self, text: str) -> list[str]:
        out: list[str] = []
        # The split alternates what lies between blocks (even places) and the blocks themselves.
        for place, block in enumerate(_RE_HAN.split(text)):
            if not place % 2:
                # jieba splits this at whitespace and drops the whitespace: what is left, one
                # character a token, is every character that is not whitespace.
                out.extend(ch for ch in block if not ch.isspace())
            elif len(block) <= SHORT_BLOCK:
                cached = self._short.get(block)
                if cached is None:
                    cached = []
                    self._cut_block(block, cached)
                    if len(self._short) >= SHORT_CACHE_MAX:
                        self._short.clear()
                    self._short[block] = cached
                out.extend(cached)
            else:
                self._cut_block(block, out)
        return out

    def _cut_block(self, s: str, out: list[str]) -> None:
        n = len(s)
        dag: list[list[tuple[int, float]] | None] = [None] * n
        for end, (span, logp) in self._auto.iter(s):
            start = end - span
            words = dag[start]
            if words is None:
                dag[start] = [(end, logp)]
            else:
                words.append((end, logp))
        singles = list(map(self._char_logp.get, s))  # None: the character is not a dictionary word
        score = [0.0] * (n + 1)
        nxt = list(range(n))  # where the word starting at each position ends (itself, by default)
        unknown = self._unknown
        for idx in range(n - 1, -1, -1):
            words = dag[idx]
            single = singles[idx]
            if words is None:
                score[idx] = (unknown if single is None else single) + score[idx + 1]
                continue
            # jieba lists the character itself only when it is a dictionary word.
            best, best_x = (-math.inf, idx) if single is None else (single + score[idx + 1], idx)
            for x, logp in words:
                value = logp + score[x + 1]
                # jieba takes max((value, x)): ties go to the longer word
                if value > best or (value == best and x > best_x):
                    best, best_x = value, x
            score[idx] = best
            nxt[idx] = best_x
        buf = ""
        x = 0
        while x < n:
            y = nxt[x] + 1
            word = s[x:y]
            if y - x == 1 and word in _LATIN_OR_DIGIT:
                buf += word  # jieba glues runs of single Latin letters / digits back together
            else:
                if buf:
                    out.append(buf)
                    buf = ""
                out.append(word)
            x = y
        if buf:
            out.append(buf)

    def word_freq(self, word: str) -> int:
        """Frequency in jieba's base dictionary (0 when unknown or only a prefix): "is it an everyday word?"."""
        return self._freq.get(word, 0)
