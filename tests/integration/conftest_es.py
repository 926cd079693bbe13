"""The Elasticsearch API for integration tests: osmem-server (PyPI wheel, in memory), one per session.

osmem is OpenSearch-flavoured and rejects the 8.x client's versioned media type, so the fixture sets
YUQING_ES_PLAIN_JSON=1 while it runs (the store then sends plain `application/json`).
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest


def _wait_until_answers(url: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=1.0) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                raise
        time.sleep(0.05)


@pytest.fixture(scope="session")
def es_url() -> Iterator[str]:
    """`http://127.0.0.1:PORT` of a fresh osmem-server (free port, stopped at session end)."""
    try:
        import osmem_server as osmem
    except ImportError:
        pytest.fail("the Elasticsearch API for tests comes with osmem-server: pip install -e '.[dev]'")
    # addr port 0: the server binds a free port and reports its URL; it also exits if we die.
    server = osmem.OsmemServer.start(japanese=False, addr="127.0.0.1:0")
    try:
        _wait_until_answers(server.url)
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("YUQING_ES_PLAIN_JSON", "1")
            yield server.url.rstrip("/")
    finally:
        server.close()


@pytest.fixture
def fresh_es() -> Iterator[str]:
    """An osmem-server of its own, for a test that counts everything in it."""
    import osmem_server as osmem

    server = osmem.OsmemServer.start(japanese=False, addr="127.0.0.1:0")
    try:
        _wait_until_answers(server.url)
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("YUQING_ES_PLAIN_JSON", "1")
            yield server.url.rstrip("/")
    finally:
        server.close()
