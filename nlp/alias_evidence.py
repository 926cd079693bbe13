"""How much evidence a watched name needs before a hit counts as the platform (see AliasClass).

Decided once per alias from its shape and from jieba's base dictionary frequencies: distinctive
names link on sight, short or composite names need money talk around them, everyday words need a
platform mark right next to them or a watched platform beside them (`vouched_for`).
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Callable

_CJK = re.compile(r"[\u4e00-\u9fff]")
# A name that is an everyday word plus one of these (人人贷, 有利网, 钱爸爸) reads as a brand.
_FINANCE_MORPHEMES = set("贷宝融财金投网资银信借盈利富")
COMMON_FREQ = 100  # a dictionary word at least this frequent is an everyday word
DOMINANT_FREQ = 30  # a dictionary word covering two thirds of a name makes the name everyday (零钱包)
# 金 before a common everyday noun is "golden", a figure of speech (金抽屉, 金罐子), not money.
GOLDEN_FREQ = 400
INSIDE_FREQ = 1000  # a very common word inside a name (有利网) makes its edges worth guarding
PHRASE_FREQ = 1000  # every word of a name this common, one of them a function word: a phrase (谁来投)
PAIR_FREQ = 10000  # two one-character words this common side by side read as a phrase (拿钱)
# Pronouns, demonstratives, question words, particles, 有/去/来 and modal verbs: a name with one
# of these among its everyday words (谁来投, 去哪存, 财富之路) is something a writer says.
_FUNCTION_WORDS = frozenset("这那哪之有去来了的着过吗呢啦我你他她咱谁啥宜该应")
# A phrase name ending in a business word (宜聚网, 有鱼金服, 长来财富) reads as a brand again.
_BRAND_END = re.compile(r"(?:网|贷|宝|币|财|金服|金融|理财|财富|投资|资本|在线|金控|创投|汇|通|行|所|会|社|街|庄|盈|利|富|融|信)$")
_LOG_TOTAL = math.log(60_000_000)  # jieba's dictionary total, order of magnitude


class AliasClass(enum.IntEnum):
    """How much evidence a hit needs.

    STRONG: distinctive names (善林金融, 团贷网, e租宝) link on sight.
    WEAK: two-character CJK names, short Latin abbreviations and names made of everyday words
      (小牛在线 = 小牛 + 在线): no dictionary word may straddle the hit's edges (集团贷款 ≠ 团贷),
      and the post must speak of money (CONTEXT_TERMS) or name the platform in full elsewhere.
    COMMON: the alias is itself an everyday word (小牛, 零花钱, 聚宝盆) or reads as a phrase of
      everyday words (谁来投, 拿钱; see `reads_as_phrase`): it also needs a platform mark right next
      to it (小牛逾期了, 零花钱平台, 【聚宝盆】), the full name elsewhere, or a watched platform
      beside it (金银猫、聚宝盆; see `vouched_for`).
    """

    STRONG = 0
    WEAK = 1
    COMMON = 2


def made_of_words(text: str, word_freq: Callable[[str], int]) -> bool:
    """True when text splits into two or more everyday words of 2+ characters (理财时代 = 理财 + 时代)."""

    def split(rest: str, pieces: int) -> bool:
        if not rest:
            return pieces >= 2
        return any(word_freq(rest[:k]) > 0 and split(rest[k:], pieces + 1) for k in range(len(rest), 1, -1))

    return split(text, 0)


def best_bounds(w: str, freq: Callable[[str], int]) -> set[int]:
    """Word boundaries of `w` in jieba's most probable segmentation with its base dictionary."""
    n = len(w)
    best = [0.0] * (n + 1)
    cut_at = [n] * (n + 1)
    for i in range(n - 1, -1, -1):
        best[i], cut_at[i] = -_LOG_TOTAL + best[i + 1], i + 1  # an unknown single character
        for j in range(i + 1, min(n, i + 6) + 1):
            f = freq(w[i:j])
            if f > 0:
                score = math.log(f) - _LOG_TOTAL + best[j]
                if score > best[i]:
                    best[i], cut_at[i] = score, j
    bounds, i = {0}, 0
    while i < n:
        i = cut_at[i]
        bounds.add(i)
    return bounds


