"""Where a watched name's hit stands in the text: is it a name there, or part of something else?

Used by nlp.platforms.PlatformLinker for every hit: word edges (a dictionary word crossing the hit,
a name glued inside a longer name, another platform's name starting with it, a famous brand or a
bank before it as in 平安|财富宝 and 招商银行的|快易贷, a longer 《title》 around it, a district it is
glued to) and platform marks (出借人, 平台, 【】, a company name around it). All decisions use jieba's
base dictionary only; derived short forms get more checks in nlp.short_forms.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from nlp.alias_evidence import AliasClass, best_bounds
from nlp.aliases import LEGAL_SUFFIXES, TRADE_WORDS, Reason, stoplist
from nlp.organizing.places import is_place_name

_ALNUM = re.compile(r"[0-9A-Za-z]")
CJK = re.compile(r"[\u4e00-\u9fff]")

# Marks right after (or right before) an everyday-word alias that show it names a platform.
AFTER_MARKS = (
    "平台 网贷 理财 金融 app 官网 官方 客服 公司 自融 暴雷 爆雷 跑路 逾期 清退 清盘 立案 兑付 提现 失联 良退 良性 "
    "投资人 出借人 用户 回款 还款 退出 倒闭 涉嫌 的投资人 的出借人 的钱 上的 里的钱 出事 被查 被立案 爆了 雷了 "
    "老板 实控人 高管 案 事件 维权 的资产 资产 那边 的案 退赔 的退赔 的实际控制人 的老板 的群 群里 的事 这个平台 受害者 的受害者 "
    "又 也 还 已经 终于 都 宣布 发布 回应 声明 展期 出事 出了事 靠谱 、 清算 注销 的各位 各位 的全体 全体 的广大 广大 的受害人"
).split()
BEFORE_MARKS = "平台 网贷 p2p 投资 出借 借给 投了 在 被 关于 涉及 投 买了 和 、 像 比如 包括".split()
# An everyday-word alias directly followed by one of these is another organisation (美银证券, 小牛电动).
OTHER_ORG = re.compile(r"证券|银行|集团|保险|基金|信托|控股|汽车|电动|手机|酒店|医院|学校|大学|餐厅|超市|球场|网球|小区|公园")
_OWN_GROUP = re.compile(r"集团|控股")
# Any name, however distinctive, directly followed by one of these names a place that shares it
# (五洲国际|商贸城, 金鼎|花园): a mall or a housing estate, not the platform.
VENUE_AFTER = re.compile(r"商贸城|商城|购物中心|购物广场|商场|小区|花园|公寓|家园|新村")
# A name that ends like a place (财富港, 融资谷, 淘金城) glued to the word before it (前海|财富港) is
# that district's venue; a city before it (深圳|融资城) may only tell the platform apart.
VENUE_END = re.compile(r"(?:港|城|谷|湾|园|街|广场|中心|大厦|小镇)$")
# A famous brand or any bank and 的 right before a hit make it that one's product (招商银行的|快易贷).
_OWNER_OF = re.compile(r"银行的$")
# Title marks around more than the hit: the hit is a piece of a book's, song's or film's title.
_TITLE_OPEN, _TITLE_CLOSE = "《", "》"
# Characters that stand alone before a name (在团贷网, 称钱爸爸, 投善林金融): not a glued prefix.
BOUNDARY_CHARS = frozenset(
    "的地得在和与及跟同或是被把继系将对向给从自由于以为到至让使令叫称说据如像若即就都也还又再才而但并且等了着过"
    "去来上下里中内外前后原该此这那其各每个家款位名投买借存充提取找问查告诉曝涉含连用做当属看听玩转离退入进回推"
    "出选跑逃抓拘捕判审罚封停关倒炸爆雷约请求帮替陪靠凭按照比除经随共所吗呢吧啊呀哦嘛么哈啦们你我他她它咱您谁"
    "啥哪只仅均全总有无没不别未非已曾正会能可要想应需肯敢愿超放拿交领签赚亏卖收付踩换冲撤挪搬注登刷抢骂")
TRADE_SUFFIXES = tuple(sorted((*TRADE_WORDS, *LEGAL_SUFFIXES), key=len, reverse=True))
TRADE = re.compile("|".join(TRADE_SUFFIXES))
DATE_END = re.compile(r"[0-9一二三四五六七八九十]\s?[年月日号]$")
GLUE_WORD_FREQ = 3  # any dictionary word ending right before the hit is a real boundary (深圳市|钱爸爸)
# After a full name, these still leave it standing as a name (融美网上投了, 贷掌柜的各位).
POSTPOSITIONS = frozenset("上里内的")
# Suffixes that make a short form into another platform's name (信融财富 is not 信融创投).
SIBLING_SUFFIX = re.compile(r"国际|金融|金服|理财|财富|投资|创投|资本|资产|在线|金所|金控|普惠|钱包|网|贷|宝|财|币")
NAME_ENDINGS = frozenset("财贷宝币")
# A risk-term name (校园贷) is a platform only with one of these right after it.
PLATFORM_WORD = re.compile(r"平台|app|官网|官方|公司|网贷|理财")
STRADDLE_FREQ = 50  # a word crossing a hit's edge must be at least this common to veto it
VETO_FREQ = 200  # even a distinctive name loses a hit when such a word crosses its edge (温商贷|款)
_QUOTES = {"【": "】", "“": "”", "「": "」", '"': '"', "‘": "’", "『": "』", "[": "]"}


class NameEdges:
    """Word-edge checks for hits; `freq` is jieba's base dictionary frequency (0 when unknown)."""

    def __init__(self, freq: Callable[[str], int]) -> None:
        self.freq = freq
        # A famous brand right before a hit makes it that brand's product (平安|财富宝, 京东|小金库).
        self._brands = frozenset(w for w, why in stoplist().items() if why is Reason.BRAND and CJK.match(w))

    def stands_as_name(self, low: str, start: int, end: int, key: str, cls: AliasClass, full: bool,
                       risk: bool) -> bool:
        """All edge checks for one hit of alias `key` in the folded text `low`."""
        if _ALNUM.match(key[0]) and start > 0 and _ALNUM.match(low[start - 1]):
            return False
        if _ALNUM.match(key[-1]) and end < len(low) and _ALNUM.match(low[end]):
            return False
        if VENUE_AFTER.match(low, end):
            return False
        if cls is not AliasClass.STRONG and OTHER_ORG.match(low, end) and not (
                full and cls is AliasClass.WEAK and _OWN_GROUP.match(low, end)):
            return False  # 小牛|电动 is another company; 渤海创投|集团 is the platform's own group
        if self._sibling(low, end, full) or self.glued(low, start):
            return False
        if self._owned(low, start):
            return False
        if cls is not AliasClass.STRONG and (in_title(low, start, end) or self._venue(low, start, key)):
            return False
        if risk and not (PLATFORM_WORD.match(low, end) or low.endswith(("平台", "平台上的"), 0, start)):
            return False
        threshold = VETO_FREQ if cls is AliasClass.STRONG else STRADDLE_FREQ
        # A full name followed by 上/里/内/的 (融美网上投了, 贷掌柜的各位) is a name, unless it splits
        # into an everyday word and the start of the next word (银票|网上). Every other name must end
        # where a word ends (温商贷|款, 银湖网|球场).
        right = not (full and low[end:end + 1] in POSTPOSITIONS) or self._resplit(low, start, end)
        if not self._straddled(low, start, end, threshold, right):
            return True
        return self._segment_edges(low, start, end, right)

    def _owned(self, low: str, start: int) -> bool:
        """A famous brand right before the hit, or a brand or a bank and 的 (平安|财富宝, 京东的|小金库,
        招商银行的|快易贷): the hit is that one's product."""
        if _OWNER_OF.search(low, max(0, start - 3), start):
            return True
        for own in (start, start - 1 if low[start - 1:start] == "的" else -1):
            if own > 0 and any(low[own - k:own] in self._brands for k in range(2, min(own, 4) + 1)):
                return True
        return False

    def _venue(self, low: str, start: int, key: str) -> bool:
        """A name ending like a place, glued to a word before it that is no city (前海|财富港), and not
        called a platform or company right after (版主编辑|财富港公司 is the platform)."""
        if (not VENUE_END.search(key) or start == 0 or not CJK.match(low[start - 1])
                or low[start - 1] in BOUNDARY_CHARS or PLATFORM_WORD.match(low, start + len(key))):
            return False
        return not any(is_place_name(low[i:start]) for i in range(max(0, start - 4), start - 1))

    def bounds(self, w: str) -> set[int]:
        """Word boundaries of `w` in jieba's most probable segmentation with its base dictionary."""
        return best_bounds(w, self.freq)

    def _resplit(self, low: str, start: int, end: int) -> bool:
        """True when the name splits into a dictionary word and the start of a word running past it."""
        freq = self.freq
        for k in range(start + 2, end):
            if freq(low[start:k]) > 0 and any(freq(low[k:j]) >= STRADDLE_FREQ
                                              for j in range(end + 1, min(len(low), k + 4) + 1)):
                return True
        return False

    def _sibling(self, low: str, end: int, full: bool) -> bool:
        """True when the hit is the head of another platform's name. A short form followed by a name
        suffix (信融|财富 for 信融创投, 易贷|网 for 易贷在线) is a sibling platform, since the full
        name would have matched as the longer alias; a full name followed by a lone name-ending
        character (华夏信|财) is a longer name."""
        if not full:
            sib, trade = SIBLING_SUFFIX.match(low, end), TRADE.match(low, end)
            # 宜聚|网络科技 is no sibling 宜聚网: the one-character suffix is the start of a trade word.
            return sib is not None and not (trade and sib.end() == end + 1 and trade.end() > sib.end())
        nxt = low[end:end + 1]
        return bool(nxt) and nxt in NAME_ENDINGS and self.freq(low[end:end + 2]) == 0

    def glued(self, low: str, start: int, min_freq: int = GLUE_WORD_FREQ) -> bool:
        """True when the hit is the tail of a longer name (圣|盈信金服, 资|易贷, 大润|发): a Chinese
        character sits right before it that is neither a standalone function or verb character
        (在, 的, 称, 投) nor the end of a dictionary word (深圳市|钱爸爸, 曝光|团贷网), a place or a date
        (7月5日|牛板金). No commoner word may cross that word's start: in 湖南汇|盈天下 the word 南汇
        does not count, 湖南 is read. A short form asks for a commoner word (报道|联璧, not 冠群|天勤)."""
        if start == 0 or not CJK.match(low[start - 1]) or low[start - 1] in BOUNDARY_CHARS:
            return False
        if DATE_END.search(low, max(0, start - 3), start):
            return False
        if any(is_place_name(low[i:start]) for i in range(max(0, start - 4), start - 1)):
            return False
        freq = self.freq
        for i in range(max(0, start - 4), start - 1):
            f = freq(low[i:start])
            if f >= min_freq and not any(freq(low[a:b]) > f for b in range(i + 1, start)
                                         for a in range(max(0, b - 4), i)):
                return False
        return True

    def _straddled(self, low: str, start: int, end: int, threshold: int, right: bool = True) -> bool:
        """True when a common dictionary word crosses the hit's left or right edge (集[团贷]款)."""
        freq = self.freq
        for i in range(max(0, start - 3), start):
            for j in range(start + 1, min(end, i + 4) + 1):
                if freq(low[i:j]) >= threshold:
                    return True
        if not right:
            return False
        for i in range(start + 1, end):
            for j in range(end + 1, min(len(low), i + 4) + 1):
                if freq(low[i:j]) >= threshold:
                    return True
        return False

    def _segment_edges(self, low: str, start: int, end: int, right: bool = True) -> bool:
        """Do the hit's edges fall between words when the text around it is segmented with jieba's
        own dictionary (no watchlist)? 在|小牛|在线|上 keeps 小牛在线; 温商|贷款 breaks 温商贷."""
        ws, we = max(0, start - 4), min(len(low), end + 4)
        bounds = self.bounds(low[ws:we])
        return (start - ws) in bounds and (not right or (end - ws) in bounds)


