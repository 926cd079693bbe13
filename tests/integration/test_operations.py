"""What an operator runs: `yuqing setup` twice (the second changes nothing), `stats` and `search`
after a backfill, and secrets kept out of logs and stored documents."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.integration.harness import start_worker, write_backfill, write_config, yuqing


def _last_json(stdout: str) -> dict:
    return json.loads(stdout.strip().splitlines()[-1])


def test_setup_twice_changes_nothing_on_sqlite(tmp_path: Path) -> None:
    bus, store = f"sqlite:///{tmp_path}/bus.db", f"sqlite:///{tmp_path}/store.db"
    first = yuqing("setup", "--bus", bus, "--store", store)
    assert first.returncode == 0, first.stderr
    assert _last_json(first.stdout)["topics_created"] and _last_json(first.stdout)["store_created"]
    second = _last_json(yuqing("setup", "--bus", bus, "--store", store).stdout)
    assert second["topics_created"] == [] and second["store_created"] == []


def test_setup_twice_changes_nothing_on_kafka_and_elasticsearch(kafka_url: str, es_url: str) -> None:
    yuqing("setup", "--bus", kafka_url, "--store", es_url)
    again = yuqing("setup", "--bus", kafka_url, "--store", es_url)
    assert again.returncode == 0, again.stderr
    assert _last_json(again.stdout) | {"kibana": None} == {"topics_created": [], "store_created": [], "kibana": None}


@pytest.mark.slow
def test_stats_and_search_after_a_backfill(tmp_path: Path) -> None:
    bus, store = f"sqlite:///{tmp_path}/bus.db", f"sqlite:///{tmp_path}/store.db"
    backfill = tmp_path / "posts.jsonl"
    write_backfill(backfill, 300, 4)
    assert yuqing("setup", "--bus", bus, "--store", store).returncode == 0
    assert yuqing("publish", str(backfill), "--raw", "--bus", bus).returncode == 0
    worker = start_worker(bus, store, tmp_path / "worker.log", write_config(tmp_path), idle_s=3)
    assert worker.wait(timeout=300) == 0
    stats = yuqing("stats", "--bus", bus, "--store", store, "--json")
    figures = _last_json(stats.stdout)
    assert figures["posts"] == 300 and figures["dlq"] == 4 and figures["lag"]["nlp"].get("posts.raw", 0) == 0
    found = yuqing("search", "提现", "--since", "99999d", "--json", "--store", store)
    hits = [json.loads(line) for line in found.stdout.splitlines() if line.startswith("{")]
    assert hits and all("提现" in hit["text"] for hit in hits)


@pytest.mark.slow
def test_a_password_in_the_store_url_never_reaches_logs_or_documents(kafka_url: str, es_url: str,
                                                                     tmp_path: Path) -> None:
    secret = "s3cret-Pw-9f1"
    parts = urlsplit(es_url)
    store = f"http://elastic:{secret}@{parts.hostname}:{parts.port}"
    backfill = tmp_path / "posts.jsonl"
    write_backfill(backfill, 50, 1, seed=5, site="secrets.test")
    outputs = [yuqing("-vv", "setup", "--bus", kafka_url, "--store", store),
               yuqing("publish", str(backfill), "--raw", "--bus", kafka_url)]
    log = tmp_path / "worker.log"
    worker = start_worker(kafka_url, store, log, write_config(tmp_path), idle_s=5)
    assert worker.wait(timeout=300) == 0
    outputs.append(yuqing("stats", "--bus", kafka_url, "--store", store, "--json"))
    text = log.read_text(errors="replace") + "".join(o.stdout + o.stderr for o in outputs)
    assert secret not in text
    found = yuqing("search", "平台", "--since", "99999d", "--json", "--store", store)
    assert found.stdout and secret not in found.stdout
