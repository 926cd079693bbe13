"""Platform linking: which watched platforms a post is about, with the alias and its span.

All aliases of a watchlist (5,000 platforms is normal) sit in one Aho-Corasick automaton and are
found in one pass over the normalized text. Overlapping hits keep the longest that stands as a name.
Each alias has a class that decides how much evidence a hit needs (documented on `AliasClass`), and
every hit must stand as a name where it is (nlp.name_edges): not glued inside a longer name
(资|易贷), not the head of another platform's name (信融|财富), not crossed by an everyday word; a
derived short form must also stand as a whole name on both sides (nlp.short_forms: 友贷|邦, 联|安贷).
A listed full name links wherever it stands as a name: before 的各位/上, inside a company name
whose name begins with it. Last, nlp.link_focus keeps the platforms the post is about: not those
named only in the page's footer or search snippets, not loan products sharing a watched name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import ahocorasick

from nlp.alias_evidence import AliasClass, classify_alias, vouched_for
from nlp.aliases import LEGAL_SUFFIXES, Reason, company_brand, refusal, short_name_stem
from nlp.automaton import Automaton
from nlp.link_focus import about
from nlp.name_edges import CJK, NameEdges, has_mark
from nlp.normalize import normalize
from nlp.short_forms import LEFT_WORD_FREQ, ShortForms, company_follows, heads_of_other_names

_ASCII_UPPER = re.compile(r"[A-Z]+")
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
    full: bool  # a name as listed (name, other listed names, company), not a short form of one
    risk: bool = False  # the name is a risk term (校园贷): only 平台/app/官网 right next to it makes it a name
    platforms: list[int] = field(default_factory=list)


def fold(text: str) -> str:
    """Lower-case ASCII only, so offsets in the folded text equal offsets in the original."""
    # Run by run: str.translate would look up every Chinese character in a table.
    return _ASCII_UPPER.sub(_lower, text)


def _lower(match: re.Match[str]) -> str:
    return match.group(0).lower()


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
            short = _short_forms(spec)
            for n, alias in enumerate((spec.name, *spec.aliases)):
                key = fold(normalize(alias))
                if len(key) < 2 or (len(key) < 3 and not CJK.search(key)):
                    continue  # one character or two Latin letters cannot identify anything
                entry = self._entries.get(key)
                if entry is None:
                    full = alias not in short
                    cls = classify_alias(key, freq)
                    if n == 0 and cls is not AliasClass.COMMON and _phrase_like(key):
                        cls = AliasClass.COMMON
                    risk = n == 0 and refusal(key) is Reason.RISK_TERM
                    entry = self._entries[key] = _Entry(key, alias, cls, full, risk)
                if idx not in entry.platforms:
                    entry.platforms.append(idx)
                keys.add(key)
            strong_keys.append({k for k in keys if self._entries[k].cls is AliasClass.STRONG})
        for key in heads_of_other_names({k: (e.full, e.platforms) for k, e in self._entries.items()}):
            del self._entries[key]
        self._strong_keys = [keys - {k for k in keys if k not in self._entries} for keys in strong_keys]
        self._global_exclusions = tuple(fold(normalize(x)) for x in global_exclusions if x.strip())
        self._edges = NameEdges(freq)
        self._short = ShortForms(self._edges)
        self._automaton = Automaton(self._entries.items())
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
            return about(text, self._link(text))
        keep = [i for i, ch in enumerate(text)
                if not (ch == " " and 0 < i < len(text) - 1 and CJK.match(text[i - 1]) and CJK.match(text[i + 1]))]
        squeezed = "".join(text[i] for i in keep)
        return about(text, [Mention(m.name, text[keep[m.start]:keep[m.end - 1] + 1], keep[m.start],
                                    keep[m.end - 1] + 1) for m in self._link(squeezed)])

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
                    marked = has_mark(low, start, end, self._edges.freq)
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
        if out and pending:
            spans = [(m.start, m.end) for m in out]
            out.extend(Mention(self.specs[idx].name, text[s:e], s, e) for s, e, idx in vouched_for(text, spans, pending))
            out.sort(key=lambda m: m.start)
        return out

    def _edges_ok(self, low: str, start: int, end: int, entry: _Entry) -> bool:
        if self._excluded(low, start, end, self._global_exclusions):
            return False
        if not self._edges.stands_as_name(low, start, end, entry.key, entry.cls, entry.full, entry.risk):
            return False
        if entry.full:  # 鼎盛|盈通投资咨询有限公司: the company's name begins before the listed name
            return not (company_follows(low, end) and self._edges.glued(low, start, LEFT_WORD_FREQ))
        return self._short.stands(low, start, end, entry.key)

    @staticmethod
    def _excluded(low: str, start: int, end: int, phrases: Sequence[str]) -> bool:
        for phrase in phrases:
            pos = low.find(phrase, max(0, start - len(phrase)), end + len(phrase))
            while pos != -1 and pos < end:
                if pos <= start and pos + len(phrase) >= end:
                    return True
                pos = low.find(phrase, pos + 1, end + len(phrase))
        return False


def _short_forms(spec: PlatformSpec) -> set[str]:
    """The aliases that are short forms of the platform's other names (团贷 of 团贷网, 钱爸爸 of its
    company), as `yuqing watchlist import` derives them; every other alias is a name as listed."""
    names = (spec.name, *spec.aliases)
    stems = {short_name_stem(x) for x in names} | {company_brand(x) for x in names if x.endswith(LEGAL_SUFFIXES)}
    return {a for a in spec.aliases if a in stems}


def _phrase_like(name: str) -> bool:
    """A listed name that is a risk term (校园贷), or a generic or risk word plus a business suffix
    (小微金融, 民间资本, 联合金融), reads as a phrase far more often than as the platform: it needs a
    platform mark, like an everyday word."""
    if refusal(name) is Reason.RISK_TERM:  # 校园贷, 套路贷 listed as platforms
        return True
    stem = short_name_stem(name)
    return stem is not None and refusal(stem) in _PHRASE_REASONS


_PHRASE_REASONS = {Reason.GENERIC, Reason.RISK_TERM}
