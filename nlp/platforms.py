"""Platform linking: which watched platforms a post is about, with the alias and its span.

All aliases of a watchlist (5,000 platforms is normal) sit in one Aho-Corasick automaton and are
found in one pass over the normalized text. Overlapping hits keep the longest. Each alias has a
class that decides how much evidence a hit needs (documented on `AliasClass`), so short or
everyday-word aliases (小牛, 时代, 零花钱) do not fire inside unrelated words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import ahocorasick

from nlp.alias_evidence import AliasClass, classify_alias
from nlp.aliases import Reason, refusal, short_name_stem
from nlp.normalize import normalize

_ASCII_LOWER = {cp: cp + 32 for cp in range(ord("A"), ord("Z") + 1)}
_ALNUM = re.compile(r"[0-9A-Za-z]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_GAP = re.compile(r"[\u4e00-\u9fff] [\u4e00-\u9fff]")

# Words that make a finance reading of an ambiguous name likely when they occur in the post.
CONTEXT_TERMS = (
    "平台 网贷 p2p 理财 投资 出借 借款 提现 逾期 兑付 本金 利息 收益 回款 充值 标的 债转 暴雷 爆雷 跑路 "
    "失联 清退 清盘 良性退出 立案 经侦 非法集资 集资 维权 投资人 出借人 受害人 金融 贷款 存管 资金 "
    "年化 理财产品 还款 催收 套路贷 app 官网 公司 老板 实控人 退出 倒闭 停业 涉嫌 诈骗 延期 逾期 资产 处置 退赔 "
    "分配 到账 案 宣判 判决 法院 警方 公安 强制措施 实际控制人 登记 合同 退款 群 清算 追赃 挽损 被骗 骗 血汗钱 "
    "靠谱 出事 出了事 出的事 踩雷 踩过雷 中招 雷 跑了 落网 展期 良退 公告 "
    "客服 人工客服 新标 标 借新还旧 自融 额度 积分 利率 加息 复投 项目 本息 到期 提了 提不 卡了 限额 运营报告"
).split()
# Marks right after (or right before) an everyday-word alias that show it names a platform.
AFTER_MARKS = (
    "平台 网贷 理财 金融 app 官网 官方 公司 暴雷 爆雷 跑路 逾期 清退 清盘 立案 兑付 提现 失联 良退 良性 "
    "投资人 出借人 用户 回款 还款 退出 倒闭 涉嫌 的投资人 的出借人 的钱 上的 里的钱 出事 被查 被立案 爆了 雷了 "
    "老板 实控人 高管 案 事件 维权 的资产 资产 那边 的案 退赔 的退赔 的实际控制人 的老板 的群 群里 的事 这个平台 "
    "又 也 还 已经 终于 都 宣布 发布 回应 声明 展期 出事 出了事 靠谱 、 的各位 各位 的全体 全体 的广大 广大 的受害人"
).split()
BEFORE_MARKS = "平台 网贷 p2p 投资 出借 借给 投了 在 被 关于 涉及 投 买了 和 、 像 比如 包括".split()
# An everyday-word alias directly followed by one of these is another organisation (美银证券, 小牛电动).
OTHER_ORG = re.compile(r"证券|银行|集团|保险|基金|信托|控股|汽车|电动|手机|酒店|医院|学校|大学|餐厅|超市|球场|网球|小区|公园")
# Characters that stand alone before a name (在团贷网, 称钱爸爸, 投善林金融): not a glued prefix.
BOUNDARY_CHARS = frozenset(
    "的地得在和与及跟同或是被把继系将对向给从自由于以为到至让使令叫称说据如像若即就都也还又再才而但并且等了着过"
    "去来上下里中内外前后原该此这那其各每个家款位名投买借存充提取找问查告诉曝涉含连用做当属看听玩转离退入进回推"
    "出选跑逃抓拘捕判审罚封停关倒炸爆雷约请求帮替陪靠凭按照比除经随共所吗呢吧啊呀哦嘛么哈啦们你我他她它咱您谁"
    "啥哪只仅均全总有无没不别未非已曾正会能可要想应需肯敢愿")
GLUE_WORD_FREQ = 3
POSTPOSITIONS = frozenset("上里内的")
# Suffixes that make a short form into another platform's name (信融财富 is not 信融创投).
SIBLING_SUFFIX = re.compile(r"国际|金融|金服|理财|财富|投资|创投|资本|资产|在线|金所|金控|普惠|钱包|网|贷|宝|财|币")
NAME_ENDINGS = frozenset("财贷宝币")
_PLATFORM_WORD = re.compile(r"平台|app|官网|官方|公司|网贷|理财")  # any dictionary word ending right before the hit is a real boundary (深圳市|钱爸爸)
STRADDLE_FREQ = 50  # a word crossing a hit's edge must be at least this common to veto it
VETO_FREQ = 200  # even a distinctive name loses a hit when such a word crosses its edge (温商贷|款)
_LOG_TOTAL = math.log(60_000_000)  # jieba's dictionary total, order of magnitude
_QUOTES = {"【": "】", "“": "”", "「": "」", "《": "》", '"': '"', "‘": "’", "『": "』", "[": "]"}


@dataclass(frozen=True, slots=True)
class PlatformSpec:
    name: str
    aliases: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    name: str
    alias: str
    start: int
    end: int


@dataclass(slots=True)
class _Entry:
    key: str
    alias: str
    cls: AliasClass
    full: bool  # a platform's listed name (or company), not a short form
    risk: bool = False  # the name is a risk term (校园贷): only 平台/app/官网 right next to it makes it a name
    platforms: list[int] = field(default_factory=list)


def fold(text: str) -> str:
    """Lower-case ASCII only, so offsets in the folded text equal offsets in the original."""
    return text.translate(_ASCII_LOWER)


class PlatformLinker:
    """Finds watched platforms in normalized text. Build once per watchlist; `link()` is pure."""

    def __init__(
        self,
        specs: Sequence[PlatformSpec],
        global_exclusions: Iterable[str] = (),
        word_freq: Callable[[str], int] | None = None,
    ) -> None:
        self.specs = list(specs)
        freq = word_freq or (lambda _w: 0)
        self._entries: dict[str, _Entry] = {}
        self._exclusions: list[tuple[str, ...]] = []
        strong_keys: list[set[str]] = []
        for idx, spec in enumerate(self.specs):
            self._exclusions.append(tuple(fold(normalize(x)) for x in spec.exclusions if x.strip()))
            keys: set[str] = set()
            for n, alias in enumerate((spec.name, *spec.aliases)):
                key = fold(normalize(alias))
                if len(key) < 2 or (len(key) < 3 and not _CJK.search(key)):
                    continue  # one character or two Latin letters cannot identify anything
                entry = self._entries.get(key)
                if entry is None:
                    full = n == 0 or alias.endswith("公司")
                    cls = classify_alias(key, freq)
                    if n == 0 and cls is not AliasClass.COMMON and _phrase_like(key):
                        cls = AliasClass.COMMON
                    entry = self._entries[key] = _Entry(key, alias, cls, full, refusal(key) is Reason.RISK_TERM)
                if idx not in entry.platforms:
                    entry.platforms.append(idx)
                keys.add(key)
            strong_keys.append({k for k in keys if self._entries[k].cls is AliasClass.STRONG})
        self._strong_keys = strong_keys
        self._global_exclusions = tuple(fold(normalize(x)) for x in global_exclusions if x.strip())
        self._freq = freq
        self._automaton = ahocorasick.Automaton()
        for key, entry in self._entries.items():
            self._automaton.add_word(key, entry)
        if self._entries:
            self._automaton.make_automaton()
        self._context = ahocorasick.Automaton()
        for term in CONTEXT_TERMS:
            self._context.add_word(term, term)
        self._context.make_automaton()

    def __len__(self) -> int:
        return len(self.specs)

    def link(self, text: str) -> list[Mention]:
        """Every watched platform named in `text` (normalized), first mention per alias span.

        A space typed inside a name (钱 爸爸, 【 团贷网 】 is fine anyway) does not hide it: spaces
        between two Chinese characters are read as absent, and spans point into `text` as given."""
        if not self._entries or not text:
            return []
        if " " not in text or not _CJK_GAP.search(text):
            return self._link(text)
        keep = [i for i, ch in enumerate(text)
                if not (ch == " " and 0 < i < len(text) - 1 and _CJK.match(text[i - 1]) and _CJK.match(text[i + 1]))]
        squeezed = "".join(text[i] for i in keep)
        return [Mention(m.name, text[keep[m.start]:keep[m.end - 1] + 1], keep[m.start], keep[m.end - 1] + 1)
                for m in self._link(squeezed)]

    def _link(self, text: str) -> list[Mention]:
        low = fold(text)
        # Leftmost-longest first (小牛在线 wins over 小牛 and 在线); a hit that fails its checks
        # leaves room for the hits it overlaps (武[汉融]通恒信 must not hide 融通恒信).
        hits = sorted(((end + 1 - len(e.key), end + 1, e) for end, e in self._automaton.iter(low)),
                      key=lambda h: (h[0], -h[1]))
        if not hits:
            return []
        strong_seen = {e.key for _s, _e, e in hits if e.cls is AliasClass.STRONG}
        has_context = None
        out: list[Mention] = []
        pending: list[tuple[int, int, int]] = []  # everyday-word hits waiting for the verdict on the rest
        covered = 0
        for start, end, entry in hits:
            if start < covered:
                continue
            edges: bool | None = None  # the costliest check, so it runs last and once per hit
            for idx in entry.platforms:
                if self._excluded(low, start, end, self._exclusions[idx]):
                    continue
                waiting = False
                if entry.cls is not AliasClass.STRONG and not (strong_seen & self._strong_keys[idx]):
                    marked = _marked(low, start, end)
                    named = marked and entry.full and entry.cls is AliasClass.WEAK
                    if has_context is None and not named:
                        has_context = any(True for _ in self._context.iter(low))
                    if not (has_context or named):
                        continue  # a full name with a platform mark needs no money talk (人人宝爆了)
                    waiting = entry.cls is AliasClass.COMMON and not marked
                if edges is None:
                    edges = self._edges_ok(low, start, end, entry)
                if not edges:
                    break
                covered = end
                if waiting:
                    pending.append((start, end, idx))
                else:
                    out.append(Mention(self.specs[idx].name, text[start:end], start, end))
        if out:  # named next to other watched platforms (金银猫、永利宝), an everyday word is a name
            out.extend(Mention(self.specs[idx].name, text[s:e], s, e) for s, e, idx in pending)
            out.sort(key=lambda m: m.start)
        return out

    def _edges_ok(self, low: str, start: int, end: int, entry: _Entry) -> bool:
        if self._excluded(low, start, end, self._global_exclusions):
            return False
        if _ALNUM.match(entry.key[0]) and start > 0 and _ALNUM.match(low[start - 1]):
            return False
        if _ALNUM.match(entry.key[-1]) and end < len(low) and _ALNUM.match(low[end]):
            return False
        if entry.cls is not AliasClass.STRONG and OTHER_ORG.match(low, end):
            return False
        if self._sibling(low, end, entry) or self._glued(low, start):
            return False
        if entry.risk and not (_PLATFORM_WORD.match(low, end) or low.endswith(("平台", "平台上的"), 0, start)):
            return False
        threshold = VETO_FREQ if entry.cls is AliasClass.STRONG else STRADDLE_FREQ
        # A full name followed by 上/里/内/的 (融美网上投了, 贷掌柜的各位) is a name, unless it splits
        # into an everyday word and the start of the next word (银票|网上). Every other name must end
        # where a word ends (温商贷|款, 银湖网|球场).
        right = not (entry.full and low[end:end + 1] in POSTPOSITIONS) or self._resplit(low, start, end)
        if not self._straddled(low, start, end, threshold, right):
            return True
        return self._segment_edges(low, start, end, right)

    def _resplit(self, low: str, start: int, end: int) -> bool:
        freq = self._freq
        for k in range(start + 2, end):
            if freq(low[start:k]) > 0 and any(freq(low[k:j]) >= STRADDLE_FREQ
                                              for j in range(end + 1, min(len(low), k + 4) + 1)):
                return True
        return False

    def _sibling(self, low: str, end: int, entry: _Entry) -> bool:
        """True when the hit is the head of another platform's name. A short form followed by a name
        suffix (信融|财富 for 信融创投, 易贷|网 for 易贷在线) is a sibling platform, since the full
        name would have matched as the longer alias; a full name followed by a lone name-ending
        character (华夏信|财) is a longer name."""
        if not entry.full:
            return SIBLING_SUFFIX.match(low, end) is not None
        nxt = low[end:end + 1]
        return bool(nxt) and nxt in NAME_ENDINGS and self._freq(low[end:end + 2]) == 0

    def _glued(self, low: str, start: int) -> bool:
        """True when the hit is the tail of a longer name (圣|盈信金服, 资|易贷, 大润|发): a Chinese
        character sits right before it that is neither a standalone function or verb character
        (在, 的, 称, 投) nor the end of a dictionary word (深圳市|钱爸爸, 曝光|团贷网)."""
        if start == 0 or not _CJK.match(low[start - 1]) or low[start - 1] in BOUNDARY_CHARS:
            return False
        freq = self._freq
        return not any(freq(low[i:start]) >= GLUE_WORD_FREQ for i in range(max(0, start - 4), start - 1))

    def _straddled(self, low: str, start: int, end: int, threshold: int, right: bool = True) -> bool:
        """True when a common dictionary word crosses the hit's left or right edge (集[团贷]款)."""
        freq = self._freq
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
        w = low[ws:we]
        n = len(w)
        freq = self._freq
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
        return (start - ws) in bounds and (not right or (end - ws) in bounds)

    @staticmethod
    def _excluded(low: str, start: int, end: int, phrases: Sequence[str]) -> bool:
        for phrase in phrases:
            pos = low.find(phrase, max(0, start - len(phrase)), end + len(phrase))
            while pos != -1 and pos < end:
                if pos <= start and pos + len(phrase) >= end:
                    return True
                pos = low.find(phrase, pos + 1, end + len(phrase))
        return False


