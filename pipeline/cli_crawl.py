"""`yuqing crawl {weibo,forum,news}`: one crawl now, a summary on stderr and as the last line of
stdout (JSON). Exit 0 when at least one page was fetched and parsed and every post reached the
bus; 1 when nothing worked or the bus was unreachable; 2 for bad options or config."""

from __future__ import annotations

import json
import os
from typing import Any

import click

from pipeline.config import load_settings
from pipeline.errors import InputError, YuqingError


def _run(ctx: click.Context, source: str, kwargs: dict[str, Any], bus: str | None, robots: bool = False) -> None:
    from crawlers.config import crawl_config
    from crawlers.errors import BusUnavailable
    from crawlers.runner import CrawlJob, run_crawl

    settings = load_settings(ctx.obj["config_path"])
    config = crawl_config(settings.sources, settings.source)
    verbose = ctx.find_root().params.get("verbose", 0)
    job = CrawlJob(source=source, spider_kwargs=kwargs, bus_url=bus or settings.bus, config=config,
                   watchlist=settings.watchlist, robots=robots, log_level="INFO" if verbose else "WARNING")
    try:
        summary = run_crawl(job)
    except BusUnavailable as exc:
        raise YuqingError(str(exc)) from None
    blocked = ", ".join(f"{k} {v}" for k, v in summary["blocked"].items()) or "none"
    errors = ", ".join(f"{k} {v}" for k, v in summary["errors"].items()) or "none"
    click.echo(f"crawl {source}: {summary['pages']} pages, {summary['posts']} posts, {summary['new']} new; "
               f"errors: {errors}; blocked: {blocked}; {summary['duration_s']} s", err=True)
    click.echo(json.dumps(summary, ensure_ascii=False))
    if not summary["ok"]:
        reason = summary["bus_error"] or (f"{summary['undelivered']} posts undelivered" if summary["undelivered"]
                                          else "no page could be fetched and parsed")
        click.echo(f"yuqing: crawl {source} failed: {reason}", err=True)
        ctx.exit(1)


@click.group("crawl")
def crawl_group() -> None:
    """Run one crawl now (sources and politeness from the config's `sources:` section)."""


@crawl_group.command("weibo")
@click.option("--api-base", default=None, help="API base URL (default: sources.weibo.api_base).")
@click.option("--keyword", "keywords", multiple=True, help="Search keyword (repeatable; default: watchlist names).")
@click.option("--max-pages", type=click.IntRange(1, 100), default=None)
@click.option("--bus", default=None, help="Bus URL (default: config bus / $YUQING_BUS).")
@click.pass_context
def crawl_weibo(ctx: click.Context, api_base: str | None, keywords: tuple[str, ...], max_pages: int | None,
                bus: str | None) -> None:
    """Keyword search on an m.weibo.cn-style API."""
    from crawlers.config import crawl_config

    settings = load_settings(ctx.obj["config_path"])
    src = crawl_config(settings.sources, settings.source).weibo
    changes: dict[str, Any] = {}
    if api_base:
        changes["api_base"] = api_base.rstrip("/")
    if max_pages:
        changes["max_pages"] = max_pages
    src = replace_model(src, changes)
    words = list(keywords or src.keywords or settings.watchlist.names())
    if not words:
        raise InputError("no keywords: give --keyword or list platforms in the watchlist")
    cookie = os.environ.get(src.cookie_env) or None
    _run(ctx, "weibo", {"source": src, "keywords": words, "cookie": cookie}, bus)


@crawl_group.command("forum")
@click.option("--start-url", "start_urls", multiple=True, help="Board list or search-result URL (repeatable).")
@click.option("--max-pages", type=click.IntRange(1, 100), default=None)
@click.option("--bus", default=None)
@click.pass_context
def crawl_forum(ctx: click.Context, start_urls: tuple[str, ...], max_pages: int | None, bus: str | None) -> None:
    """Discuz! board lists / search results, and the threads they list."""
    from crawlers.config import crawl_config

    settings = load_settings(ctx.obj["config_path"])
    src = crawl_config(settings.sources, settings.source).forum
    src = replace_model(src, {"max_pages": max_pages} if max_pages else {})
    urls = list(start_urls or src.start_urls)
    if not urls:
        raise InputError("no start URL: give --start-url or set sources.forum.start_urls")
    _run(ctx, "forum", {"source": src, "start_urls": urls}, bus)


@crawl_group.command("news")
@click.option("--feed", "feeds", multiple=True, help="RSS/Atom feed URL (repeatable).")
@click.option("--list-page", "list_pages", multiple=True, help="News list page URL (repeatable).")
@click.option("--bus", default=None)
@click.pass_context
def crawl_news(ctx: click.Context, feeds: tuple[str, ...], list_pages: tuple[str, ...], bus: str | None) -> None:
    """News feeds and list pages, and the articles they link to (robots.txt honoured by default)."""
    from crawlers.config import crawl_config

    settings = load_settings(ctx.obj["config_path"])
    src = crawl_config(settings.sources, settings.source).news
    feed_urls = list(feeds or (src.feeds if not list_pages else ()))
    pages = list(list_pages or (src.list_pages if not feeds else ()))
    if not feed_urls and not pages:
        raise InputError("no feed or list page: give --feed/--list-page or set sources.news")
    _run(ctx, "news", {"source": src, "feeds": feed_urls, "list_pages": pages}, bus, robots=src.obey_robots)


def replace_model(model: Any, changes: dict[str, Any]) -> Any:
    """A frozen pydantic model with some fields changed (validated again)."""
    return type(model).model_validate({**model.model_dump(), **changes}) if changes else model


def register(cli: click.Group) -> None:
    cli.add_command(crawl_group)
