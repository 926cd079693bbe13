"""`yuqing eval sentiment` and `yuqing train sentiment`: measure a backend on a desk's labelled
data, or train the `linear` backend from it. Both print one JSON object as the last stdout line.
"""

from __future__ import annotations

import csv
import json
import time
from collections import Counter
from pathlib import Path

import click

from pipeline.errors import InputError

BATCH = 256
NEGATIVE_WORDS = {"1", "true", "yes", "neg", "negative", "负面", "消极"}
LABEL_HELP = ("Label value that marks a negative row (string compare after strip); every other value is "
              "non-negative. Default: the label is read as 'is negative?': 1/true/yes/neg/negative/负面/消极 "
              "are negative, anything else (0, positive, neutral ...) is not. So BDCI-style data (1 = negative) "
              "needs nothing; Weibo2018-style data (0 = negative) needs --negative-label 0.")
DATA_HELP = "Labelled data: CSV with a header (.tsv and .jsonl by extension)."

Row = tuple[int, str, bool]  # (row number in the file, text, is negative)


def _records(path: Path) -> tuple[list[dict[str, object]], list[str]]:
    """All records of the file and the column names it has."""
    suffix = path.suffix.lower()
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            if suffix == ".jsonl":
                records = []
                for lineno, line in enumerate(fh, 1):
                    if not line.strip():
                        continue
                    rec = json.loads(line)
                    if not isinstance(rec, dict):
                        raise InputError(f"{path}: line {lineno}: expected a JSON object")
                    records.append(rec)
                columns = sorted({k for r in records for k in r})
                return records, columns
            reader = csv.DictReader(fh, delimiter="\t" if suffix == ".tsv" else ",")
            return list(reader), list(reader.fieldnames or [])
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: line {exc.lineno}: not JSON ({exc.msg})") from None
    except csv.Error as exc:
        raise InputError(f"{path}: unreadable CSV ({exc})") from None


def read_labelled(path: Path, text_col: str, label_col: str, negative_label: str | None,
                  limit: int | None = None) -> list[Row]:
    """Usable rows of a labelled file; skipped ones are reported on stderr (the first 10 by row)."""
    records, columns = _records(path)
    for col in (text_col, label_col):
        if col not in columns:
            raise InputError(f"{path}: no column {col!r} (columns: {', '.join(columns) or 'none'})")
    rows: list[Row] = []
    skipped: list[str] = []
    labels: Counter[tuple[str, bool]] = Counter()
    first_row = 1 if path.suffix.lower() == ".jsonl" else 2  # CSV row 1 is the header
    for i, rec in enumerate(records):
        rowno = i + first_row
        text, label = rec.get(text_col), rec.get(label_col)
        text = "" if text is None else str(text)
        label = "" if label is None else str(label).strip()
        if not text.strip() or not label:
            skipped.append(f"row {rowno}: {'empty text' if not text.strip() else 'missing label'}")
            continue
        negative = label == negative_label if negative_label is not None else label.lower() in NEGATIVE_WORDS
        labels[(label, negative)] += 1
        rows.append((rowno, text, negative))
        if limit is not None and len(rows) >= limit:
            break
    if skipped:
        click.echo(f"{path}: skipped {len(skipped)} rows: {'; '.join(skipped[:10])}"
                   f"{' ...' if len(skipped) > 10 else ''}", err=True)
    shown = ", ".join(f"{v!r}→{'negative' if neg else 'non-negative'} ({n})" for (v, neg), n in labels.most_common(8))
    click.echo(f"{path}: {len(rows)} rows, labels {shown}", err=True)
    if not rows:
        raise InputError(f"{path}: no usable rows (need a non-empty {text_col!r} and {label_col!r})")
    return rows


def metrics(truth: list[bool], pred: list[bool]) -> dict[str, float]:
    """Accuracy, macro-F1 over the two classes, and F1 of the negative class."""
    def f1(cls: bool) -> float:
        tp = sum(t == cls and p == cls for t, p in zip(truth, pred, strict=True))
        fp = sum(t != cls and p == cls for t, p in zip(truth, pred, strict=True))
        fn = sum(t == cls and p != cls for t, p in zip(truth, pred, strict=True))
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    acc = sum(t == p for t, p in zip(truth, pred, strict=True)) / len(truth)
    neg, pos = f1(True), f1(False)
    return {"accuracy": round(acc, 4), "macro_f1": round((neg + pos) / 2, 4), "negative_f1": round(neg, 4)}


def _data_options(fn: click.decorators.FC) -> click.decorators.FC:
    for opt in reversed([
        click.option("--data", "data", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help=DATA_HELP),
        click.option("--text-col", required=True, help="Column with the post text."),
        click.option("--label-col", required=True, help="Column with the label."),
        click.option("--negative-label", default=None, help=LABEL_HELP),
    ]):
        fn = opt(fn)
    return fn


