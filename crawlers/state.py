"""What the crawlers remember between runs, in one SQLite file: post ids already delivered,
content fingerprints (copy-paste reposts), forum thread reply counts, Weibo time cursors, and the
stats of every run (the alert service reads these to notice a source that went silent).

Ids and fingerprints are recorded only after the bus confirmed delivery, so a crash between
produce and flush re-sends instead of losing (at-least-once; ids de-duplicate downstream).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (id TEXT PRIMARY KEY, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS content (hash TEXT PRIMARY KEY, id TEXT NOT NULL, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS threads (site TEXT NOT NULL, tid TEXT NOT NULL, replies INTEGER NOT NULL,
    pages INTEGER NOT NULL, at REAL NOT NULL, PRIMARY KEY (site, tid));
CREATE TABLE IF NOT EXISTS cursors (source TEXT NOT NULL, query TEXT NOT NULL, newest TEXT NOT NULL,
    PRIMARY KEY (source, query));
CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL,
    started TEXT NOT NULL, finished TEXT NOT NULL, stats TEXT NOT NULL);
"""


class CrawlState:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    # --- posts ---------------------------------------------------------------------------------
    def seen(self, post_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM seen WHERE id = ?", (post_id,)).fetchone() is not None

    def content_seen(self, digest: str) -> bool:
        return self._db.execute("SELECT 1 FROM content WHERE hash = ?", (digest,)).fetchone() is not None

    def record_delivered(self, posts: Iterable[tuple[str, str | None]]) -> None:
        """Mark (post id, content digest or None) pairs as delivered, in one transaction."""
        now = time.time()
        rows = list(posts)
        with self._tx():
            self._db.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?)", [(i, now) for i, _d in rows])
            self._db.executemany("INSERT OR IGNORE INTO content VALUES (?, ?, ?)",
                                 [(d, i, now) for i, d in rows if d])

    # --- forum threads -------------------------------------------------------------------------
    def thread(self, site: str, tid: str) -> tuple[int, int] | None:
        row = self._db.execute("SELECT replies, pages FROM threads WHERE site = ? AND tid = ?", (site, tid)).fetchone()
        return (int(row[0]), int(row[1])) if row else None

    def set_threads(self, rows: Iterable[tuple[str, str, int, int]]) -> None:
        now = time.time()
        with self._tx():
            self._db.executemany("INSERT OR REPLACE INTO threads VALUES (?, ?, ?, ?, ?)",
                                 [(s, t, r, p, now) for s, t, r, p in rows])

    # --- time cursors --------------------------------------------------------------------------
    def cursor(self, source: str, query: str) -> datetime | None:
        row = self._db.execute("SELECT newest FROM cursors WHERE source = ? AND query = ?", (source, query)).fetchone()
        return datetime.fromisoformat(row[0]) if row else None

    def set_cursors(self, source: str, newest: dict[str, datetime]) -> None:
        with self._tx():
            self._db.executemany("INSERT OR REPLACE INTO cursors VALUES (?, ?, ?)",
                                 [(source, q, t.isoformat()) for q, t in newest.items()])

    # --- run stats -----------------------------------------------------------------------------
    def record_run(self, source: str, started: datetime, finished: datetime, stats: dict[str, Any]) -> None:
        self._db.execute("INSERT INTO runs (source, started, finished, stats) VALUES (?, ?, ?, ?)",
                         (source, started.isoformat(), finished.isoformat(), json.dumps(stats, ensure_ascii=False)))

    def runs(self, source: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        sql = "SELECT source, started, finished, stats FROM runs"
        args: tuple[Any, ...] = ()
        if source:
            sql, args = sql + " WHERE source = ?", (source,)
        rows = self._db.execute(sql + " ORDER BY id DESC LIMIT ?", (*args, limit)).fetchall()
        return [{"source": s, "started": a, "finished": b, "stats": json.loads(j)} for s, a, b, j in rows]

    def _tx(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *_rest: object) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")
