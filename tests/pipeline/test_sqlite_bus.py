"""The embedded SQLite bus: a county desk's worker restarts, crashes and scales out on one machine
without losing a post, and different stages read the same topic independently."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from pipeline.bus import (
    TOPIC_DLQ,
    TOPIC_ENRICHED,
    TOPIC_RAW,
    TOPICS,
    Message,
    open_admin,
    open_consumer,
    open_producer,
)
from pipeline.bus.sqlite import SqliteBus

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'bus' / 'yuqing.db'}"


def publish(url: str, n: int, topic: str = TOPIC_RAW, start: int = 0) -> None:
    producer = open_producer(url)
    for i in range(start, start + n):
        producer.produce(topic, f"weibo:m:{i}", json.dumps({"id": i, "text": f"平台{i}暴雷"}).encode())
    assert producer.flush() == 0
    producer.close()


def drain(consumer, commit: bool = True, timeout_s: float = 0.3) -> list[Message]:
    got: list[Message] = []
    while batch := consumer.poll(50, timeout_s):
        got += batch
        if commit:
            consumer.commit(batch)
    return got


def ids(messages: list[Message]) -> list[int]:
    return sorted(json.loads(m.value)["id"] for m in messages)


def test_produce_poll_commit_in_partition_order(url: str) -> None:
    publish(url, 30)
    consumer = open_consumer(url, [TOPIC_RAW], "nlp")
    got = drain(consumer)
    assert ids(got) == list(range(30))
    for partition in {m.partition for m in got}:
        offsets = [m.offset for m in got if m.partition == partition]
        assert offsets == list(range(len(offsets)))
    same_key = [m for m in got if m.key == "weibo:m:7"]
    assert len(same_key) == 1 and got[0].value.decode().startswith("{")
    assert consumer.poll(10, 0.2) == []
    consumer.close()


def test_same_key_same_partition_and_keyless_round_robin(url: str) -> None:
    bus = SqliteBus.from_url(url)
    for _ in range(3):
        bus.produce("posts.raw", "forum:x:1", b"again")
    for i in range(6):
        bus.produce("crawl.runs", None, b"run %d" % i)
    assert bus.flush() == 0
    got = drain(bus.consumer(["posts.raw", "crawl.runs"], "g"))
    assert len({m.partition for m in got if m.topic == "posts.raw"}) == 1
    assert sorted(m.partition for m in got if m.topic == "crawl.runs") == [0, 0, 1, 1, 2, 2]
    bus.close()


def test_a_restarted_worker_resumes_after_the_last_commit(url: str) -> None:
    publish(url, 20)
    first = open_consumer(url, [TOPIC_RAW], "nlp")
    batch = first.poll(8, 1.0)
    first.commit(batch)
    first.close()
    second = open_consumer(url, [TOPIC_RAW], "nlp")
    rest = drain(second)
    assert sorted(ids(batch) + ids(rest)) == list(range(20))
    assert not set(ids(batch)) & set(ids(rest))
    second.close()


def test_uncommitted_messages_come_back_after_close(url: str) -> None:
    publish(url, 12)
    first = open_consumer(url, [TOPIC_RAW], "nlp")
    handled = first.poll(5, 1.0)
    first.commit(handled)
    unhandled = drain(first, commit=False)      # the store went down: nothing committed
    first.close()
    second = open_consumer(url, [TOPIC_RAW], "nlp")
    again = drain(second)
    assert ids(again) == ids(unhandled) and len(again) == 7
    second.close()


def test_different_groups_each_get_everything(url: str) -> None:
    publish(url, 15)
    nlp, archive = open_consumer(url, [TOPIC_RAW], "nlp"), open_consumer(url, [TOPIC_RAW], "archive")
    assert ids(drain(nlp)) == ids(drain(archive)) == list(range(15))
    nlp.close()
    archive.close()


def test_sizes_lag_and_create_topics_idempotent(url: str) -> None:
    admin = open_admin(url)
    assert sorted(admin.create_topics(partitions=4, retention_hours=24)) == sorted(TOPICS)
    assert admin.create_topics() == []
    publish(url, 10)
    publish(url, 2, topic=TOPIC_DLQ)
    assert admin.sizes() == {t: {TOPIC_RAW: 10, TOPIC_DLQ: 2}.get(t, 0) for t in TOPICS}
    consumer = open_consumer(url, [TOPIC_RAW], "nlp")
    assert len({m.partition for m in drain(consumer, commit=False)}) == 4
    assert admin.lag("nlp")[TOPIC_RAW] == 10
    consumer.close()
    consumer = open_consumer(url, [TOPIC_RAW], "nlp")
    drain(consumer)
    assert admin.lag("nlp")[TOPIC_RAW] == 0 and admin.lag("nlp")[TOPIC_DLQ] == 2
    assert admin.lag("alerter")[TOPIC_RAW] == 10
    consumer.close()
    admin.close()


def test_prune_keeps_what_a_group_still_needs(url: str) -> None:
    publish(url, 10)
    publish(url, 3, topic=TOPIC_ENRICHED)
    bus = SqliteBus.from_url(url)
    nlp = bus.consumer([TOPIC_RAW], "nlp")
    batch = nlp.poll(4, 1.0)
    nlp.commit(batch)
    late = bus.consumer([TOPIC_RAW], "late")   # a slower group: one message handled so far
    (first,) = late.poll(1, 1.0)
    late.commit([first])
    both = [m for m in batch if m.partition == first.partition and m.offset <= first.offset]
    assert bus.prune(retention_hours=1) == 0  # nothing is old yet
    assert bus.prune(retention_hours=0) == len(both) + 3  # only what both groups have committed ...
    assert bus.sizes() == {TOPIC_RAW: 10 - len(both), TOPIC_ENRICHED: 0}  # ... and nobody reads enriched
    assert ids(drain(nlp)) == sorted(set(range(10)) - set(ids(batch)))
    publish(url, 1, start=10)                 # offsets go on growing after a prune
    assert [m.offset for m in drain(nlp)][0] > max(m.offset for m in batch)
    nlp.close()
    late.close()
    bus.close()


def test_data_survives_reopening_the_file(url: str) -> None:
    publish(url, 5)
    consumer = open_consumer(url, [TOPIC_RAW], "nlp")
    consumer.commit(consumer.poll(2, 1.0))
    consumer.close()
    reopened = SqliteBus.from_url(url)
    assert reopened.sizes()[TOPIC_RAW] == 5 and reopened.lag("nlp")[TOPIC_RAW] == 3
    reopened.close()


def test_flush_reports_what_the_database_refused(url: str) -> None:
    bus = SqliteBus.from_url(url)
    bus.produce(TOPIC_RAW, "k", b"v")
    locker = sqlite3.connect(url.split("://", 1)[1], isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    bus.conn.execute("PRAGMA busy_timeout = 50")
    assert bus.flush() == 1                   # still buffered, not dropped
    locker.execute("ROLLBACK")
    assert bus.flush() == 0 and bus.sizes()[TOPIC_RAW] == 1
    bus.close()
    locker.close()


CHILD = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from pipeline.bus.sqlite import SqliteBus
    url, group, mode, stop = sys.argv[1:5]
    consumer = SqliteBus.from_url(url).consumer(["posts.raw"], group, lease_s=float(sys.argv[5]))
    consumer.poll(0, 0)
    print("ready", flush=True)
    while not Path(stop).exists():
        batch = consumer.poll(20, 0.2)
        for m in batch:
            print(json.dumps([m.partition, m.offset]), flush=True)
        if mode == "commit":
            consumer.commit(batch)
        elif batch:
            print("holding", flush=True)
            time.sleep(3600)                  # killed while the batch is in flight
    consumer.close()
""")


