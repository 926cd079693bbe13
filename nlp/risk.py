"""Risk terms: which of the desk's warning words (暴雷, 提现困难, 失联, 立案 ...) a post uses, by category.

One Aho-Corasick pass over the normalized text; the vocabulary is `resources/risk_terms.tsv`.
Withdrawal trouble said in free words ("提现一周了还没到", "回款一直拖着") is caught by a few
patterns and reported under a canonical term. A term right after a negation ("零逾期", "从未逾期",
"没有暴雷") is an advert or a denial, not a warning, and is skipped.
Alert rules use the terms (a platform's first 暴雷) and the categories (兑付 trouble rising).
"""

from __future__ import annotations

import re
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
    found: list[tuple[int, str, str]] = []
    if text:
        low = text.lower()
        for end, (term, cat) in _automaton().iter(low):
            start = end - len(term) + 1
            if not _NEGATED.search(low[max(0, start - 4):start]) and not low.startswith(
                    _NOT_FOLLOWED.get(term, ()), end + 1):
                found.append((start, term, cat))
        for pattern, term, cat in _PATTERNS:
            for m in pattern.finditer(low):
                if not _NEGATED.search(low[max(0, m.start() - 4):m.start()]):
                    found.append((m.start(), term, cat))
    found.sort(key=lambda f: f[0])
    return {"terms": list(dict.fromkeys(t for _s, t, _c in found)),
            "categories": list(dict.fromkeys(c for _s, _t, c in found))}


# Negations directly before a term: "零逾期", "从未逾期", "无逾期", "没有暴雷", "不存在资金池", "杜绝自融".
_NEGATED = re.compile(r"(?:零|无|未|从未|没有|没|不存在|杜绝|远离|谨防|防范|不会|绝不)$")
# Terms that name a business figure, not an event: "逾期率保持在较低水平" is a monthly report.
_NOT_FOLLOWED: dict[str, tuple[str, ...]] = {"逾期": ("率", "金额占比"), "坏账": ("率",)}
_CLAUSE = r"[^，。！？!?,;；\n]"
# Withdrawal / repayment trouble in free words. Each pattern stays inside one clause.
_PATTERNS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple((re.compile(p), term, cat) for p, term, cat in (
    (r"(?:提现|取现|提款|提币|回款|本金|兑付|出金)" + _CLAUSE + r"{0,10}?(?:没到|未到|不到账|到不了|失败|卡住|卡了|"
     r"提不|出不来|拿不到|拿不回|审核中|处理中|变灰|点不动|排队|拖着|一直拖|延迟|遥遥无期|没动静|没反应)",
     "提现困难", "兑付"),
    (r"(?:提了|提现)" + _CLAUSE + r"{0,6}?(?:一周|两周|一个月|[0-9一二两三四五六七八九十几多]+天)(?:了|还没|都没)",
     "提现困难", "兑付"),
    (r"(?:提现|到账|回款|出金)" + _CLAUSE + r"{0,8}?(?:越来越慢|变慢|慢了|很慢|太慢|特别慢)", "提现困难", "兑付"),
    (r"t\+?\d\s*变成\s*t\+?\d", "提现困难", "兑付"),
    (r"债转" + _CLAUSE + r"{0,8}?(?:打.{0,2}折|没人接|接不了|转不出去|转不出)", "债转困难", "兑付"),
    (r"(?:让|要|叫|只能)(?:再)?等(?:[0-9一二两三四五六七八九十几多]+)个?(?:工作日|天|周|个月)", "提现困难", "兑付"),
    (r"(?:卡|拖|压|等)了(?:[0-9一二两三四五六七八九十几多]+|好几)(?:天|周|个星期|个月)", "提现困难", "兑付"),
    # Customer service vanishing is how a collapse usually starts, so it counts as 失联, not an outage.
    (r"(?:客服|人工)" + _CLAUSE + r"{0,10}?(?:找不到|联系不上|打不通|不回|失联|没人接|不接|机器人)",
     "客服失联", "失联跑路"),
))
