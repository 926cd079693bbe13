"""The bus between stages: topics of keyed messages (posts.raw, posts.enriched, posts.raw.dlq,
alerts, crawl.runs), with consumer groups and committed offsets.

Backends by URL: `kafka://h:p[,h:p]` (kafka-python), `sqlite:///path` (the embedded default: a
durable log with per-group committed offsets, shared by processes on one machine), `jsonl:///path`
(an append-only file for debugging and backfills; producer only). Producers call produce() then
flush(); flush returns how many messages could not be delivered, so a caller can refuse to report
success. Consumers poll() batches and commit() only what was fully handled (at-least-once).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from pipeline.errors import ConfigError

TOPIC_RAW = "posts.raw"
TOPIC_ENRICHED = "posts.enriched"
TOPIC_DLQ = "posts.raw.dlq"
TOPIC_ALERTS = "alerts"
TOPIC_CRAWL_RUNS = "crawl.runs"  # one message per finished crawl: the summary (source silence)


class BusError(Exception):
    """The bus cannot be reached or refused a write."""


TOPICS = (TOPIC_RAW, TOPIC_ENRICHED, TOPIC_DLQ, TOPIC_ALERTS, TOPIC_CRAWL_RUNS)


@dataclass(frozen=True, slots=True)
class Message:
    topic: str
    partition: int
    offset: int
    key: str | None
    value: bytes


class Consumer(Protocol):
    def poll(self, max_records: int = 500, timeout_s: float = 1.0) -> list[Message]:
        """Up to max_records messages not yet committed by this group (waits up to timeout_s)."""
        ...

    def commit(self, messages: Sequence[Message]) -> None:
        """Mark these messages (and everything before them in their partitions) as handled."""
        ...

    def keepalive(self) -> None:
        """Keep this member's partitions while the caller is busy (waiting out an outage)."""
        ...

    def close(self) -> None: ...


class Admin(Protocol):
    def create_topics(self, partitions: int = 3, retention_hours: int = 168) -> list[str]:
        """Create the missing topics of TOPICS; returns the names created (empty when all existed)."""
        ...

    def sizes(self) -> dict[str, int]:
        """Messages held per topic."""
        ...

    def lag(self, group: str) -> dict[str, int]:
        """Messages per topic not yet committed by `group`."""
        ...

    def close(self) -> None: ...


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
    if scheme == "kafka":
        from pipeline.bus.kafka import KafkaProducerBus

        return KafkaProducerBus.from_url(url)
    if scheme == "sqlite":
        from pipeline.bus.sqlite import SqliteBus

        return SqliteBus.from_url(url)
    raise ConfigError(source, "bus", f"unknown bus URL {url!r} (expected kafka://, sqlite:/// or jsonl:///)")


def _scheme(url: str) -> str:
    return url.split("://", 1)[0] if "://" in url else ""


def open_consumer(
    url: str, topics: Sequence[str], group: str, *, source: str = "--bus", **options: int
) -> Consumer:
    """A member of consumer `group` reading `topics` from the bus at `url` (options: backend timeouts)."""
    scheme = _scheme(url)
    if scheme == "kafka":
        from pipeline.bus.kafka import KafkaConsumerBus

        return KafkaConsumerBus(url, topics, group, **options)
    if scheme == "sqlite":
        from pipeline.bus.sqlite import path_from_url
        from pipeline.bus.sqlite_group import SqliteConsumer

        return SqliteConsumer(path_from_url(url), topics, group, **options)
    raise ConfigError(source, "bus", f"bus URL {url!r} cannot be consumed from (expected kafka:// or sqlite:///)")


def open_admin(url: str, source: str = "--bus") -> Admin:
    """Topic administration and statistics for the bus at `url`."""
    scheme = _scheme(url)
    if scheme == "kafka":
        from pipeline.bus.kafka import KafkaAdmin

        return KafkaAdmin(url)
    if scheme == "sqlite":
        from pipeline.bus.sqlite import SqliteBus

        return SqliteBus.from_url(url)
    raise ConfigError(source, "bus", f"bus URL {url!r} has no admin (expected kafka:// or sqlite:///)")
