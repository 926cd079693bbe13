"""The Dispatcher: decided alerts → routes → channels, with a persisted outbox for what could not go
out yet (failed sends retried with backoff, quiet-hour holds, low-alert digests).

Every attempt is recorded on the alert (Delivery) and written to the store at once; the outbox lives
in store state "alerts.outbox", so a restarted alerter carries on and never re-sends a channel that
already has a `sent` record. Channel failures are recorded, logged and retried, never raised.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from alerts.config import LEVEL_RANK
from alerts.errors import DeliveryError
from alerts.render import Message
from alerts.routing import Route, parse_routes
from pipeline.schema import Alert, Delivery
from pipeline.store import Store

log = logging.getLogger("yuqing.alerts")
OUTBOX_KEY = "alerts.outbox"
RETRY_FIRST = timedelta(seconds=30)
RETRY_CAP = timedelta(minutes=15)
MAX_AGE = timedelta(hours=24)
SUPERSEDED = "superseded"
HTTP_TIMEOUT = httpx.Timeout(10.0, connect=5.0)


@dataclass(slots=True)
class Item:
    """One alert waiting for one route. kind: retry (a send failed), hold (quiet hours), digest."""

    alert: str
    route: str
    kind: str
    due: datetime
    queued: datetime
    tries: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "due": self.due.isoformat(), "queued": self.queued.isoformat()}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Item:
        return cls(d["alert"], d["route"], d["kind"], datetime.fromisoformat(d["due"]),
                   datetime.fromisoformat(d["queued"]), int(d.get("tries", 0)))


@dataclass(slots=True)
class Flush:
    """What one tick did (for the alerter's log line)."""

    sent: int = 0
    failed: int = 0
    superseded: int = 0
    expired: int = 0
    pending: int = 0


def backoff(tries: int) -> timedelta:
    """Outbox wait after the n-th failed attempt: 30 s, 60 s, 120 s, ... capped at 15 min."""
    return min(RETRY_FIRST * 2 ** max(tries - 1, 0), RETRY_CAP)


def _key(alert: Alert) -> str:
    return alert.platform or f"rule:{alert.rule}"


def _sent(alert: Alert, route: str) -> bool:
    return any(d.channel == route and d.sent for d in alert.delivery)


class Dispatcher:
    def __init__(self, routes: Sequence[Route], store: Store, *, clock: Callable[[], datetime] | None = None,
                 sleep: Callable[[float], None] | None = None, kibana_url: str | None = None,
                 max_age: timedelta = MAX_AGE, owned_http: httpx.Client | None = None) -> None:
        # `sleep` is used by the channels (retries inside one attempt); it is accepted here so the
        # dispatcher and its channels can be built from the same pair of test doubles.
        self.routes = {r.name: r for r in routes}
        self.store, self.kibana_url, self.max_age = store, kibana_url, max_age
        self.clock = clock or (lambda: datetime.now(UTC))
        self._owned_http = owned_http
        self.alerts: dict[str, Alert] = {}  # alerts with outbox items: the copy that gets the records
        self.items: list[Item] = []
        self._load()

    # --- the two entry points ----------------------------------------------------------------

    def dispatch(self, alert: Alert, region: str | None = None) -> Alert:
        """Send `alert` to every matching route now, or queue it (quiet hours, digest, failure).
        Idempotent: a route that already has a `sent` record or an outbox item is skipped."""
        now = self.clock()
        alert, mine = alert.model_copy(deep=True), self.alerts.get(alert.id)
        if mine is not None:  # already waiting for some route: one copy gets every record
            if len(mine.delivery) >= len(alert.delivery):
                alert = mine
            else:
                self.alerts[alert.id] = alert
        for route in self.routes.values():
            if not route.matches(alert, region) or _sent(alert, route.name) or self._item(alert.id, route.name):
                continue
            self._supersede(alert, route.name, now)
            if route.quiet is not None and alert.level != "high" and route.quiet.active(now):
                self._queue(alert, route, "hold", route.quiet.ends_after(now), now)
            elif alert.level == "low" and route.digest:
                self._queue(alert, route, "digest", self._digest_due(route, now), now)
            elif not self._attempt(route, [alert], now):
                self._queue(alert, route, "retry", now + backoff(1), now, tries=1)
        self._save()
        return alert

    def tick(self, now: datetime | None = None) -> Flush:
        """Retry due failures, send due digests, release quiet-hour holds whose time has come."""
        now = now or self.clock()
        done = Flush()
        self._expire(now, done)
        for name in dict.fromkeys(i.route for i in self.items if i.due <= now):
            due = [i for i in self.items if i.route == name and i.due <= now]
            route = self.routes.get(name)
            if route is None:
                log.warning("outbox: route %s is no longer configured, dropping %d item(s)", name, len(due))
                self._drop(due)
                continue
            singles: list[Item] = []
            digest: list[Item] = []
            for item in due:
                alert = self.alerts[item.alert]
                if _sent(alert, name):
                    self._drop([item])
                elif route.quiet is not None and alert.level != "high" and route.quiet.active(now):
                    item.due = route.quiet.ends_after(now)
                else:
                    (digest if item.kind == "digest" else singles).append(item)
            for item in singles:
                self._flush_items(route, [item], now, done)
            if digest:
                self._flush_items(route, digest, now, done)
        self._forget_done()
        self._save()
        done.pending = len(self.items)
        return done

    def pending(self) -> list[dict[str, Any]]:
        """The outbox as plain dicts (alert, route, kind, due, queued, tries), for `yuqing stats`."""
        return [i.to_dict() for i in self.items]

    def close(self) -> None:
        if self._owned_http is not None:
            self._owned_http.close()

    # --- sending and recording ---------------------------------------------------------------

    def _flush_items(self, route: Route, items: list[Item], now: datetime, done: Flush) -> None:
        alerts = [self.alerts[i.alert] for i in items]
        if self._attempt(route, alerts, now):
            done.sent += 1
            self._drop(items)
            return
        done.failed += 1
        for item in items:
            item.tries += 1
            item.due = now + backoff(item.tries)
            item.kind = "digest" if item.kind == "digest" else "retry"

    def _attempt(self, route: Route, alerts: list[Alert], now: datetime) -> bool:
        """One delivery attempt of one message (one alert or a digest); recorded on every alert."""
        message = Message(tuple(alerts), self.kibana_url, route.roster)
        sent, error = True, None
        try:
            route.channel.send(message)
        except DeliveryError as exc:
            sent, error = False, exc.reason
        except Exception as exc:  # a bug in one channel must not stop the others; it is recorded
            log.exception("channel %s crashed", route.name)
            sent, error = False, f"internal error ({type(exc).__name__})"
        for alert in alerts:
            alert.delivery.append(Delivery(channel=route.name, sent=sent, error=error, at=now))
            self.store.write_alert(alert)
        ids = ",".join(a.id for a in alerts)
        if sent:
            log.info("delivered channel=%s alerts=%s", route.name, ids)
        else:
            log.warning("delivery failed channel=%s alerts=%s error=%s", route.name, ids, error)
        self._save()
        return sent

    def _record(self, alert: Alert, route: str, error: str, now: datetime) -> None:
        alert.delivery.append(Delivery(channel=route, sent=False, error=error, at=now))
        self.store.write_alert(alert)

    # --- the outbox ----------------------------------------------------------------------------

    def _item(self, alert_id: str, route: str) -> Item | None:
        return next((i for i in self.items if i.alert == alert_id and i.route == route), None)

    def _queue(self, alert: Alert, route: Route, kind: str, due: datetime, now: datetime, tries: int = 0) -> None:
        self.alerts[alert.id] = alert
        self.items.append(Item(alert.id, route.name, kind, due, now, tries))

    def _digest_due(self, route: Route, now: datetime) -> datetime:
        waiting = [i.due for i in self.items if i.route == route.name and i.kind == "digest"]
        return min(waiting) if waiting else now + route.digest_every

    def _supersede(self, alert: Alert, route: str, now: datetime) -> None:
        """A newer alert about the same platform replaces what is still waiting for this route, unless
        the waiting one is graver (then both go)."""
        for item in [i for i in self.items if i.route == route and i.alert != alert.id]:
            old = self.alerts[item.alert]
            if _key(old) == _key(alert) and LEVEL_RANK[old.level] <= LEVEL_RANK[alert.level]:
                self._drop([item])
                self._record(old, route, SUPERSEDED, now)
                log.info("superseded channel=%s alert=%s by=%s", route, old.id, alert.id)
        self._forget_done()

    def _expire(self, now: datetime, done: Flush) -> None:
        for item in [i for i in self.items if now - i.queued > self.max_age]:
            self._drop([item])
            hours = int(self.max_age.total_seconds() // 3600)
            self._record(self.alerts[item.alert], item.route, f"gave up: undelivered after {hours}h", now)
            done.expired += 1

    def _drop(self, items: Iterable[Item]) -> None:
        gone = {id(i) for i in items}
        self.items = [i for i in self.items if id(i) not in gone]

    def _forget_done(self) -> None:
        waiting = {i.alert for i in self.items}
        self.alerts = {k: v for k, v in self.alerts.items() if k in waiting}

    def _save(self) -> None:
        self._forget_done()
        self.store.put_state(OUTBOX_KEY, {"version": 1, "alerts": {k: a.to_dict() for k, a in self.alerts.items()},
                                          "items": [i.to_dict() for i in self.items]})

    def _load(self) -> None:
        state = self.store.get_state(OUTBOX_KEY) or {}
        self.alerts = {k: Alert.from_dict(v) for k, v in (state.get("alerts") or {}).items()}
        self.items = [Item.from_dict(d) for d in state.get("items") or [] if d.get("alert") in self.alerts]
        for alert_id, alert in list(self.alerts.items()):
            stored = next((a for a in self.store.alerts(start=alert.fired_at, platform=alert.platform, limit=200)
                           if a.id == alert_id), None)
            # a crash between writing the alert and saving the outbox leaves the store one step ahead
            if stored is not None and len(stored.delivery) > len(alert.delivery):
                self.alerts[alert_id] = stored


def build_dispatcher(channels_cfg: Mapping[str, Any] | None, *, store: Store, env: Mapping[str, str], label: str,
                     http: httpx.Client | None = None, clock: Callable[[], datetime] | None = None,
                     sleep: Callable[[float], None] | None = None, kibana_url: str | None = None) -> Dispatcher:
    """Routes from the `channels:` section (see alerts.routing) wired to one HTTP client.
    Without `http`, a client with a 10 s timeout is created on first need and closed by close()."""
    clock = clock or (lambda: datetime.now(UTC))
    sleep = sleep or time.sleep
    owned: list[httpx.Client] = []

    def client() -> httpx.Client:
        if http is not None:
            return http
        if not owned:
            owned.append(httpx.Client(timeout=HTTP_TIMEOUT))
        return owned[0]

    routes = parse_routes(channels_cfg, env=env, label=label, http=client, clock=clock, sleep=sleep)
    return Dispatcher(routes, store, clock=clock, sleep=sleep, kibana_url=kibana_url,
                      owned_http=owned[0] if owned else None)
