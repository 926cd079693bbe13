"""`yuqing backtest` from the command line: raw posts in, alert JSON lines out, bad lines named."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml
from click.testing import CliRunner

from pipeline.cli import cli

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def _config(tmp_path: Path) -> Path:
    path = tmp_path / "yuqing.yaml"
    path.write_text(yaml.safe_dump({"watchlist": [{"name": "鑫盛财富", "aliases": ["鑫盛"]}]}, allow_unicode=True),
                    "utf-8")
    return path


def _line(n: int, text: str, when: datetime) -> str:
    return json.dumps({"id": f"forum:bbs:{n}", "source": "forum", "site": "bbs", "text": text,
                       "author": {"id": f"u{n}"}, "published_at": when.isoformat()}, ensure_ascii=False)


def test_raw_posts_are_analyzed_and_the_alerts_come_out_as_json_lines(tmp_path: Path) -> None:
    lines = [_line(i, f"鑫盛财富这个月收益到账了，继续复投第{i}期", T0 + timedelta(hours=8 * i)) for i in range(30)]
    troubles = ["鑫盛财富提现困难，三天了钱还没到账，太坑了", "鑫盛财富逾期了，客服电话一直打不通",
                "鑫盛财富无法提现，血汗钱啊，大家小心"]
    start = T0 + timedelta(days=11)
    lines += [_line(100 + i, t, start + timedelta(minutes=20 * i)) for i, t in enumerate(troubles)]
    data = tmp_path / "posts.jsonl"
    data.write_text("\n".join(reversed(lines)) + "\n", "utf-8")  # out of order on purpose
    result = CliRunner().invoke(cli, ["--config", str(_config(tmp_path)), "backtest", str(data)])
    assert result.exit_code == 0, result.output
    alerts = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    medium = [a for a in alerts if a["level"] in ("medium", "high")]
    assert medium and medium[0]["platform"] == "鑫盛财富"
    assert set(medium[0]) >= {"fired_at", "platform", "level", "rule", "reason", "figures"}
    fired = datetime.fromisoformat(medium[0]["fired_at"])
    assert start + timedelta(minutes=40) <= fired <= start + timedelta(minutes=42)  # data time, not wall time


def test_a_broken_line_stops_the_backtest_with_its_line_number(tmp_path: Path) -> None:
    data = tmp_path / "posts.jsonl"
    data.write_text(_line(1, "鑫盛财富不错", T0) + "\n{broken\n", "utf-8")
    result = CliRunner().invoke(cli, ["--config", str(_config(tmp_path)), "backtest", str(data)])
    assert result.exit_code == 2
    assert "line 2" in result.output


def test_a_bad_rule_value_names_the_file_and_key(tmp_path: Path) -> None:
    cfg = tmp_path / "yuqing.yaml"
    cfg.write_text(yaml.safe_dump({"watchlist": [{"name": "鑫盛财富"}], "rules": {"heat": {"window": "soon"}}},
                                  allow_unicode=True), "utf-8")
    data = tmp_path / "posts.jsonl"
    data.write_text(_line(1, "鑫盛财富不错", T0) + "\n", "utf-8")
    result = CliRunner().invoke(cli, ["--config", str(cfg), "backtest", str(data)])
    assert result.exit_code == 2
    assert "rules.heat.window" in result.output and str(cfg) in result.output
