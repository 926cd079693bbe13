"""`yuqing eval linking` and `yuqing eval organizing`: a desk measures the analyzer on its own
labelled posts (CSV with a header, .tsv, or .jsonl). Each prints one JSON object as the last stdout
line; `--errors F` writes the misses and false hits as JSON lines. Scoring: pipeline/eval_scoring.py.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import click

from nlp.platforms import fold
from pipeline.analysis import build_analyzer
from pipeline.cli_sentiment import _records, eval_group
from pipeline.config import load_settings
from pipeline.errors import InputError
from pipeline.eval_scoring import CallTally, LinkTally

BATCH = 256
TRUE_WORDS = {"1", "true", "yes", "y", "是", "t"}
FALSE_WORDS = {"0", "false", "no", "n", "否", "f", "", "none", "null"}
DATA = click.option("--data", "data", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
                    help="Labelled posts: CSV with a header (.tsv and .jsonl by extension).")
TEXT = click.option("--text-col", required=True, help="Column with the post text.")
ERRORS = click.option("--errors", "errors", type=click.Path(dir_okay=False, path_type=Path), default=None,
                      help="Write misses and false hits here, one JSON object per line.")
LIMIT = click.option("--limit", type=click.IntRange(min=1), default=None, help="Use only the first N rows.")
PUBLISHED = click.option("--published-col", default=None,
                         help="Column with the post's ISO 8601 time (default: published_at when present; else now).")


def _flag(value: Any, where: str) -> bool:
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise InputError(f"{where}: not a yes/no label: {str(value)[:40]!r} (use 1/0, true/false)")


def _gathering_label(value: Any, where: str) -> Any:
    """A gathering label: an object with `start` (jsonl fixtures), null, or a yes/no flag."""
    if isinstance(value, Mapping):
        return dict(value)
    return _flag(value, where)


def _entities(value: Any, sep: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [p.strip() for p in str(value).split(sep) if p.strip()]


def _rows(path: Path, text_col: str, needed: list[str], limit: int | None) -> Iterator[tuple[str, dict[str, Any]]]:
    records, columns = _records(path)
    for col in [text_col, *needed]:
        if col not in columns:
            raise InputError(f"{path}: no column {col!r} (columns: {', '.join(columns) or 'none'})")
    first = 1 if path.suffix.lower() == ".jsonl" else 2
    for i, rec in enumerate(records[:limit] if limit else records):
        yield f"{path.name}:{i + first}", rec


def _analyze_all(ctx: click.Context, rows: list[tuple[str, dict[str, Any]]], text_col: str, published_col: str | None,
                 consume: Callable[[str, dict[str, Any], dict[str, Any]], None]) -> float:
    """Analyze every row in batches, hand each (row id, record, analysis) to `consume`; returns seconds."""
    analyzer = build_analyzer(load_settings(ctx.obj["config_path"]))
    analyzer.warm_up()
    elapsed = 0.0
    for start in range(0, len(rows), BATCH):
        chunk = rows[start:start + BATCH]
        docs = []
        for rid, rec in chunk:
            doc: dict[str, Any] = {"id": rid, "text": "" if rec.get(text_col) is None else str(rec[text_col])}
            if published_col and rec.get(published_col):
                doc["published_at"] = str(rec[published_col])
            docs.append(doc)
        began = time.perf_counter()
        outcomes = analyzer.analyze(docs)
        elapsed += time.perf_counter() - began
        for (rid, rec), out in zip(chunk, outcomes, strict=True):
            if out.analysis is None:
                raise InputError(f"{rid}: {out.error}")
            consume(rid, rec, out.analysis)
    return elapsed


def _finish(summary: dict[str, Any], errors: list[dict[str, Any]], path: Path | None, seconds: float) -> None:
    summary["posts_per_s"] = round(summary["n"] / seconds, 1) if seconds > 0 else None
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors), encoding="utf-8")
        click.echo(f"wrote {len(errors)} misses and false hits to {path}", err=True)
    click.echo(json.dumps(summary, ensure_ascii=False))


def _published_col(columns_of: Path, given: str | None) -> str | None:
    if given:
        return given
    _recs, columns = _records(columns_of)
    return "published_at" if "published_at" in columns else None


@eval_group.command("linking")
@DATA
@TEXT
@click.option("--entity-col", default=None,
              help="Column with the platforms each post names (a list in .jsonl, else joined by --sep). "
                   "Without it every post is taken to name none: everyday chatter, where any link is false.")
@click.option("--sep", default=";", show_default=True, help="Separator of names in --entity-col.")
@ERRORS
@LIMIT
@click.pass_context
def eval_linking(ctx: click.Context, data: Path, text_col: str, entity_col: str | None, sep: str,
                 errors: Path | None, limit: int | None) -> None:
    """Platform linking against labelled names: recall of watched names written in the text, posts
    with a false link (the watchlist comes from the config)."""
    settings = load_settings(ctx.obj["config_path"])
    names: dict[str, str] = {}
    for spec in settings.watchlist.specs():
        for alias in (spec.name, *spec.aliases):
            names.setdefault(fold(alias), spec.name)
    rows = list(_rows(data, text_col, [entity_col] if entity_col else [], limit))
    tally = LinkTally(names)
    seconds = _analyze_all(ctx, rows, text_col, None,
                           lambda rid, rec, an: tally.add(rid, _entities(rec.get(entity_col), sep)
                                                          if entity_col else [], an))
    click.echo(f"{data}: {tally.posts} posts, watchlist of {len(settings.watchlist.platforms)} platforms", err=True)
    _finish(tally.summary(), tally.errors, errors, seconds)


@eval_group.command("organizing")
@DATA
@TEXT
@click.option("--call-col", required=True, help="Column saying whether the post is a call (1/0, true/false).")
@click.option("--gathering-col", default=None,
              help="Column saying whether a time and place to gather is planned (1/0, or an object with `start`).")
@PUBLISHED
@ERRORS
@LIMIT
@click.pass_context
def eval_organizing(ctx: click.Context, data: Path, text_col: str, call_col: str, gathering_col: str | None,
                    published_col: str | None, errors: Path | None, limit: int | None) -> None:
    """Organizing calls against labels: precision, recall, false calls, gatherings found / invented."""
    needed = [call_col] + ([gathering_col] if gathering_col else [])
    rows = list(_rows(data, text_col, needed, limit))
    pub = _published_col(data, published_col)
    tally = CallTally(has_gathering_label=gathering_col is not None)

    def consume(rid: str, rec: dict[str, Any], an: dict[str, Any]) -> None:
        label = _gathering_label(rec.get(gathering_col), f"{rid}: {gathering_col}") if gathering_col else None
        tally.add(rid, _flag(rec.get(call_col), f"{rid}: {call_col}"), label, an["organizing"], an["text_norm"])

    seconds = _analyze_all(ctx, rows, text_col, pub, consume)
    _finish(tally.summary(), tally.errors, errors, seconds)


def register(cli: click.Group) -> None:
    """The commands attach to the `eval` group of cli_sentiment; importing this module registers them."""
