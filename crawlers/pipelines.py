"""Item pipelines, in order: normalize → relevance → de-duplication → bus sink.

Each returns the item or raises DropItem with a reason that is counted in the crawl stats
(`yuqing/dropped/<reason>`). The sink produces to the bus as it goes, flushes on close, and only
then records the delivered ids in the crawl state; a bus that cannot be reached stops the crawl.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DropItem

from crawlers.state import CrawlState
from nlp.normalize import normalize
from nlp.platforms import PlatformLinker
from nlp.risk import find_risk
from pipeline.bus import TOPIC_RAW, BusError
from pipeline.schema import Post

log = logging.getLogger(__name__)

@dataclass
class CrawlContext:
    """What one crawl shares with its pipelines (Scrapy copies settings, so live objects ride here)."""

    state: CrawlState
    producer: Any
    linker: PlatformLinker | None
    relevance: str = "platform_or_risk"


MAX_TEXT = 100_000  # characters kept of one post; the rest of a runaway page is noise
CONTENT_MIN = 20  # shorter texts (顶, 同问) repeat innocently and are not fingerprinted


class _Stage:
    """Pipelines reach the running spider (and its CrawlContext) through the crawler."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        return cls(crawler)

    @property
    def spider(self) -> Spider:
        assert self.crawler.spider is not None
        return self.crawler.spider

    @property
    def ctx(self) -> CrawlContext:
        return self.spider.ctx  # type: ignore[attr-defined, no-any-return]


def _drop(spider: Spider, reason: str) -> DropItem:
    spider.crawler.stats.inc_value(f"yuqing/dropped/{reason}")
    return DropItem(reason)


class NormalizePipeline(_Stage):
    """Strip and bound the text; a post without text is dropped."""

    def process_item(self, item: dict[str, Any], spider: Spider | None = None) -> dict[str, Any]:
        spider = self.spider
        text = (item.get("text") or "").strip()
        if not text and not (item.get("title") or "").strip():
            raise _drop(spider, "empty")
        item["text"] = text[:MAX_TEXT]
        return item


class RelevancePipeline(_Stage):
    """Keep posts about the watchlist: a watched platform (or, by default, also a risk term).
    A reply or repost follows its thread: kept when the thread was kept (now or in an earlier
    crawl), otherwise judged on its own words."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._kept: set[str] = set()

    def process_item(self, item: dict[str, Any], spider: Spider | None = None) -> dict[str, Any]:
        spider, ctx = self.spider, self.ctx
        parent = item.get("parent_id")
        if ctx.relevance == "off" or (parent and (parent in self._kept or ctx.state.seen(parent))):
            return self._keep(item)
        text = normalize(f"{item.get('title') or ''}\n{item['text']}")
        if ctx.linker is not None and ctx.linker.link(text):
            return self._keep(item)
        if ctx.relevance == "platform_or_risk" and find_risk(text)["terms"]:
            return self._keep(item)
        raise _drop(spider, "irrelevant")

    def _keep(self, item: dict[str, Any]) -> dict[str, Any]:
        self._kept.add(item["id"])
        return item


class DedupPipeline(_Stage):
    """Drop posts already delivered (by id) and copy-paste reposts (same normalized text)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._ids: set[str] = set()
        self._digests: set[str] = set()

    def process_item(self, item: dict[str, Any], spider: Spider | None = None) -> dict[str, Any]:
        spider, state = self.spider, self.ctx.state
        post_id = item["id"]
        if post_id in self._ids or state.seen(post_id):
            raise _drop(spider, "seen")
        digest = None
        norm = normalize(item["text"])
        if len(norm) >= CONTENT_MIN:
            digest = hashlib.blake2b(norm.encode("utf-8"), digest_size=16).hexdigest()
            if digest in self._digests or state.content_seen(digest):
                raise _drop(spider, "duplicate_content")
            self._digests.add(digest)
        self._ids.add(post_id)
        item["_digest"] = digest
        return item


class BusSinkPipeline(_Stage):
    """Produce each post to posts.raw (key = post id); flush on close; record what was delivered.
    The runner opens the bus before the crawl starts, so an unreachable bus fails fast."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._pending: list[tuple[str, str | None]] = []

    def process_item(self, item: dict[str, Any], spider: Spider | None = None) -> dict[str, Any]:
        spider = self.spider
        digest = item.pop("_digest", None)
        post = Post.from_dict(item)
        try:
            self.ctx.producer.produce(TOPIC_RAW, post.id, post.to_json().encode("utf-8"))
        except BusError as exc:
            spider.crawler.stats.set_value("yuqing/bus_error", str(exc))
            raise CloseSpider(f"bus unavailable: {exc}") from None
        self._pending.append((post.id, digest))
        spider.crawler.stats.inc_value("yuqing/new")
        return item

    def close_spider(self, spider: Spider | None = None) -> None:
        spider, ctx = self.spider, self.ctx
        undelivered = ctx.producer.flush()
        if undelivered:
            spider.crawler.stats.set_value("yuqing/undelivered", undelivered)
            log.error("bus flush left %d posts undelivered; they stay unseen and will be sent next crawl", undelivered)
            return
        ctx.state.record_delivered(self._pending)
        spider.record_progress()  # type: ignore[attr-defined]  # cursors advance only after delivery