def reads_as_phrase(alias: str, word_freq: Callable[[str], int]) -> bool:
    """True when a Chinese name is what a writer says in its ordinary sense: jieba cuts it wholly
    into everyday words, one of them a function word (谁|来|投, 去|哪|存, 财富|之|路), and it does
    not end in a business word (宜|聚|网 is a brand); or it is two very common one-character words
    side by side (拿|钱)."""
    if not alias or len(_CJK.findall(alias)) != len(alias) or word_freq(alias) > 0:
        return False
    if len(alias) == 2:
        return all(word_freq(ch) >= PAIR_FREQ for ch in alias)
    if _BRAND_END.search(alias):
        return False
    cuts = sorted(best_bounds(alias, word_freq))
    words = [alias[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]
    return (len(words) >= 2 and all(word_freq(w) >= PHRASE_FREQ for w in words)
            and any(w in _FUNCTION_WORDS or w[0] in "这那哪" for w in words))


def classify_alias(alias: str, word_freq: Callable[[str], int]) -> AliasClass:
    """Decide an alias's evidence class from its shape and jieba's base dictionary."""
    cjk = len(_CJK.findall(alias))
    if cjk == 0:  # pure Latin / digits
        return AliasClass.WEAK if len(alias) <= 4 else AliasClass.STRONG
    freq = word_freq(alias)
    if freq >= COMMON_FREQ or (freq > 0 and len(alias) >= 3) or reads_as_phrase(alias, word_freq):
        return AliasClass.COMMON
    if cjk == len(alias) and len(alias) >= 3 and _dominated(alias, word_freq):
        return AliasClass.COMMON  # 爱投资, 零钱包, 发现地, 金抽屉: one everyday word carries the name
    if len(alias) <= 2:
        return AliasClass.WEAK
    if cjk == len(alias) and made_of_words(alias, word_freq):
        return AliasClass.WEAK
    if cjk == len(alias) and any(word_freq(alias[i:j]) >= INSIDE_FREQ
                                 for i in range(len(alias)) for j in range(i + 2, len(alias) + 1)):
        return AliasClass.WEAK  # 有利网, 银票网: an everyday word inside; guard the edges
    if cjk == len(alias) and not set(alias) & _FINANCE_MORPHEMES:
        return AliasClass.WEAK  # 梅菜肉丸, 不差钱: nothing of money in the name; it needs money talk
    return AliasClass.STRONG


def _dominated(alias: str, word_freq: Callable[[str], int]) -> bool:
    n = len(alias)
    need = -(-2 * n // 3)  # ceil(2n/3)
    for k in range(need, n):
        for i in range(0, n - k + 1):
            word = alias[i:i + k]
            if word_freq(word) >= DOMINANT_FREQ:
                rest = alias[:i] + alias[i + k:]
                golden = rest == "金" and i == 1 and word_freq(word) >= GOLDEN_FREQ
                return (golden and not set(word) & _FINANCE_MORPHEMES) or not set(rest) & _FINANCE_MORPHEMES
    return False


_SENTENCE_END = frozenset("。！？!?\n")
NEIGHBOUR_GAP = 8  # 玖信贷暂停运营，爱定投: the next clause; farther off, an everyday word stays a word


def vouched_for(text: str, linked: list[tuple[int, int]], waiting: list[tuple[int, int, int]]
                ) -> list[tuple[int, int, int]]:
    """The waiting everyday-word hits (start, end, platform) that stand right next to a linked name:
    in a list (金银猫、永利宝) or the next clause (玖信贷暂停运营，爱定投提现排队). A sentence away
    (…金鼎投资管理有限责任公司，正式进入了民间资本中介服务行业) the word stays a word. A hit
    accepted this way vouches for its own neighbours."""
    spans, rest, accepted = list(linked), sorted(waiting), []
    grew = True
    while grew and rest:
        grew = False
        for item in list(rest):
            s, e, _idx = item
            if any(_near(text, y, s) or _near(text, e, x) for x, y in spans):
                spans.append((s, e))
                accepted.append(item)
                rest.remove(item)
                grew = True
    return accepted


def _near(text: str, left_end: int, right_start: int) -> bool:
    """Two names at most a short clause apart, in one sentence."""
    if not 0 <= right_start - left_end <= NEIGHBOUR_GAP:
        return False
    return not any(ch in _SENTENCE_END for ch in text[left_end:right_start])
