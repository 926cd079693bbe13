"""The tables of the embedded SQLite store, and the one place their columns are named.

Columns that mirror a schema field name it by its dotted path in `pipeline.schema`; the path is
checked and its SQL type derived from the pydantic model at import, so a renamed field fails loudly
here instead of silently storing NULLs. Times are stored as UTC epoch seconds (REAL).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Union

from pydantic import AwareDatetime, BaseModel, NaiveDatetime

from pipeline.schema import Alert, Metrics, Post


@dataclass(frozen=True, slots=True)
class Column:
    """One stored column: `get` reads its value from a model instance."""

    name: str
    sql: str  # type and constraints
    get: Callable[[Any], Any]


def _unwrap(tp: Any) -> Any:
    """`X | None` → X; Literal[...] → the type of its values; Annotated is already gone in pydantic."""
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if typing.get_origin(tp) in (Union, types.UnionType) and len(args) == 1:
        return _unwrap(args[0])
    if typing.get_origin(tp) is Literal:
        return type(args[0])
    return tp


def _sql_type(tp: Any) -> str:
    if tp in (datetime, AwareDatetime, NaiveDatetime):
        return "REAL"  # epoch seconds, UTC: range filters and bucket arithmetic stay numeric
    if tp is bool or tp is int:
        return "INTEGER"
    return "REAL" if tp is float else "TEXT"


def _to_sql(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.timestamp()
    return int(value) if isinstance(value, bool) else value


def field(model: type[BaseModel], name: str, path: str, constraint: str = "") -> Column:
    """A column holding `model.<path>` (None when an optional step on the way is missing)."""
    tp: Any = model
    for step in path.split("."):
        info = _unwrap(tp).model_fields.get(step)
        if info is None:
            raise AssertionError(f"{model.__name__} has no field {path!r}; update sqlite_tables.py")
        tp = info.annotation
    steps = path.split(".")

    def get(obj: Any) -> Any:
        for step in steps:
            obj = getattr(obj, step)
            if obj is None:
                return None
        return _to_sql(obj)

    return Column(name, f"{_sql_type(_unwrap(tp))} {constraint}".strip(), get)


# What an analyst calls engagement: every metric except views (which most sites do not show).
ENGAGEMENT = tuple(name for name in Metrics.model_fields if name != "views")


def engagement(post: Post) -> int:
    return sum(getattr(post.metrics, name) for name in ENGAGEMENT)


def _doc(model: Any) -> str:
    return str(model.to_json())


POST_COLUMNS = (
    field(Post, "id", "id", "PRIMARY KEY"),
    field(Post, "published_at", "published_at", "NOT NULL"),
    field(Post, "source", "source", "NOT NULL"),
    field(Post, "site", "site", "NOT NULL"),
    field(Post, "negative", "analysis.sentiment.negative"),
    field(Post, "label", "analysis.sentiment.label"),
    field(Post, "is_call", "analysis.organizing.is_call"),
    Column("engagement", "INTEGER NOT NULL", engagement),
    Column("doc", "TEXT NOT NULL", _doc),  # the whole Post JSON, returned as-is
)
ALERT_COLUMNS = (
    field(Alert, "id", "id", "PRIMARY KEY"),
    field(Alert, "fired_at", "fired_at", "NOT NULL"),
    field(Alert, "platform", "platform"),
    field(Alert, "level", "level", "NOT NULL"),
    field(Alert, "rule", "rule", "NOT NULL"),
    Column("doc", "TEXT NOT NULL", _doc),
)
# Per-platform questions ("posts about 团贷网 per hour") read this, one row per post × platform;
# published_at is repeated so the (platform, time) index answers them without touching posts.
PLATFORM_COLUMNS = (
    Column("post_id", "TEXT NOT NULL", lambda pair: pair[0].id),
    Column("platform", "TEXT NOT NULL", lambda pair: pair[1]),
    Column("published_at", POST_COLUMNS[1].sql, lambda pair: POST_COLUMNS[1].get(pair[0])),
)
STATE_COLUMNS = (
    Column("key", "TEXT PRIMARY KEY", lambda pair: pair[0]),
    Column("doc", "TEXT NOT NULL", lambda pair: pair[1]),
)


def row(columns: tuple[Column, ...], obj: Any) -> tuple[Any, ...]:
    return tuple(col.get(obj) for col in columns)


def _table(name: str, columns: tuple[Column, ...], tail: str = "") -> str:
    body = ", ".join(f"{c.name} {c.sql}" for c in columns)
    return f"CREATE TABLE IF NOT EXISTS {name} ({body}{tail})"


def upsert(table: str, columns: tuple[Column, ...], returning: str = "") -> str:
    """INSERT … ON CONFLICT(first column) DO UPDATE: a re-written id replaces its row in place."""
    names = [c.name for c in columns]
    update = ", ".join(f"{n} = excluded.{n}" for n in names[1:])
    sql = (f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
           f"ON CONFLICT({names[0]}) DO UPDATE SET {update}")
    return f"{sql} RETURNING {returning}" if returning else sql


def insert(table: str, columns: tuple[Column, ...]) -> str:
    return f"INSERT OR IGNORE INTO {table} ({', '.join(c.name for c in columns)}) VALUES ({', '.join('?' * len(columns))})"


# Creation order matters (indexes after their tables); names are what setup() reports.
DDL: dict[str, str] = {
    "posts": _table("posts", POST_COLUMNS),
    "posts_published_at": "CREATE INDEX IF NOT EXISTS posts_published_at ON posts (published_at)",
    "post_platforms": _table("post_platforms", PLATFORM_COLUMNS, ", PRIMARY KEY (post_id, platform)")
    + " WITHOUT ROWID",
    "post_platforms_platform_time": "CREATE INDEX IF NOT EXISTS post_platforms_platform_time "
    "ON post_platforms (platform, published_at)",
    # Documents are jieba tokens joined by spaces; unicode61 splits on the spaces and keeps each
    # CJK word whole (it also lower-cases Latin letters, on both the index and the query side).
    # rowid = posts.rowid, so a re-write replaces the FTS row by key, not by a scan.
    "posts_fts": "CREATE VIRTUAL TABLE IF NOT EXISTS posts_fts USING fts5(tokens, tokenize = 'unicode61')",
    "alerts": _table("alerts", ALERT_COLUMNS),
    "alerts_fired_at": "CREATE INDEX IF NOT EXISTS alerts_fired_at ON alerts (fired_at)",
    "state": _table("state", STATE_COLUMNS),
}
