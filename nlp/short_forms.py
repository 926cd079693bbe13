"""Derived short forms (团贷 of 团贷网, 联璧 of 上海联璧电子科技有限公司): do they stand as a whole name?

Used by nlp.platforms.PlatformLinker after nlp.name_edges for every hit of a short form that
`yuqing watchlist import` derived. A two-character form is a piece of many other names (友贷 in
友贷邦, 安贷 in 联安贷, 汇金 in 汇金易安), so it needs clean edges on both sides; a form that begins
the names of several other watched platforms (信融: 信融乐, 信融汇金) is dropped when the linker
is built (`heads_of_other_names`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from nlp.name_edges import (
    AFTER_RE,
    BOUNDARY_CHARS,
    CJK,
    DATE_END,
    OTHER_ORG,
    STRADDLE_FREQ,
    TRADE,
    NameEdges,
    company_brand_at,
    strip_trade,
)
from nlp.organizing.places import is_place_name

_TELL_APART = ("的", "那个", "那家", "这个", "这家")  # 圈融厦门的, 圈融厦门那个平台
# Characters that may follow a short form and leave it a whole name (团贷的, 联璧称, 得宝方).
AFTER_CHARS = BOUNDARY_CHARS | frozenset("方系们")
CONTINUE_FREQ = 20  # a word this common right after a short form starts the next word (团贷|涉嫌, not 壹号|农仓)
LEFT_WORD_FREQ = 300  # a word this common right before a short form ends the previous one (报道|联璧, not 冠群|天勤)


class ShortForms:
    """Edge checks only short forms get; built on the linker's NameEdges (jieba's base dictionary)."""

    def __init__(self, edges: NameEdges) -> None:
        self.edges = edges

    def stands(self, low: str, start: int, end: int, key: str) -> bool:
        """A derived short form (团贷 of 团贷网) is a piece of many other names (友贷 in 友贷邦, 安贷 in
        联安贷), so it must stand as a whole name: a two-character form neither continued by a name
        character (易贷|通) nor preceded by one (联|安贷, 冠群|天勤); no form heads a longer company
        name (汇盈|天下投资管理有限公司) or fills only part of an item in a list of names (、财通|四海、)."""
        if len(key) <= 2 and not (self._free_right(low, end) and not self.edges.glued(low, start, LEFT_WORD_FREQ)):
            return False
        if len(key) <= 2 and start and self.edges.freq(low[start - 1:start + 1]) >= STRADDLE_FREQ:
            return False  # 人|人爱: the character before makes a word with the form's first one
        if company_brand_at(low, end) and not self._company_start(low, start):
            return False  # 北京汇聚|融达网络科技有限公司: the company's name begins before the form
        return not (_longer_company(low, end) or _part_of_list_item(low, start, end))

    def _company_start(self, low: str, start: int) -> bool:
        """A company name starts here: after no Chinese character, a standalone one (对, 称), a place
        (上海|联璧电子科技) or a date; a word before it (汇聚|融达) is part of the name."""
        prv = low[start - 1:start]
        return (not prv or not CJK.match(prv) or prv in BOUNDARY_CHARS
                or DATE_END.search(low, max(0, start - 3), start) is not None
                or any(is_place_name(low[i:start]) for i in range(max(0, start - 4), start - 1)))

    def _free_right(self, low: str, end: int) -> bool:
        """The short form ends where a name ends: what follows is no Chinese character, a standalone
        character (的, 称, 方), a platform mark, a trade word (联璧|科技), or a common word that jieba's
        best path cuts out (团贷|涉嫌, not 爱银|多发布) and that is no place (not 国盛|赣州)"""
        nxt = low[end:end + 1]
        if not nxt or not CJK.match(nxt) or nxt in AFTER_CHARS or AFTER_RE.match(low, end) or TRADE.match(low, end):
            return True
        # The common word must also be where jieba's best path cuts: 爱银|多|发布 goes on as 爱银多
        # though 多发 is a word; 团贷|涉嫌 stops.
        first = min(b for b in self.edges.bounds(low[end:end + 6]) if b > 0)
        if first < 2 or self.edges.freq(low[end:end + first]) < CONTINUE_FREQ:
            return False
        # A place right after makes a branch of another firm (国盛|赣州阳明北路营业部, 中信|淄博分公司);
        # victims telling a platform apart by its city write 的/那个 after it (圈融厦门的), a mark.
        return not is_place_name(low[end:end + first]) or low.startswith(_TELL_APART, end + first)


# What a name ends with when it is a company or another kind of organisation (汇盈天下投资管理有限公司).
_ORG_END = re.compile(r"(?:[(（][\u4e00-\u9fff]{2,6}[)）])?(?:有限(?:责任)?公司|股份(?:有限)?公司|公司|集团|"
                      + OTHER_ORG.pattern + ")")
_FUNCTION = frozenset("的地得了和与及或是在被把给向对从")
_LIST_SEPS = frozenset("、/|·")
_ITEM_EDGES = _LIST_SEPS | frozenset(",，;；:： \n")
_ITEM_TAIL = frozenset("等的们和与及系")


def _longer_company(low: str, end: int) -> bool:
    """True when a short form heads a company or organisation whose name goes on past it with more
    than trade words (汇盈|天下投资管理有限公司, 民泰|商业银行), not 联璧|电子科技（集团）有限公司."""
    if AFTER_RE.match(low, end):
        return False
    for k in range(end + 1, min(len(low), end + 8) + 1):
        ch = low[k - 1]
        if not CJK.match(ch) or ch in _FUNCTION:
            return False
        if _ORG_END.match(low, k):
            rest = strip_trade(low[end:k])
            return 0 < len(rest) <= 4  # a longer name, not a clause (信融|诈骗非法融资公司)
    return False


def _part_of_list_item(low: str, start: int, end: int) -> bool:
    """True when the hit fills only part of an item in a list of names (汇金易安、迅泊达、财通四海、):
    the item is another name. A mark or 等 after it (团贷暴雷、, 善林等) keeps the hit."""
    i, j = start, end
    while i > 0 and CJK.match(low[i - 1]) and start - i < 4:
        i -= 1
    while j < len(low) and CJK.match(low[j]) and j - end < 4:
        j += 1
    if (i, j) == (start, end):
        return False
    before, after = low[i - 1:i] if i else "", low[j:j + 1]
    if not ((before in _LIST_SEPS or after in _LIST_SEPS) and before in _ITEM_EDGES | {""}
            and after in _ITEM_EDGES | {""}):
        return False
    head, tail = low[i:start], low[end:j]
    if head and not all(c in BOUNDARY_CHARS for c in head):
        return True
    return bool(tail) and tail[0] not in _ITEM_TAIL and not AFTER_RE.match(tail) and not TRADE.match(tail)


HEAD_OF_OTHERS = 2  # one other (善林 of 善林金融 and a 善林宝) is usually the famous one; two are a family


def heads_of_other_names(entries: Mapping[str, tuple[bool, Collection[int]]]) -> list[str]:
    """Short forms (entries: key → (full, platforms)) that begin the listed names of two or more other
    watched platforms (信融 of 信融创投, while 信融乐 and 信融汇金 are watched too): a writer's 信融
    may be any of them, so the form names none of them and is not linked; the full names still are."""
    heads: dict[str, set[int]] = {}
    for key, (full, platforms) in entries.items():
        if full:
            for n in range(2, len(key)):
                heads.setdefault(key[:n], set()).update(platforms)
    return [key for key, (full, platforms) in entries.items()
            if not full and len(heads.get(key, set()) - set(platforms)) >= HEAD_OF_OTHERS]


# Trade words, a bracketed region anywhere in them, a legal form: 投资咨询(北京)有限公司.
_COMPANY_REST = re.compile(r"([\u4e00-\u9fff]{0,12}?)(?:[(（][\u4e00-\u9fff]{2,4}[)）])?"
                           r"(?:有限(?:责任)?公司|股份(?:有限)?公司)")


def company_follows(low: str, end: int) -> bool:
    """Only trade words and a legal form follow (盈通投资|咨询(北京)有限公司): a company's name."""
    if company_brand_at(low, end):
        return True
    rest = _COMPANY_REST.match(low, end)
    return rest is not None and not strip_trade(rest.group(1))
