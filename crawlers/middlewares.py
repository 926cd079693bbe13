"""Downloader middlewares: recognise a site refusing us before any parser sees the page, retry
with exponential backoff, and rotate proxies.

HTTP 403 / 418 / 429, a redirect to a login or passport URL, and captcha / login pages are
"blocked": counted as `yuqing/blocked/<reason>`, reported to the spider (which stops that query),
and dropped. Blocking is an expected condition at 3 a.m., so it is a counted event, not a crash.
"""

from __future__ import annotations

import asyncio
import re

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

BLOCK_STATUS = {403: "http_403", 418: "http_418", 429: "http_429"}
_LOGIN_URL = re.compile(r"passport|login|signin|/sso/|member\.php\?mod=logging", re.IGNORECASE)
_CAPTCHA = re.compile(r"验证码|captcha|seccode|人机验证|安全验证|滑动验证".encode(), re.IGNORECASE)
_LOGIN_PAGE = re.compile(r"请先登录|您需要登录|登录后才能|please log ?in".encode(), re.IGNORECASE)
# Only a tiny page is judged by its words here: full pages carry 登录 / 验证码 in their chrome, and the
# parsers, which know each site's structure, recognise those walls themselves.
_SMALL_PAGE = 3_000
BACKOFF_CAP = 300.0  # seconds


def block_reason(response: Response) -> str | None:
    """Why this response is a refusal, or None when it is a real page."""
    if response.status in BLOCK_STATUS:
        return BLOCK_STATUS[response.status]
    if 300 <= response.status < 400:
        location = (response.headers.get(b"Location") or b"").decode("latin-1")
        return "login_redirect" if _LOGIN_URL.search(location) else None
    if _LOGIN_URL.search(response.url) and response.url != getattr(response.request, "url", response.url):
        return "login_redirect"
    body = response.body[:_SMALL_PAGE] if len(response.body) <= _SMALL_PAGE else b""
    if body and b"<" in body[:200]:  # an HTML page, not JSON
        if _CAPTCHA.search(body):
            return "captcha"
        if _LOGIN_PAGE.search(body):
            return "login"
    return None


class BlockDetectorMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BlockDetectorMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        if request.meta.get("yuqing_no_block_check"):
            return response
        reason = block_reason(response)
        if reason is None:
            return response
        spider = self.crawler.spider
        self.crawler.stats.inc_value(f"yuqing/blocked/{reason}")  # type: ignore[union-attr]
        on_blocked = getattr(spider, "on_blocked", None)
        if on_blocked is not None:
            on_blocked(request, reason)
        raise IgnoreRequest(f"blocked ({reason}): {request.url}")


class ProxyMiddleware:
    """Round-robin over the configured proxies (`sources.politeness.proxies`)."""

    def __init__(self, proxies: list[str]) -> None:
        self.proxies = proxies
        self._next = 0

    @classmethod
    def from_crawler(cls, crawler: object) -> ProxyMiddleware:
        return cls(list(crawler.settings.getlist("YUQING_PROXIES")))  # type: ignore[attr-defined]

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if self.proxies and "proxy" not in request.meta:
            request.meta["proxy"] = self.proxies[self._next % len(self.proxies)]
            self._next += 1


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries (5xx, timeouts, refused connections), each one later than the last: the
    n-th retry of a request waits backoff·2^(n-1) seconds, at most BACKOFF_CAP."""

    def _retry(self, request: Request, reason: str | Exception | type[Exception]) -> Request | None:
        retry = super()._retry(request, reason)
        if retry is not None:
            base = self.crawler.settings.getfloat("YUQING_RETRY_BACKOFF", 2.0)
            attempt = int(retry.meta.get("retry_times", 1))
            retry.meta["yuqing_delay"] = min(BACKOFF_CAP, base * 2 ** (attempt - 1))
        return retry


class DelayMiddleware:
    """Waits before sending a request that asks for it (`yuqing_delay`, set by the backoff)."""

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        delay = float(request.meta.pop("yuqing_delay", 0) or 0)
        if delay > 0:
            await asyncio.sleep(delay)
