"""Default sentiment backend: SnowNLP's naive Bayes as a weak prior plus a hand-written finance-risk layer.

negative = sigmoid(BIAS + SNOW_WEIGHT * tanh(snow_log_odds / SNOW_SCALE) + risk - reassurance), where risk and
reassurance are saturating sums of lexicon weights (finance_sentiment.tsv) after negation / question / hedge rules.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import ahocorasick

from nlp.errors import ResourceError
from nlp.sentiment import SentimentInput
from nlp.sentiment.snownlp_bayes import SnowBayes, shared_model

LEXICON = "finance_sentiment.tsv"

BIAS = -0.6  # with no evidence a post about a platform is more often neutral than an accusation
# SnowNLP knows general mood, not finance: it tips borderline posts but, as SNOW_WEIGHT < -BIAS, it
# can never make a post negative on its own, and any finance risk term outweighs it.
SNOW_WEIGHT = 0.5
SNOW_SCALE = 8.0
RISK_CAP = 7.0  # saturation: a long article that names ten risk words is not ten times as negative
REASSURE_CAP = 4.0

# Multipliers applied to a matched term's weight, by the context it was found in.
NEGATED_RISK = -0.3  # 没有逾期 / 不会跑路: mildly reassuring
NEGATED_GOOD = -0.8  # 不安全 / 不正规: the reassurance turns into a warning
QUESTION_RISK = 0.7  # 是否跑路? — people ask because there are rumours
QUESTION_GOOD = 0.0  # 安全吗? / 靠谱吗? — asking is not vouching
HEDGED = 0.4  # 如果跑路 / 防范非法集资: hypotheticals and awareness campaigns

_WINDOW = 8  # negation and question cues sit right next to the term
_HEDGE_WINDOW = 16  # a hedge governs the clause it opens: 提醒警惕网络传销、非法集资等
_NEGATION_RE = re.compile(
    r"(?:没有|没|不会|不再|不|未|无|非|并非|并未|从未|从没|绝不|绝无|不存在|杜绝|拒绝)"
    r"(?:出现|发生|过|有|任何|一笔|一起|被|再|会|是|存在|搞|做|设|设立|进行|从事|涉及|参与|开展|碰|触碰|当前|发布|发放|提供|承诺)?$"
)
_HEDGE_RE = re.compile(
    r"(?:如果|假如|若是|一旦|万一|倘若|防止|避免|以免|防范|谨防|警惕|远离|严防|预防|抵制|打击|整治|宣传|识别|如何|怎样"
    r"|辟谣|否认|澄清)"
)
# 跑路传言不实 / 爆雷一事纯属谣言: the rumour is worth watching, but it is not an accusation.
_DENIAL_AFTER_RE = re.compile(
    r"^[^,.!;?，。！；\n]{0,6}?(?:不实|纯属谣言|系谣言|是谣言|为谣言|是假的|系虚假|属虚假)"
)
_QUESTION_BEFORE_RE = re.compile(
    r"(?:是否|会不会|是不是|有没有|能否|会否|可不可能|难道)[^,.!;:?，。！；\n]{0,6}$"
)
_QUESTION_AFTER_RE = re.compile(r"^[^,.!;:，。！；\n]{0,8}?(?:\?|吗|(?<![什怎那这多要])么|嘛)")
_CLAUSE_END_RE = re.compile(r"[,.!;:?，。！；？\n]")


@dataclass(frozen=True, slots=True)
class Term:
    """One lexicon line: weight > 0 is risk, < 0 reassurance, 0 only shields a longer phrase (逾期率)."""

    text: str
    weight: float
    category: str


def _load_lexicon() -> list[Term]:
    try:
        raw = resources.files("nlp.resources").joinpath(LEXICON).read_text("utf-8")
    except OSError as exc:
        raise ResourceError(f"cannot read sentiment lexicon {LEXICON}: {exc}") from exc
    terms = []
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise ResourceError(f"{LEXICON}:{n}: expected term<TAB>weight<TAB>category, got {line!r}")
        try:
            terms.append(Term(parts[0].strip().lower(), float(parts[1]), parts[2].strip()))
        except ValueError as exc:
            raise ResourceError(f"{LEXICON}:{n}: bad weight {parts[1]!r}") from exc
    return terms


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    """One automaton per process; later lines override earlier ones for the same term."""
    auto = ahocorasick.Automaton()
    for term in _load_lexicon():
        auto.add_word(term.text, term)
    auto.make_automaton()
    return auto


def _context_factor(text: str, start: int, end: int, weight: float) -> tuple[float, str]:
    """How the words around a match change its weight: (multiplier, rule name)."""
    clause = text[max(0, start - _HEDGE_WINDOW) : start]
    clause = clause[max((m.end() for m in _CLAUSE_END_RE.finditer(clause)), default=0) :]
    before = clause[-_WINDOW:]
    after = text[end : end + _WINDOW + 4]
    # Questions first: 会不会跑路 / 有没有逾期 contain a negator but ask, they do not deny.
    if _QUESTION_BEFORE_RE.search(before) or _QUESTION_AFTER_RE.search(after):
        return (QUESTION_RISK if weight > 0 else QUESTION_GOOD), "question"
    if _NEGATION_RE.search(before):
        return (NEGATED_RISK if weight > 0 else NEGATED_GOOD), "negated"
    if weight > 0 and (_HEDGE_RE.search(clause) or _DENIAL_AFTER_RE.search(after)):
        return HEDGED, "hedged"
    return 1.0, ""


def _is_ascii_word_part(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _saturate(x: float, cap: float) -> float:
    return cap * math.tanh(x / cap)


def _sigmoid(z: float) -> float:
    if z < -35:
        return 0.0
    if z > 35:
        return 1.0
    return 1.0 / (1.0 + math.exp(-z))


class DefaultBackend:
    """SnowNLP prior + finance-risk lexicon; no training, no desk data."""

    name = "default"

    def __init__(self) -> None:
        self._snow: SnowBayes = shared_model()
        self._auto = _automaton()

    def _matches(self, text: str) -> list[tuple[Term, float, str]]:
        """Each distinct lexicon term once, with its context-adjusted contribution (the strongest occurrence)."""
        low = text.lower()
        best: dict[str, tuple[Term, float, str]] = {}
        for end_idx, term in self._auto.iter_long(low):
            if term.weight == 0.0:
                continue
            start, end = end_idx - len(term.text) + 1, end_idx + 1
            if term.text.isascii() and (
                (start > 0 and _is_ascii_word_part(low[start - 1]))
                or (end < len(low) and _is_ascii_word_part(low[end]))
            ):
                continue  # "sb" inside "usb"
            factor, rule = _context_factor(low, start, end, term.weight)
            contrib = term.weight * factor
            seen = best.get(term.text)
            if seen is None or abs(contrib) > abs(seen[1]):
                best[term.text] = (term, contrib, rule)
        return list(best.values())

    def _score(self, doc: SentimentInput) -> tuple[float, float, float, list[tuple[Term, float, str]]]:
        log_odds = self._snow.log_odds(doc.tokens)
        matches = self._matches(doc.text) if doc.text else []
        risk = sum(c for _, c, _ in matches if c > 0)
        reassure = -sum(c for _, c, _ in matches if c < 0)
        finance = _saturate(risk, RISK_CAP) - _saturate(reassure, REASSURE_CAP)
        z = BIAS + SNOW_WEIGHT * math.tanh(log_odds / SNOW_SCALE) + finance
        return _sigmoid(z), log_odds, finance, matches

    def negative(self, docs: Sequence[SentimentInput]) -> list[float]:
        return [self._score(doc)[0] for doc in docs]

    def explain(self, doc: SentimentInput) -> dict:
        """Why a post got its score: matched terms with weights and rules, SnowNLP log-odds, final score."""
        score, log_odds, finance, matches = self._score(doc)
        return {
            "negative": score,
            "snownlp_log_odds": log_odds,
            "finance": finance,
            "terms": [
                {"term": t.text, "category": t.category, "weight": t.weight, "rule": rule, "contribution": c}
                for t, c, rule in sorted(matches, key=lambda m: -abs(m[1]))
            ],
        }
