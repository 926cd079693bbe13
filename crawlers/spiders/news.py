"""News: RSS/Atom feeds and list pages → article pages → title, main text, publish time, source."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from scrapy import Request
from scrapy.http import Response

from crawlers.config import NewsSource
from crawlers.errors import ParseError
from crawlers.extract import extract_article
from crawlers.parsers.news import parse_feed, parse_list_page
from crawlers.spiders.base import YuqingSpider, site_of
from pipeline.schema import post_id


def article_id(url: str) -> str:
    """news:{site}:{digest of the URL without fragment} — the same article URL, the same id."""
    clean = url.split("#", 1)[0]
    return post_id("news", site_of(clean), hashlib.sha1(clean.encode("utf-8")).hexdigest()[:16])


class NewsSpider(YuqingSpider):
    name = "news"

    def __init__(self, source: NewsSource, feeds: list[str], list_pages: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.source, self.feeds, self.list_pages = source, feeds, list_pages
        self._queued = 0

    def start_requests(self) -> Iterator[Request]:
        for url in self.feeds:
            yield Request(url, callback=self.parse_feed, errback=self.errback, cb_kwargs={"query": url})
        for url in self.list_pages:
            yield Request(url, callback=self.parse_list, errback=self.errback, cb_kwargs={"query": url})

    def _article(self, url: str, query: str, listed: datetime | None = None) -> Request | None:
        if self._queued >= self.source.max_articles or self.ctx.state.seen(article_id(url)):
            return None
        self._queued += 1
        return Request(url, callback=self.parse_article, errback=self.errback,
                       cb_kwargs={"query": query, "listed": listed})

    def parse_feed(self, response: Response, query: str) -> Iterator[Request]:
        try:
            entries = parse_feed(response.body, response.url)
        except ParseError:
            self.count("errors/parse")
            return
        self.count("pages")
        for entry in entries:
            req = self._article(entry.url, query, entry.published_at)
            if req is not None:
                yield req

    def parse_list(self, response: Response, query: str) -> Iterator[Request]:
        try:
            links = parse_list_page(response.body, response.url)
        except ParseError:
            self.count("errors/parse")
            return
        self.count("pages")
        for url in links:
            req = self._article(url, query)
            if req is not None:
                yield req

    def parse_article(self, response: Response, query: str, listed: datetime | None) -> Iterator[dict[str, Any]]:
        now = self.now()
        try:
            article = extract_article(response.body, response.url)
        except ParseError:
            self.count("errors/parse")
            return
        self.count("pages")
        published = article.published_at or listed
        if published is None:
            self.count("errors/no_date")
            published = now
        self.count("posts")
        yield {
            "id": article_id(response.url), "schema": 1, "source": "news", "site": site_of(response.url),
            "url": response.url, "title": article.title, "text": article.text,
            "author": {"id": None, "name": article.source}, "published_at": published.isoformat(),
            "fetched_at": now.isoformat(), "query": query,
        }
