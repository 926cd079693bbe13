"""Where analyzed posts, alerts and service state live, and the questions asked of them.

Backends by URL: `http(s)://[user:pass@]host:port` (Elasticsearch 8, official client; credentials
and TLS from YUQING_ES_* env) and `sqlite:///path` (the embedded default, FTS5 over jieba tokens).
Writes are idempotent (document id = post id / alert id). A store that cannot be reached raises
StoreUnavailable, which callers treat as "retry later, commit nothing".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from pipeline.errors import ConfigError
from pipeline.schema import Alert, Post


class StoreError(Exception):
    """The store refused a request (bad query, bad document)."""


class StoreUnavailable(StoreError):
    """The store cannot be reached right now; try again later."""


@dataclass(frozen=True, slots=True)
class PostFilter:
    """Which posts a question is about. None means "any"."""

    platform: str | None = None
    start: datetime | None = None  # published_at >= start
    end: datetime | None = None  # published_at < end
    negative: bool | None = None  # sentiment label == negative
    is_call: bool | None = None  # organizing.is_call


class Store(Protocol):
    def setup(self) -> list[str]:
        """Create indices / tables / templates that are missing; returns what was created."""
        ...

    def write_posts(self, posts: Sequence[Post]) -> None:
        """Upsert analyzed posts by id (a redelivered post overwrites itself)."""
        ...

    def count_posts(self, flt: PostFilter | None = None) -> int:
        """Distinct posts matching the filter."""
        ...

    def counts(self, flt: PostFilter, bucket: timedelta) -> dict[str, list[tuple[datetime, int]]]:
        """Per platform: posts per time bucket (bucket starts aligned to the epoch, UTC)."""
        ...

    def top_posts(self, flt: PostFilter, limit: int = 5) -> list[dict[str, Any]]:
        """The most engaging posts (reposts + comments + likes + replies), newest first on ties."""
        ...

    def search(self, query: str, flt: PostFilter | None = None, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over title and text (Chinese: tokenized with jieba), best first."""
        ...

    def write_alert(self, alert: Alert) -> None: ...

    def alerts(self, start: datetime | None = None, platform: str | None = None, limit: int = 100) -> list[Alert]: ...

    def get_state(self, key: str) -> dict[str, Any] | None: ...

    def put_state(self, key: str, value: dict[str, Any]) -> None: ...

    def close(self) -> None: ...


def open_store(url: str, env: Mapping[str, str] | None = None) -> Store:
    """The store at `url`; `env` holds the YUQING_* settings a backend needs (credentials, TLS)."""
    if url.startswith(("http://", "https://")):
        import os

        from pipeline.store.elasticsearch import ElasticStore

        return ElasticStore.from_url(url, os.environ if env is None else env)
    if url.startswith("sqlite:///"):
        from pipeline.store.sqlite import SqliteStore

        return SqliteStore.from_url(url)
    raise ConfigError("--store", "store", f"unknown store URL {url!r} (expected http(s):// or sqlite:///path)")