def spawn(url: str, group: str, mode: str, stop: Path, lease_s: float = 10.0) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", CHILD, url, group, mode, str(stop), str(lease_s)],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def test_a_killed_worker_s_batch_is_redelivered_after_its_lease_expires(url: str, tmp_path: Path) -> None:
    publish(url, 9)
    proc = spawn(url, "nlp", "hold", tmp_path / "stop", lease_s=3)
    assert proc.stdout is not None
    lines = []
    while (line := proc.stdout.readline().strip()) != "holding":
        lines.append(tuple(json.loads(line)))
    other = open_consumer(url, [TOPIC_RAW], "nlp", lease_s=2)
    assert other.poll(50, 0.5) == []          # the leases are valid: nothing delivered twice
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    again = other.poll(50, 8.0)
    again += drain(other)
    assert {(m.partition, m.offset) for m in again} >= set(lines) and len(again) == 9
    other.close()


def test_two_worker_processes_share_a_group_without_loss_or_double_delivery(url: str, tmp_path: Path) -> None:
    SqliteBus.from_url(url).create_topics(partitions=6)
    stop = tmp_path / "stop"
    procs = [spawn(url, "nlp", "commit", stop) for _ in range(2)]
    db = sqlite3.connect(url.split("://", 1)[1])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:        # wait for the group to settle: three partitions each
        owners = db.execute("SELECT owner, COUNT(*) FROM leases WHERE grp = 'nlp' AND topic = 'posts.raw' "
                            "AND owner IS NOT NULL GROUP BY owner").fetchall()
        if sorted(n for _, n in owners) == [3, 3]:
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"the group never balanced: {owners}")
    for start in range(0, 600, 100):
        publish(url, 100, start=start)
    admin = open_admin(url)
    deadline = time.monotonic() + 20
    while admin.lag("nlp")[TOPIC_RAW] and time.monotonic() < deadline:
        time.sleep(0.1)
    stop.touch()
    seen = []
    for proc in procs:
        out, _ = proc.communicate(timeout=10)
        seen.append([tuple(json.loads(line)) for line in out.splitlines()])
    a, b = set(seen[0]), set(seen[1])
    assert len(a) + len(b) == 600 and not a & b and a and b
    assert len(seen[0]) == len(a) and len(seen[1]) == len(b)
    admin.close()
    db.close()


def test_throughput_sanity(url: str) -> None:
    n = 20_000
    t0 = time.perf_counter()
    bus = SqliteBus.from_url(url)
    for i in range(n):
        bus.produce(TOPIC_RAW, f"news:x:{i}", b"x" * 400)
    assert bus.flush() == 0
    t1 = time.perf_counter()
    consumer = bus.consumer([TOPIC_RAW], "nlp")
    total = 0
    while batch := consumer.poll(500, 0.2):
        consumer.commit(batch)
        total += len(batch)
    t2 = time.perf_counter()
    print(f"sqlite bus: produce {n / (t1 - t0):.0f} msg/s, consume+commit {n / (t2 - t1):.0f} msg/s")
    assert total == n and bus.lag("nlp")[TOPIC_RAW] == 0
    consumer.close()
    bus.close()
