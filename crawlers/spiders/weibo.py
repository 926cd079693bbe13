"""Weibo keyword search over the m.weibo.cn-style JSON API: search pages → posts (long posts
fetched in full), paging until the page cap or posts older than the last crawl."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from scrapy import Request
from scrapy.http import Response

from crawlers.config import WeiboSource
from crawlers.errors import ParseError
from crawlers.parsers.weibo import extend_url, parse_extend, parse_search, replace_long_text, search_url
from crawlers.spiders.base import YuqingSpider, site_of


class WeiboSpider(YuqingSpider):
    name = "weibo"

    def __init__(self, source: WeiboSource, keywords: list[str], cookie: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.source, self.keywords, self.cookie = source, keywords, cookie
        self.site = source.site or site_of(source.api_base)
        self.newest: dict[str, datetime] = {}

    def _request(self, url: str, callback: Any, **cb_kwargs: Any) -> Request:
        headers = {"Accept": "application/json, text/plain, */*", "X-Requested-With": "XMLHttpRequest"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        return Request(url, callback=callback, errback=self.errback, headers=headers, cb_kwargs=cb_kwargs)

    def start_requests(self) -> Iterator[Request]:
        for keyword in self.keywords:
            yield self._request(search_url(self.source.api_base, keyword, 1), self.parse_search, query=keyword, page=1)

    def parse_search(self, response: Response, query: str, page: int) -> Iterator[Any]:
        now = self.now()
        try:
            result = parse_search(response.body, keyword=query, site=self.site, fetched_at=now, now=now)
        except ParseError:
            self.count("errors/parse")
            return
        if result.blocked:
            self.count(f"blocked/{result.blocked}")
            self.blocked_queries.add(query)
            return
        self.count("pages")
        if result.empty:
            return
        self.count("posts", len(result.posts))
        for post in result.posts:
            published = datetime.fromisoformat(post["published_at"])
            if post.get("query") == query and published > self.newest.get(query, published.min.replace(tzinfo=published.tzinfo)):
                self.newest[query] = published
        long_ids = set(result.long_text)
        for post in result.posts:
            mid = post["id"].rsplit(":", 1)[-1]
            if mid in long_ids:
                req = self._request(extend_url(self.source.api_base, mid), self.parse_extend, post=post, query=query)
                req.errback = lambda failure, post=post: self._short_text(failure, post)
                yield req
            else:
                yield post
        cursor = self.ctx.state.cursor("weibo", query)
        reached_known = cursor is not None and result.oldest is not None and result.oldest <= cursor
        if page < self.source.max_pages and not reached_known and query not in self.blocked_queries:
            yield self._request(search_url(self.source.api_base, query, page + 1), self.parse_search,
                                query=query, page=page + 1)

    def parse_extend(self, response: Response, post: dict[str, Any], query: str) -> Iterator[dict[str, Any]]:
        try:
            mid, text = parse_extend(response.body, mid=post["id"].rsplit(":", 1)[-1])
            posts = [post]
            replace_long_text(posts, mid, text)
        except ParseError:
            self.count("errors/parse")  # the truncated text still goes out: better than nothing
        yield post

    def _short_text(self, failure: Any, post: dict[str, Any]) -> Iterator[dict[str, Any]]:
        self.errback(failure)
        yield post

    def record_progress(self) -> None:
        if self.newest:
            self.ctx.state.set_cursors("weibo", self.newest)
