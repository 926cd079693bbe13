"""Default sentiment backend: SnowNLP's naive Bayes prior, a finance-risk layer and an everyday-mood layer.

negative = sigmoid(w · features): SnowNLP log-odds (squashed), finance risk and reassurance, everyday
negative and positive feeling (weighed apart in posts that talk about money), each a saturating sum of
lexicon weights (finance_sentiment.tsv) after negation / question / hedge rules; WEIGHTS are fitted.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from nlp.automaton import Automaton
from nlp.errors import ResourceError
from nlp.sentiment import POSITIVE_THRESHOLD, SentimentInput
from nlp.sentiment.snownlp_bayes import SnowBayes, shared_model

LEXICON = "finance_sentiment.tsv"

MOOD_CATEGORIES = frozenset({"情绪", "心情"})  # the everyday layer; every other category is finance

SNOW_SCALE = 8.0
RISK_CAP = 7.0  # saturation: a long article that names ten risk words is not ten times as negative
REASSURE_CAP = 4.0
MOOD_CAP = 4.0


@dataclass(frozen=True, slots=True)
class Combination:
    """How the layers add up in log-odds: z = bias + Σ weight × feature (features in FEATURES order)."""

    bias: float
    finance_talk: float
    snow: float
    risk: float
    reassure: float
    mood_negative: float
    mood_positive: float
    finance_mood_negative: float
    finance_mood_positive: float


FEATURES = ("finance_talk", "snow", "risk", "reassure", "mood_negative", "mood_positive", "finance_mood_negative",
            "finance_mood_positive")
# Fitted (logistic regression, C=1) on real labelled posts, then frozen: ~2,000 BDCI 2019 finance posts
# ("negative about the platform") and ~5,000 weibo2018 posts (everyday mood), the finance set weighted
# twice the Weibo set in total because the desk's job is platform risk. Judged on other posts of both.
# Features are magnitudes: reassure and the *_positive ones enter with a minus sign. SnowNLP (trained on
# shopping reviews) earns little weight on either set; finance_talk < 0: money talk without risk words
# is more often neutral news or promotion than a complaint.
WEIGHTS = Combination(bias=-0.95, finance_talk=-1.10, snow=0.13, risk=1.12, reassure=0.87, mood_negative=1.79,
                      mood_positive=1.25, finance_mood_negative=0.93, finance_mood_positive=0.88)

# Multipliers applied to a matched term's weight, by the context it was found in.
NEGATED_RISK = -0.3  # 没有逾期 / 不会跑路: mildly reassuring
NEGATED_GOOD = -1.5  # 不安全 / 不正规: the reassurance turns into a warning as strong as a risk term
NEGATED_JOY = -0.8  # 不开心 / 不喜欢: unhappy, but people also say it lightly
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
_TO_CLAUSE_END_RE = re.compile(r"(?s).*[,.!;:?，。！；？\n]")  # up to the last clause end


@dataclass(frozen=True, slots=True)
class Term:
    """One lexicon line: weight > 0 is risk, < 0 reassurance, 0 only shields a longer phrase (逾期率)."""

    text: str
    weight: float
    category: str

    @property
    def mood(self) -> bool:
        """True for the everyday layer (情绪, 心情); every other category is the finance layer."""
        return self.category in MOOD_CATEGORIES


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
def _automaton() -> Automaton:
    """One automaton per process; later lines override earlier ones for the same term."""
    # (term, everyday layer?, ASCII word that must stand alone?) worked out once, not per match
    return Automaton((term.text, (term, term.mood, term.text.isascii())) for term in _load_lexicon())


def _context_factor(text: str, start: int, end: int, weight: float, mood: bool = False) -> tuple[float, str]:
    """How the words around a match change its weight: (multiplier, rule name)."""
    clause = text[max(0, start - _HEDGE_WINDOW) : start]
    done = _TO_CLAUSE_END_RE.match(clause)
    clause = clause[done.end() if done else 0 :]
    before = clause[-_WINDOW:]
    after = text[end : end + _WINDOW + 4]
    # Questions first: 会不会跑路 / 有没有逾期 contain a negator but ask, they do not deny.
    if _QUESTION_BEFORE_RE.search(before) or _QUESTION_AFTER_RE.search(after):
        return (QUESTION_RISK if weight > 0 else QUESTION_GOOD), "question"
    if _NEGATION_RE.search(before):
        return (NEGATED_RISK if weight > 0 else NEGATED_JOY if mood else NEGATED_GOOD), "negated"
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
    """SnowNLP prior + finance-risk and everyday-mood lexicons; no training on the desk's data."""

    name = "default"

    def __init__(self, weights: Combination = WEIGHTS) -> None:
        self._snow: SnowBayes = shared_model()
        self._auto = _automaton()
        self._w = weights

    def _matches(self, text: str) -> tuple[list[tuple[Term, float, str]], bool]:
        """Each distinct lexicon term once, with its context-adjusted contribution (the strongest occurrence),
        and whether the text talks about money at all (any finance-layer term, weighted or not)."""
        low = text.lower()
        best: dict[str, tuple[Term, float, str]] = {}
        finance_talk = False
        for end_idx, (term, mood, ascii_word) in self._auto.iter_long(low):
            if not mood:
                finance_talk = True
            if term.weight == 0.0:
                continue
            seen = best.get(term.text)
            if seen is not None and seen[2] == "" and term.weight > 0:
                continue  # already at full strength; a risk term cannot weigh more than its own weight
            start, end = end_idx - len(term.text) + 1, end_idx + 1
            if ascii_word and (
                (start > 0 and _is_ascii_word_part(low[start - 1]))
                or (end < len(low) and _is_ascii_word_part(low[end]))
            ):
                continue  # "sb" inside "usb"
            factor, rule = _context_factor(low, start, end, term.weight, mood)
            contrib = term.weight * factor
            if seen is None or abs(contrib) > abs(seen[1]):
                best[term.text] = (term, contrib, rule)
        return list(best.values()), finance_talk

    def features(self, doc: SentimentInput) -> tuple[tuple[float, ...], float, list[tuple[Term, float, str]]]:
        """(feature values in FEATURES order, SnowNLP log-odds, matched terms) of one doc."""
        log_odds = self._snow.log_odds(doc.tokens)
        matches, finance_talk = self._matches(doc.text) if doc.text else ([], False)
        risk = reassure = mood_neg = mood_pos = 0.0
        for term, contrib, _rule in matches:
            if term.mood:
                if contrib > 0:
                    mood_neg += contrib
                else:
                    mood_pos -= contrib
            elif contrib > 0:
                risk += contrib
            else:
                reassure -= contrib
        mood_neg, mood_pos = _saturate(mood_neg, MOOD_CAP), _saturate(mood_pos, MOOD_CAP)
        # Feeling words weigh differently where money is discussed: a finance post's negativity is about
        # the platform, and spam or essays about a platform are full of feelings that are not.
        if finance_talk:
            mood = (0.0, 0.0, mood_neg, mood_pos)
        else:
            mood = (mood_neg, mood_pos, 0.0, 0.0)
        values = (float(finance_talk), math.tanh(log_odds / SNOW_SCALE), _saturate(risk, RISK_CAP), _saturate(reassure, REASSURE_CAP), *mood)
        return values, log_odds, matches

    def _score(self, doc: SentimentInput) -> tuple[float, tuple[float, ...], float, list[tuple[Term, float, str]]]:
        values, log_odds, matches = self.features(doc)
        w = self._w
        talk, snow, risk, reassure, mood_neg, mood_pos, fin_mood_neg, fin_mood_pos = values
        z = (w.bias + w.finance_talk * talk + w.snow * snow + w.risk * risk - w.reassure * reassure
             + w.mood_negative * mood_neg - w.mood_positive * mood_pos
             + w.finance_mood_negative * fin_mood_neg - w.finance_mood_positive * fin_mood_pos)
        score = _sigmoid(z)
        if not (reassure or mood_pos or fin_mood_pos):
            # Money talk without a verdict leans non-negative, but "positive" is a claim that needs a
            # reassuring or happy word: a bare question (某某贷安全吗?) stays neutral.
            score = max(score, POSITIVE_THRESHOLD)
        return score, values, log_odds, matches

    def negative(self, docs: Sequence[SentimentInput]) -> list[float]:
        return [self._score(doc)[0] for doc in docs]

    def explain(self, doc: SentimentInput) -> dict:
        """Why a post got its score: matched terms with weights and rules, SnowNLP log-odds, final score."""
        score, values, log_odds, matches = self._score(doc)
        return {
            "negative": score,
            "snownlp_log_odds": log_odds,
            "features": dict(zip(FEATURES, values, strict=True)),
            "terms": [
                {"term": t.text, "category": t.category, "weight": t.weight, "rule": rule, "contribution": c}
                for t, c, rule in sorted(matches, key=lambda m: -abs(m[1]))
            ],
        }
