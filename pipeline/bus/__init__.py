"""The bus between stages: topics of keyed messages (posts.raw, posts.enriched, posts.raw.dlq, alerts).

`open_bus(url)` picks the backend from the URL: `jsonl:///path` (an append-only file, for
debugging and backfills) here; `kafka://h:p` and `sqlite:///path` arrive with issue 3/4 behind the
same interface. Producers call produce() then flush(); flush returns how many messages could not
be delivered, so a caller can refuse to report success.
"""

from __future__ import annotations

from typing import Protocol

from pipeline.errors import ConfigError

TOPIC_RAW = "posts.raw"
TOPIC_ENRICHED = "posts.enriched"
TOPIC_DLQ = "posts.raw.dlq"
TOPIC_ALERTS = "alerts"
TOPIC_CRAWL_RUNS = "crawl.runs"  # one message per finished crawl: the summary (source silence)


class BusError(Exception):
    """The bus cannot be reached or refused a write."""


class Producer(Protocol):
    def produce(self, topic: str, key: str | None, value: bytes) -> None: ...

    def flush(self) -> int:
        """Write out everything produced so far; returns the number of undelivered messages."""
        ...

    def close(self) -> None: ...


def open_producer(url: str, source: str = "--bus") -> Producer:
    """A producer for the bus at `url` (source names where the URL came from, for errors)."""
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme == "jsonl":
        from pipeline.bus.jsonl import JsonlBus

        return JsonlBus.from_url(url)
    if scheme in ("kafka", "sqlite"):
        raise ConfigError(source, "bus", f"the {scheme} bus arrives with issue 3/4; use jsonl:///path for now")
    raise ConfigError(source, "bus", f"unknown bus URL {url!r} (expected kafka://, sqlite:/// or jsonl:///)")
