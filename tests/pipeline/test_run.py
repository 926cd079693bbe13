"""`yuqing run`: the county desk's one process — worker and alert service on SQLite under ./var."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import yaml

from pipeline.bus import TOPIC_RAW, open_producer
from pipeline.store import open_store


def test_run_keeps_everything_under_var_and_alerts_on_a_call(tmp_path: Path) -> None:
    (tmp_path / "yuqing.yaml").write_text(yaml.safe_dump(
        {"watchlist": [{"name": "鑫盛财富", "aliases": ["鑫盛"]}], "rules": {"tick": "2s"}}, allow_unicode=True),
        "utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run", "--only", "worker", "--only", "alerter"],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(Path.cwd())})
    try:
        db = tmp_path / "var" / "yuqing.db"
        deadline = time.time() + 60
        while not db.exists() and time.time() < deadline:
            time.sleep(0.2)
        post = {"id": "forum:bbs:1", "source": "forum", "site": "bbs", "author": {"id": "a"},
                "text": "鑫盛财富的出借人，本周五上午9点到浦东新区人民政府门口集合，拉横幅讨说法，血汗钱要回来",
                "published_at": datetime.now(UTC).isoformat()}
        producer = open_producer(f"sqlite:///{db}")
        producer.produce(TOPIC_RAW, post["id"], json.dumps(post, ensure_ascii=False).encode())
        assert producer.flush() == 0
        producer.close()
        found = []
        while not found and time.time() < deadline + 60:
            time.sleep(1)
            store = open_store(f"sqlite:///{db}")
            found = [a for a in store.alerts(limit=10) if a.rule == "organizing"]
            store.close()
        assert found and found[0].level == "high" and found[0].delivery and found[0].delivery[0].sent
    finally:
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err[-2000:]