AFTER_RE = re.compile("|".join(sorted(map(re.escape, AFTER_MARKS), key=len, reverse=True)))
_BEFORE_RE = re.compile("(?:" + "|".join(sorted(map(re.escape, BEFORE_MARKS), key=len, reverse=True)) + ")$")

# A name inside a company name (钱爸爸电子商务有限公司, 资易贷（北京）金融信息服务有限公司) is a name.
_COMPANY_AFTER = re.compile(r"((?:[(（][\u4e00-\u9fff]{2,4}[)）])?[\u4e00-\u9fff]{0,12}?)(?:有限(?:责任)?公司|股份公司)")
_PAREN_NOTE = re.compile(r"[(（][^)）]*[)）]")
# How victims tell platforms apart: 米袋子杭州的, 宝丰盛泰安那个平台, 星云（杭州那个理财平台）.
_PLACE_THEN = re.compile(r"([\u4e00-\u9fff]{2,4}?)(?:的|那个|那家|这个|这家)")
_DATE_AFTER = re.compile(r"\s?20\d\d[-./年]\d")  # 钱宝贝2016-05-20上海虹口提现困难: a list of failed platforms
_BRACKET_PLATFORM = re.compile(r"[(（][^)）]{0,12}平台")


# What happens to a platform, said in the passive: 钱庄网被杭州警方立案.
_PASSIVE_AFTER = re.compile(r"被[^，。！？,.!?\s]{0,8}?(?:立案|查封|查处|冻结|抓|带走|刑拘|逮捕|起诉|判|通报)")


