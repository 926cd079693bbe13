"""SQLite bus: the embedded default (`sqlite:///var/yuqing.db`), a durable Kafka-like log in one file
shared by the processes of one machine. This module holds the schema, the connection helper, the
producer and the admin; consumer groups live in `pipeline.bus.sqlite_group`.

Design. `messages(topic, partition, offset, key, value, ts)` is the log; offsets are handed out from
`partitions.next_offset` inside the writing transaction, so they grow by one per (topic, partition)
and never go back, even after pruning. A keyed message goes to partition crc32(key) % partitions (the
same key always lands in the same partition, so its messages stay ordered); a message without key
goes round-robin over the partitions, per producer. Topics are created by `create_topics` or lazily
(3 partitions, 168 h) on first use. `offsets(grp, topic, partition, committed)` holds the last handled
offset per group. Every connection runs in WAL mode with a busy timeout, so readers never block the
writer and writers queue instead of failing; each write is one `BEGIN IMMEDIATE` transaction.
"""

from __future__ import annotations

import logging
import sqlite3
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.bus import TOPICS, BusError

if TYPE_CHECKING:
    from pipeline.bus.sqlite_group import SqliteConsumer

log = logging.getLogger(__name__)

DEFAULT_PARTITIONS = 3
DEFAULT_RETENTION_HOURS = 168

SCHEMA = """
CREATE TABLE IF NOT EXISTS topics (name TEXT PRIMARY KEY, partitions INTEGER NOT NULL,
    retention_hours INTEGER NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS partitions (topic TEXT NOT NULL, partition INTEGER NOT NULL,
    next_offset INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (topic, partition));
CREATE TABLE IF NOT EXISTS messages (topic TEXT NOT NULL, partition INTEGER NOT NULL,
    offset INTEGER NOT NULL, key TEXT, value BLOB NOT NULL, ts REAL NOT NULL,
    PRIMARY KEY (topic, partition, offset));
CREATE TABLE IF NOT EXISTS offsets (grp TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL,
    committed INTEGER NOT NULL, PRIMARY KEY (grp, topic, partition));
CREATE TABLE IF NOT EXISTS leases (grp TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL,
    owner TEXT, expires REAL NOT NULL, PRIMARY KEY (grp, topic, partition));
CREATE TABLE IF NOT EXISTS members (grp TEXT NOT NULL, member TEXT NOT NULL, expires REAL NOT NULL,
    PRIMARY KEY (grp, member));
"""


def path_from_url(url: str) -> Path:
    """`sqlite:///var/yuqing.db` → Path('var/yuqing.db') (relative to the working directory, the
    embedded default's ./var); `sqlite:////srv/yuqing.db` (four slashes) → an absolute path."""
    path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else ""
    if not path:
        raise BusError(f"bus URL {url!r} has no path (sqlite:///var/yuqing.db)")
    return Path(path)


def connect(path: Path, busy_timeout_ms: int = 30_000) -> sqlite3.Connection:
    """An autocommit connection (transactions are explicit) in WAL mode, with the schema in place."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # A producer or consumer may be built in one thread and run in another (`yuqing run`); each is
        # still used by one thread at a time, which is all sqlite3 needs.
        conn = sqlite3.connect(path, timeout=busy_timeout_ms / 1000, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")  # flush() promises the messages are on disk
        with transaction(conn, path):
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
    except (OSError, sqlite3.Error) as exc:
        raise BusError(f"cannot open sqlite bus {path}: {exc}") from None
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """One write transaction taken up front (no lock upgrade deadlocks); sqlite errors → BusError."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except sqlite3.Error as exc:
        raise BusError(f"sqlite bus {path}: {exc}") from None


def ensure_topic(conn: sqlite3.Connection, topic: str, partitions: int = DEFAULT_PARTITIONS,
                 retention_hours: int = DEFAULT_RETENTION_HOURS) -> tuple[int, bool]:
    """(partition count, created now) of `topic`, creating it if missing. Call inside a transaction."""
    row = conn.execute("SELECT partitions FROM topics WHERE name = ?", (topic,)).fetchone()
    if row is not None:
        return int(row[0]), False
    conn.execute("INSERT INTO topics VALUES (?, ?, ?, ?)", (topic, partitions, retention_hours, time.time()))
    conn.executemany("INSERT OR IGNORE INTO partitions (topic, partition) VALUES (?, ?)",
                     [(topic, p) for p in range(partitions)])
    return partitions, True


