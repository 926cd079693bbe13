"""The store becomes unreachable for 30 s in the middle of a stream: the worker waits and retries
without committing, then carries on, and the count is still exact."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pipeline.store import open_store
from tests.integration.harness import count, start_worker, wait_for, write_backfill, write_config, yuqing
from tests.integration.proxy import PausableProxy

N_POSTS = 6_000


@pytest.mark.slow
def test_the_worker_waits_out_a_30_second_store_outage(fresh_kafka, fresh_es: str, tmp_path: Path) -> None:
    es_url = fresh_es  # a store of its own: counted from empty, untouched by other tests
    kafka_url, _broker = fresh_kafka
    proxy = PausableProxy(urlsplit(es_url).port or 9200)
    store_url = f"http://127.0.0.1:{proxy.port}"
    backfill = tmp_path / "backfill.jsonl"
    write_backfill(backfill, N_POSTS, 0, seed=11, site="outage.test")
    bus = kafka_url
    assert yuqing("setup", "--bus", bus, "--store", store_url).returncode == 0
    store = open_store(es_url)
    before = store.count_posts()
    assert yuqing("publish", str(backfill), "--bus", bus).returncode == 0
    log = tmp_path / "worker.log"
    worker = start_worker(bus, store_url, log, write_config(tmp_path), idle_s=30)
    try:
        wait_for(lambda: count(store) - before >= 1_500, 300, "the first posts stored")
    except AssertionError:
        raise AssertionError(f"no progress; worker log:\n{log.read_text(errors='replace')[-4000:]}") from None
    proxy.down()
    time.sleep(30)
    during = count(store) - before
    proxy.up()
    assert worker.wait(timeout=600) == 0, log.read_text(errors="replace")[-3000:]
    getattr(store, "refresh", lambda: None)()
    assert store.count_posts() - before == N_POSTS
    assert during < N_POSTS  # the outage really stopped the flow
    assert "store unavailable, retrying" in log.read_text(errors="replace")
    proxy.close()
    store.close()
