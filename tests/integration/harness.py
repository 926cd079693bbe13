"""Drive the real `yuqing` commands as a desk would: publish a backfill, run workers in child
processes (so they can be SIGKILLed), and watch the store fill up."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.bench import synthetic_posts

MALFORMED = [
    b"{not json at all",
    b'{"id": "weibo:m.weibo.cn:x"}',  # missing fields
    b'{"id": "weibo:m.weibo.cn:y", "source": "fax", "site": "s", "text": "t", "published_at": "2026-11-20T10:00:00+08:00"}',
    b"\xff\xfe\xfd binary garbage",
    b'["a", "list"]',
]


def write_backfill(path: Path, n_posts: int, n_bad: int, seed: int = 3, site: str = "m.weibo.cn") -> None:
    """n_posts valid schema-v1 posts with n_bad malformed lines spread among them. Tests sharing a
    store give their posts a site of their own, so ids never collide across tests."""
    rnd = random.Random(seed)
    lines = []
    for i, post in enumerate(
        synthetic_posts(["团贷网", "善林金融", "小牛在线", "钱宝网"], n_posts, seed=seed)
    ):
        rec = {
            "id": f"weibo:m.weibo.cn:{i}",
            "schema": 1,
            "source": "weibo",
            "site": "m.weibo.cn",
            "text": post["text"],
            "published_at": post["published_at"],
        }
        lines.append(json.dumps(rec, ensure_ascii=False).encode("utf-8"))
    for j in range(n_bad):
        lines.insert(rnd.randrange(len(lines)), MALFORMED[j % len(MALFORMED)])
    path.write_bytes(b"\n".join(lines) + b"\n")


def yuqing(
    *args: str, env: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )


# Short group timeouts, as ARCHITECTURE §6 advises for Tansu: a killed worker's partitions move on
# after 6 s instead of waiting out kafka-python's defaults.
TEST_WORKER = {"batch_size": 500,
               "kafka": {"session_timeout_ms": 6000, "heartbeat_interval_ms": 1000, "max_poll_interval_ms": 10000}}


def write_config(directory: Path) -> Path:
    """The built-in example config, its example watchlist inline, and short Kafka group timeouts."""
    from importlib import resources

    import yaml

    res = resources.files("pipeline.resources")
    base = yaml.safe_load(res.joinpath("yuqing.example.yaml").read_text("utf-8"))
    base["watchlist"] = yaml.safe_load(res.joinpath("watchlist.example.yaml").read_text("utf-8"))["platforms"]
    base["worker"] = TEST_WORKER
    path = directory / "yuqing.yaml"
    path.write_text(yaml.safe_dump(base, allow_unicode=True), "utf-8")
    return path


def start_worker(bus: str, store: str, log: Path, config: Path, idle_s: float = 20) -> subprocess.Popen[bytes]:
    out = log.open("ab")
    return subprocess.Popen([sys.executable, "-m", "pipeline.cli", "--config", str(config), "-v", "worker",
                             "--bus", bus, "--store", store, "--exit-when-idle", str(idle_s)],
                            stdout=out, stderr=out, env=dict(os.environ))


def wait_for(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def count(store: object) -> int:
    """The store's post count for polling (refreshed first, so recent writes are visible to the
    count); -1 while a busy test server does not answer in time."""
    from pipeline.store import StoreUnavailable

    try:
        getattr(store, "refresh", lambda: None)()
        return int(store.count_posts())  # type: ignore[attr-defined]
    except StoreUnavailable:
        return -1


def kill(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
