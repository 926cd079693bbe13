"""Building the long-running parts from Settings: the NLP worker and the alert service.

Shared by `yuqing worker`, `yuqing alerter`, `yuqing run` and `yuqing demo`, so each part is put
together one way whether it runs alone or beside the others in one process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from pipeline.config import Settings

if TYPE_CHECKING:
    from alerts.service import Alerter
    from pipeline.bus import Consumer
    from pipeline.store import Store
    from pipeline.worker import Worker


def consumer_options(settings: Settings, bus_url: str) -> dict[str, Any]:
    return settings.worker.kafka.model_dump() if bus_url.startswith("kafka://") else {}


def make_worker(settings: Settings, bus_url: str, store: Store, batch_size: int | None = None) -> Worker:
    from pipeline.analysis import build_analyzer
    from pipeline.bus import TOPIC_RAW, open_consumer, open_producer
    from pipeline.worker import Worker

    analyzer = build_analyzer(settings)
    analyzer.warm_up()
    consumer = open_consumer(bus_url, [TOPIC_RAW], "nlp", **consumer_options(settings, bus_url))
    return Worker(consumer, open_producer(bus_url), store, analyzer,
                  batch_size=batch_size or settings.worker.batch_size)


def make_alerter(settings: Settings, store: Store, *, env: Mapping[str, str] | None = None,
                 http: Any = None, clock: Callable[[], float] | None = None, sleep: Any = None) -> Alerter:
    """The alert service with its channels; `YUQING_KIBANA_URL` (if set) adds Discover links."""
    from alerts.config import load_rules
    from alerts.delivery import build_dispatcher
    from alerts.service import Alerter

    env = os.environ if env is None else env
    rules = load_rules(settings.rules, settings.source)
    dispatch_clock = None
    if clock is not None:  # the demo and tests run the whole service on their own clock
        from datetime import UTC, datetime

        def dispatch_clock() -> datetime:
            return datetime.fromtimestamp(clock(), UTC)

    dispatcher = build_dispatcher(settings.channels, store=store, env=env, label=settings.source, http=http,
                                  clock=dispatch_clock, sleep=sleep, kibana_url=env.get("YUQING_KIBANA_URL") or None)
    regions = {p.name: p.region for p in settings.watchlist.platforms}
    kwargs: dict[str, Any] = {"regions": regions}
    if clock is not None:
        kwargs["clock"] = clock
    return Alerter(rules, store, dispatcher, **kwargs)


def alert_consumer(settings: Settings, bus_url: str) -> Consumer:
    from alerts.service import topics
    from pipeline.bus import open_consumer

    return open_consumer(bus_url, topics(), "alerts", **consumer_options(settings, bus_url))
