"""Run one crawl now: open the crawl state and the bus (an unreachable bus stops us before any
request), build the Scrapy settings from the config, run one spider, and return the summary that
is printed and recorded in the crawl state (pages, posts, new, errors by kind, blocked by reason)."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.logformatter import LogFormatter

from crawlers.config import CrawlConfig
from crawlers.errors import BusUnavailable
from crawlers.pipelines import CrawlContext
from crawlers.spiders.base import CST
from crawlers.state import CrawlState
from nlp.platforms import PlatformLinker
from nlp.segment import Segmenter
from pipeline.bus import TOPIC_CRAWL_RUNS, BusError, open_producer
from pipeline.watchlist import Watchlist

PIPELINES = {
    "crawlers.pipelines.NormalizePipeline": 100,
    "crawlers.pipelines.RelevancePipeline": 200,
    "crawlers.pipelines.DedupPipeline": 300,
    "crawlers.pipelines.BusSinkPipeline": 900,
}


@dataclass
class CrawlJob:
    """One crawl: which spider, with what arguments (already merged from config and CLI)."""

    source: str  # forum | weibo | news
    spider_kwargs: dict[str, Any]
    bus_url: str
    config: CrawlConfig
    watchlist: Watchlist
    robots: bool = False
    log_level: str = "WARNING"
    clock: Callable[[], datetime] | None = None
    extra_settings: dict[str, Any] = field(default_factory=dict)


class QuietDrops(LogFormatter):
    """Dropped posts (seen, irrelevant, duplicate) are expected and counted; log them at DEBUG,
    and never with the post's text."""

    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any) -> Any:
        return {"level": logging.DEBUG, "msg": "dropped %(id)s: %(reason)s",
                "args": {"id": (item or {}).get("id"), "reason": exception}}


def scrapy_settings(job: CrawlJob) -> dict[str, Any]:
    pol = job.config.politeness
    middlewares: dict[str, Any] = {
        "crawlers.middlewares.BlockDetectorMiddleware": 950,
        "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
        "crawlers.middlewares.BackoffRetryMiddleware": 550,
        "crawlers.middlewares.DelayMiddleware": 50,
    }
    if pol.proxies:
        middlewares["crawlers.middlewares.ProxyMiddleware"] = 350
    return {
        "BOT_NAME": "yuqing",
        "USER_AGENT": pol.user_agent,
        "ROBOTSTXT_OBEY": job.robots,
        "CONCURRENT_REQUESTS_PER_DOMAIN": pol.concurrency_per_domain,
        "DOWNLOAD_DELAY": pol.download_delay,
        "AUTOTHROTTLE_ENABLED": pol.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(pol.download_delay, 0.5),
        "RETRY_TIMES": pol.retries,
        "YUQING_RETRY_BACKOFF": pol.retry_backoff_s,
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408],  # 429 is a block, not a glitch
        "DOWNLOAD_TIMEOUT": pol.timeout_s,
        "DOWNLOADER_MIDDLEWARES": middlewares,
        "YUQING_PROXIES": list(pol.proxies),
        "ITEM_PIPELINES": PIPELINES,
        "LOG_LEVEL": job.log_level,
        "LOG_FORMATTER": "crawlers.runner.QuietDrops",
        "TELNETCONSOLE_ENABLED": False,
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        **job.extra_settings,
    }


def run_crawl(job: CrawlJob) -> dict[str, Any]:
    """Run the crawl to completion (blocking) and return its summary."""
    from crawlers.spiders.forum import ForumSpider
    from crawlers.spiders.news import NewsSpider
    from crawlers.spiders.weibo import WeiboSpider

    spider_cls = {"forum": ForumSpider, "weibo": WeiboSpider, "news": NewsSpider}[job.source]
    try:
        producer = open_producer(job.bus_url)
    except BusError as exc:
        raise BusUnavailable(f"bus unreachable ({job.bus_url}): {exc}") from None
    state = CrawlState(job.config.state)
    linker = None
    if job.config.relevance != "off":
        specs = job.watchlist.specs()
        linker = PlatformLinker(specs, job.watchlist.exclusions, word_freq=Segmenter(
            w for s in specs for w in (s.name, *s.aliases)).word_freq)
    ctx = CrawlContext(state=state, producer=producer, linker=linker, relevance=job.config.relevance)
    started, t0 = datetime.now(CST), time.monotonic()
    process = CrawlerProcess(scrapy_settings(job), install_root_handler=False)
    logging.getLogger("scrapy").setLevel(job.log_level)
    crawler = process.create_crawler(spider_cls)
    process.crawl(crawler, ctx=ctx, clock=job.clock, **job.spider_kwargs)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    summary = summarize(job.source, stats, time.monotonic() - t0)
    finished = datetime.now(CST)
    state.record_run(job.source, started, finished, summary)
    # Also on the bus, so an alert service on another machine notices a source going silent.
    record = {"source": job.source, "started": started.isoformat(), "finished": finished.isoformat(), **summary}
    try:
        producer.produce(TOPIC_CRAWL_RUNS, job.source, json.dumps(record, ensure_ascii=False).encode("utf-8"))
        producer.flush()
    except BusError as exc:
        logging.getLogger(__name__).warning("crawl stats not published: %s", exc)
    producer.close()
    state.close()
    return summary


def summarize(source: str, stats: dict[str, Any], duration: float) -> dict[str, Any]:
    def group(prefix: str) -> dict[str, int]:
        return {k[len(prefix):]: int(v) for k, v in sorted(stats.items()) if k.startswith(prefix)}

    pages = int(stats.get("yuqing/pages", 0))
    bus_error = stats.get("yuqing/bus_error")
    undelivered = int(stats.get("yuqing/undelivered", 0))
    return {
        "source": source,
        "pages": pages,
        "posts": int(stats.get("yuqing/posts", 0)),
        "new": int(stats.get("yuqing/new", 0)) if not undelivered else 0,
        "errors": group("yuqing/errors/"),
        "blocked": group("yuqing/blocked/"),
        "dropped": group("yuqing/dropped/"),
        "undelivered": undelivered,
        "bus_error": bus_error,
        "duration_s": round(duration, 2),
        "ok": pages > 0 and not bus_error and not undelivered,
    }
