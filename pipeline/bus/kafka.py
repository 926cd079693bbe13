"""Kafka bus (kafka-python): the production backend behind Producer, Consumer and Admin.

Keys are UTF-8 strings, values raw bytes. Consumers never auto-commit: the worker commits what it
has fully handled (at-least-once). Connection failures surface as BusError with a plain message.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic
from kafka.errors import KafkaError, NoBrokersAvailable, TopicAlreadyExistsError
from kafka.structs import OffsetAndMetadata

from pipeline.bus import TOPICS, BusError, Message

log = logging.getLogger("yuqing.bus.kafka")


def parse_url(url: str) -> list[str]:
    """`kafka://h:p[,h:p]` → ["h:p", ...]."""
    rest = url.split("://", 1)[1] if "://" in url else url
    servers = [s.strip() for s in rest.split("/", 1)[0].split(",") if s.strip()]
    if not servers:
        raise BusError(f"bus URL {url!r} names no broker (kafka://host:9092[,host:9092])")
    return servers


def _connect(kind: Any, servers: list[str], *topics: str, **config: Any) -> Any:
    """Build a kafka-python client, turning 'nobody answers' into a plain BusError."""
    try:
        return kind(*topics, bootstrap_servers=servers, **config)
    except NoBrokersAvailable:
        raise BusError(f"no Kafka broker answers at {','.join(servers)}") from None
    except KafkaError as exc:
        raise BusError(f"cannot connect to Kafka at {','.join(servers)}: {exc}") from None


def _offset(offset: int) -> OffsetAndMetadata:
    """OffsetAndMetadata for kafka-python 2.0 (offset, metadata) and 2.1+ (…, leader_epoch)."""
    if len(OffsetAndMetadata._fields) == 3:
        return OffsetAndMetadata(offset, "", -1)
    return OffsetAndMetadata(offset, "")  # type: ignore[call-arg]


class KafkaProducerBus:
    """Sends keyed messages; flush() waits for the acks and counts what was not delivered."""

    def __init__(self, servers: list[str], flush_timeout_s: float = 60.0) -> None:
        self.servers = servers
        self.flush_timeout_s = flush_timeout_s
        self.last_error: str | None = None
        self._futures: list[Any] = []
        self._producer = _connect(
            KafkaProducer, servers, acks="all", retries=5, linger_ms=5, max_block_ms=15000
        )

    @classmethod
    def from_url(cls, url: str) -> KafkaProducerBus:
        return cls(parse_url(url))

    def produce(self, topic: str, key: str | None, value: bytes) -> None:
        raw_key = key.encode("utf-8") if key is not None else None
        try:
            self._futures.append(self._producer.send(topic, key=raw_key, value=value))
        except KafkaError as exc:
            raise BusError(f"Kafka refused a message for {topic}: {exc}") from None

    def flush(self) -> int:
        """Wait for every pending send; returns how many failed or did not finish in time."""
        try:
            self._producer.flush(timeout=self.flush_timeout_s)
        except KafkaError as exc:
            self.last_error = f"flush timed out after {self.flush_timeout_s:.0f}s: {exc}"
        failed = [f for f in self._futures if not f.is_done or f.failed()]
        self._futures = []
        if failed:
            errors = [f.exception for f in failed if f.is_done and f.exception is not None]
            if errors:
                self.last_error = str(errors[0])
            log.warning(
                "kafka undelivered=%d servers=%s error=%s", len(failed), self.servers, self.last_error
            )
        return len(failed)

    def close(self) -> None:
        """Flush what is pending, then close; what the broker never took was counted by flush()."""
        if self._futures:
            self.flush()
        try:
            self._producer.close(timeout=1.0)
        except KafkaError:  # kafka-python's close() stops at a flush that cannot finish
            self._producer._sender.force_close()
            self._producer._closed = True


class KafkaConsumerBus:
    """A member of consumer group `group` on `topics`; commits only what it is told to."""

    def __init__(
        self,
        url: str,
        topics: Sequence[str],
        group: str,
        *,
        session_timeout_ms: int = 10000,
        heartbeat_interval_ms: int = 3000,
        max_poll_interval_ms: int = 300000,
    ) -> None:
        self.group = group
        self._consumer = _connect(
            KafkaConsumer,
            parse_url(url),
            *topics,
            group_id=group,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            session_timeout_ms=session_timeout_ms,
            heartbeat_interval_ms=heartbeat_interval_ms,
            max_poll_interval_ms=max_poll_interval_ms,
        )

    def poll(self, max_records: int = 500, timeout_s: float = 1.0) -> list[Message]:
        try:
            batches = self._consumer.poll(timeout_ms=int(timeout_s * 1000), max_records=max_records)
        except KafkaError as exc:
            raise BusError(f"Kafka poll failed for group {self.group}: {exc}") from None
        return [
            Message(
                topic=r.topic,
                partition=r.partition,
                offset=r.offset,
                key=r.key.decode("utf-8", errors="replace") if r.key is not None else None,
                value=r.value if r.value is not None else b"",
            )
            for records in batches.values()
            for r in records
        ]

    def commit(self, messages: Sequence[Message]) -> None:
        """Commit, per partition, the offset after the highest one in `messages`."""
        if not messages:
            return
        last: dict[TopicPartition, int] = {}
        for m in messages:
            tp = TopicPartition(m.topic, m.partition)
            last[tp] = max(last.get(tp, -1), m.offset)
        try:
            self._consumer.commit({tp: _offset(off + 1) for tp, off in last.items()})
        except KafkaError as exc:
            raise BusError(f"Kafka commit failed for group {self.group}: {exc}") from None

    def keepalive(self) -> None:
        """Stay in the group while the caller waits out an outage: poll with every assigned
        partition paused, so membership holds and nothing new is fetched."""
        assigned = self._consumer.assignment()
        if not assigned:
            return
        self._consumer.pause(*assigned)
        try:
            self._consumer.poll(timeout_ms=0)
        finally:
            self._consumer.resume(*assigned)

    def close(self) -> None:
        self._consumer.close(autocommit=False)


class KafkaAdmin:
    """Topic creation and the numbers `yuqing stats` shows (sizes, lag per group)."""

    def __init__(self, url: str, replication_factor: int | None = None) -> None:
        self.servers = parse_url(url)
        self.replication_factor = replication_factor
        self._admin = _connect(KafkaAdminClient, self.servers)
        # Metadata and offsets go through a group-less consumer: KafkaAdminClient's own
        # list_topics / list_consumer_group_offsets trip over Tansu's responses (see README).
        self._meta = _connect(KafkaConsumer, self.servers, enable_auto_commit=False)

    def _ranges(self) -> tuple[list[TopicPartition], dict[TopicPartition, int], dict[TopicPartition, int]]:
        """The partitions of the topics of TOPICS that exist, with their first and end offsets."""
        try:
            existing = self._meta.topics()
            tps = [
                TopicPartition(t, p)
                for t in TOPICS
                if t in existing
                for p in sorted(self._meta.partitions_for_topic(t) or ())
            ]
            begin, listed = self._meta.beginning_offsets(tps), self._meta.end_offsets(tps)
            return tps, begin, self._high_watermarks(listed, begin)
        except KafkaError as exc:
            raise BusError(f"cannot read Kafka offsets at {','.join(self.servers)}: {exc}") from None

    def _high_watermarks(
        self, listed: dict[TopicPartition, int], begin: dict[TopicPartition, int]
    ) -> dict[TopicPartition, int]:
        """End offsets as a fetch reports them: Tansu's ListOffsets answers the base offset + 1 of
        the last batch, so read from there (one small fetch per partition; harmless on Kafka)."""
        tail = [tp for tp, end in listed.items() if end > begin[tp]]
        ends = dict(listed)
        self._meta.assign(tail)
        for tp in tail:
            self._meta.seek(tp, listed[tp] - 1)
        deadline = time.monotonic() + 10
        while tail and time.monotonic() < deadline:
            for tp, records in self._meta.poll(timeout_ms=200).items():
                ends[tp] = max(ends[tp], records[-1].offset + 1)
            for tp in tail:
                ends[tp] = max(ends[tp], self._meta.highwater(tp) or 0)
            if all(self._meta.highwater(tp) is not None for tp in tail):
                break
        self._meta.unsubscribe()
        return ends

    def create_topics(self, partitions: int = 3, retention_hours: int = 168) -> list[str]:
        missing = [t for t in TOPICS if t not in self._meta.topics()]
        replicas = self.replication_factor or min(3, len(self._meta._client.cluster.brokers()) or 1)
        config = {"retention.ms": str(retention_hours * 3600 * 1000)}
        created = []
        for name in missing:  # one request per topic, so a concurrent `setup` only costs that topic
            try:
                self._admin.create_topics([NewTopic(name, partitions, replicas, topic_configs=config)])
                created.append(name)
            except TopicAlreadyExistsError:
                continue
            except KafkaError as exc:
                raise BusError(f"cannot create Kafka topic {name}: {exc}") from None
        return created

    def sizes(self) -> dict[str, int]:
        """Messages held per topic of TOPICS (0 for a topic not created yet)."""
        tps, begin, end = self._ranges()
        held = dict.fromkeys(TOPICS, 0)
        for tp in tps:
            held[tp.topic] += end[tp] - begin[tp]
        return held

    def lag(self, group: str) -> dict[str, int]:
        """Messages per topic after `group`'s committed offset (from the beginning if none)."""
        tps, begin, end = self._ranges()
        reader = _connect(KafkaConsumer, self.servers, group_id=group, enable_auto_commit=False)
        try:
            committed = {tp: reader.committed(tp) for tp in tps}
        except KafkaError as exc:
            raise BusError(f"cannot read the offsets of group {group}: {exc}") from None
        finally:
            reader.close(autocommit=False)
        behind = dict.fromkeys(TOPICS, 0)
        for tp in tps:
            start = max(committed[tp] or 0, begin[tp])  # retention may have passed the commit
            behind[tp.topic] += max(0, end[tp] - start)
        return behind

    def close(self) -> None:
        self._meta.close(autocommit=False)
        self._admin.close()
