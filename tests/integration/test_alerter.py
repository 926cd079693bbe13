"""The alert service end to end: worker and alerter as child processes on the embedded SQLite bus
and store, alerts delivered to a local webhook receiver."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from pipeline.bus import TOPIC_RAW, open_producer
from pipeline.store import open_store
from tests.integration.harness import TEST_WORKER, yuqing
from tests.integration.receiver import Receiver

PLATFORM = "鑫盛财富"
TROUBLE = ["鑫盛财富提现困难，三天了钱还没到账，太坑了", "鑫盛财富逾期了，客服电话一直打不通，急死人",
           "鑫盛财富无法提现，是不是要暴雷了，血汗钱啊", "鑫盛财富客服失联了，提现全部失败，大家小心",
           "鑫盛财富的钱提不出来了，逾期一个礼拜了，太黑了"]


def _desk(tmp_path: Path, receiver: Receiver, bus: str, store: str) -> Path:
    config = {"watchlist": [{"name": PLATFORM, "aliases": ["鑫盛"], "region": "上海市"}],
              "bus": bus, "store": store, "rules": {"tick": "2s"}, "worker": TEST_WORKER,
              "channels": {"duty": {"type": "webhook", "url": receiver.url}}}
    path = tmp_path / "yuqing.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    setup = yuqing("--config", str(path), "setup")
    assert setup.returncode == 0, setup.stderr
    return path


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[tuple[Path, Receiver, str]]:
    receiver = Receiver()
    db = f"sqlite:///{tmp_path / 'yuqing.db'}"
    yield _desk(tmp_path, receiver, db, db), receiver, db
    receiver.close()


def _start(config: Path, command: str, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "pipeline.cli", "--config", str(config), command],
                            stdout=subprocess.DEVNULL, stderr=log.open("ab"), env=dict(os.environ))


def _publish(db: str, posts: list[dict[str, object]]) -> None:
    producer = open_producer(db)
    for p in posts:
        producer.produce(TOPIC_RAW, str(p["id"]), json.dumps(p, ensure_ascii=False).encode())
    assert producer.flush() == 0
    producer.close()


def _post(n: int, text: str, when: datetime, author: str, site: str = "bbs") -> dict[str, object]:
    return {"id": f"forum:{site}:{n}", "source": "forum", "site": site, "url": f"http://127.0.0.1/t/{n}",
            "text": text, "author": {"id": author}, "published_at": when.isoformat()}


def _failed_medium(db: str) -> bool:
    """A medium alert whose delivery to the duty channel was attempted and failed."""
    store = open_store(db)
    try:
        return any(a.level == "medium" and any(d.channel == "duty" and not d.sent for d in a.delivery)
                   for a in store.alerts(limit=20))
    finally:
        store.close()


def _stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        proc.send_signal(sig)
        proc.wait(timeout=30)


def _call_reaches_the_duty_officer(config: Path, receiver: Receiver, bus: str, store_url: str, log: Path,
                                   site: str) -> None:
    worker, alerter = _start(config, "worker", log), _start(config, "alerter", log)
    try:
        now = datetime.now(UTC)
        _publish(bus, [_post(1, "鑫盛财富的投资人注意，本周五上午9点在浦东新区人民政府门口集合，一起拉横幅维权，人越多越好",
                             now, "a1", site=site)])
        assert receiver.wait(1, timeout=120), log.read_text("utf-8")[-3000:]
        received_at, body = receiver.got[0]
        store = open_store(store_url)
        stored = store.search("浦东新区人民政府", limit=50)
        store.close()
        [mine] = [p for p in stored if p["id"] == f"forum:{site}:1"]
        analyzed_at = datetime.fromisoformat(mine["analysis"]["analyzed_at"]).timestamp()
        assert received_at - analyzed_at < 60
        alert = body["alert"]
        assert alert["level"] == "high" and alert["platform"] == PLATFORM
        assert alert["gathering"]["place"] and "浦东新区" in alert["gathering"]["place"]
    finally:
        _stop(alerter)
        _stop(worker)


def test_a_call_with_time_and_place_reaches_the_duty_officer_within_a_minute(desk, tmp_path: Path) -> None:
    config, receiver, db = desk
    _call_reaches_the_duty_officer(config, receiver, db, db, tmp_path / "procs.log", "bbs")


def test_the_same_on_kafka_and_elasticsearch(kafka_url: str, es_url: str, tmp_path: Path) -> None:
    receiver = Receiver()
    try:
        config = _desk(tmp_path, receiver, kafka_url, es_url)
        _call_reaches_the_duty_officer(config, receiver, kafka_url, es_url, tmp_path / "procs.log", "alerter-kafka")
    finally:
        receiver.close()


def test_restarting_the_alerter_mid_surge_loses_nothing_and_repeats_nothing(desk, tmp_path: Path) -> None:
    config, receiver, db = desk
    log = tmp_path / "procs.log"
    worker, alerter = _start(config, "worker", log), _start(config, "alerter", log)
    now = datetime.now(UTC)
    first = [_post(100 + i, TROUBLE[i % 5] + f"（{i}）", now - timedelta(minutes=30 - i), f"u{i}") for i in range(3)]
    rest = [_post(200 + i, TROUBLE[i % 5] + f"（第{i}帖）", now - timedelta(minutes=20 - i), f"v{i}") for i in range(12)]
    try:
        _publish(db, first)
        deadline = time.time() + 90
        while not any(b["alert"]["level"] == "medium" for _t, b in receiver.got) and time.time() < deadline:
            time.sleep(0.2)
        _stop(alerter, signal.SIGKILL)  # mid-surge, with no chance to tidy up
        _publish(db, rest)
        time.sleep(3)
        alerter = _start(config, "alerter", log)
        deadline = time.time() + 90
        while not any(b["alert"]["level"] == "high" for _t, b in receiver.got) and time.time() < deadline:
            time.sleep(0.2)
        time.sleep(8)  # a few more ticks: nothing else may arrive
    finally:
        _stop(alerter)
        _stop(worker)
    alerts = [body["alert"] for _t, body in receiver.got]
    levels = [a["level"] for a in alerts]
    # one message per level as the surge escalates (a first 暴雷 may come in as low): nothing repeated
    assert levels[-1] == "high" and "medium" in levels
    assert levels == sorted(set(levels), key=["low", "medium", "high"].index)
    assert len({a["id"] for a in alerts}) == len(alerts)
    store = open_store(db)
    stored = {a.id: a for a in store.alerts(limit=50)}
    store.close()
    assert all(any(d.sent for d in stored[a["id"]].delivery) for a in alerts)


def test_a_channel_that_is_down_gets_the_alert_once_it_is_back(desk, tmp_path: Path) -> None:
    config, receiver, db = desk
    log = tmp_path / "procs.log"
    receiver.down = True
    worker, alerter = _start(config, "worker", log), _start(config, "alerter", log)
    now = datetime.now(UTC)
    try:
        _publish(db, [_post(300 + i, TROUBLE[i % 5] + f"【{i}】", now - timedelta(minutes=10 - i), f"w{i}")
                      for i in range(4)])
        deadline = time.time() + 90
        while not _failed_medium(db) and time.time() < deadline:
            time.sleep(0.5)
        assert _failed_medium(db), log.read_text("utf-8")[-3000:]
        receiver.down = False
        deadline = time.time() + 120
        while not any(b["alert"]["level"] == "medium" for _t, b in receiver.got) and time.time() < deadline:
            time.sleep(0.5)
        time.sleep(5)
    finally:
        _stop(alerter)
        _stop(worker)
    levels = [body["alert"]["level"] for _t, body in receiver.got]
    assert "medium" in levels and levels == sorted(set(levels), key=["low", "medium", "high"].index)  # no storm
    store = open_store(db)
    [alert] = [a for a in store.alerts(limit=10) if a.platform == PLATFORM and a.level == "medium"]
    store.close()
    attempts = [d for d in alert.delivery if d.channel == "duty"]
    assert any(not d.sent for d in attempts) and attempts[-1].sent
