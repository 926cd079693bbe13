"""What the text of a regex says about its matches, read without running it: its top-level
alternatives, the literals every match holds (the organizing cue scanner runs a regex only when they
occur), and the characters a match can start with (`guarded`: Python's `re` tries every alternative
at every position; a lookahead on the first characters lets it skip most positions at once).
"""

from __future__ import annotations

import re

# One of these literals occurs in every match of the regex it belongs to.
Need = tuple[str, ...]
_QUANTIFIER = re.compile(r"[?*+]|\{(\d*)(?:,\d*)?\}")
_ESCAPE_LEN = {"x": 4, "u": 6, "U": 10}


class Opaque(Exception):
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


def _atom_end(rx: str, i: int) -> int:
    """The index just past the atom starting at rx[i]: an escape, a class, a group or a character."""
    c = rx[i]
    if c == "\\":
        return _escape_end(rx, i)
    if c == "[":
        return _class_end(rx, i)
    if c == "(":
        return _group_end(rx, i)
    return i + 1


def split_top(rx: str) -> list[str]:
    """Split a regex at its top-level `|` (outside groups and character classes)."""
    parts, start, i = [], 0, 0
    while i < len(rx):
        if rx[i] == "|":
            parts.append(rx[start:i])
            start = i + 1
        i = _atom_end(rx, i)
    parts.append(rx[start:])
    return parts


def alternatives(rx: str) -> list[str]:
    """The alternatives of a regex, those of a group that is a whole alternative included
    (a|(?:b|c) gives a, b, c): the regex matches somewhere when one of them does."""
    out = []
    for alt in split_top(rx):
        if alt.startswith("(?:") and _group_end(alt, 0) == len(alt):
            out.extend(alternatives(alt[3:-1]))
        else:
            out.append(alt)
    return out


def required(alt: str) -> list[Need]:
    """What every match of `alt` (a regex without a top-level `|`) must contain: runs of plain
    characters, and for a group of alternatives one literal of each. Empty when nothing is sure.
    Only what the match itself must hold counts: optional parts and lookarounds add nothing."""
    out: list[Need] = []
    run, i = "", 0
    while i < len(alt):
        c, end = alt[i], _atom_end(alt, i)
        group = _group_need(alt[i:end]) if c == "(" else None
        literal = c if end == i + 1 and c not in ".^$" else None
        i, optional, repeated = _quantifier(alt, end)
        if literal is not None and not optional:
            run += literal
            if not repeated:
                continue  # the run goes on; a repeated character ends it after its first copy
        if run:
            out.append((run,))
            run = ""
        if group and not optional:
            out.append(group)
    if run:
        out.append((run,))
    return out


def rarest(options: list[Need]) -> Need:
    """The need least likely to be met by chance: its shortest literal longest, then fewest literals."""
    return max(options, key=lambda n: (min(map(len, n)), -len(n)))


def first_chars(rx: str) -> frozenset[str] | None:
    """The characters a match of `rx` can start with; None when that cannot be said (a character
    range, an escape, any character) or when `rx` can match the empty string."""
    try:
        found = _starts(rx)
    except Opaque:
        return None
    return frozenset(found[0]) if found is not None and not found[1] else None


def guarded(rx: str, flags: int = 0) -> re.Pattern[str]:
    """`rx` compiled behind a lookahead on the characters its matches start with: the same matches
    and groups, found without entering every alternative at every position. `rx` as it is when
    those characters cannot be said."""
    chars = first_chars(rx)
    if chars is None:
        return re.compile(rx, flags)
    return re.compile(f"(?=[{''.join(re.escape(c) for c in sorted(chars))}])(?:{rx})", flags)


def _quantifier(rx: str, i: int) -> tuple[int, bool, bool]:
    """(index past the quantifier at rx[i], if any; it allows zero copies; there is one)."""
    q = _QUANTIFIER.match(rx, i)
    if q is None:
        return i, False, False
    end = q.end() + (rx[q.end():q.end() + 1] in ("?", "+"))  # a lazy or possessive quantifier
    return end, q.group(0) in "?*" or (q.group(0)[0] == "{" and not int(q.group(1) or 0)), True


