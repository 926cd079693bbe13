"""`yuqing alerter`: the engine on wall time, fed by the bus, keeping its state in the store.

Two paths share one engine under a lock:
- streaming: a consumer (group "alerts") reads posts.enriched and crawl.runs; an organizing call
  about a watched platform is alerted and dispatched within the same poll (seconds);
- scheduled: an apscheduler job every `rules.tick` runs the windowed rules for platforms that got
  posts, the silence check, and the dispatcher's outbox (retries, digests, quiet-hour holds).
Order per batch: ingest → save alerts and state (alerts marked pending) → commit offsets → dispatch
→ clear pending. A crash before the save replays the batch on restart (same decisions, nothing was
sent); a crash after it finds the pending alerts in the store and sends them once.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from alerts.config import RuleSettings
from alerts.engine import Engine
from alerts.state import EngineState
from pipeline.bus import TOPIC_CRAWL_RUNS, TOPIC_ENRICHED, Consumer, Message
from pipeline.schema import Alert, Post
from pipeline.store import Store, StoreUnavailable

log = logging.getLogger("yuqing.alerts")


class Alerter:
    def __init__(self, rules: RuleSettings, store: Store, dispatcher: Any, *,
                 regions: Mapping[str, str | None] | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.rules, self.store, self.dispatcher, self.clock = rules, store, dispatcher, clock
        self.regions = dict(regions or {})
        self.engine = Engine(rules)
        self.state = EngineState(store)
        self.lock = threading.RLock()
        self.pending: list[str] = self.state.load(self.engine)
        self.decided: dict[str, Alert] = {}  # pending alerts this process decided
        self.sent = 0

    # --- the two paths -------------------------------------------------------------------------

    def handle(self, messages: list[Message]) -> list[Alert]:
        """Streaming path for one polled batch; the caller commits after this returns."""
        with self.lock:
            now = self.clock()
            fired: list[Alert] = []
            for msg in messages:
                if msg.topic == TOPIC_CRAWL_RUNS:
                    self._crawl_run(msg, now)
                    continue
                post = _decode(msg)
                if post is not None and post.analysis is not None:
                    fired += self.engine.ingest(post, now)
            self._decide(fired)
            return fired

    def tick(self) -> list[Alert]:
        """Scheduled path: windowed rules, silence, the dispatcher's retries and digests."""
        with self.lock:
            now = self.clock()
            fired = self.engine.evaluate(now)
            self._decide(fired)
            self.flush()
            self.dispatcher.tick(datetime.fromtimestamp(now, UTC))
            return fired

    def hot_platforms(self) -> list[str]:
        """Platforms with a medium or high alert inside the suppression window (crawled more often)."""
        with self.lock:
            now = self.clock()
            window = self.rules.suppress.total_seconds()
            return sorted(k for k, st in self.engine.gate.states.items()
                          if not k.startswith("来源:") and st.level != "low" and now - st.sent_at < window)

    # --- persistence and delivery --------------------------------------------------------------

    def _decide(self, fired: list[Alert]) -> None:
        for alert in fired:
            self.store.write_alert(alert)
            self.pending.append(alert.id)
            self.decided[alert.id] = alert
            log.info("alert decided id=%s level=%s rule=%s platform=%s", alert.id, alert.level, alert.rule,
                        alert.platform)
        self.state.save(self.engine, self.pending)

    def flush(self) -> None:
        """Hand decided alerts to the channels (after the offsets of their batch were committed)."""
        with self.lock:
            if not self.pending:
                return
            missing = [i for i in self.pending if i not in self.decided]
            if missing:  # decided before a restart: read back from the store
                wanted = set(missing)
                self.decided.update({a.id: a for a in self.store.alerts(limit=1000) if a.id in wanted})
            for alert_id in list(self.pending):
                alert = self.decided.pop(alert_id, None)
                if alert is None:
                    continue  # not searchable yet (Elasticsearch refresh): next flush
                region = self.regions.get(alert.platform or "")
                self.dispatcher.dispatch(alert, region=region)
                self.sent += 1
                self.pending.remove(alert_id)
                self.state.save(self.engine, self.pending)

    def _crawl_run(self, msg: Message, now: float) -> None:
        try:
            run = json.loads(msg.value)
            finished = datetime.fromisoformat(run["finished"]).timestamp()
            error = None if run.get("ok", True) else _run_problem(run)
            self.engine.sources.saw_run(f"爬虫:{run['source']}", min(finished, now), int(run.get("new", 0)), error)
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("crawl.runs message skipped offset=%s: %s", msg.offset, exc)


def _decode(msg: Message) -> Post | None:
    try:
        return Post.model_validate_json(msg.value)
    except ValidationError as exc:
        log.warning("posts.enriched message skipped partition=%s offset=%s: %s", msg.partition, msg.offset,
                    exc.errors()[0]["msg"])
        return None


def _run_problem(run: dict[str, Any]) -> str:
    blocked = run.get("blocked") or {}
    errors = run.get("errors") or {}
    if run.get("bus_error"):
        return "消息总线不可用"
    if blocked:
        return "被站点拦截：" + "、".join(f"{k}×{v}" for k, v in blocked.items())
    if errors:
        return "采集错误：" + "、".join(f"{k}×{v}" for k, v in errors.items())
    return "没有抓到页面"


def run_alerter(alerter: Alerter, consumer: Consumer, *, stop: threading.Event,
                idle_exit_s: float | None = None) -> None:
    """Poll → handle → commit → flush, with the tick job on apscheduler, until `stop` is set."""
    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.add_job(_safe(alerter.tick), "interval", seconds=alerter.rules.tick.total_seconds(),
                      max_instances=1, coalesce=True, id="alerts-tick")
    scheduler.start()
    idle_since = time.monotonic()
    try:
        while not stop.is_set():
            try:
                batch = consumer.poll(max_records=500, timeout_s=1.0)
                if batch:
                    alerter.handle(batch)
                    consumer.commit(batch)
                    alerter.flush()
                    idle_since = time.monotonic()
                elif idle_exit_s is not None and time.monotonic() - idle_since > idle_exit_s:
                    break
            except StoreUnavailable as exc:
                log.warning("store unavailable, retrying in 5 s: %s", exc)
                consumer.keepalive()
                stop.wait(5.0)
        _safe(alerter.tick)()
    finally:
        scheduler.shutdown(wait=True)


def _safe(fn: Callable[[], Any]) -> Callable[[], None]:
    def run() -> None:
        try:
            fn()
        except StoreUnavailable as exc:
            log.warning("alert tick skipped, store unavailable: %s", exc)

    return run


def topics() -> list[str]:
    return [TOPIC_ENRICHED, TOPIC_CRAWL_RUNS]
