"""What every yuqing spider shares: the crawl context, a clock, and counting of pages, errors and
blocks into the crawl stats (`yuqing/pages`, `yuqing/errors/<kind>`, `yuqing/blocked/<reason>`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import Request
from twisted.python.failure import Failure

from crawlers.pipelines import CrawlContext

CST = timezone(timedelta(hours=8))


def site_of(url: str) -> str:
    """The id's site part: the host name, without port (ids may not contain ':')."""
    return (urlsplit(url).hostname or "unknown").lower()


class YuqingSpider(scrapy.Spider):
    ctx: CrawlContext

    def __init__(self, ctx: CrawlContext, clock: Callable[[], datetime] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ctx = ctx
        self._clock = clock or (lambda: datetime.now(CST))
        self.blocked_queries: set[str] = set()

    async def start(self) -> AsyncIterator[Request]:
        # Scrapy ≥ 2.13 asks start(); older versions call start_requests() directly.
        for request in self.start_requests():  # type: ignore[attr-defined]
            yield request

    def now(self) -> datetime:
        return self._clock()

    def count(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"yuqing/{key}", n)

    def on_blocked(self, request: Request, reason: str) -> None:
        """A query whose page was refused is not followed further in this crawl (back off)."""
        query = request.cb_kwargs.get("query")
        if query:
            self.blocked_queries.add(query)

    def errback(self, failure: Failure) -> None:
        """Timeouts, refused connections, HTTP errors: counted by kind, never fatal."""
        exc = failure.value
        response = getattr(exc, "response", None)
        kind = f"http_{response.status}" if response is not None else type(exc).__name__
        if kind != "IgnoreRequest":  # blocked pages were counted by the middleware already
            self.count(f"errors/{kind}")

    def record_progress(self) -> None:
        """Persist cursors / thread state; called after the bus confirmed delivery."""
