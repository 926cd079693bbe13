"""`yuqing run`: the whole system in one process — crawl scheduler, NLP worker, alert service.

The county desk's way to run yuqing: with the default config the bus and the store are SQLite
files under ./var. `--only` runs one part (the compose file runs the parts as separate services).
Crawls run as subprocesses on the schedule of the config's `sources:` section; platforms under a
medium or high alert are searched more often.
"""

from __future__ import annotations

import logging
import threading

import click

log = logging.getLogger("yuqing")
PARTS = ("crawl", "worker", "alerter")


@click.command("run")
@click.option("--only", "only", type=click.Choice(PARTS), multiple=True,
              help="Run only these parts (repeatable). Default: all three.")
@click.option("--bus", default=None)
@click.option("--store", default=None)
@click.pass_context
def run_cmd(ctx: click.Context, only: tuple[str, ...], bus: str | None, store: str | None) -> None:
    """Everything on one machine: scheduler + spiders + worker + alert service."""
    from alerts.service import run_alerter
    from crawlers.config import crawl_config
    from crawlers.schedule import build_scheduler, subprocess_runner
    from pipeline.bus import open_admin
    from pipeline.cli_ops import _endpoints
    from pipeline.config import without_credentials
    from pipeline.runtime import alert_consumer, make_alerter, make_worker
    from pipeline.signals import stop_on_signals
    from pipeline.store import open_store

    settings, bus_url, store_url = _endpoints(ctx, bus, store)
    parts = set(only or PARTS)
    logging.getLogger("yuqing").setLevel(logging.INFO)
    admin = open_admin(bus_url)
    admin.create_topics()
    admin.close()
    stop = threading.Event()
    threads: list[threading.Thread] = []
    closers: list[object] = []
    alerter = None

    if "worker" in parts:
        worker_store = open_store(store_url)
        worker_store.setup()
        worker = make_worker(settings, bus_url, worker_store)
        stop_worker = worker.stop
        threads.append(threading.Thread(target=worker.run, name="worker", daemon=True))
        closers += [worker.consumer, worker.producer, worker_store]
    if "alerter" in parts:
        alert_store = open_store(store_url)
        alert_store.setup()
        alerter = make_alerter(settings, alert_store)
        consumer = alert_consumer(settings, bus_url)
        threads.append(threading.Thread(target=run_alerter, args=(alerter, consumer), kwargs={"stop": stop},
                                        name="alerter", daemon=True))
        closers += [consumer, alert_store]
    scheduler = None
    if "crawl" in parts:
        config = crawl_config(settings.sources, settings.source)
        runner = subprocess_runner(ctx.obj["config_path"], bus_url)
        scheduler = build_scheduler(config, runner, alerter.hot_platforms if alerter else list,
                                    have_keywords=bool(config.weibo.keywords) or bool(settings.watchlist.platforms))
        scheduler.start()
    stop_on_signals(stop, also=(lambda: stop_worker.set()) if "worker" in parts else None)
    for t in threads:
        t.start()
    log.info("yuqing run: %s (bus=%s)", ", ".join(sorted(parts)), without_credentials(bus_url))
    failed = False
    try:
        while not stop.wait(1.0):
            dead = [t.name for t in threads if not t.is_alive()]
            if dead:
                log.error("%s stopped unexpectedly; shutting down the rest", ", ".join(dead))
                failed = True
                stop.set()
    finally:
        if "worker" in parts:
            stop_worker.set()
        if scheduler is not None:
            scheduler.shutdown(wait=False)
        for t in threads:
            t.join(timeout=30)
        for c in closers:
            c.close()  # type: ignore[attr-defined]
    if failed:
        ctx.exit(1)


def register(cli: click.Group) -> None:
    cli.add_command(run_cmd)