def in_title(low: str, start: int, end: int) -> bool:
    """The hit is a piece of a longer title in 《》 (《理财时代的十堂课》): a book, song or film."""
    opened = low.rfind(_TITLE_OPEN, max(0, start - 20), start + 1)
    if opened == -1 or _TITLE_CLOSE in low[opened:start]:
        return False
    closed = low.find(_TITLE_CLOSE, end, end + 20)
    return closed != -1 and _TITLE_OPEN not in low[end:closed] and (opened, closed) != (start - 1, end)


def has_mark(low: str, start: int, end: int, freq: Callable[[str], int] | None = None) -> bool:
    """A platform mark right after the hit (one character may sit between), right before it,
    brackets around it, or the rest of a company name after it. Title marks are no platform mark:
    《两只老虎》 is a song, though a victim may also write 《来存吧》 among money talk.

    With jieba's dictionary `freq`, two marks are weighed: a list comma counts only when the items
    beside the hit are no everyday words (房租、零钱包、存款 is a budget, 团贷网、零钱包 a list of
    platforms), and quotes around a dictionary word are scare quotes (基金被吹成“聚宝盆”), not a name's."""
    listed = freq is not None and _among_everyday_words(low, start, end, freq)
    for at in (end, end + 1):
        after = AFTER_RE.match(low, at)
        if after and not (listed and after.group() == "、"):
            return True
    if _PASSIVE_AFTER.match(low, end) or _BRACKET_PLATFORM.match(low, end) or _DATE_AFTER.match(low, end):
        return True
    if company_brand_at(low, end):
        return True  # 钱爸爸电子商务有限公司, not 生活好管家|家政服务有限公司
    place = _PLACE_THEN.match(low, end)
    if place and is_place_name(place.group(1)):
        return True
    before = _BEFORE_RE.search(low, max(0, start - 4), start)
    if before and not (listed and before.group() == "、"):
        return True
    left = low[start - 1] if start > 0 else ""
    if not (left in _QUOTES and low[end:end + 1] == _QUOTES[left]):
        return False
    return left not in _SCARE_QUOTES or freq is None or freq(low[start:end]) == 0


