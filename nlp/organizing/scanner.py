"""Cue scanning for the organizing detector: many categories of words and patterns in one pass.

Plain-word alternatives of every category go into one Aho-Corasick automaton; alternatives that
need regex features stay regexes, and each runs only when the automaton saw a literal it requires
(Python's `re` tries every alternative at every position, which made long word lists the
detector's main cost). Hits equal those of each category's regex, except that where two
alternatives match at one position the longer wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick

Hit = tuple[int, int, str]
_META = set(".^$*+?{}[]()|\\")


def _split_top(rx: str) -> list[str]:
    """Split a regex at its top-level `|` (outside groups and character classes)."""
    parts, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(rx):
        c = rx[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(rx[start:i])
            start = i + 1
        i += 1
    parts.append(rx[start:])
    return parts


def _required_literal(alt: str) -> str | None:
    """The longest plain run of characters every match of `alt` must contain, or None.

    Only runs at the top level of the alternative count, and not those a quantifier makes
    optional (the last character before `?`, `*` or `{0,` is dropped from the run)."""
    best, run, depth, in_class, i = "", "", 0, False, 0

    def close(r: str) -> None:
        nonlocal best
        if depth == 0 and len(r) > len(best):
            best = r

    while i < len(alt):
        c = alt[i]
        if c == "\\":
            close(run)
            run = ""
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            close(run)
            run, in_class = "", True
        elif c in "(":
            close(run)
            run, depth = "", depth + 1
        elif c == ")":
            depth -= 1
            # A group followed by a quantifier may vanish; its absence does not matter for runs.
        elif c in "?*{":
            close(run[:-1])
            run = ""
            if c == "{":  # skip the quantifier's body: {0,6}
                i = alt.index("}", i)
        elif c in ".^$+|":
            close(run)
            run = ""
        elif depth == 0:
            run += c
        i += 1
    close(run)
    return best or None


def _leading_group_anchors(alt: str) -> list[str] | None:
    """For an alternative that opens with a group of alternatives — (?:政府|信访局|...)门口 —
    the literals one of which every match must contain; None when that cannot be said."""
    if alt.startswith("[") and "]" in alt and alt[alt.index("]") + 1:].startswith("(?:"):
        alt = alt[alt.index("]") + 1:]  # a leading character class (an opening quote) adds no anchor
    if not alt.startswith("(?:"):
        return None
    depth, i = 0, 0
    while i < len(alt):
        c = alt[i]
        if c == "\\":
            i += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                break
        i += 1
    if i + 1 < len(alt) and alt[i + 1] in "?*{":
        return None  # the group is optional
    anchors: list[str] = []
    for sub in _split_top(alt[3:i]):
        if sub and not any(ch in _META for ch in sub):
            anchors.append(sub)
            continue
        lit = _required_literal(sub)
        nested = [lit] if lit else _leading_group_anchors(sub)
        if not nested:
            return None
        anchors.extend(nested)
    return anchors


class CueScanner:
    """All categories in one pass: plain-word alternatives go into one Aho-Corasick automaton;
    alternatives that need regex features stay regexes, and each such regex runs only when the
    automaton saw a literal it requires (Python's `re` tries every alternative at every
    position, which made the word lists the detector's main cost)."""

    def __init__(self, patterns: dict[str, str]) -> None:
        self._auto = ahocorasick.Automaton()
        literals: dict[str, list[str]] = {}
        self._always: dict[str, re.Pattern[str]] = {}
        # Each anchored alternative is its own regex, run only when one of its anchors occurs.
        self._anchored: list[tuple[str, re.Pattern[str]]] = []
        for name, rx in patterns.items():
            always = []
            for alt in _split_top(rx):
                if alt and not any(ch in _META for ch in alt):
                    literals.setdefault(alt, []).append(name)
                    continue
                anchor = _required_literal(alt)
                anchors = [anchor] if anchor else _leading_group_anchors(alt)
                if anchors:
                    key = f"@{len(self._anchored)}"
                    self._anchored.append((name, re.compile(alt)))
                    for a in set(anchors):
                        literals.setdefault(a, []).append(key)
                else:
                    always.append(alt)
            if always:
                self._always[name] = re.compile("|".join(always))
        for word, names in literals.items():
            self._auto.add_word(word, (len(word), tuple(names)))
        self._auto.make_automaton()

    def scan(self, text: str) -> Scan:
        """One automaton pass over `text`; regex categories are matched on demand by Scan.hits()."""
        found: dict[str, list[Hit]] = {}
        triggered: dict[str, set[int]] = {}
        for end, (length, cats) in self._auto.iter(text):
            start = end + 1 - length
            for name in cats:
                if name[0] == "@":
                    idx = int(name[1:])
                    triggered.setdefault(self._anchored[idx][0], set()).add(idx)
                else:
                    found.setdefault(name, []).append((start, end + 1, text[start:end + 1]))
        return Scan(self, text, found, triggered)


class Scan:
    """The literal hits of one text, and the regex categories its anchors made worth running."""

    def __init__(self, scanner: CueScanner, text: str, found: dict[str, list[Hit]],
                 triggered: dict[str, set[int]]) -> None:
        self._scanner, self._text, self._found, self._triggered = scanner, text, found, triggered

    def hits(self, names: Iterable[str]) -> dict[str, list[Hit]]:
        """Non-overlapping hits per category (longest first at each position), in text order."""
        out: dict[str, list[Hit]] = {}
        sc, text = self._scanner, self._text
        for name in names:
            found = list(self._found.get(name, ()))
            regexes = [sc._anchored[i][1] for i in sorted(self._triggered.get(name, ()))]
            if name in sc._always:
                regexes.append(sc._always[name])
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
