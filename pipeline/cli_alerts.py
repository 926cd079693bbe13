"""`yuqing backtest` and `yuqing alerter`: the alert rules from the command line.

backtest reads Post JSON lines (analyzed or not), replays them on a simulated clock and prints the
alerts as JSON lines; the alerter runs the same engine on wall time against the bus and store.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from typing import IO, Any

import click
from pydantic import ValidationError

from pipeline.config import Settings, load_settings, without_credentials
from pipeline.errors import InputError
from pipeline.schema import Post

log = logging.getLogger("yuqing.alerts")
ANALYZE_BATCH = 256


def _rules(settings: Settings) -> Any:
    from alerts.config import load_rules

    return load_rules(settings.rules, settings.source)


def read_posts(stream: IO[bytes], settings: Settings, name: str) -> Iterator[Post]:
    """Posts from JSON lines; those without `analysis` are analyzed in batches. A bad line stops the
    run with its line number: a backtest over silently dropped posts would measure the wrong thing."""
    analyzer = None
    pending: list[tuple[int, dict[str, Any]]] = []

    def flush() -> Iterator[Post]:
        nonlocal analyzer
        if not pending:
            return
        if analyzer is None:
            from pipeline.analysis import build_analyzer

            analyzer = build_analyzer(settings)
        outcomes = analyzer.analyze([rec for _n, rec in pending])
        for (n, rec), outcome in zip(pending, outcomes, strict=True):
            if outcome.analysis is None:
                raise InputError(f"{name} line {n}: cannot analyze: {outcome.error}")
            yield _post(n, {**rec, "analysis": outcome.analysis}, name)
        pending.clear()

    for n, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        try:
            rec = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"{name} line {n}: not JSON: {exc}") from None
        if not isinstance(rec, dict):
            raise InputError(f"{name} line {n}: expected a JSON object")
        if rec.get("analysis"):
            yield _post(n, rec, name)
        else:
            pending.append((n, rec))
            if len(pending) >= ANALYZE_BATCH:
                yield from flush()
    yield from flush()


def _post(n: int, rec: dict[str, Any], name: str) -> Post:
    try:
        return Post.model_validate(rec)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise InputError(f"{name} line {n}: {where}: {err['msg']}") from None


@click.command("backtest")
@click.argument("source", type=click.File("rb"))
@click.pass_context
def backtest_cmd(ctx: click.Context, source: IO[bytes]) -> None:
    """Replay posts (FILE.jsonl or -) through the alert rules; print the alerts as JSON lines."""
    from alerts.backtest import replay

    settings = load_settings(ctx.obj["config_path"])
    rules = _rules(settings)
    name = getattr(source, "name", "-")
    posts = list(read_posts(source, settings, name))
    fired = 0
    out = sys.stdout
    for alert in replay(posts, rules):
        out.write(json.dumps(alert.model_dump(mode="json", exclude={"delivery"}), ensure_ascii=False) + "\n")
        fired += 1
    out.flush()
    click.echo(f"replayed {len(posts)} posts, {fired} alerts", err=True)


@click.command("alerter")
@click.option("--bus", default=None)
@click.option("--store", default=None)
@click.option("--exit-when-idle", "idle", default=None, type=float,
              help="Stop after this many seconds without messages (tests, backfills).")
@click.pass_context
def alerter_cmd(ctx: click.Context, bus: str | None, store: str | None, idle: float | None) -> None:
    """Alert service loop: streaming rules on posts.enriched, windowed rules on a schedule."""
    import threading

    from alerts.service import run_alerter
    from pipeline.cli_ops import _endpoints
    from pipeline.runtime import alert_consumer, make_alerter
    from pipeline.signals import stop_on_signals
    from pipeline.store import open_store

    settings, bus_url, store_url = _endpoints(ctx, bus, store)
    logging.getLogger("yuqing").setLevel(logging.INFO)
    the_store = open_store(store_url)
    the_store.setup()
    alerter = make_alerter(settings, the_store)
    consumer = alert_consumer(settings, bus_url)
    stop = threading.Event()
    stop_on_signals(stop)
    log.info("alerter started bus=%s store=%s", without_credentials(bus_url), without_credentials(store_url))
    try:
        run_alerter(alerter, consumer, stop=stop, idle_exit_s=idle)
    finally:
        consumer.close()
        the_store.close()
    click.echo(json.dumps({"alerts_sent": alerter.sent}))


def register(cli: click.Group) -> None:
    cli.add_command(backtest_cmd)
    cli.add_command(alerter_cmd)
