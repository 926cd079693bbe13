"""Risk terms: which of the desk's warning words (暴雷, 提现困难, 失联, 立案 ...) a post uses, by category.

One Aho-Corasick pass over the normalized text; the vocabulary is `resources/risk_terms.tsv`.
Alert rules use the terms (a platform's first 暴雷) and the categories (兑付 trouble rising).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import ahocorasick

from nlp.errors import ResourceError


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    text = resources.files("nlp.resources").joinpath("risk_terms.tsv").read_text("utf-8")
    auto = ahocorasick.Automaton()
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0].strip():
            raise ResourceError(f"risk_terms.tsv line {n}: expected term<TAB>category")
        term = parts[0].strip().lower()
        auto.add_word(term, (term, parts[1].strip()))
    auto.make_automaton()
    return auto


def find_risk(text: str) -> dict[str, list[str]]:
    """{"terms": [...], "categories": [...]} in order of first appearance, without repeats."""
    terms: dict[str, None] = {}
    cats: dict[str, None] = {}
    if text:
        for _end, (term, cat) in _automaton().iter(text.lower()):
            terms.setdefault(term)
            cats.setdefault(cat)
    return {"terms": list(terms), "categories": list(cats)}