_SCARE_QUOTES = frozenset("“‘\"'「")
_LIST_SEP = "、"
_ITEM_END = re.compile(r"[、，,。；;：:！？!?\s（）()]")
EVERYDAY_ITEM_FREQ = 30  # a list item this common in jieba's dictionary is an everyday word (房租, 存钱)


def _among_everyday_words(low: str, start: int, end: int, freq: Callable[[str], int]) -> bool:
    """The hit is an item of a 、-list whose items beside it are everyday words. An item between two
    、 is taken whole (校园贷款); the first item of the list is the word that ends right before its
    、, the last one the word that starts right after its 、, as jieba cuts them (分成|房租、零钱包、
    存款|三份)."""
    items = []
    if low[start - 1:start] == _LIST_SEP:
        head = start - 1
        while head > 0 and start - 1 - head < 8 and not _ITEM_END.match(low, head - 1):
            head -= 1
        span = low[head:start - 1]
        if low[head - 1:head] != _LIST_SEP:
            span = span[max(best_bounds(span, freq) - {len(span)}, default=0):]
        items.append(span)
    if low[end:end + 1] == _LIST_SEP:
        tail = _ITEM_END.search(low, end + 1, end + 10)
        span = low[end + 1:tail.start() if tail else min(len(low), end + 9)]
        if not (tail and tail.group() == _LIST_SEP):
            span = span[:min(best_bounds(span, freq) - {0}, default=0)]
        items.append(span)
    return bool(items) and all(freq(item) >= EVERYDAY_ITEM_FREQ for item in items)


def company_brand_at(low: str, end: int) -> bool:
    """True when only trade words and a legal form follow (钱爸爸|电子商务有限公司): the hit is a
    company's brand."""
    company = _COMPANY_AFTER.match(low, end)
    return company is not None and not strip_trade(_PAREN_NOTE.sub("", company.group(1)))


def strip_trade(mid: str) -> str:
    """What is left of the words between a brand and its legal form without trade words (电子商务)."""
    for _ in range(4):
        mid = next((mid[:-len(w)] for w in TRADE_SUFFIXES if mid.endswith(w)), mid)
    return mid