@click.group("eval")
def eval_group() -> None:
    """Measure the NLP steps on labelled data."""


@eval_group.command("sentiment")
@_data_options
@click.option("--backend", default=None, help="Sentiment backend: default, linear or transformers (overrides config).")
@click.option("--model", default=None, help="Model directory for linear / transformers (overrides config).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Use only the first N usable rows.")
@click.pass_context
def eval_sentiment(ctx: click.Context, data: Path, text_col: str, label_col: str, negative_label: str | None,
                   backend: str | None, model: str | None, limit: int | None) -> None:
    """Score labelled posts (normalize → segment → backend; negative when score ≥ 0.5)."""
    from nlp.normalize import normalize
    from nlp.segment import Segmenter
    from nlp.sentiment import NEGATIVE_THRESHOLD, SentimentInput, load_backend
    from pipeline.config import load_settings

    rows = read_labelled(data, text_col, label_col, negative_label, limit)
    sent = load_settings(ctx.obj["config_path"]).nlp.sentiment
    name, model_path = backend or sent.backend, model or sent.model
    options: dict[str, object] = {}
    if name == "transformers":
        options = {"negative_label": sent.negative_label, "batch_size": sent.batch_size}
    scorer = load_backend(name, model_path if name != "default" else None, **options)
    segmenter = Segmenter()
    scores: list[float] = []
    started = time.perf_counter()
    for start in range(0, len(rows), BATCH):
        texts = [normalize(text) for _n, text, _neg in rows[start:start + BATCH]]
        scores.extend(scorer.negative([SentimentInput(t, segmenter.cut(t)) for t in texts]))
        if (start // BATCH) % 20 == 19:
            click.echo(f"scored {len(scores)}/{len(rows)}", err=True)
    elapsed = time.perf_counter() - started
    truth = [neg for _n, _t, neg in rows]
    pred = [s >= NEGATIVE_THRESHOLD for s in scores]
    result = {"n": len(rows), **metrics(truth, pred), "posts_per_s": round(len(rows) / max(elapsed, 1e-9), 1),
              "backend": name, "model": model_path if name != "default" else None}
    confusion = Counter(zip(truth, pred, strict=True))
    click.echo(f"negative predicted/true: tp={confusion[(True, True)]} fp={confusion[(False, True)]} "
               f"fn={confusion[(True, False)]} tn={confusion[(False, False)]}", err=True)
    click.echo(json.dumps(result, ensure_ascii=False))


@click.group("train")
def train_group() -> None:
    """Train models from a desk's labelled data."""


@train_group.command("sentiment")
@_data_options
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Model directory to write (use it as config nlp.sentiment.model with backend: linear).")
def train_sentiment(data: Path, text_col: str, label_col: str, negative_label: str | None, out: Path) -> None:
    """Train the `linear` backend (char n-gram + word TF-IDF, NB-weighted class-balanced logistic regression,
    blended with the default backend's lexicons when that helps); 5-fold CV on this data chooses the
    regularization C, whether the NB weighting is kept, and the blend, and gives the accuracy to expect."""
    from nlp.sentiment.linear import train_linear

    rows = read_labelled(data, text_col, label_col, negative_label)
    try:
        stats = train_linear([t for _n, t, _neg in rows], [neg for _n, _t, neg in rows], out)
    except ValueError as exc:
        raise InputError(f"{data}: {exc}") from None
    click.echo(f"trained on {stats['n']} rows ({stats['n_negative']} negative), {stats['cv_folds']}-fold CV "
               f"accuracy {stats['cv_accuracy']} with C={stats['C']} (CV accuracy by C: {stats['cv_accuracy_by_C']})",
               err=True)
    if stats["cv_accuracy_plain_by_C"]:
        verdict = "kept" if stats["nb_scaled"] else "dropped"
        click.echo(f"naive-Bayes scaling {verdict}: CV accuracy by C without it {stats['cv_accuracy_plain_by_C']}",
                   err=True)
    if stats["cv_accuracy_blended"] is not None:
        verdict = "kept" if stats["blended"] else "not kept"
        click.echo(f"blend with the default lexicons: CV accuracy {stats['cv_accuracy_blended']} vs "
                   f"{stats['cv_accuracy_linear_only']} without, {verdict}", err=True)
    keys = ("n", "out", "cv_accuracy", "cv_macro_f1", "C", "nb_scaled", "blended", "seconds")
    click.echo(json.dumps({k: stats[k] for k in keys}, ensure_ascii=False))


def register(cli: click.Group) -> None:
    cli.add_command(eval_group)
    cli.add_command(train_group)
