"""`yuqing backtest`: replay posts in published_at order through the engine on a simulated clock.

The clock is data time. Streaming rules fire at the post's own time; the windowed rules run at
the next scheduler tick after a platform received posts (`rules.tick`, as in the alerter), and the
silence check runs every tick that passes. Posts without `analysis` are analyzed first.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

from alerts.config import RuleSettings
from alerts.engine import Engine
from pipeline.schema import Alert, Post


def replay(posts: Iterable[Post], rules: RuleSettings, engine: Engine | None = None) -> Iterator[Alert]:
    """Alerts the rules would have sent, in firing order (posts must be analyzed)."""
    engine = engine or Engine(rules)
    tick = rules.tick.total_seconds()
    ordered = sorted(posts, key=lambda p: p.published_at)
    next_tick: float | None = None
    for post in ordered:
        t = post.published_at.timestamp()
        while next_tick is not None and next_tick <= t:
            yield from engine.evaluate(next_tick)
            # skip empty ticks quickly: only silence could fire there, and it is checked hourly
            gap_ticks = math.floor((t - next_tick) / tick)
            next_tick += tick if gap_ticks < 60 or engine.dirty else tick * min(gap_ticks, 60)
        yield from engine.ingest(post, t)
        if next_tick is None:
            next_tick = math.floor(t / tick) * tick + tick
    if next_tick is not None:
        yield from engine.evaluate(next_tick)