class SqliteBus:
    """Producer and Admin over one SQLite file; `consumer()` opens a group member on the same file.

    produce() buffers; flush() writes the buffer in one transaction and returns how many messages are
    still unwritten (0 unless the database failed; they stay buffered for the next flush). Every
    `batch_size` messages produce() flushes by itself and raises BusError if that write fails.
    """

    def __init__(self, path: Path, *, batch_size: int = 1000, busy_timeout_ms: int = 30_000) -> None:
        self.path = path
        self.batch_size = batch_size
        self.busy_timeout_ms = busy_timeout_ms
        self._conn: sqlite3.Connection | None = connect(path, busy_timeout_ms)
        self._pending: list[tuple[str, str | None, bytes, float]] = []
        self._round_robin: dict[str, int] = {}

    @classmethod
    def from_url(cls, url: str, **options: Any) -> SqliteBus:
        return cls(path_from_url(url), **options)

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise BusError(f"sqlite bus {self.path} is closed")
        return self._conn

    # -- producer --------------------------------------------------------------------------------
    def produce(self, topic: str, key: str | None, value: bytes) -> None:
        self.conn  # noqa: B018 - fail now, not at flush, when closed
        self._pending.append((topic, key, bytes(value), time.time()))
        if len(self._pending) >= self.batch_size and (left := self.flush()):
            raise BusError(f"sqlite bus {self.path}: {left} messages could not be written")

    def flush(self) -> int:
        if not self._pending:
            return 0
        try:
            with transaction(self.conn, self.path) as conn:
                self._write(conn, self._pending)
        except BusError as exc:
            log.warning("bus flush failed path=%s pending=%d error=%s", self.path, len(self._pending), exc)
            return len(self._pending)
        self._pending = []
        return 0

    def _write(self, conn: sqlite3.Connection, pending: list[tuple[str, str | None, bytes, float]]) -> None:
        by_partition: dict[tuple[str, int], list[tuple[str | None, bytes, float]]] = {}
        counts: dict[str, int] = {}
        for topic, key, value, ts in pending:
            if topic not in counts:
                counts[topic] = ensure_topic(conn, topic)[0]
            if key is None:
                partition = self._round_robin.get(topic, 0) % counts[topic]
                self._round_robin[topic] = partition + 1
            else:
                partition = zlib.crc32(key.encode("utf-8")) % counts[topic]
            by_partition.setdefault((topic, partition), []).append((key, value, ts))
        for (topic, partition), rows in by_partition.items():
            (start,) = conn.execute("SELECT next_offset FROM partitions WHERE topic = ? AND partition = ?",
                                    (topic, partition)).fetchone()
            conn.executemany("INSERT INTO messages VALUES (?, ?, ?, ?, ?, ?)",
                             [(topic, partition, start + i, k, v, ts) for i, (k, v, ts) in enumerate(rows)])
            conn.execute("UPDATE partitions SET next_offset = ? WHERE topic = ? AND partition = ?",
                         (start + len(rows), topic, partition))

    # -- consumer --------------------------------------------------------------------------------
    def consumer(self, topics: list[str] | tuple[str, ...], group: str, **options: Any) -> SqliteConsumer:
        """A member of consumer group `group` on this file (its own connection; see sqlite_group)."""
        from pipeline.bus.sqlite_group import SqliteConsumer

        return SqliteConsumer(self.path, topics, group, busy_timeout_ms=self.busy_timeout_ms, **options)

    # -- admin -----------------------------------------------------------------------------------
    def create_topics(self, partitions: int = DEFAULT_PARTITIONS,
                      retention_hours: int = DEFAULT_RETENTION_HOURS) -> list[str]:
        with transaction(self.conn, self.path) as conn:
            return [t for t in TOPICS if ensure_topic(conn, t, partitions, retention_hours)[1]]

    def sizes(self) -> dict[str, int]:
        rows = self._read("SELECT t.name, (SELECT COUNT(*) FROM messages m WHERE m.topic = t.name) "
                          "FROM topics t ORDER BY t.name")
        return {name: int(n) for name, n in rows}

    def lag(self, group: str) -> dict[str, int]:
        rows = self._read(
            "SELECT t.name, (SELECT COUNT(*) FROM messages m LEFT JOIN offsets o ON o.grp = ? "
            "AND o.topic = m.topic AND o.partition = m.partition WHERE m.topic = t.name "
            "AND m.offset > COALESCE(o.committed, -1)) FROM topics t ORDER BY t.name", (group,))
        return {name: int(n) for name, n in rows}

    def prune(self, retention_hours: float | None = None) -> int:
        """Delete messages older than the retention (the topic's own unless given) that every group
        that consumes the topic (has committed on it) has committed. Returns how many went."""
        now = time.time()
        with transaction(self.conn, self.path) as conn:
            before = conn.total_changes
            topics = conn.execute("SELECT name, partitions, retention_hours FROM topics").fetchall()
            for topic, partitions, own_hours in topics:
                hours = own_hours if retention_hours is None else retention_hours
                groups = [g for (g,) in conn.execute("SELECT DISTINCT grp FROM offsets WHERE topic = ?", (topic,))]
                for partition in range(partitions):
                    floor = min((self._committed(conn, g, topic, partition) for g in groups), default=None)
                    conn.execute("DELETE FROM messages WHERE topic = ? AND partition = ? AND ts < ? "
                                 "AND (? IS NULL OR offset <= ?)",
                                 (topic, partition, now - hours * 3600, floor, floor))
            return conn.total_changes - before

    @staticmethod
    def _committed(conn: sqlite3.Connection, group: str, topic: str, partition: int) -> int:
        row = conn.execute("SELECT committed FROM offsets WHERE grp = ? AND topic = ? AND partition = ?",
                           (group, topic, partition)).fetchone()
        return -1 if row is None else int(row[0])

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise BusError(f"sqlite bus {self.path}: {exc}") from None

    def close(self) -> None:
        """Flush and close; raises BusError if buffered messages could not be written."""
        if self._conn is None:
            return
        left = self.flush()
        self._conn.close()
        self._conn = None
        if left:
            raise BusError(f"sqlite bus {self.path}: closed with {left} messages unwritten")
