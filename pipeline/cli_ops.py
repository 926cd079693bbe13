"""Operating the pipeline: `yuqing worker`, `publish`, `setup`, `search`, `stats`.

Endpoints: --bus / --store, else $YUQING_BUS / $YUQING_STORE, else the config's `bus:` / `store:`.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import click

from pipeline.config import Settings, load_settings
from pipeline.errors import InputError

log = logging.getLogger("yuqing")


def _endpoints(ctx: click.Context, bus: str | None, store: str | None) -> tuple[Settings, str, str]:
    settings = load_settings(ctx.obj["config_path"])
    return settings, bus or settings.bus, store or settings.store


def parse_since(value: str) -> timedelta:
    """'24h', '30m', '7d' → a timedelta."""
    units = {"m": "minutes", "h": "hours", "d": "days"}
    try:
        return timedelta(**{units[value[-1]]: float(value[:-1])})
    except (KeyError, ValueError, IndexError):
        raise InputError(f"--since {value!r}: expected a number with m, h or d (e.g. 24h)") from None


@click.command("worker")
@click.option("--bus", default=None)
@click.option("--store", default=None)
@click.option("--batch-size", default=None, type=click.IntRange(1, 10_000), help="Default: config worker.batch_size.")
@click.option("--exit-when-idle", "idle", default=None, type=float,
              help="Stop after this many seconds without messages (backfills, tests).")
@click.pass_context
def worker_cmd(ctx: click.Context, bus: str | None, store: str | None, batch_size: int | None,
               idle: float | None) -> None:
    """NLP worker loop (consumer group "nlp"): posts.raw → analysis → store + posts.enriched."""
    from pipeline.runtime import make_worker
    from pipeline.signals import stop_on_signals
    from pipeline.store import open_store

    settings, bus_url, store_url = _endpoints(ctx, bus, store)
    logging.getLogger("yuqing").setLevel(logging.INFO)
    the_store = open_store(store_url)
    the_store.setup()
    worker = make_worker(settings, bus_url, the_store, batch_size)
    stop_on_signals(worker.stop)
    handled = worker.run(idle_exit_s=idle)
    worker.consumer.close()
    worker.producer.close()
    the_store.close()
    click.echo(json.dumps({"handled": handled}))


@click.command("publish")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--topic", default="posts.raw", show_default=True)
@click.option("--raw", is_flag=True, help="Send each line's bytes as they are (no JSON check).")
@click.option("--bus", default=None)
@click.pass_context
def publish_cmd(ctx: click.Context, file: Path, topic: str, raw: bool, bus: str | None) -> None:
    """Backfill: each line of FILE.jsonl becomes one message (key = its "id")."""
    from pipeline.bus import open_producer

    _settings, bus_url, _store = _endpoints(ctx, bus, None)
    producer = open_producer(bus_url)
    sent = skipped = 0
    with file.open("rb") as fh:
        for lineno, line in enumerate(fh, 1):
            body = line.rstrip(b"\r\n")
            if not body.strip():
                continue
            key = None
            if not raw:
                try:
                    rec = json.loads(body)
                    key = str(rec["id"]) if isinstance(rec, dict) and "id" in rec else None
                except (ValueError, UnicodeDecodeError) as exc:
                    click.echo(f"line {lineno}: not JSON ({exc}); skipped (use --raw to send as-is)", err=True)
                    skipped += 1
                    continue
            producer.produce(topic, key, body)
            sent += 1
    undelivered = producer.flush()
    producer.close()
    click.echo(json.dumps({"sent": sent - undelivered, "skipped": skipped, "undelivered": undelivered}))
    if undelivered:
        ctx.exit(1)


@click.command("setup")
@click.option("--bus", default=None)
@click.option("--store", default=None)
@click.option("--partitions", default=3, show_default=True, type=click.IntRange(1, 128))
@click.option("--retention-hours", default=168, show_default=True, type=click.IntRange(1))
@click.pass_context
def setup_cmd(ctx: click.Context, bus: str | None, store: str | None, partitions: int, retention_hours: int) -> None:
    """Create topics, store indices/templates and Kibana objects that are missing (idempotent)."""
    from pipeline.bus import open_admin
    from pipeline.kibana import setup_kibana
    from pipeline.store import open_store

    _settings, bus_url, store_url = _endpoints(ctx, bus, store)
    admin = open_admin(bus_url)
    topics = admin.create_topics(partitions, retention_hours)
    admin.close()
    the_store = open_store(store_url)
    created = the_store.setup()
    the_store.close()
    kibana = setup_kibana(os.environ.get("YUQING_KIBANA_URL"), os.environ)
    result = {"topics_created": topics, "store_created": created, "kibana": kibana}
    click.echo(json.dumps(result, ensure_ascii=False))


@click.command("search")
@click.argument("query")
@click.option("--platform", default=None)
@click.option("--since", default="24h", show_default=True)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True)
@click.option("--store", default=None)
@click.pass_context
def search_cmd(ctx: click.Context, query: str, platform: str | None, since: str, limit: int, as_json: bool,
               store: str | None) -> None:
    """Full-text search over stored posts (Kibana does this in production)."""
    from pipeline.store import PostFilter, open_store

    _settings, _bus, store_url = _endpoints(ctx, None, store)
    the_store = open_store(store_url)
    flt = PostFilter(platform=platform, start=datetime.now(UTC) - parse_since(since))
    hits = the_store.search(query, flt, limit)
    the_store.close()
    if as_json:
        for hit in hits:
            click.echo(json.dumps(hit, ensure_ascii=False))
        return
    for hit in hits:
        analysis = hit.get("analysis") or {}
        names = ",".join(p["name"] for p in analysis.get("platforms", [])) or "-"
        text = " ".join(str(hit.get("text", "")).split())[:80]
        click.echo(f"{hit['published_at'][:16]}  {names}  {text}  {hit.get('url') or hit['id']}")
    click.echo(f"{len(hits)} posts", err=True)


@click.command("stats")
@click.option("--bus", default=None)
@click.option("--store", default=None)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def stats_cmd(ctx: click.Context, bus: str | None, store: str | None, as_json: bool) -> None:
    """What an operator checks first: posts stored, alerts, DLQ size, consumer lag per topic."""
    from pipeline.bus import TOPIC_DLQ, open_admin
    from pipeline.store import open_store

    _settings, bus_url, store_url = _endpoints(ctx, bus, store)
    the_store = open_store(store_url)
    admin = open_admin(bus_url)
    sizes = admin.sizes()
    lag = admin.lag("nlp")
    result: dict[str, Any] = {"posts": the_store.count_posts(), "alerts": len(the_store.alerts(limit=100_000)),
                              "dlq": sizes.get(TOPIC_DLQ, 0), "topics": sizes, "lag": {"nlp": lag}}
    admin.close()
    the_store.close()
    if not as_json:
        click.echo(f"posts stored {result['posts']}, alerts {result['alerts']}, DLQ {result['dlq']}, "
                   f"lag(nlp) {lag}", err=True)
    click.echo(json.dumps(result, ensure_ascii=False))
    sys.stdout.flush()


def register(cli: click.Group) -> None:
    for command in (worker_cmd, publish_cmd, setup_cmd, search_cmd, stats_cmd):
        cli.add_command(command)
