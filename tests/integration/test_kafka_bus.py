"""The Kafka bus against a real broker (Tansu): the worker's at-least-once contract — every post
reaches group "nlp" once, a restart resumes after the last commit, uncommitted work comes back."""

from __future__ import annotations

import socket
import time
import uuid

import pytest
from kafka import KafkaAdminClient
from kafka.admin import NewTopic

from pipeline.bus import (
    TOPIC_DLQ,
    TOPIC_RAW,
    TOPICS,
    BusError,
    Message,
    open_admin,
    open_consumer,
    open_producer,
)
from pipeline.bus.kafka import KafkaProducerBus, parse_url


def new_topic(url: str, partitions: int = 3) -> str:
    name = f"test.{uuid.uuid4().hex[:8]}"
    admin = KafkaAdminClient(bootstrap_servers=parse_url(url))
    admin.create_topics([NewTopic(name, partitions, 1)])
    admin.close()
    return name


def publish(url: str, topic: str, n: int) -> dict[str, bytes]:
    posts = {f"forum:bbs.example:{i}": f'{{"text": "平台{i}暴雷了"}}'.encode() for i in range(n)}
    producer = open_producer(url)
    for key, value in posts.items():
        producer.produce(topic, key, value)
    assert producer.flush() == 0
    producer.close()
    return posts


def drain(consumer, want: int, timeout_s: float = 30.0, quiet_s: float = 2.0) -> list[Message]:
    """Poll until `want` messages arrived (or timeout), then a little longer to catch extras."""
    got: list[Message] = []
    deadline = time.monotonic() + timeout_s
    while len(got) < want and time.monotonic() < deadline:
        got += consumer.poll(max_records=500, timeout_s=1.0)
    quiet_until = time.monotonic() + quiet_s
    while time.monotonic() < quiet_until:
        got += consumer.poll(max_records=500, timeout_s=0.5)
    return got


def positions(messages: list[Message]) -> list[tuple[int, int]]:
    return sorted((m.partition, m.offset) for m in messages)


def test_group_nlp_gets_every_post_once_and_resumes_after_its_last_commit(kafka_url, kafka_group_options):
    topic = new_topic(kafka_url)
    posts = publish(kafka_url, topic, 40)

    first = open_consumer(kafka_url, [topic], "nlp", **kafka_group_options)
    got = drain(first, 40)
    assert sorted(m.key for m in got) == sorted(posts)  # all of them, none twice
    assert all(m.value == posts[m.key] and m.topic == topic for m in got)

    handled, rest = got[:20], got[20:]  # per partition, poll order is offset order
    first.commit(handled)
    first.close()

    second = open_consumer(kafka_url, [topic], "nlp", **kafka_group_options)
    resumed = drain(second, len(rest))
    second.close()
    assert positions(resumed) == positions(rest)


def test_a_consumer_that_closes_without_committing_leaves_the_posts_for_the_next(
    kafka_url, kafka_group_options
):
    topic = new_topic(kafka_url)
    publish(kafka_url, topic, 12)
    crashed = open_consumer(kafka_url, [topic], "nlp-redelivery", **kafka_group_options)
    seen = drain(crashed, 12)
    crashed.close()

    again = open_consumer(kafka_url, [topic], "nlp-redelivery", **kafka_group_options)
    redelivered = drain(again, 12)
    again.close()
    assert len(seen) == 12
    assert positions(redelivered) == positions(seen)


def test_setup_creates_the_topics_once(fresh_kafka):
    url, _proc = fresh_kafka
    admin = open_admin(url)
    assert admin.create_topics(partitions=3, retention_hours=24) == list(TOPICS)
    assert admin.create_topics(partitions=3, retention_hours=24) == []
    assert admin.sizes() == dict.fromkeys(TOPICS, 0)
    admin.close()


def test_stats_count_what_is_held_and_what_group_nlp_has_not_committed(fresh_kafka, kafka_group_options):
    url, _proc = fresh_kafka
    admin = open_admin(url)
    admin.create_topics()
    publish(url, TOPIC_RAW, 10)
    publish(url, TOPIC_DLQ, 2)
    assert admin.sizes() == {**dict.fromkeys(TOPICS, 0), TOPIC_RAW: 10, TOPIC_DLQ: 2}
    assert admin.lag("nlp")[TOPIC_RAW] == 10  # nothing committed yet: all of it

    consumer = open_consumer(url, [TOPIC_RAW], "nlp", **kafka_group_options)
    got = drain(consumer, 10)
    consumer.commit(got[:7])
    consumer.close()
    lag = admin.lag("nlp")
    admin.close()
    assert lag[TOPIC_RAW] == 3
    assert lag[TOPIC_DLQ] == 2


def test_flush_counts_what_a_dead_broker_never_acknowledged(fresh_kafka):
    url, proc = fresh_kafka
    producer = KafkaProducerBus.from_url(url)
    producer.flush_timeout_s = 3.0
    producer.produce(TOPIC_RAW, "forum:a:1", b"{}")
    assert producer.flush() == 0
    proc.kill()  # a crash, not a shutdown: Tansu waits for open connections on SIGTERM
    proc.wait(timeout=5)
    for i in range(5):
        producer.produce(TOPIC_RAW, f"forum:a:{i + 2}", b"{}")
    assert producer.flush() == 5
    assert producer.last_error
    started = time.monotonic()
    producer.close()  # the lost messages were reported; closing must not hang on them
    assert time.monotonic() - started < 5


def test_an_unreachable_broker_is_a_plain_bus_error_not_a_hang():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket is closed
    url = f"kafka://127.0.0.1:{port}"
    for opener in (
        lambda: open_producer(url),
        lambda: open_admin(url),
        lambda: open_consumer(url, [TOPIC_RAW], "nlp"),
    ):
        started = time.monotonic()
        with pytest.raises(BusError) as info:
            opener()
        assert time.monotonic() - started < 15
        assert str(info.value) == f"no Kafka broker answers at 127.0.0.1:{port}"
        assert info.value.__cause__ is None and info.value.__suppress_context__