def _group_body(group: str) -> str | None:
    """The alternatives inside `group`; None for a lookaround or a comment (they match no character)."""
    if group.startswith("(?:"):
        return group[3:-1]
    if group.startswith("(?P<"):
        return group[group.index(">") + 1:-1]
    if group.startswith("(?"):
        if group[2] in "=!<#":
            return None
        raise Opaque(group)
    return group[1:-1]


def _group_need(group: str) -> Need | None:
    """One literal of each alternative of `group`, or None when some alternative requires none."""
    inner = _group_body(group)
    if inner is None:
        return None
    literals: list[str] = []
    for sub in split_top(inner):
        sub_needs = required(sub)
        if not sub_needs:
            return None
        literals.extend(rarest(sub_needs))
    return tuple(dict.fromkeys(literals))


def _starts(rx: str) -> tuple[set[str], bool] | None:
    """(the characters a match can start with, whether it can be empty), or None when unsure."""
    chars: set[str] = set()
    empty = False
    for alt in split_top(rx):
        got = _alt_starts(alt)
        if got is None:
            return None
        chars |= got[0]
        empty = empty or got[1]
    return chars, empty


def _alt_starts(alt: str) -> tuple[set[str], bool] | None:
    """_starts() of one alternative: its atoms are read until one that cannot be skipped."""
    chars: set[str] = set()
    i = 0
    while i < len(alt):
        c = alt[i]
        if c == "(":
            end = _group_end(alt, i)
            body = _group_body(alt[i:end])
            i = end
            if body is None:  # a lookaround: the match starts at the next atom
                i = _quantifier(alt, i)[0]
                continue
            got = _starts(body)
            if got is None:
                return None
            atom, skippable = got
        elif c in "^$":
            i += 1
            continue
        elif c == "." or (c == "\\" and alt[i + 1] in "bBAZ"):
            if c == ".":
                return None
            i += 2  # a word boundary or the string's start or end: zero-width
            continue
        elif c in "[\\":
            end = _atom_end(alt, i)
            found = _class_chars(alt[i + 1:end - 1]) if c == "[" else _escape_chars(alt[i:end])
            if found is None:
                return None
            atom, skippable = found, False
            i = end
        else:
            atom, skippable = {c}, False
            i += 1
        i, optional, _repeated = _quantifier(alt, i)
        chars |= atom
        if not (skippable or optional):
            return chars, False
    return chars, True


_MAX_CLASS = 2000  # a class of more characters (all of CJK) would make a guard that skips nothing
_DIGITS = frozenset(chr(cp) for cp in range(0x110000) if chr(cp).isdecimal())  # re's \d
_SPACES = frozenset(chr(cp) for cp in range(0x110000) if chr(cp).isspace())  # re's \s


def _escape_chars(esc: str) -> set[str] | None:
    r"""The characters an escape matches: a punctuation mark, a code point, \d or \s; else None."""
    kind = esc[1]
    if kind in "xuU":
        return {chr(int(esc[2:], 16))}
    if kind == "d":
        return set(_DIGITS)
    if kind == "s":
        return set(_SPACES)
    if not kind.isalnum():
        return {kind}
    return None


def _class_chars(body: str) -> set[str] | None:
    """The characters of a class [body], or None for a negated or a very large one."""
    if body.startswith("^"):
        return None
    chars: set[str] = set()
    i = 0
    while i < len(body):
        low, i = _class_item(body, i)
        if body[i:i + 1] == "-" and i + 1 < len(body):  # a range between two single characters
            high, i = _class_item(body, i + 1)
            if low is None or high is None or len(low) != 1 or len(high) != 1:
                return None
            first, last = ord(low.pop()), ord(high.pop())
            low = {chr(cp) for cp in range(first, min(last, first + _MAX_CLASS) + 1)}
        if low is None:
            return None
        chars |= low
    return chars if chars and len(chars) <= _MAX_CLASS else None


def _class_item(body: str, i: int) -> tuple[set[str] | None, int]:
    """The characters of the class item at body[i] (a character or an escape), and where it ends."""
    if body[i] == "\\":
        end = _escape_end(body, i)
        return _escape_chars(body[i:end]), end
    return {body[i]}, i + 1
