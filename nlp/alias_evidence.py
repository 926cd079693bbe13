"""How much evidence a watched name needs before a hit counts as the platform (see AliasClass).

Decided once per alias from its shape and from jieba's base dictionary frequencies: distinctive
names link on sight, short or composite names need money talk around them, everyday words need a
platform mark right next to them or a watched platform beside them (`vouched_for`).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable

_CJK = re.compile(r"[\u4e00-\u9fff]")
# A name that is an everyday word plus one of these (人人贷, 有利网, 钱爸爸) reads as a brand.
_FINANCE_MORPHEMES = set("贷宝融财金投网资银信借盈利富")
COMMON_FREQ = 100  # a dictionary word at least this frequent is an everyday word
DOMINANT_FREQ = 30  # a dictionary word covering two thirds of a name makes the name everyday (零钱包)
INSIDE_FREQ = 1000  # a very common word inside a name (有利网) makes its edges worth guarding


class AliasClass(enum.IntEnum):
    """How much evidence a hit needs.

    STRONG: distinctive names (善林金融, 团贷网, e租宝) link on sight.
    WEAK: two-character CJK names, short Latin abbreviations and names made of everyday words
      (小牛在线 = 小牛 + 在线): no dictionary word may straddle the hit's edges (集团贷款 ≠ 团贷),
      and the post must speak of money (CONTEXT_TERMS) or name the platform in full elsewhere.
    COMMON: the alias is itself an everyday word (小牛, 零花钱, 聚宝盆): it also needs a platform
      mark right next to it (小牛逾期了, 零花钱平台, 【聚宝盆】), the full name elsewhere, or a
      watched platform beside it (金银猫、聚宝盆; see `vouched_for`).
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


def classify_alias(alias: str, word_freq: Callable[[str], int]) -> AliasClass:
    """Decide an alias's evidence class from its shape and jieba's base dictionary."""
    cjk = len(_CJK.findall(alias))
    if cjk == 0:  # pure Latin / digits
        return AliasClass.WEAK if len(alias) <= 4 else AliasClass.STRONG
    freq = word_freq(alias)
    if freq >= COMMON_FREQ or (freq > 0 and len(alias) >= 3):
        return AliasClass.COMMON
    if cjk == len(alias) and len(alias) >= 3 and _dominated(alias, word_freq):
        return AliasClass.COMMON  # 爱投资, 零钱包, 发现地: one everyday word carries the name
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
            if word_freq(alias[i:i + k]) >= DOMINANT_FREQ:
                rest = alias[:i] + alias[i + k:]
                return not (set(rest) & _FINANCE_MORPHEMES)
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
