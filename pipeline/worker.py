"""The NLP worker: posts.raw → analysis → store + posts.enriched. At-least-once.

Loop: poll a batch → decode and analyze → bulk-write the store → produce posts.enriched (and bad
records to posts.raw.dlq) → flush → commit. Offsets are committed only after every write of the
batch succeeded; a store or bus outage is retried with backoff and nothing is committed meanwhile,
so a crash at any point re-delivers the batch, and since document ids are post ids the redelivery
overwrites instead of duplicating. A message that cannot be decoded or analyzed goes to the DLQ with
its bytes and the error, and the loop goes on. A stop request (SIGTERM, first Ctrl-C) finishes the
batch, commits and returns; a second Ctrl-C exits at once.
"""

from __future__ import annotations

import base64
import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from nlp.analyze import Analyzer
from pipeline.bus import TOPIC_DLQ, TOPIC_ENRICHED, BusError, Consumer, Message, Producer
from pipeline.errors import SchemaError
from pipeline.schema import Analysis, Post
from pipeline.store import Store, StoreError, StoreUnavailable

log = logging.getLogger("yuqing.worker")
MAX_BACKOFF_S = 30.0


@dataclass
class _Inflight:
    batch: Sequence[Message]
    good: list[tuple[Message, Post]]
    dead: list[tuple[Message, str]]
    future: Future[None]
    started: float


@dataclass
class BatchReport:
    messages: int = 0
    stored: int = 0
    dead: int = 0
    seconds: float = 0.0


def dead_letter(msg: Message, error: str) -> bytes:
    """The DLQ record: where the message came from, why it failed, and its bytes unchanged."""
    return json.dumps({
        "error": error[:2000], "topic": msg.topic, "partition": msg.partition, "offset": msg.offset,
        "key": msg.key, "value_b64": base64.b64encode(msg.value).decode("ascii"),
        "failed_at": datetime.now(UTC).isoformat(),
    }, ensure_ascii=False).encode("utf-8")


