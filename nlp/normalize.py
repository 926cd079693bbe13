"""First NLP step: make stranger-written text comparable before anything else reads it.

Traditional → simplified (OpenCC t2s), full-width ASCII → half-width, HTML entities and tags,
zero-width / control characters removed, whitespace collapsed. Every later span (platforms, cues)
refers to the normalized text (`text_norm`).
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

import opencc

MAX_CHARS = 20_000  # longer posts are truncated: a forum post never needs more, and cost stays bounded

_TAG_RE = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]{0,500}>")
_BR_RE = re.compile(r"<\s*(br|p|div|li)\b[^<>]{0,200}>", re.IGNORECASE)
_SPACE_RE = re.compile(r"[ \t\f\v\u00a0\u3000]+")
_NEWLINES_RE = re.compile(r"\s*\n\s*")


def _build_width_table() -> dict[int, int | None]:
    table: dict[int, int | None] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
    table[0x3000] = 0x20
    # Invisible characters that people insert to split keywords past filters (维\u200b权).
    for cp in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x180E):
        table[cp] = None
    for cp in range(0x00, 0x20):
        if cp not in (0x09, 0x0A):
            table[cp] = 0x20
    table[0x0D] = 0x0A
    table[0x7F] = None
    for cp in range(0x80, 0xA0):
        table[cp] = None
    return table


_WIDTH_TABLE = _build_width_table()
# str.translate looks every character up in the table, ~0.1 µs each; a post has a handful of runs
# of characters to map (full-width punctuation mostly), so only those runs are translated.
_WIDTH_RUNS = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_WIDTH_TABLE)) + "]+")


def _map_width(match: re.Match[str]) -> str:
    return match.group(0).translate(_WIDTH_TABLE)


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def strip_html(text: str) -> str:
    """Drop tags (keeping line breaks where block tags were) and unescape entities."""
    if "<" in text:
        text = _BR_RE.sub("\n", text)
        text = _TAG_RE.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    return text


def normalize(text: str) -> str:
    """Return the canonical form of a post's text; an empty string for empty input."""
    if not text:
        return ""
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
    text = strip_html(text)
    text = _WIDTH_RUNS.sub(_map_width, text)
    if not text.isascii():
        text = _converter().convert(text)
        # Compatibility forms (①, ﹝, ㈠) fold to plain ones; NFKC is cheap on short text.
        text = unicodedata.normalize("NFKC", text)
    text = _SPACE_RE.sub(" ", text)
    if "\n" in text:
        text = _NEWLINES_RE.sub("\n", text)
    return text.strip()
