"""`yuqing train sentiment` then `yuqing eval sentiment` on the desk's small labelled fixture."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

FIXTURE = Path(__file__).parent.parent / "fixtures" / "nlp" / "sentiment_small.csv"


@pytest.fixture(autouse=True)
def _hermetic(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("YUQING_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)  # no stray ./yuqing.yaml: the built-in example config is used


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _last_json(stdout: str) -> dict[str, object]:
    return json.loads(stdout.strip().splitlines()[-1])


def test_train_then_eval_prints_a_final_json_line(tmp_path: Path) -> None:
    out = tmp_path / "model"
    code, stdout, stderr = _run("train", "sentiment", "--data", str(FIXTURE), "--text-col", "text",
                                "--label-col", "label", "--negative-label", "1", "--out", str(out))
    assert code == 0, stderr
    trained = _last_json(stdout)
    assert set(trained) == {"n", "out", "cv_accuracy", "cv_macro_f1", "C", "nb_scaled", "blended", "seconds"}
    assert trained["C"] in (1.0, 4.0, 16.0)  # chosen by cross-validation on this data
    assert "CV accuracy by C" in stderr
    # 120 posts are too few for naive-Bayes ratios of rare grams: the plain TF-IDF regression is more
    # accurate in CV, so it is the one saved, and the desk is told.
    assert trained["nb_scaled"] is False and "naive-Bayes scaling dropped" in stderr
    # finance posts: the lexicons add to what 120 posts teach, and the desk is told so
    assert trained["blended"] is True and "blend with the default lexicons" in stderr and "kept" in stderr
    assert trained["n"] == 120 and trained["out"] == str(out)
    assert 0.6 <= trained["cv_accuracy"] <= 1.0  # type: ignore[operator]
    assert (out / "meta.json").is_file()

    code, stdout, stderr = _run("eval", "sentiment", "--data", str(FIXTURE), "--text-col", "text",
                                "--label-col", "label", "--backend", "linear", "--model", str(out))
    assert code == 0, stderr
    result = _last_json(stdout)
    assert set(result) == {"n", "accuracy", "macro_f1", "negative_f1", "posts_per_s", "backend", "model"}
    assert result["n"] == 120 and result["backend"] == "linear" and result["model"] == str(out)
    assert result["accuracy"] >= 0.95  # type: ignore[operator]  (its own training data)
    assert 0.0 <= result["macro_f1"] <= 1.0 and result["posts_per_s"] > 0  # type: ignore[operator]

    code, stdout, _ = _run("eval", "sentiment", "--data", str(FIXTURE), "--text-col", "text", "--label-col",
                           "label", "--backend", "linear", "--model", str(out), "--limit", "10")
    assert code == 0 and _last_json(stdout)["n"] == 10


def test_missing_column_exits_2_naming_file_and_columns(tmp_path: Path) -> None:
    code, stdout, stderr = _run("eval", "sentiment", "--data", str(FIXTURE), "--text-col", "content",
                                "--label-col", "label", "--backend", "linear", "--model", str(tmp_path))
    assert code == 2
    assert "'content'" in stderr and "sentiment_small.csv" in stderr and "text, label" in stderr
    assert stdout == ""


def test_bad_rows_are_reported_and_skipped(tmp_path: Path) -> None:
    data = tmp_path / "posts.tsv"
    lines = ["text\tlabel"] + [f"{t}\t{lab}" for t, lab in [
        ("平台暴雷，提现不出来", "neg"), ("", "neg"), ("今天天气很好", ""), ("老板跑路了，血本无归", "neg"),
        ("周末去公园散步", "pos"), ("   ", "pos"), ("家人一起吃饭很开心", "pos"), ("客服失联，被骗了", "negative")]]
    data.write_text("\n".join(lines) + "\n", "utf-8")
    out = tmp_path / "model"
    code, stdout, stderr = _run("train", "sentiment", "--data", str(data), "--text-col", "text",
                                "--label-col", "label", "--out", str(out))
    assert code == 0, stderr
    assert "skipped 3 rows" in stderr
    assert "row 3: empty text" in stderr and "row 4: missing label" in stderr and "row 7: empty text" in stderr
    assert "'neg'→negative" in stderr and "'pos'→non-negative" in stderr
    assert _last_json(stdout)["n"] == 5


def test_one_class_only_is_bad_input(tmp_path: Path) -> None:
    data = tmp_path / "posts.jsonl"
    data.write_text("\n".join(json.dumps({"t": t, "y": 1}, ensure_ascii=False)
                              for t in ["平台暴雷", "跑路了", "提现难"]) + "\n", "utf-8")
    code, _, stderr = _run("train", "sentiment", "--data", str(data), "--text-col", "t", "--label-col", "y",
                           "--out", str(tmp_path / "m"))
    assert code == 2 and "posts.jsonl" in stderr
