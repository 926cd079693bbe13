"""`yuqing report`: the duty desk's HTML briefing for the last --since hours, read from the store
(alerts.report_data) and rendered to one self-contained file (alerts.report).

Endpoint: --store, else $YUQING_STORE, else the config's `store:`. Exit 2 for a bad --since or
config, 1 when the store cannot be read or the file cannot be written.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from pipeline.cli_ops import _endpoints, parse_since
from pipeline.errors import InputError, YuqingError


def period(since: str, now: datetime) -> tuple[datetime, datetime]:
    """[now - since, now); InputError for a duration that is not positive or reaches before year 1."""
    try:
        length = parse_since(since)
        start = now - length
    except OverflowError:
        raise InputError(f"--since {since!r}: the period is too long") from None
    if length <= timedelta(0):
        raise InputError(f"--since {since!r}: the period must be longer than zero (e.g. 24h)")
    return start, now


def write_atomically(out: Path, text: str) -> None:
    """Write next to `out`, then rename: a failed run never leaves half a report behind."""
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise YuqingError(f"cannot write the report to {out}: {exc.strerror or exc}") from None


@click.command("report")
@click.option("--since", default="24h", show_default=True, help="Period before now: 30m, 24h, 7d.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The HTML file to write.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(1, 200), help="Top posts to list.")
@click.option("--store", default=None)
@click.pass_context
def report_cmd(ctx: click.Context, since: str, out: Path, top: int, store: str | None) -> None:
    """HTML briefing: heat per platform, alerts, gatherings and top posts (Beijing time)."""
    from alerts.report import render_report
    from alerts.report_data import collect
    from pipeline.store import StoreError, StoreUnavailable, open_store

    start, end = period(since, datetime.now(UTC))
    _settings, _bus, store_url = _endpoints(ctx, None, store)
    try:
        the_store = open_store(store_url)
        try:
            data = collect(the_store, start, end, top=top)
        finally:
            the_store.close()
    except StoreUnavailable as exc:
        raise YuqingError(f"cannot reach the store, no report written: {exc}") from None
    except StoreError as exc:
        raise YuqingError(f"the store could not answer, no report written: {exc}") from None
    write_atomically(out, render_report(data))
    summary = {"out": str(out), "posts": data.posts, "alerts": len(data.alerts),
               "platforms": len(data.platforms), "gatherings": len(data.gatherings)}
    click.echo(json.dumps(summary, ensure_ascii=False))


def register(cli: click.Group) -> None:
    cli.add_command(report_cmd)