def _phrase_like(name: str) -> bool:
    """A listed name that is a risk term (校园贷), or a generic or risk word plus a business suffix
    (小微金融, 民间资本, 联合金融), reads as a phrase far more often than as the platform: it needs a
    platform mark, like an everyday word."""
    if refusal(name) is Reason.RISK_TERM:  # 校园贷, 套路贷 listed as platforms
        return True
    stem = short_name_stem(name)
    return stem is not None and refusal(stem) in _PHRASE_REASONS


_PHRASE_REASONS = {Reason.GENERIC, Reason.RISK_TERM}
_AFTER_RE = re.compile("|".join(sorted(map(re.escape, AFTER_MARKS), key=len, reverse=True)))
_BEFORE_RE = re.compile("(?:" + "|".join(sorted(map(re.escape, BEFORE_MARKS), key=len, reverse=True)) + ")$")


# A name inside a company name (钱爸爸电子商务有限公司, 资易贷（北京）金融信息服务有限公司) is a name.
_COMPANY_AFTER = re.compile(r"(?:[(（][\u4e00-\u9fff]{2,4}[)）])?[\u4e00-\u9fff]{0,12}?(?:有限(?:责任)?公司|股份公司)")


def _marked(low: str, start: int, end: int) -> bool:
    """A platform mark right after the hit (one character may sit between), right before it,
    brackets around it, or the rest of a company name after it."""
    if _AFTER_RE.match(low, end) or _AFTER_RE.match(low, end + 1) or _COMPANY_AFTER.match(low, end):
        return True
    if _BEFORE_RE.search(low, max(0, start - 4), start):
        return True
    left = low[start - 1] if start > 0 else ""
    return bool(left in _QUOTES and low[end:end + 1] == _QUOTES[left])
