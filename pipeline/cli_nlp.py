"""`yuqing analyze` and `yuqing bench nlp`: the NLP step from the command line.

analyze reads JSON lines (a schema-v1 Post, or just {"id", "text"[, "published_at", "title"]}) and
writes each record back with an `analysis` object. A line that cannot be read (not UTF-8, not
JSON, not an object, fails validation) is reported on stderr with its line number and skipped;
the rest is processed. Exit code 0 unless --strict and some line was rejected (then 2).
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click

from pipeline.analysis import build_analyzer
from pipeline.config import load_settings
from pipeline.errors import SchemaError
from pipeline.schema import Analysis, Post

BATCH = 256


def _records(stream: IO[bytes]) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """(line number, record, error) for each non-blank line."""
    for lineno, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield lineno, None, f"not UTF-8 (byte {exc.start})"
            continue
        try:
            rec = json.loads(text.strip())
        except json.JSONDecodeError as exc:
            yield lineno, None, f"not JSON: {exc.msg} at column {exc.colno}"
            continue
        if not isinstance(rec, dict):
            yield lineno, None, f"expected a JSON object, got {type(rec).__name__}"
            continue
        if "schema" in rec:
            try:
                Post.from_dict({k: v for k, v in rec.items() if k != "analysis"})
            except SchemaError as exc:
                yield lineno, None, str(exc)
                continue
        elif not isinstance(rec.get("id"), str | int) or isinstance(rec.get("id"), bool):
            yield lineno, None, "missing or invalid field 'id' (a string)"
            continue
        yield lineno, rec, None


@click.command("analyze")
@click.argument("source", type=click.File("rb"), default="-")
@click.option("--backend", default=None, help="Sentiment backend (overrides config).")
@click.option("--model", default=None, help="Sentiment model directory (overrides config).")
@click.option("--strict", is_flag=True, help="Exit 2 when any line was rejected.")
@click.pass_context
def analyze_cmd(ctx: click.Context, source: IO[bytes], backend: str | None, model: str | None, strict: bool) -> None:
    """Analyze posts: JSON lines in (FILE or - for stdin), the same plus "analysis" out."""
    settings = load_settings(ctx.obj["config_path"])
    analyzer = build_analyzer(settings, backend, model)
    # JSON lines are UTF-8 whatever the terminal's locale (a GBK console cannot even encode emoji).
    buffer = getattr(sys.stdout, "buffer", None)
    wrapper = io.TextIOWrapper(buffer, encoding="utf-8", newline="\n", write_through=True) if buffer else None
    out: IO[str] = wrapper or sys.stdout
    done = rejected = 0
    batch: list[tuple[int, dict[str, Any]]] = []

    def flush() -> None:
        nonlocal done, rejected
        outcomes = analyzer.analyze([rec for _n, rec in batch])
        for (lineno, rec), outcome in zip(batch, outcomes, strict=True):
            if outcome.error is not None:
                rejected += 1
                click.echo(f"line {lineno}: id={str(rec.get('id'))[:80]}: {outcome.error}", err=True)
                continue
            rec["analysis"] = Analysis.from_dict(outcome.analysis).to_dict()
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            done += 1
        batch.clear()

    for lineno, rec, error in _records(source):
        if error is not None:
            rejected += 1
            click.echo(f"line {lineno}: {error}", err=True)
            continue
        assert rec is not None
        batch.append((lineno, rec))
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    out.flush()
    if wrapper is not None:
        wrapper.detach()  # leave sys.stdout usable
    click.echo(f"analyzed {done} posts, rejected {rejected} lines", err=True)
    if strict and rejected:
        ctx.exit(2)


@click.group("bench")
def bench_group() -> None:
    """Measure speed and memory (one JSON object as the last line of stdout)."""


@bench_group.command("nlp")
@click.option("--n", "n", default=5000, show_default=True, help="Posts to analyze.")
@click.option("--platforms", default=5000, show_default=True,
              help="Pad the configured watchlist with synthetic names up to this many platforms.")
@click.option("--batch-size", default=None, type=int, help="Posts per analyze() call (default: config).")
@click.option("--backend", default=None, help="Sentiment backend (overrides config).")
@click.option("--model", default=None, help="Sentiment model directory (overrides config).")
@click.option("--data", default=None, type=click.Path(exists=True, dir_okay=False),
              help="JSON lines of real posts to use instead of synthetic ones.")
@click.pass_context
def bench_nlp_cmd(ctx: click.Context, n: int, platforms: int, batch_size: int | None,
                  backend: str | None, model: str | None, data: str | None) -> None:
    """Analyzer throughput on one core over synthetic ~140-character posts."""
    from pipeline.bench import run_nlp_bench

    settings = load_settings(ctx.obj["config_path"])
    result = run_nlp_bench(settings, n=n, platforms=platforms, batch_size=batch_size, backend=backend,
                           model=model, data=data)
    click.echo(json.dumps(result, ensure_ascii=False))


@bench_group.command("pipeline")
@click.option("--n", "n", default=10_000, show_default=True, help="Posts in the backlog phase.")
@click.option("--bus", default=None, help="Bus URL (default: temporary SQLite).")
@click.option("--store", default=None, help="Store URL (default: temporary SQLite).")
@click.option("--rate", default=300.0, show_default=True, help="Posts/s in the latency phase.")
def bench_pipeline_cmd(n: int, bus: str | None, store: str | None, rate: float) -> None:
    """End to end: one worker on one core, posts/s and p95 ms from produce to searchable."""
    from pipeline.bench_pipeline import run_pipeline_bench

    click.echo(json.dumps(run_pipeline_bench(n, bus, store, rate), ensure_ascii=False))


@bench_group.command("parse")
@click.option("--n", "n", default=200, show_default=True, help="Times to parse the page.")
@click.option("--file", "file", default=None, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A saved page (Weibo search JSON or Discuz thread HTML) instead of the built-in one.")
def bench_parse_cmd(n: int, file: Path | None) -> None:
    """Milliseconds to parse one search page (crawl parsing must never be the bottleneck)."""
    from pipeline.bench_parse import run_parse_bench

    click.echo(json.dumps(run_parse_bench(n, file), ensure_ascii=False))


def register(cli: click.Group) -> None:
    cli.add_command(analyze_cmd)
    cli.add_command(bench_group)
