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

Hit = tuple[int, int, str]
# One of these literals occurs in every match of the regex it belongs to.
Need = tuple[str, ...]
_META = set(".^$*+?{}[]()|\\")
_QUANTIFIER = re.compile(r"[?*+]|\{(\d*)(?:,\d*)?\}")
_ESCAPE_LEN = {"x": 4, "u": 6, "U": 10}


class _Opaque(Exception):
    """A construct (inline flags, a conditional) that makes the literals of a regex unreliable."""


def _escape_end(rx: str, i: int) -> int:
    """The index just past the escape starting at rx[i] (a backslash)."""
    if rx[i + 1] == "N":  # \N{NAME}
        return rx.index("}", i) + 1
    return i + _ESCAPE_LEN.get(rx[i + 1], 2)


def _class_end(rx: str, i: int) -> int:
    """The index just past the character class opening at rx[i]."""
    j = i + 1 + (rx[i + 1] == "^")
    j += rx[j] == "]"  # a ] first in the class is one of its characters
    while rx[j] != "]":
        j = _escape_end(rx, j) if rx[j] == "\\" else j + 1
    return j + 1


def _group_end(rx: str, i: int) -> int:
    """The index just past the group opening at rx[i]."""
    depth = 0
    while True:
        c = rx[i]
        if c == "\\":
            i = _escape_end(rx, i)
            continue
        if c == "[":
            i = _class_end(rx, i)
            continue
        depth += (c == "(") - (c == ")")
        i += 1
        if depth == 0:
            return i


def _split_top(rx: str) -> list[str]:
    """Split a regex at its top-level `|` (outside groups and character classes)."""
    parts, start, i = [], 0, 0
    while i < len(rx):
        c = rx[i]
        if c == "\\":
            i = _escape_end(rx, i)
        elif c == "[":
            i = _class_end(rx, i)
        elif c == "(":
            i = _group_end(rx, i)
        else:
            if c == "|":
                parts.append(rx[start:i])
                start = i + 1
            i += 1
    parts.append(rx[start:])
    return parts


def alternatives(rx: str) -> list[str]:
    """The alternatives of a regex, those of a group that is a whole alternative included
    (a|(?:b|c) gives a, b, c): the regex matches somewhere when one of them does."""
    out = []
    for alt in _split_top(rx):
        if alt.startswith("(?:") and _group_end(alt, 0) == len(alt):
            out.extend(alternatives(alt[3:-1]))
        else:
            out.append(alt)
    return out


def _needs(alt: str) -> list[Need]:
    """What every match of `alt` (a regex without a top-level `|`) must contain: runs of plain
    characters, and for a group of alternatives one literal of each. Empty when nothing is sure.
    Only what the match itself must hold counts: optional parts and lookarounds add nothing."""
    needs: list[Need] = []
    run, i = "", 0
    while i < len(alt):
        c, literal, group = alt[i], None, None
        if c == "\\":
            i = _escape_end(alt, i)
        elif c == "[":
            i = _class_end(alt, i)
        elif c == "(":
            end = _group_end(alt, i)
            group = _group_need(alt[i:end])
            i = end
        else:
            literal = c if c not in ".^$" else None
            i += 1
        q = _QUANTIFIER.match(alt, i)
        optional = q is not None and (q.group(0) in "?*" or (q.group(0)[0] == "{" and not int(q.group(1) or 0)))
        if q is not None:
            i = q.end() + (alt[q.end():q.end() + 1] in ("?", "+"))  # a lazy or possessive quantifier
        if literal is not None and not optional:
            run += literal
            if q is None:
                continue  # the run goes on; a repeated character ends it after its first copy
        if run:
            needs.append((run,))
            run = ""
        if group and not optional:
            needs.append(group)
    if run:
        needs.append((run,))
    return needs


def _group_need(group: str) -> Need | None:
    """One literal of each alternative of `group`, or None when some alternative requires none."""
    if group.startswith("(?:"):
        inner = group[3:-1]
    elif group.startswith("(?P<"):
        inner = group[group.index(">") + 1:-1]
    elif group.startswith("(?"):
        if group[2] in "=!<#":
            return None  # a lookaround or a comment: no characters of the match
        raise _Opaque(group)
    else:
        inner = group[1:-1]
    literals: list[str] = []
    for sub in _split_top(inner):
        sub_needs = _needs(sub)
        if not sub_needs:
            return None
        literals.extend(_rarest(sub_needs))
    return tuple(dict.fromkeys(literals))


def _rarest(needs: list[Need]) -> Need:
    """The need least likely to be met by chance: its shortest literal longest, then fewest literals."""
    return max(needs, key=lambda n: (min(map(len, n)), -len(n)))


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
            for alt in _split_top(rx):
                if alt and not any(ch in _META for ch in alt):
                    literals.setdefault(alt, ([], [], []))[0].append(name)
                    continue
                try:
                    needs = _needs(alt)
                except _Opaque:
                    needs = []
                if not needs:
                    always.append(alt)
                    continue
                for need in needs:
                    if need not in need_ids:
                        need_ids[need] = len(need_ids)
                        for word in need:
                            literals.setdefault(word, ([], [], []))[1].append(need_ids[need])
                for word in _rarest(needs):
                    literals[word][2].append(len(self._anchored))
                self._anchored.append((name, re.compile(alt), frozenset(need_ids[n] for n in needs)))
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
