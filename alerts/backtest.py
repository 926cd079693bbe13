"""`yuqing backtest`: replay posts in published_at order through the engine on a simulated clock.

The clock is data time. Streaming rules fire at the post's own time; the windowed rules run at
the next scheduler tick after a platform received posts (`rules.tick`, as in the alerter), and the
silence check runs every tick that passes. Posts without `analysis` are analyzed first.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from alerts.config import RuleSettings
from alerts.engine import Engine
from pipeline.schema import Alert, Post

T = TypeVar("T")


def clock_events(timed: Iterable[tuple[float, T]], tick: float,
                 busy: Callable[[], bool]) -> Iterator[tuple[float, T | None]]:
    """Items in time order, interleaved with the scheduler's ticks (item None), all on data time.

    A tick follows every item at the next tick boundary, as the live scheduler would run it; long
    quiet stretches are crossed in hour-long steps (only silence can fire there) unless `busy()`
    says the consumer still has platforms to evaluate."""
    next_tick: float | None = None
    for t, item in sorted(timed, key=lambda pair: pair[0]):
        while next_tick is not None and next_tick <= t:
            yield next_tick, None
            gap_ticks = math.floor((t - next_tick) / tick)
            next_tick += tick if gap_ticks < 60 or busy() else tick * min(gap_ticks, 60)
        yield t, item
        if next_tick is None:
            next_tick = math.floor(t / tick) * tick + tick
    if next_tick is not None:
        yield next_tick, None


def replay(posts: Iterable[Post], rules: RuleSettings, engine: Engine | None = None) -> Iterator[Alert]:
    """Alerts the rules would have sent, in firing order (posts must be analyzed)."""
    engine = engine or Engine(rules)
    timed = ((p.published_at.timestamp(), p) for p in posts)
    for at, post in clock_events(timed, rules.tick.total_seconds(), lambda: bool(engine.dirty)):
        yield from engine.evaluate(at) if post is None else engine.ingest(post, at)
