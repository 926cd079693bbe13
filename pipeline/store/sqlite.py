"""The embedded store (`sqlite:///path`): analyzed posts, alerts and service state in one SQLite file,
shared by the worker, the alert service and the CLI on one machine (WAL, busy timeout).

Full-text search is FTS5 over the analyzer's jieba tokens; queries are cut with the same dictionary
and every word is quoted, so FTS syntax typed by an analyst (or written by a stranger) is plain text.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from pipeline.errors import SchemaError
from pipeline.schema import Alert, Post
from pipeline.store import PostFilter, StoreError, StoreUnavailable
from pipeline.store import sqlite_query as q
from pipeline.store import sqlite_tables as t

# Primary result codes that mean "not now / not here" (the worker backs off), not "bad request".
_UNAVAILABLE = {
    sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_FULL, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PROTOCOL, sqlite3.SQLITE_PERM,
}


class SqliteStore:
    """The Store protocol on one SQLite file. Safe to share between threads (one lock) and
    between processes (SQLite's own locking; writers wait up to `busy_timeout_s`)."""

    def __init__(self, path: str, *, read_only: bool = False, busy_timeout_s: float = 5.0,
                 cut: Callable[[str], list[str]] | None = None) -> None:
        self.path = path
        self._cut = cut or q.default_cut
        self._lock = threading.Lock()
        try:
            if not read_only:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(f"sqlite store {path}: cannot create its directory: {exc}") from exc
        uri = f"file:{quote(path)}" + ("?mode=ro" if read_only else "")
        self._db: sqlite3.Connection | None = None
        with self._guard("open"):
            db = sqlite3.connect(uri, uri=True, timeout=busy_timeout_s, isolation_level=None,
                                 check_same_thread=False)
            try:
                db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
                if not read_only:
                    db.execute("PRAGMA journal_mode = WAL")  # readers never wait for the worker
                    db.execute("PRAGMA synchronous = NORMAL")  # the WAL keeps commits atomic
            except sqlite3.Error:
                db.close()
                raise
            self._db = db

    @classmethod
    def from_url(cls, url: str, *, cut: Callable[[str], list[str]] | None = None,
                 busy_timeout_s: float = 5.0) -> SqliteStore:
        """`sqlite:///var/yuqing.db` (relative: ./var/yuqing.db) or `sqlite:////srv/yuqing.db` (absolute);
        `?mode=ro` opens it read-only.

        `cut` segments search queries; pass the analyzer's (`analyzer.segmenter.cut`) so
        watchlist names typed inside a longer query are cut exactly as they were indexed."""
        rest = url.removeprefix("sqlite:///")
        path, _, query = rest.partition("?")
        if rest == url or not path:
            raise StoreError(f"store URL {url!r} is not sqlite:///path")
        read_only = parse_qs(query).get("mode") == ["ro"]
        return cls(path, read_only=read_only, busy_timeout_s=busy_timeout_s, cut=cut)

    @contextmanager
    def _guard(self, what: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            code = getattr(exc, "sqlite_errorcode", None)
            msg = f"sqlite store {self.path}: {what}: {exc}"
            if code is not None and code & 0xFF in _UNAVAILABLE:
                raise StoreUnavailable(msg) from exc
            if "no such table" in str(exc):
                msg += " (run `yuqing setup --store sqlite:///…` first)"
            raise StoreError(msg) from exc

    @contextmanager
    def _conn(self, what: str, write: bool = False) -> Iterator[sqlite3.Connection]:
        """The connection, under the lock; `write` wraps the block in one IMMEDIATE transaction
        (the write lock is taken up front, so a busy file fails here, before any work)."""
        with self._lock, self._guard(what):
            if self._db is None:
                raise StoreError(f"sqlite store {self.path} is closed")
            db = self._db
            if not write:
                yield db
                return
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.rollback()
                raise

    def setup(self) -> list[str]:
        with self._conn("setup", write=True) as db:
            have = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
            created = [name for name in t.DDL if name not in have]
            for name in created:
                db.execute(t.DDL[name])
        return created

    def write_posts(self, posts: Sequence[Post]) -> None:
        upsert_post = t.upsert("posts", t.POST_COLUMNS, returning="rowid")
        insert_platform = t.insert("post_platforms", t.PLATFORM_COLUMNS)
        with self._conn(f"write {len(posts)} posts", write=True) as db:
            for post in posts:
                (rowid,) = db.execute(upsert_post, t.row(t.POST_COLUMNS, post)).fetchone()
                db.execute("DELETE FROM post_platforms WHERE post_id = ?", (post.id,))
                db.execute("DELETE FROM posts_fts WHERE rowid = ?", (rowid,))
                if post.analysis is None:
                    continue
                for mention in post.analysis.platforms:
                    db.execute(insert_platform, t.row(t.PLATFORM_COLUMNS, (post, mention.name)))
                db.execute("INSERT INTO posts_fts (rowid, tokens) VALUES (?, ?)",
                           (rowid, " ".join(post.analysis.tokens)))

    def count_posts(self, flt: PostFilter | None = None) -> int:
        joins, where, params = q.where(flt)
        with self._conn("count posts") as db:
            return int(db.execute(f"SELECT count(*) FROM posts p{joins} WHERE {where}", params).fetchone()[0])

    def counts(self, flt: PostFilter, bucket: timedelta) -> dict[str, list[tuple[datetime, int]]]:
        size = bucket.total_seconds()
        if size <= 0:
            raise StoreError(f"bucket must be positive, got {bucket}")
        # Every post counts once under each platform it names; posts naming none are not counted.
        joins, where, params = q.where(flt, by_platform=True)
        sql = (f"SELECT pp.platform, CAST(pp.published_at / ? AS INTEGER) AS b, count(*) FROM posts p{joins} "
               f"WHERE {where} GROUP BY pp.platform, b ORDER BY pp.platform, b")
        out: dict[str, list[tuple[datetime, int]]] = {}
        with self._conn("count per platform") as db:
            for platform, b, n in db.execute(sql, [size, *params]):
                out.setdefault(platform, []).append((datetime.fromtimestamp(b * size, UTC), n))
        return out

    def top_posts(self, flt: PostFilter, limit: int = 5) -> list[dict[str, Any]]:
        joins, where, params = q.where(flt)
        sql = (f"SELECT p.doc FROM posts p{joins} WHERE {where} "
               "ORDER BY p.engagement DESC, p.published_at DESC, p.id LIMIT ?")
        with self._conn("top posts") as db:
            return [json.loads(doc) for (doc,) in db.execute(sql, [*params, limit])]

    def search(self, query: str, flt: PostFilter | None = None, limit: int = 20) -> list[dict[str, Any]]:
        match = q.match_expression(query, self._cut)
        if match is None:
            return []
        joins, where, params = q.where(flt)
        sql = (f"SELECT p.doc FROM posts_fts JOIN posts p ON p.rowid = posts_fts.rowid{joins} "
               f"WHERE posts_fts MATCH ? AND {where} ORDER BY bm25(posts_fts), p.published_at DESC LIMIT ?")
        with self._conn(f"search {query[:40]!r}") as db:
            return [json.loads(doc) for (doc,) in db.execute(sql, [match, *params, limit])]

    def write_alert(self, alert: Alert) -> None:
        with self._conn(f"write alert {alert.id}", write=True) as db:
            db.execute(t.upsert("alerts", t.ALERT_COLUMNS), t.row(t.ALERT_COLUMNS, alert))

    def alerts(self, start: datetime | None = None, platform: str | None = None, limit: int = 100) -> list[Alert]:
        clauses: list[str] = ["1"]
        params: list[Any] = []
        if start is not None:
            clauses.append("fired_at >= ?")
            params.append(q.epoch(start))
        if platform is not None:
            clauses.append("platform = ?")
            params.append(platform)
        sql = f"SELECT doc FROM alerts WHERE {' AND '.join(clauses)} ORDER BY fired_at DESC, id DESC LIMIT ?"
        with self._conn("read alerts") as db:
            docs = [doc for (doc,) in db.execute(sql, [*params, limit])]
        try:
            return [Alert.from_json(doc) for doc in docs]
        except SchemaError as exc:
            raise StoreError(f"sqlite store {self.path}: a stored alert no longer validates: {exc}") from exc

    def get_state(self, key: str) -> dict[str, Any] | None:
        with self._conn(f"read state {key}") as db:
            found = db.execute("SELECT doc FROM state WHERE key = ?", (key,)).fetchone()
        return None if found is None else dict(json.loads(found[0]))

    def put_state(self, key: str, value: dict[str, Any]) -> None:
        try:
            doc = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError) as exc:
            raise StoreError(f"state {key!r} is not JSON: {exc}") from exc
        with self._conn(f"write state {key}", write=True) as db:
            db.execute(t.upsert("state", t.STATE_COLUMNS), t.row(t.STATE_COLUMNS, (key, doc)))

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
