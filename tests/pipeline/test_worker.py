"""The worker's at-least-once loop, with an in-memory bus and store: nothing is committed before
the store and the bus took the batch; bad messages go to the DLQ with their bytes and the error."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from typing import Any

from pipeline.bus import TOPIC_DLQ, TOPIC_ENRICHED, TOPIC_RAW, Message
from pipeline.schema import Post
from pipeline.store import PostFilter, StoreError, StoreUnavailable
from pipeline.worker import Worker


def _post(i: int, text: str = "团贷网提现困难，大家明天去市政府集合") -> bytes:
    return json.dumps({"id": f"weibo:m.weibo.cn:{i}", "source": "weibo", "site": "m.weibo.cn", "text": text,
                       "published_at": "2026-11-20T21:30:00+08:00"}, ensure_ascii=False).encode()


class FakeConsumer:
    def __init__(self, values: list[bytes]) -> None:
        self.messages = [Message(TOPIC_RAW, 0, i, f"k{i}", v) for i, v in enumerate(values)]
        self.committed = -1
        self.position = -1  # like Kafka's: poll() moves past what it returned, committed or not
        self.polls = 0

    def poll(self, max_records: int = 500, timeout_s: float = 1.0) -> list[Message]:
        self.polls += 1
        batch = [m for m in self.messages if m.offset > self.position][:max_records]
        if batch:
            self.position = batch[-1].offset
        return batch

    def commit(self, messages: Sequence[Message]) -> None:
        self.committed = max(m.offset for m in messages)

    def keepalive(self) -> None:
        self.keepalives = getattr(self, "keepalives", 0) + 1

    def close(self) -> None:
        pass


class FakeProducer:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str | None, bytes]] = []
        self.fail_flushes = 0

    def produce(self, topic: str, key: str | None, value: bytes) -> None:
        self.sent.append((topic, key, value))

    def flush(self) -> int:
        if self.fail_flushes:
            self.fail_flushes -= 1
            return 1
        return 0

    def close(self) -> None:
        pass


class FakeStore:
    def __init__(self) -> None:
        self.docs: dict[str, Post] = {}
        self.outages = 0
        self.reject: set[str] = set()

    def write_posts(self, posts: Sequence[Post]) -> None:
        if self.outages:
            self.outages -= 1
            raise StoreUnavailable("connection refused")
        bad = [p.id for p in posts if p.id in self.reject]
        if bad:
            raise StoreError(f"mapping error for {bad}")
        self.docs.update({p.id: p for p in posts})

    def count_posts(self, flt: PostFilter | None = None) -> int:
        return len(self.docs)


def _worker(values: list[bytes], analyzer: Any, store: FakeStore | None = None) -> tuple[Worker, FakeConsumer, FakeProducer, FakeStore]:
    consumer, producer, store = FakeConsumer(values), FakeProducer(), store or FakeStore()
    worker = Worker(consumer, producer, store, analyzer, batch_size=10, sleep=lambda _s: None)  # type: ignore[arg-type]
    return worker, consumer, producer, store


def test_every_post_is_stored_enriched_and_committed(analyzer) -> None:
    worker, consumer, producer, store = _worker([_post(i) for i in range(25)], analyzer)
    assert worker.run(idle_exit_s=0) == 25
    assert len(store.docs) == 25 and consumer.committed == 24
    enriched = [json.loads(v) for t, _k, v in producer.sent if t == TOPIC_ENRICHED]
    assert len(enriched) == 25 and all(e["analysis"]["organizing"]["is_call"] for e in enriched)


def test_bad_messages_go_to_the_dlq_with_their_bytes_and_the_loop_goes_on(analyzer) -> None:
    garbage = [b"\xff\xfe\x00garbage", b'{"id": "x"}', b"[1,2,3]", _post(99, text="")]
    values = [_post(1), *garbage, _post(2)]
    worker, consumer, producer, store = _worker(values, analyzer)
    worker.run(idle_exit_s=0)
    dead = [json.loads(v) for t, _k, v in producer.sent if t == TOPIC_DLQ]
    assert {base64.b64decode(d["value_b64"]) for d in dead} == set(garbage[:3])
    assert all(d["error"] and d["topic"] == TOPIC_RAW for d in dead)
    assert set(store.docs) == {"weibo:m.weibo.cn:1", "weibo:m.weibo.cn:2", "weibo:m.weibo.cn:99"}
    assert consumer.committed == len(values) - 1


def test_a_failed_store_write_leaves_the_offset_where_it_was(analyzer) -> None:
    store = FakeStore()
    store.outages = 10**6  # down for good
    worker, consumer, producer, _ = _worker([_post(i) for i in range(5)], analyzer, store)
    attempts = 0

    def sleep(_s: float) -> None:
        nonlocal attempts
        attempts += 1
        if attempts == 3:
            worker.stop.set()  # an operator stops the worker during the outage

    worker.sleep = sleep
    assert worker.run() == 0
    assert consumer.committed == -1 and store.docs == {}
    assert not [t for t, _k, _v in producer.sent if t == TOPIC_ENRICHED]


def test_an_outage_that_ends_is_waited_out_and_the_count_stays_exact(analyzer) -> None:
    store = FakeStore()
    store.outages = 3
    worker, consumer, producer, _ = _worker([_post(i) for i in range(12)], analyzer, store)
    worker.producer.fail_flushes = 2  # type: ignore[attr-defined]
    assert worker.run(idle_exit_s=0) == 12
    assert len(store.docs) == 12 and consumer.committed == 11


def test_a_post_the_store_rejects_goes_to_the_dlq_instead_of_stalling(analyzer) -> None:
    store = FakeStore()
    store.reject = {"weibo:m.weibo.cn:3"}
    worker, consumer, producer, _ = _worker([_post(i) for i in range(6)], analyzer, store)
    worker.run(idle_exit_s=0)
    assert len(store.docs) == 5 and consumer.committed == 5
    dead = [json.loads(v) for t, _k, v in producer.sent if t == TOPIC_DLQ]
    assert [d["key"] for d in dead] == ["k3"] and "store rejected" in dead[0]["error"]


def test_a_redelivered_batch_overwrites_instead_of_duplicating(analyzer) -> None:
    worker, consumer, _producer, store = _worker([_post(i) for i in range(8)], analyzer)
    worker.run(idle_exit_s=0)
    consumer.committed = consumer.position = 3  # a restart after the last commits were lost in a crash
    worker.run(idle_exit_s=0)
    assert len(store.docs) == 8


