"""`yuqing analyze` on a messy JSON-lines file (good posts out with their analysis, bad lines named on
stderr), stdin, --strict, UTF-8 output; `yuqing bench nlp`'s final JSON line; a missing config."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pipeline.schema import Analysis, Post

POST = {
    "id": "weibo:weibo.com:4890001", "schema": 1, "source": "weibo", "site": "weibo.com",
    "url": "https://weibo.com/1234/4890001", "title": None,
    "text": "团贷网的出借人明天上午九点在东莞市政府门口集合维权，本金到现在一分没回来",
    "author": {"id": "1234", "name": "东莞小王"}, "published_at": "2019-04-01T20:00:00+08:00",
    "fetched_at": "2019-04-01T20:05:00+08:00",
    "metrics": {"reposts": 12, "comments": 30, "likes": 55, "replies": 0, "views": 900},
    "query": "团贷", "parent_id": None,
}
MINIMAL = {"id": "m-1", "text": "小牛在线逾期三个月了，提现一直不到账，客服也不回", "published_at": "2019-10-01T10:00:00+08:00"}
EMPTY = {"id": "e-1", "text": ""}
BIG = {"id": "big-1", "text": "钱宝网的钱什么时候退赔？" + "等" * (1024 * 1024)}


def _line(rec: Any) -> bytes:
    return json.dumps(rec, ensure_ascii=False).encode("utf-8")


# line number → (bytes, what stderr must say about it, or None for a good record)
LINES: list[tuple[bytes, str | None]] = [
    (_line(POST), None),                                         # 1 a schema-v1 Post
    (_line(MINIMAL), None),                                      # 2 {"id", "text", "published_at"}
    (b"   ", None),                                              # 3 blank: skipped silently
    (b'{"id": "x-1", "text": "\xe5\x9b\xa2\xe8\xb4\xb7', "JSON"),  # 4 truncated JSON
    (b'["weibo:weibo.com:1", "text"]', "object"),               # 5 an array
    (_line({"text": "没有编号的帖子"}), "id"),                      # 6 no id
    (_line({**POST, "id": "blog:blog.cn:9", "source": "blog"}), "source"),  # 7 fails Post validation
    (b'{"id": "gbk-1", "text": "\xcd\xc5\xb4\xfb"}', "UTF-8"),   # 8 GBK bytes, not UTF-8
    (_line({"id": "n-1", "text": 12345}), "text"),              # 9 text is a number
    (_line(EMPTY), None),                                        # 10 empty text
    (_line(BIG), None),                                          # 11 ~1 MB of text
]
GOOD = {1: POST, 2: MINIMAL, 10: EMPTY, 11: BIG}
BAD = {n: why for n, (_raw, why) in enumerate(LINES, 1) if why is not None}

WATCHLIST = "platforms:\n  - name: 团贷网\n    aliases: [团贷]\n  - name: 小牛在线\n    aliases: [小牛]\n  - 钱宝网\n"


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("YUQING_")}
    env.pop("PYTHONIOENCODING", None)
    return env


def _yuqing(args: list[str], cwd: Path, stdin: bytes = b"", env: dict[str, str] | None = None,
            ) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], input=stdin, capture_output=True,
                          cwd=cwd, env=env or _env(), timeout=300, check=False)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory with a config, its watchlist and the messy input file (cwd has no other yuqing.yaml)."""
    root = tmp_path_factory.mktemp("analyze")
    (root / "watchlist.yaml").write_text(WATCHLIST, encoding="utf-8")
    (root / "desk.yaml").write_text("watchlist: watchlist.yaml\n", encoding="utf-8")
    (root / "posts.jsonl").write_bytes(b"\n".join(raw for raw, _why in LINES) + b"\n")
    return root


@pytest.fixture(scope="module")
def analyzed(workdir: Path) -> subprocess.CompletedProcess[bytes]:
    return _yuqing(["--config", str(workdir / "desk.yaml"), "analyze", str(workdir / "posts.jsonl")], workdir)


def _out_records(stdout: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.decode("utf-8").splitlines() if line.strip()]


# --- analyze FILE -----------------------------------------------------------------------------


def test_bad_lines_do_not_fail_the_run(analyzed: subprocess.CompletedProcess[bytes]) -> None:
    assert analyzed.returncode == 0, analyzed.stderr.decode("utf-8", "replace")[-2000:]
    assert b"Traceback" not in analyzed.stderr


def test_one_output_line_per_good_record_in_input_order(analyzed: subprocess.CompletedProcess[bytes]) -> None:
    records = _out_records(analyzed.stdout)
    assert [r["id"] for r in records] == [rec["id"] for rec in GOOD.values()]


def test_input_fields_are_kept_and_analysis_is_added(analyzed: subprocess.CompletedProcess[bytes]) -> None:
    for rec, original in zip(_out_records(analyzed.stdout), GOOD.values(), strict=True):
        assert {k: v for k, v in rec.items() if k != "analysis"} == original
        Analysis.from_dict(rec["analysis"])  # raises SchemaError if the analysis breaks schema v1


