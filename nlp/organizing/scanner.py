"""Cue scanning for the organizing detector: many categories of words and patterns in one pass.

Plain-word alternatives of every category go into one Aho-Corasick automaton; alternatives that
need regex features stay regexes, and each runs only when the automaton saw every literal part it
requires (Python's `re` tries every alternative at every position, which made long word lists the
detector's main cost). Hits equal those of each category's regex, except that where two
alternatives match at one position the longer wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from nlp.automaton import Automaton
from nlp.regex_shape import Need, Opaque, rarest, required, split_top

Hit = tuple[int, int, str]
_META = set(".^$*+?{}[]()|\\")


class CueScanner:
    """All categories in one pass: plain-word alternatives go into one Aho-Corasick automaton;
    alternatives that need regex features stay regexes, and each such regex runs only when the
    automaton saw every literal part it requires (Python's `re` tries every alternative at every
    position, which made the word lists the detector's main cost)."""

    def __init__(self, patterns: dict[str, str]) -> None:
        # word -> (categories it is a plain alternative of, needs it meets, alternatives it keys)
        literals: dict[str, tuple[list[str], list[int], list[int]]] = {}
        need_ids: dict[Need, int] = {}
        self._always: dict[str, re.Pattern[str]] = {}
        # Each alternative with needs is its own regex (category, regex, need ids); it is looked
        # at when a literal of its rarest need occurs, and run when all its needs are met.
        self._anchored: list[tuple[str, re.Pattern[str], frozenset[int]]] = []
        for name, rx in patterns.items():
            always = []
            for alt in split_top(rx):
                if alt and not any(ch in _META for ch in alt):
                    literals.setdefault(alt, ([], [], []))[0].append(name)
                    continue
                try:
                    alt_needs = required(alt)
                except Opaque:
                    alt_needs = []
                if not alt_needs:
                    always.append(alt)
                    continue
                for need in alt_needs:
                    if need not in need_ids:
                        need_ids[need] = len(need_ids)
                        for word in need:
                            literals.setdefault(word, ([], [], []))[1].append(need_ids[need])
                for word in rarest(alt_needs):
                    literals[word][2].append(len(self._anchored))
                self._anchored.append((name, re.compile(alt), frozenset(need_ids[n] for n in alt_needs)))
            if always:
                self._always[name] = re.compile("|".join(always))
        self._auto = Automaton((word, (len(word), tuple(names), tuple(ids), tuple(keyed)))
                               for word, (names, ids, keyed) in literals.items())

    def scan(self, text: str) -> Scan:
        """One automaton pass over `text`; regex categories are matched on demand by Scan.hits()."""
        found: dict[str, list[Hit]] = {}
        met: set[int] = set()
        candidates: set[int] = set()
        for end, (length, names, ids, keyed) in self._auto.iter(text):
            if ids:
                met.update(ids)
                candidates.update(keyed)
            if names:
                start = end + 1 - length
                hit = (start, end + 1, text[start:end + 1])
                for name in names:
                    found.setdefault(name, []).append(hit)
        triggered: dict[str, list[re.Pattern[str]]] = {}
        for idx in candidates:
            name, regex, ids = self._anchored[idx]
            if ids <= met:
                triggered.setdefault(name, []).append(regex)
        return Scan(self, text, found, triggered)


class Scan:
    """The literal hits of one text, and the regexes its literals made worth running."""

    def __init__(self, scanner: CueScanner, text: str, found: dict[str, list[Hit]],
                 triggered: dict[str, list[re.Pattern[str]]]) -> None:
        self._scanner, self._text, self._found, self._triggered = scanner, text, found, triggered

    def hits(self, names: Iterable[str]) -> dict[str, list[Hit]]:
        """Non-overlapping hits per category (longest first at each position), in text order."""
        out: dict[str, list[Hit]] = {}
        always, text = self._scanner._always, self._text
        for name in names:
            found = list(self._found.get(name, ()))
            regexes = self._triggered.get(name, [])
            if name in always:
                regexes = [*regexes, always[name]]
            for rx in regexes:
                found.extend((m.start(), m.end(), m.group(0)) for m in rx.finditer(text) if m.end() > m.start())
            if not found:
                continue
            found.sort(key=lambda h: (h[0], h[0] - h[1]))
            kept: list[Hit] = []
            for hit in found:
                if not kept or hit[0] >= kept[-1][1]:
                    kept.append(hit)
            out[name] = kept
        return out
