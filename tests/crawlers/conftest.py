"""Crawl test helpers: a config in tmp_path and `yuqing crawl` run in a subprocess (Scrapy's
reactor cannot be restarted inside the test process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

CRAWL_FIXTURES = Path(__file__).parent.parent / "fixtures" / "crawlers"

CONFIG = """\
watchlist:
  - name: 团贷网
    aliases: [团贷]
  - name: 善林金融
    aliases: [善林]
  - name: 联璧金融
    aliases: [联璧]
  - name: 小牛在线
    aliases: [小牛]
  - name: 钱宝网
    aliases: [钱宝]
  - name: 红岭创投
  - name: 鑫盛贷
  - name: 安稳金服
  - name: 聚财宝
sources:
  state: {state}
  politeness: {{download_delay: 0, autothrottle: false, retries: 0, timeout_s: 5}}
  relevance: {relevance}
  news: {{obey_robots: false}}
"""


class Crawl:
    def __init__(self, tmp_path: Path, relevance: str = "platform_or_risk") -> None:
        self.dir = tmp_path
        self.bus = tmp_path / "bus.jsonl"
        self.config = tmp_path / "yuqing.yaml"
        self.config.write_text(CONFIG.format(state=tmp_path / "state.db", relevance=relevance), "utf-8")

    def run(self, *args: str, bus: str | None = None) -> tuple[int, dict[str, Any] | None, str]:
        cmd = [sys.executable, "-m", "pipeline.cli", "--config", str(self.config), "crawl", *args,
               "--bus", bus or f"jsonl://{self.bus}"]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
        lines = result.stdout.strip().splitlines()
        summary = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else None
        return result.returncode, summary, result.stderr

    def posts(self) -> list[dict[str, Any]]:
        from pipeline.bus.jsonl import read_messages

        if not self.bus.exists():
            return []
        return [json.loads(m["value"]) for m in read_messages(self.bus, "posts.raw")]  # type: ignore[arg-type]


@pytest.fixture
def crawl(tmp_path: Path) -> Crawl:
    return Crawl(tmp_path)