def test_a_full_post_stays_a_valid_post(analyzed: subprocess.CompletedProcess[bytes]) -> None:
    post = Post.from_dict(_out_records(analyzed.stdout)[0])
    assert post.analysis is not None
    assert [m.name for m in post.analysis.platforms] == ["团贷网"]


def test_empty_and_huge_texts_get_an_analysis(analyzed: subprocess.CompletedProcess[bytes]) -> None:
    by_id = {r["id"]: r["analysis"] for r in _out_records(analyzed.stdout)}
    empty = by_id["e-1"]
    assert empty["tokens"] == [] and empty["platforms"] == []
    assert empty["sentiment"]["label"] == "neutral"
    big = by_id["big-1"]
    assert [p["name"] for p in big["platforms"]] == ["钱宝网"]


def test_each_bad_line_is_named_with_its_number_and_reason(analyzed: subprocess.CompletedProcess[bytes]) -> None:
    stderr = analyzed.stderr.decode("utf-8")
    reported = {int(line.split(":")[0].split()[1]): line for line in stderr.splitlines() if line.startswith("line ")}
    assert set(reported) == set(BAD)
    for lineno, reason in BAD.items():
        assert reason in reported[lineno], reported[lineno]


def test_output_is_utf8_with_chinese_unescaped(analyzed: subprocess.CompletedProcess[bytes]) -> None:
    text = analyzed.stdout.decode("utf-8")
    assert "团贷网的出借人" in text and "东莞小王" in text
    assert "\\u" not in text


def test_strict_exits_2_when_a_line_was_rejected(workdir: Path) -> None:
    result = _yuqing(["--config", str(workdir / "desk.yaml"), "analyze", "--strict", str(workdir / "posts.jsonl")],
                     workdir)
    assert result.returncode == 2
    assert len(_out_records(result.stdout)) == len(GOOD)  # the good records are still written
    assert b"line 4:" in result.stderr


def test_stdin_is_read_with_dash(workdir: Path) -> None:
    stdin = _line(MINIMAL) + b"\n" + _line({"id": "s-2", "text": "红岭创投宣布清盘，出借人本金分三年兑付"}) + b"\n"
    result = _yuqing(["--config", str(workdir / "desk.yaml"), "analyze", "--strict", "-"], workdir, stdin=stdin)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    records = _out_records(result.stdout)
    assert [r["id"] for r in records] == ["m-1", "s-2"]
    assert [p["name"] for p in records[0]["analysis"]["platforms"]] == ["小牛在线"]


def test_output_is_utf8_even_under_a_gbk_locale(workdir: Path) -> None:
    env = {**_env(), "PYTHONIOENCODING": "gbk"}  # what a zh_CN.GBK terminal or a Windows cp936 redirect gives
    stdin = _line({"id": "g-1", "text": "团贷网还钱😡"}) + b"\n"
    result = _yuqing(["--config", str(workdir / "desk.yaml"), "analyze", "-"], workdir, stdin=stdin, env=env)
    assert result.returncode == 0
    assert _out_records(result.stdout)[0]["text"] == "团贷网还钱😡"


# --- config errors and bench ------------------------------------------------------------------


def test_missing_config_exits_2_naming_the_file(tmp_path: Path) -> None:
    result = _yuqing(["--config", "missing.yaml", "analyze"], tmp_path, stdin=_line(MINIMAL) + b"\n")
    assert result.returncode == 2
    stderr = result.stderr.decode("utf-8")
    assert "missing.yaml" in stderr and "not found" in stderr
    assert "Traceback" not in stderr
    assert result.stdout == b""


def test_bad_config_value_exits_2_naming_the_key(tmp_path: Path) -> None:
    (tmp_path / "wl.yaml").write_text(WATCHLIST, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("watchlist: wl.yaml\nnlp:\n  sentiment:\n    backnd: linear\n", encoding="utf-8")
    result = _yuqing(["--config", "bad.yaml", "analyze"], tmp_path, stdin=b"")
    assert result.returncode == 2
    assert "nlp.sentiment.backnd" in result.stderr.decode("utf-8")


def test_bench_nlp_prints_a_final_json_line(tmp_path: Path) -> None:
    result = _yuqing(["bench", "nlp", "--n", "200", "--platforms", "300"], tmp_path)  # the built-in example config
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    figures = json.loads(result.stdout.decode("utf-8").strip().splitlines()[-1])
    for key in ("posts_per_s", "p50_ms", "p95_ms", "peak_rss_mb"):
        assert isinstance(figures[key], int | float) and figures[key] > 0, key
    assert figures["p95_ms"] >= figures["p50_ms"]
    assert figures["posts"] == 200 and figures["watchlist_size"] == 300