class Worker:
    def __init__(self, consumer: Consumer, producer: Producer, store: Store, analyzer: Analyzer,
                 batch_size: int = 500, sleep: Callable[[float], None] = time.sleep) -> None:
        self.consumer, self.producer, self.store, self.analyzer = consumer, producer, store, analyzer
        self.batch_size, self.sleep = batch_size, sleep
        self.stop = threading.Event()
        # Overlapping analysis with the store write only pays when the store works elsewhere (a
        # server); an in-process store would just take turns with the analyzer under the GIL.
        self.overlap = bool(getattr(store, "remote", False))

    def run(self, idle_exit_s: float | None = None) -> int:
        """Process batches until stopped (or idle for idle_exit_s); returns messages handled.

        With a remote store, batch N+1 is analyzed while batch N is written in a helper thread; batch N is
        produced and committed only once its own write finished, so the order of commits and the
        at-least-once promise are unchanged. The consumer is only ever used from this thread.
        """
        handled, idle_since = 0, time.monotonic()
        inflight: _Inflight | None = None
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="store") as pool:
            while True:
                batch = [] if self.stop.is_set() else self.consumer.poll(self.batch_size, 0.2 if inflight else 1.0)
                analyzed = self._analyze(batch) if batch else None   # overlaps the inflight write
                if inflight is not None:
                    report = self._finish(inflight, pool)             # write done → produce → commit
                    if report is None:
                        return handled                                # stopped in an outage: no commit
                    handled, idle_since, inflight = handled + report.messages, time.monotonic(), None
                if analyzed is not None:
                    good, dead = analyzed
                    inflight = _Inflight(batch, good, dead, pool.submit(self._store, good, dead), time.monotonic())
                    if not self.overlap:                              # an in-process store: no overlap
                        report = self._finish(inflight, pool)
                        if report is None:
                            return handled
                        handled, idle_since, inflight = handled + report.messages, time.monotonic(), None
                elif self.stop.is_set() or (idle_exit_s is not None
                                            and time.monotonic() - idle_since >= idle_exit_s):
                    return handled

    def handle(self, batch: Sequence[Message]) -> BatchReport | None:
        """One batch, start to finish, without overlap (the same steps as run())."""
        good, dead = self._analyze(batch)
        with ThreadPoolExecutor(max_workers=1) as pool:
            return self._finish(_Inflight(batch, good, dead, pool.submit(self._store, good, dead),
                                          time.monotonic()), pool, commit=False)

    def _finish(self, job: _Inflight, pool: ThreadPoolExecutor, commit: bool = True) -> BatchReport | None:
        """Wait for the batch's store write (retrying outages), produce its output, commit it."""
        if not self._retry("store", lambda: self._await(job, pool)):
            return None
        posts = [post for _m, post in job.good]
        if not self._retry("bus", lambda: self._produce(posts, job.dead)):
            return None
        if commit:
            try:
                self.consumer.commit(job.batch)
            except BusError as exc:
                # The group moved our partitions elsewhere (a long outage, a rebalance): the batch
                # will be redelivered there, and ids make that an overwrite. Not a reason to die.
                log.warning("commit failed, the batch will be redelivered: %s", exc)
        report = BatchReport(len(job.batch), len(posts), len(job.dead), time.monotonic() - job.started)
        log.info("batch messages=%d stored=%d dlq=%d took_ms=%.0f", report.messages, report.stored, report.dead,
                 report.seconds * 1000)
        return report

    def _await(self, job: _Inflight, pool: ThreadPoolExecutor) -> None:
        """The write's result; after a failure the write is submitted again for the next try."""
        try:
            job.future.result()
        except BaseException:
            job.future = pool.submit(self._store, job.good, job.dead)
            raise

    def _store(self, good: list[tuple[Message, Post]], dead: list[tuple[Message, str]]) -> None:
        """Bulk write; when the store rejects documents (not an outage), find them one by one and
        move them to the DLQ, so one poison post cannot stall the pipeline."""
        try:
            self.store.write_posts([post for _m, post in good])
            return
        except StoreUnavailable:
            raise
        except StoreError as exc:
            log.warning("store rejected part of a batch, isolating documents: %s", exc)
        for msg, post in list(good):
            try:
                self.store.write_posts([post])
            except StoreUnavailable:
                raise
            except StoreError as exc:
                good.remove((msg, post))
                dead.append((msg, f"store rejected: {exc}"))

    def _analyze(self, batch: Sequence[Message]) -> tuple[list[tuple[Message, Post]], list[tuple[Message, str]]]:
        decoded: list[tuple[Message, Post]] = []
        dead: list[tuple[Message, str]] = []
        for msg in batch:
            try:
                decoded.append((msg, Post.from_json(msg.value)))
            except SchemaError as exc:
                dead.append((msg, str(exc)))
            except (UnicodeDecodeError, ValueError) as exc:
                dead.append((msg, f"not a JSON post: {exc}"))
        outcomes = self.analyzer.analyze([post.to_dict() for _m, post in decoded]) if decoded else []
        good: list[tuple[Message, Post]] = []
        for (msg, post), outcome in zip(decoded, outcomes, strict=True):
            if outcome.error is not None:
                dead.append((msg, f"analysis failed: {outcome.error}"))
                continue
            try:
                post.analysis = Analysis.from_dict(outcome.analysis)
            except SchemaError as exc:
                dead.append((msg, f"analysis invalid: {exc}"))
                continue
            good.append((msg, post))
        return good, dead

    def _produce(self, posts: Sequence[Post], dead: Sequence[tuple[Message, str]]) -> None:
        for post in posts:
            self.producer.produce(TOPIC_ENRICHED, post.id, post.to_json().encode("utf-8"))
        for msg, error in dead:
            self.producer.produce(TOPIC_DLQ, msg.key, dead_letter(msg, error))
        undelivered = self.producer.flush()
        if undelivered:
            raise BusError(f"{undelivered} messages not delivered")

    def _keepalive(self) -> None:
        try:
            self.consumer.keepalive()
        except BusError as exc:
            log.warning("could not keep the consumer's partitions: %s", exc)

    def _retry(self, what: str, action: Callable[[], Any]) -> bool:
        """Run action until it succeeds (True) or a stop is requested during an outage (False)."""
        delay = 0.5
        while True:
            try:
                action()
                return True
            except (StoreUnavailable, BusError) as exc:
                log.warning("%s unavailable, retrying in %.1f s (nothing committed): %s", what, delay, exc)
            if self.stop.is_set():
                return False
            self._keepalive()
            self.sleep(delay)
            delay = min(MAX_BACKOFF_S, delay * 2)
