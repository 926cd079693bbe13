"""Per-platform running aggregates the rules read: time buckets for baselines, recent posts for windows.

Fed by analyzed posts (posts.enriched live, the replayed file in a backtest). Redelivered posts
(same id) and near-duplicates (simhash within NEAR_DUPLICATE_BITS) are counted once. The whole
state serializes to JSON so the alerter keeps it in the store and a restart loses no window.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from nlp.dedup import NEAR_DUPLICATE_BITS
from nlp.risk import find_risk
from pipeline.schema import Post

# Risk categories (nlp/resources/risk_terms.tsv) that show trouble at a platform, and the severe ones.
TROUBLE_CATEGORIES = frozenset({"暴雷", "兑付", "失联跑路", "司法", "清退", "维权", "运营异常", "诈骗"})
SEVERE_CATEGORIES = frozenset({"暴雷", "失联跑路", "司法", "清退"})
ROUTINE_TERMS = frozenset({"系统升级", "系统维护"})  # "今晚系统升级" is routine unless said in anger
RECENT_S = 72 * 3600  # the longest rule window
DEDUP_S = 24 * 3600


@dataclass(slots=True)
class Recent:
    """One counted post in the recent past, with what the rules and the evidence list need."""

    t: float
    w: float
    neg: bool
    trouble: bool
    call: bool
    author: str
    id: str
    url: str | None
    cats: list[str]
    terms: list[str]
    gathering: dict[str, Any] | None = None


@lru_cache(maxsize=4096)
def term_category(term: str) -> str | None:
    cats = find_risk(term)["categories"]
    return cats[0] if cats else None


def engagement_weight(post: Post) -> float:
    m = post.metrics
    return 1.0 + math.log10(1 + m.reposts + m.comments + m.likes + m.replies)


def classify(post: Post) -> tuple[bool, bool, bool, list[str], list[str]]:
    """(negative, trouble, call, trouble categories, risk terms) of an analyzed post."""
    a = post.analysis
    assert a is not None
    neg = a.sentiment.label == "negative"
    cats = list(dict.fromkeys(c for term in a.risk.terms if (neg or term not in ROUTINE_TERMS)
                              and (c := term_category(term)) in TROUBLE_CATEGORIES))
    # A risk word in a cheerful post ("到账了，没遇到逾期") is not trouble; in an anxious question it is
    # ("提现卡了2天了，有人成功吗？" reads neutral to a sentiment model). Severe words always count.
    trouble = bool(cats) and (a.sentiment.label != "positive" or bool(SEVERE_CATEGORIES.intersection(cats))
                              or a.organizing.is_call)
    return neg, trouble, a.organizing.is_call, cats, list(a.risk.terms)


@dataclass
class PlatformTrack:
    first_seen: float
    buckets: dict[int, list[float]] = field(default_factory=dict)  # index → [n, w, neg, trouble]
    totals: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0, 0.0])
    recent: list[Recent] = field(default_factory=list)
    sims: list[tuple[float, int]] = field(default_factory=list)
    seen: dict[str, float] = field(default_factory=dict)
    terms: dict[str, float] = field(default_factory=dict)  # risk term → first seen (data time)
    last_post: float = 0.0

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["buckets"] = {str(k): v for k, v in self.buckets.items()}
        d["sims"] = [[t, f"{s:016x}"] for t, s in self.sims]
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> PlatformTrack:
        return cls(first_seen=d["first_seen"], buckets={int(k): v for k, v in d["buckets"].items()},
                   totals=d["totals"], recent=[Recent(**r) for r in d["recent"]],
                   sims=[(t, int(s, 16)) for t, s in d["sims"]], seen=d["seen"], terms=d["terms"],
                   last_post=d.get("last_post", 0.0))


class Tracker:
    """All platforms' aggregates; `add` returns the platforms a post counted for."""

    def __init__(self, bucket_s: float, horizon_s: float) -> None:
        self.bucket_s = bucket_s
        self.horizon_s = horizon_s  # baseline history kept
        self.platforms: dict[str, PlatformTrack] = {}

    def bucket(self, t: float) -> int:
        return int(t // self.bucket_s)

    def add(self, post: Post, now: float) -> list[tuple[str, Recent, list[str]]]:
        """Count an analyzed post for each platform it names: (platform, the counted post, risk terms
        never seen before for that platform). Redeliveries and near-duplicates are not counted."""
        a = post.analysis
        if a is None or not a.platforms:
            return []
        t = min(post.published_at.timestamp(), now)
        neg, trouble, call, cats, terms = classify(post)
        sim = int(a.simhash, 16)
        gathering = a.organizing.gathering.model_dump(mode="json") if a.organizing.gathering else None
        counted = []
        for name in dict.fromkeys(m.name for m in a.platforms):
            track = self.platforms.get(name)
            if track is None:
                track = self.platforms[name] = PlatformTrack(first_seen=t)
            if post.id in track.seen:
                continue
            track.seen[post.id] = t
            track.first_seen = min(track.first_seen, t)
            if any((s ^ sim).bit_count() <= NEAR_DUPLICATE_BITS and abs(t - ts) < DEDUP_S for ts, s in track.sims):
                continue
            track.sims.append((t, sim))
            w = engagement_weight(post)
            row = track.buckets.setdefault(self.bucket(t), [0.0, 0.0, 0.0, 0.0])
            for i, v in enumerate((1.0, w, float(neg), float(trouble))):
                row[i] += v
                track.totals[i] += v
            recent = Recent(t=t, w=w, neg=neg, trouble=trouble, call=call,
                            author=post.author.id or post.author.name or post.id, id=post.id,
                            url=post.url, cats=cats, terms=terms, gathering=gathering)
            track.recent.append(recent)
            track.last_post = max(track.last_post, t)
            fresh = [term for term in terms if term not in track.terms]
            for term in fresh:
                track.terms[term] = t
            counted.append((name, recent, fresh))
        return counted

    def prune(self, now: float) -> None:
        """Forget what no rule can look at any more (keeps the persisted state bounded)."""
        oldest = self.bucket(now - self.horizon_s)
        for track in self.platforms.values():
            for k in [k for k in track.buckets if k < oldest]:
                for i, v in enumerate(track.buckets.pop(k)):
                    track.totals[i] -= v
            track.recent = [r for r in track.recent if r.t >= now - RECENT_S]
            track.sims = [(t, s) for t, s in track.sims if t >= now - DEDUP_S]
            track.seen = {k: t for k, t in track.seen.items() if t >= now - RECENT_S}

    def window_sum(self, track: PlatformTrack, start: float, end: float) -> list[float]:
        """[n, w, neg, trouble] over whole buckets in [start, end)."""
        out = [0.0, 0.0, 0.0, 0.0]
        b0, b1 = self.bucket(start), self.bucket(end)
        if b1 - b0 > len(track.buckets):
            rows = (v for k, v in track.buckets.items() if b0 <= k < b1)
        else:
            rows = (track.buckets[k] for k in range(b0, b1) if k in track.buckets)
        for row in rows:
            for i in range(4):
                out[i] += row[i]
        return out

    def to_json(self) -> dict[str, Any]:
        return {name: track.to_json() for name, track in self.platforms.items()}

    def load(self, data: dict[str, Any]) -> None:
        self.platforms = {name: PlatformTrack.from_json(d) for name, d in data.items()}


def ts(dt: datetime) -> float:
    return dt.timestamp()
