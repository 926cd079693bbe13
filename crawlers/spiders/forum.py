"""Discuz! forums: board lists and search results → threads that are new or have new replies →
every floor as a Post (floor 1 is the thread; replies carry parent_id)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scrapy import Request
from scrapy.http import Response

from crawlers.config import ForumSource
from crawlers.errors import BlockedError, ParseError
from crawlers.parsers.forum import parse_thread, parse_thread_list
from crawlers.spiders.base import YuqingSpider, site_of

T = TypeVar("T")
_STATIC_THREAD = re.compile(r"thread-(\d+)-(\d+)-(\d+)\.html")


def page_url(url: str, page: int) -> str:
    """The URL of page `page` of a thread (thread-TID-P-1.html or viewthread&tid=…&page=P)."""
    if _STATIC_THREAD.search(url):
        return _STATIC_THREAD.sub(lambda m: f"thread-{m.group(1)}-{page}-{m.group(3)}.html", url)
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query["page"] = str(page)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


class ForumSpider(YuqingSpider):
    name = "forum"

    def __init__(self, source: ForumSource, start_urls: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.source, self.board_urls = source, start_urls
        self.threads_seen: list[tuple[str, str, int, int]] = []
        self._queued = 0

    def start_requests(self) -> Iterator[Request]:
        for url in self.board_urls:
            yield Request(url, callback=self.parse_list, errback=self.errback, cb_kwargs={"query": url, "page": 1})

    def _parsed(self, parse: Callable[[], T]) -> T | None:
        """The parser's result, or None after counting a refusal or a broken page."""
        try:
            result = parse()
        except BlockedError as exc:
            self.count(f"blocked/{exc.reason}")
            return None
        except ParseError:
            self.count("errors/parse")
            return None
        self.count("pages")
        return result

    def parse_list(self, response: Response, query: str, page: int) -> Iterator[Request]:
        listing = self._parsed(lambda: parse_thread_list(response.body, response.url))
        if listing is None:
            return
        site = self.source.site or site_of(response.url)
        for thread in listing.threads:
            if self._queued >= self.source.max_threads:
                return
            known = self.ctx.state.thread(site, thread.tid)
            if known is not None and known[0] >= thread.replies:
                self.count("threads_unchanged")
                continue
            self._queued += 1
            # Start where we stopped last time: earlier floors were delivered already.
            start = known[1] if known else 1
            yield Request(page_url(thread.url, start) if start > 1 else thread.url, callback=self.parse_thread,
                          errback=self.errback,
                          cb_kwargs={"query": query, "tid": thread.tid, "replies": thread.replies, "site": site})
        if listing.next_page and page < self.source.max_pages:
            yield Request(listing.next_page, callback=self.parse_list, errback=self.errback,
                          cb_kwargs={"query": query, "page": page + 1})

    def parse_thread(self, response: Response, query: str, tid: str, replies: int, site: str) -> Iterator[Any]:
        now = self.now()
        page = self._parsed(lambda: parse_thread(response.body, response.url, site=site, fetched_at=now, now=now,
                                                 query=query))
        if page is None:
            return
        self.count("posts", len(page.posts))
        yield from page.posts
        if page.next_page:
            yield Request(page.next_page, callback=self.parse_thread, errback=self.errback,
                          cb_kwargs={"query": query, "tid": tid, "replies": replies, "site": site})
        else:
            self.threads_seen.append((site, tid, replies, page.last_page or page.page or 1))

    def record_progress(self) -> None:
        if self.threads_seen:
            self.ctx.state.set_threads(self.threads_seen)
