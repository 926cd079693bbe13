"""Query text for the embedded store: FTS5 MATCH strings built from jieba words, and the FROM/WHERE
of a PostFilter. Pure functions; `pipeline.store.sqlite` runs what they build.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pipeline.store import PostFilter, StoreError

if TYPE_CHECKING:
    from nlp.segment import Segmenter

_WORD = re.compile(r"[^\W_]")  # a query token worth matching has a letter or digit


@functools.cache
def _default_segmenter() -> Segmenter:
    """jieba + the finance terms, built on the first search only (~2 s) and kept for the process."""
    from nlp.segment import Segmenter

    return Segmenter()


def default_cut(text: str) -> list[str]:
    return _default_segmenter().cut(text)


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def match_expression(query: str, cut: Callable[[str], list[str]]) -> str | None:
    """An FTS5 MATCH string: all words of the query, each a quoted string (no operators survive).

    A chunk the query segmenter splits (红岭 创投) may be one token in the index, where the
    analyzer knew the watchlist name, so each chunk also matches its words glued together.
    """
    parts = []
    for chunk in query.split():
        words = [w for w in cut(chunk) if _WORD.search(w)]
        if len(words) == 1:
            parts.append(_quote(words[0]))
        elif words:
            parts.append(f"(({' AND '.join(map(_quote, words))}) OR {_quote(''.join(words))})")
    return " AND ".join(parts) or None


def epoch(when: datetime) -> float:
    if when.tzinfo is None:
        raise StoreError(f"naive datetime {when.isoformat()} in a store query; give a UTC offset")
    return when.timestamp()


def where(flt: PostFilter | None, by_platform: bool = False) -> tuple[str, str, list[Any]]:
    """Joins onto `posts p` and the WHERE for a filter. Per-platform questions go through
    post_platforms `pp` (one row per post and platform, so counts stay distinct)."""
    flt = flt or PostFilter()
    clauses: list[str] = []
    params: list[Any] = []
    joins, when = "", "p.published_at"
    if by_platform or flt.platform is not None:
        joins, when = " JOIN post_platforms pp ON pp.post_id = p.id", "pp.published_at"
    if flt.platform is not None:
        clauses.append("pp.platform = ?")
        params.append(flt.platform)
    if flt.start is not None:
        clauses.append(f"{when} >= ?")
        params.append(epoch(flt.start))
    if flt.end is not None:
        clauses.append(f"{when} < ?")
        params.append(epoch(flt.end))
    if flt.negative is not None:  # a post without analysis counts as not negative
        clauses.append("p.label = 'negative'" if flt.negative else "p.label IS NOT 'negative'")
    if flt.is_call is not None:
        clauses.append("p.is_call = 1" if flt.is_call else "p.is_call IS NOT 1")
    return joins, " AND ".join(clauses) or "1", params
