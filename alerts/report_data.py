"""What `yuqing report` shows, read from the Store into one frozen ReportData: heat per platform,
alerts, gatherings announced in posts or alerts, and the most engaging posts of the period.
`alerts.report` turns it into HTML; nothing here renders or escapes."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pipeline.schema import Alert, Gathering, Level, Post
from pipeline.store import PostFilter, Store

HOUR = timedelta(hours=1)
MAX_BARS = 168  # a week of hourly bars; longer periods get wider buckets
LEVELS: tuple[Level, ...] = ("high", "medium", "low")


@dataclass(frozen=True, slots=True)
class PlatformRow:
    """One platform's heat in the period; `series` holds posts per bucket, oldest first."""

    name: str
    posts: int
    negative: int
    calls: int
    series: tuple[int, ...]
    latest_alert: Level | None

    @property
    def negative_share(self) -> float | None:
        return self.negative / self.posts if self.posts else None


@dataclass(frozen=True, slots=True)
class PostRow:
    """A stored post as the report lists it (raw text: the renderer escapes and cuts it)."""

    id: str
    url: str | None
    title: str | None
    text: str
    author: str | None
    platforms: tuple[str, ...]
    published_at: datetime
    engagement: int
    sentiment: str | None  # negative | neutral | positive, None before analysis
    negative: float | None
    is_call: bool


@dataclass(frozen=True, slots=True)
class GatheringRow:
    """A planned gathering; `posts` counts the posts announcing it (reposts repeat a call)."""

    start: datetime
    end: datetime | None
    place: str
    province: str | None
    city: str | None
    platforms: tuple[str, ...]
    url: str | None
    excerpt: str
    posts: int


@dataclass(frozen=True, slots=True)
class ReportData:
    start: datetime
    end: datetime
    generated_at: datetime
    bucket: timedelta
    bucket_starts: tuple[datetime, ...]
    posts: int
    negative: int
    calls: int
    platforms: tuple[PlatformRow, ...]
    alerts: tuple[Alert, ...]  # newest first
    alerts_truncated: bool
    gatherings: tuple[GatheringRow, ...]  # by planned time
    top_posts: tuple[PostRow, ...]

    @property
    def alert_levels(self) -> dict[Level, int]:
        counted = Counter(a.level for a in self.alerts)
        return {level: counted.get(level, 0) for level in LEVELS}

    @property
    def empty(self) -> bool:
        return self.posts == 0 and not self.alerts


def bucket_for(period: timedelta) -> timedelta:
    """Hourly bars, widened to whole hours so a long period still fits in MAX_BARS."""
    hours = max(1, math.ceil(period / HOUR))
    return HOUR * max(1, math.ceil(hours / MAX_BARS))


def bucket_starts(start: datetime, end: datetime, bucket: timedelta) -> tuple[datetime, ...]:
    """Bucket starts covering [start, end), aligned to the epoch in UTC as Store.counts aligns them."""
    size = bucket.total_seconds()
    first = math.floor(start.timestamp() / size) * size
    out = []
    t = first
    while t < end.timestamp():
        out.append(datetime.fromtimestamp(t, UTC))
        t += size
    return tuple(out)


def _totals(series: dict[str, list[tuple[datetime, int]]]) -> dict[str, int]:
    return {name: sum(n for _t, n in points) for name, points in series.items()}


def post_row(doc: dict[str, Any]) -> PostRow:
    post: Post = Post.from_dict(doc)
    a = post.analysis
    m = post.metrics
    return PostRow(
        id=post.id, url=post.url, title=post.title, text=post.text, author=post.author.name,
        platforms=tuple(dict.fromkeys(p.name for p in a.platforms)) if a else (),
        published_at=post.published_at, engagement=m.reposts + m.comments + m.likes + m.replies,
        sentiment=a.sentiment.label if a else None, negative=a.sentiment.negative if a else None,
        is_call=bool(a and a.organizing.is_call),
    )


def gatherings(call_docs: Iterable[dict[str, Any]], alerts: Iterable[Alert]) -> tuple[GatheringRow, ...]:
    """Gatherings from calls to act (most engaging post first, so it speaks for its reposts) and
    from alerts; one row per planned time and place."""
    rows: dict[tuple[datetime, str], GatheringRow] = {}

    def add(g: Gathering, platforms: tuple[str, ...], url: str | None, excerpt: str) -> None:
        key = (g.start, g.place)
        seen = rows.get(key)
        if seen is None:
            rows[key] = GatheringRow(g.start, g.end, g.place, g.province, g.city, platforms, url, excerpt, 1)
            return
        merged = tuple(dict.fromkeys(seen.platforms + platforms))
        rows[key] = GatheringRow(seen.start, seen.end or g.end, seen.place, seen.province or g.province,
                                 seen.city or g.city, merged, seen.url or url, seen.excerpt, seen.posts + 1)

    for doc in call_docs:
        post: Post = Post.from_dict(doc)
        if post.analysis is not None and post.analysis.organizing.gathering is not None:
            names = tuple(dict.fromkeys(p.name for p in post.analysis.platforms))
            add(post.analysis.organizing.gathering, names, post.url, post.title or post.text)
    for alert in alerts:
        if alert.gathering is not None and (alert.gathering.start, alert.gathering.place) not in rows:
            url = next((e.url for e in alert.evidence if e.url), None)
            add(alert.gathering, (alert.platform,) if alert.platform else (), url, alert.reason)
    return tuple(sorted(rows.values(), key=lambda r: (r.start, r.place)))


def collect(store: Store, start: datetime, end: datetime, *, now: datetime | None = None, top: int = 10,
            max_alerts: int = 500, max_calls: int = 500) -> ReportData:
    """Ask the store everything the briefing needs for posts published in [start, end)."""
    period = PostFilter(start=start, end=end)
    bucket = bucket_for(end - start)
    starts = bucket_starts(start, end, bucket)
    heat = store.counts(period, bucket)
    negative = _totals(store.counts(PostFilter(start=start, end=end, negative=True), bucket))
    calls = _totals(store.counts(PostFilter(start=start, end=end, is_call=True), bucket))
    fetched = store.alerts(start=start, limit=max_alerts)
    alerts = tuple(a for a in fetched if a.fired_at <= end)
    latest: dict[str, Level] = {}
    for alert in alerts:  # newest first: the first seen per platform is its latest
        if alert.platform is not None:
            latest.setdefault(alert.platform, alert.level)

    rows = []
    for name in sorted(set(heat) | set(latest)):
        by_bucket = dict(heat.get(name, []))
        series = tuple(by_bucket.get(t, 0) for t in starts)
        rows.append(PlatformRow(name, sum(series), negative.get(name, 0), calls.get(name, 0), series,
                                latest.get(name)))
    rows.sort(key=lambda r: (-r.posts, r.name))

    call_docs = store.top_posts(PostFilter(start=start, end=end, is_call=True), limit=max_calls)
    return ReportData(
        start=start, end=end, generated_at=now or datetime.now(UTC), bucket=bucket, bucket_starts=starts,
        posts=store.count_posts(period),
        negative=store.count_posts(PostFilter(start=start, end=end, negative=True)),
        calls=store.count_posts(PostFilter(start=start, end=end, is_call=True)),
        platforms=tuple(rows), alerts=alerts, alerts_truncated=len(fetched) >= max_alerts,
        gatherings=gatherings(call_docs, alerts),
        top_posts=tuple(post_row(doc) for doc in store.top_posts(period, limit=top)),
    )
