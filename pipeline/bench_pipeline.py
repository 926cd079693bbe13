"""`yuqing bench pipeline`: end-to-end throughput of one worker on one core, and the time from
produce to searchable. Without --bus/--store it runs on temporary SQLite files (the county desk);
give kafka:// and http:// URLs to measure the city desk's stack.

Phase 1 (throughput): N posts are published as a backlog, then one `yuqing worker` process pinned
to one CPU drains it; posts/s counts from the first post stored to the last. Phase 2 (latency):
posts are published in small batches at a steady rate well below capacity while the worker runs;
each batch's latency is the time until the store's count covers it; p95 over batches.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pipeline.bench import synthetic_posts
from pipeline.bus import TOPIC_RAW, open_producer
from pipeline.store import StoreUnavailable, open_store

POLL_S = 0.2  # the store is asked for its count this often (a server must not be swamped)


def _posts(start: int, n: int) -> list[tuple[str, bytes]]:
    out = []
    for i, post in enumerate(synthetic_posts(["团贷网", "善林金融", "小牛在线"], n, seed=start), start):
        rec = {"id": f"weibo:bench:{i}", "schema": 1, "source": "weibo", "site": "bench",
               "text": post["text"], "published_at": post["published_at"]}
        out.append((rec["id"], json.dumps(rec, ensure_ascii=False).encode("utf-8")))
    return out


def _peak_rss_mb(pid: int) -> float | None:
    """The worker's peak resident memory so far (Linux /proc), or None elsewhere."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _worker(bus: str, store: str, log: Path) -> subprocess.Popen[bytes]:
    def pin() -> None:
        try:
            os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})
        except (AttributeError, OSError):
            pass

    fh = log.open("ab")
    return subprocess.Popen([sys.executable, "-m", "pipeline.cli", "worker", "--bus", bus, "--store", store,
                             "--exit-when-idle", "8"], stdout=fh, stderr=fh, preexec_fn=pin)


def _count(store: Any) -> int | None:
    """The store's count, or None when it is too busy to answer right now (keep polling)."""
    try:
        return int(store.count_posts())
    except StoreUnavailable:
        return None


def run_pipeline_bench(n: int, bus: str | None, store_url: str | None, rate: float = 300.0) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="yuqing-bench-"))
    bus = bus or f"sqlite:///{tmp / 'bus.db'}"
    store_url = store_url or f"sqlite:///{tmp / 'store.db'}"
    store = open_store(store_url)
    store.setup()
    base = store.count_posts()
    producer = open_producer(bus)
    for key, value in _posts(0, n):
        producer.produce(TOPIC_RAW, key, value)
    producer.flush()

    worker = _worker(bus, store_url, tmp / "worker.log")
    first = last = None
    deadline = time.monotonic() + max(120, n / 50)
    while time.monotonic() < deadline:
        raw = _count(store)
        now = time.monotonic()
        if raw is None:
            continue
        count = raw - base
        if count > 0 and first is None:
            first, first_count = now, count
        if count >= n:
            last = now
            break
        time.sleep(POLL_S)
    if first is None or last is None:
        worker.kill()
        raise RuntimeError(f"the worker did not drain the backlog; see {tmp / 'worker.log'}")
    throughput = (n - first_count) / max(last - first, 1e-6)

    latencies = []
    batch, sent = 20, 0
    interval = batch / rate
    samples = _posts(n, max(batch * 30, 600))
    for i in range(0, len(samples), batch):
        for key, value in samples[i:i + batch]:
            producer.produce(TOPIC_RAW, key, value)
        producer.flush()
        produced_at, sent = time.monotonic(), sent + len(samples[i:i + batch])
        while (_count(store) or 0) - base < n + sent:
            if time.monotonic() - produced_at > 30:
                break
            time.sleep(POLL_S / 4)
        latencies.append((time.monotonic() - produced_at) * 1000)
        time.sleep(max(0.0, interval - (time.monotonic() - produced_at)))
    peak = _peak_rss_mb(worker.pid)
    producer.close()
    worker.wait(timeout=120)
    store.close()
    latencies.sort()
    return {"posts": n, "bus": bus.split("://")[0], "store": store_url.split("://")[0],
            "posts_per_s": round(throughput, 1),
            "p50_ms": round(statistics.median(latencies), 1),
            "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
            "p95_visible_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
            "peak_rss_mb": round(peak, 1) if peak else None, "workdir": str(tmp)}
