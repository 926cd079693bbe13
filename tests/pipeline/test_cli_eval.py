"""`yuqing eval linking` and `yuqing eval organizing`: a desk scores the analyzer on its own labelled
posts and gets one JSON object plus, on request, the misses and false hits to read."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

FIXTURES = Path(__file__).parent.parent / "fixtures" / "nlp"


@pytest.fixture(autouse=True)
def _desk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("YUQING_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "yuqing.yaml").write_text(f"watchlist: {FIXTURES / 'watchlist_small.yaml'}\n", encoding="utf-8")


def _run(*args: str) -> tuple[int, dict[str, object] | None, str]:
    result = CliRunner().invoke(cli, list(args))
    lines = result.stdout.strip().splitlines()
    return result.exit_code, (json.loads(lines[-1]) if result.exit_code == 0 and lines else None), result.stderr


def _csv(path: Path, header: list[str], rows: list[list[str]], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_linking_counts_recall_and_posts_with_a_false_link(tmp_path: Path) -> None:
    data = _csv(tmp_path / "labelled.csv", ["id", "body", "names"], [
        ["1", "善林金融今天又延期兑付了，投资人都在问本金", "善林金融"],
        ["2", "团贷网和红岭创投都出了公告，说下周开始清退", "团贷网;红岭创投"],
        ["3", "福满多财富的办公室人去楼空，出借人报了案", "福满多财富"],   # a name the watchlist does not have
        ["4", "红岭创投发了清退公告，说是良性退出", ""],               # linked, but the label says the post is not about it
        ["5", "今天去超市买了小牛肉，晚上炖汤", ""],
    ])
    errors = tmp_path / "errors.jsonl"
    code, out, stderr = _run("eval", "linking", "--data", str(data), "--text-col", "body", "--entity-col", "names",
                             "--errors", str(errors))
    assert code == 0, stderr
    assert out is not None
    assert out["n"] == 5
    assert out["watched_mentions"] == 3          # 善林金融, 团贷网, 红岭创投 (福满多财富 is not watched)
    assert out["recall"] == 1.0
    assert out["posts_with_false_link"] == 1     # post 4
    assert out["false_link_share"] == 0.2
    assert isinstance(out["posts_per_s"], float)
    written = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert [(e["kind"], e["platform"]) for e in written] == [("false_link", "红岭创投")]


def test_linking_without_labels_treats_every_link_as_false(tmp_path: Path) -> None:
    data = _csv(tmp_path / "chatter.csv", ["id", "text"], [
        ["a", "周末去爬山，山顶的风好大"],
        ["b", "团贷网暴雷以后，我再也不碰理财了"],
        ["c", "晚饭吃什么好呢"],
    ])
    code, out, stderr = _run("eval", "linking", "--data", str(data), "--text-col", "text")
    assert code == 0, stderr
    assert out is not None
    assert (out["posts_linked"], out["posts_with_false_link"], out["linked_share"]) == (1, 1, 0.3333)


def test_linking_accepts_jsonl_with_a_list_of_names(tmp_path: Path) -> None:
    data = tmp_path / "posts.jsonl"
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "x1", "text": "e租宝的投资人今天去登记了", "platforms": ["e租宝"]},
        {"id": "x2", "text": "小区门口新开了一家面馆", "platforms": []},
    ]) + "\n", encoding="utf-8")
    code, out, stderr = _run("eval", "linking", "--data", str(data), "--text-col", "text", "--entity-col", "platforms")
    assert code == 0, stderr
    assert out is not None
    assert (out["watched_mentions"], out["recall"], out["posts_with_false_link"]) == (1, 1.0, 0)


def test_organizing_scores_calls_and_gatherings(tmp_path: Path) -> None:
    data = _csv(tmp_path / "calls.tsv", ["id", "published_at", "text", "is_call", "gathering"], [
        ["1", "2026-03-02T20:00:00+08:00",
         "善林金融的出借人们，明天上午九点杭州市人民政府门口集合，一起去信访办反映，人越多越好", "1", "1"],
        ["2", "2026-03-02T20:00:00+08:00", "被善林金融骗了的朋友加维权群，群号在评论区，大家一起登记", "1", "0"],
        ["3", "2026-03-02T20:00:00+08:00", "今天天气不错，下午去公园散步", "0", "0"],
        ["4", "2026-03-02T20:00:00+08:00", "记者从市公安局获悉，善林金融案已移送检察院审查起诉", "0", "0"],
    ], delimiter="\t")
    errors = tmp_path / "org.jsonl"
    code, out, stderr = _run("eval", "organizing", "--data", str(data), "--text-col", "text", "--call-col", "is_call",
                             "--gathering-col", "gathering", "--errors", str(errors))
    assert code == 0, stderr
    assert out is not None
    assert (out["n"], out["calls"]) == (4, 2)
    assert out["precision"] == 1.0 and out["recall"] == 1.0
    assert (out["false_calls"], out["gatherings"], out["gatherings_found"], out["gatherings_invented"]) == (0, 1, 1, 0)
    assert errors.read_text(encoding="utf-8") == ""


def test_organizing_reads_fixture_sets_with_expected_gatherings() -> None:
    code, out, stderr = _run("eval", "organizing", "--data", str(FIXTURES / "organizing_a.jsonl"), "--text-col", "text",
                             "--call-col", "is_call", "--gathering-col", "gathering")
    assert code == 0, stderr
    assert out is not None
    assert out["calls"] and out["gatherings"]
    assert out["gatherings_right_day"] <= out["gatherings_found"] <= out["gatherings"]  # type: ignore[operator]
    assert out["precision"] >= 0.9 and out["recall"] >= 0.9  # type: ignore[operator]


def test_a_missing_column_or_a_bad_label_is_bad_input(tmp_path: Path) -> None:
    data = _csv(tmp_path / "x.csv", ["id", "text", "is_call"], [["1", "大家好", "maybe"]])
    code, _out, stderr = _run("eval", "organizing", "--data", str(data), "--text-col", "text", "--call-col", "call")
    assert code == 2 and "no column 'call'" in stderr and "is_call" in stderr
    code, _out, stderr = _run("eval", "organizing", "--data", str(data), "--text-col", "text", "--call-col", "is_call")
    assert code == 2 and "x.csv:2" in stderr and "maybe" in stderr
