"""Consumer groups on the SQLite bus: members share a group's partitions through leases, so several
`yuqing worker` processes on one machine split the work and a dead one's partitions move on.

Design. Each member has a row in `members` (heartbeat: expires = now + lease_s) and owns partitions
through `leases(grp, topic, partition, owner, expires)`. At every poll, in one write transaction,
a member renews its heartbeat and leases, computes its fair share (ceil(partitions / live members)
per topic), takes free or expired leases up to that share and gives back what it holds beyond it —
but only partitions whose delivered messages are all committed, so a hand-over never delivers the
same message twice while a lease is valid. Like Kafka, poll() advances an in-memory position per
owned partition (starting after the group's committed offset when the lease is taken); commit()
raises the committed offset to the highest offset given (never lowers it). Uncommitted messages come
back to whoever next owns the partition: after close() (leases released at once) or after a crash or
SIGKILL (leases expire after lease_s). A member must poll or commit at least every lease_s seconds.
"""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

from pipeline.bus import BusError, Message
from pipeline.bus.sqlite import connect, ensure_topic, transaction

TopicPartition = tuple[str, int]


class SqliteConsumer:
    """One member of consumer group `group` reading `topics` from the SQLite bus at `path`."""

    def __init__(self, path: Path, topics: Sequence[str], group: str, *, lease_s: float = 10.0,
                 poll_interval_s: float = 0.05, busy_timeout_ms: int = 30_000) -> None:
        if isinstance(topics, str):
            topics = [topics]
        self.path, self.topics, self.group = path, list(topics), group
        self.lease_s, self.poll_interval_s = lease_s, poll_interval_s
        self.member_id = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"  # pid: who holds a lease, for a person
        self._conn: sqlite3.Connection | None = connect(path, busy_timeout_ms)
        self._position: dict[TopicPartition, int] = {}   # next offset to deliver, per owned partition
        self._turn = 0                                   # rotates which partition is read first

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise BusError(f"consumer {self.group}/{self.member_id} on {self.path} is closed")
        return self._conn

    def assignment(self) -> list[TopicPartition]:
        """The partitions this member owns since its last poll."""
        return sorted(self._position)

    def poll(self, max_records: int = 500, timeout_s: float = 1.0) -> list[Message]:
        """Up to max_records messages after this member's positions, in offset order per partition;
        waits up to timeout_s (checking the leases about once a second) when there are none."""
        deadline = time.monotonic() + timeout_s
        rebalance_at = 0.0
        while True:
            if time.monotonic() >= rebalance_at:
                self._rebalance()
                rebalance_at = time.monotonic() + min(1.0, self.lease_s / 3)
            batch = self._fetch(max_records)
            left = deadline - time.monotonic()
            if batch or left <= 0:
                return batch
            time.sleep(min(self.poll_interval_s, left))

    def commit(self, messages: Sequence[Message]) -> None:
        """Committed offset := max(committed, highest offset given) per partition; renews the leases.
        Raises BusError when the database refuses: the caller must then not treat the batch as done."""
        top: dict[TopicPartition, int] = {}
        for m in messages:
            top[(m.topic, m.partition)] = max(top.get((m.topic, m.partition), -1), m.offset)
        if not top:
            return
        with transaction(self.conn, self.path) as conn:
            conn.executemany(
                "INSERT INTO offsets VALUES (?, ?, ?, ?) ON CONFLICT (grp, topic, partition) "
                "DO UPDATE SET committed = MAX(committed, excluded.committed)",
                [(self.group, t, p, off) for (t, p), off in top.items()])
            self._renew(conn, time.time())

    def keepalive(self) -> None:
        """Renew this member's leases while the caller waits out an outage (no messages fetched)."""
        with transaction(self.conn, self.path) as conn:
            self._renew(conn, time.time())

    def close(self) -> None:
        """Give back the leases at once (uncommitted messages go to the next owner) and disconnect."""
        if self._conn is None:
            return
        try:
            with transaction(self._conn, self.path) as conn:
                conn.execute("UPDATE leases SET owner = NULL, expires = 0 WHERE grp = ? AND owner = ?",
                             (self.group, self.member_id))
                conn.execute("DELETE FROM members WHERE grp = ? AND member = ?", (self.group, self.member_id))
        finally:
            self._conn.close()
            self._conn = None
            self._position.clear()

    def _renew(self, conn: sqlite3.Connection, now: float) -> None:
        conn.execute("UPDATE leases SET expires = ? WHERE grp = ? AND owner = ?",
                     (now + self.lease_s, self.group, self.member_id))
        conn.execute("INSERT INTO members VALUES (?, ?, ?) ON CONFLICT (grp, member) "
                     "DO UPDATE SET expires = excluded.expires", (self.group, self.member_id, now + self.lease_s))

    def _rebalance(self) -> None:
        now = time.time()
        owned: dict[TopicPartition, int] = {}  # partition → committed offset
        held: set[TopicPartition] = set()      # owned by this member without interruption
        with transaction(self.conn, self.path) as conn:
            self._renew(conn, now)
            conn.execute("DELETE FROM members WHERE grp = ? AND expires < ?", (self.group, now))
            (members,) = conn.execute("SELECT COUNT(*) FROM members WHERE grp = ?", (self.group,)).fetchone()
            for topic in self.topics:
                count = ensure_topic(conn, topic)[0]
                conn.executemany("INSERT OR IGNORE INTO leases VALUES (?, ?, ?, NULL, 0)",
                                 [(self.group, topic, p) for p in range(count)])
                rows = conn.execute(
                    "SELECT l.partition, l.owner, l.expires, COALESCE(o.committed, -1) FROM leases l "
                    "LEFT JOIN offsets o USING (grp, topic, partition) WHERE l.grp = ? AND l.topic = ? "
                    "ORDER BY l.partition", (self.group, topic)).fetchall()
                committed = {p: c for p, _, _, c in rows}
                mine = [p for p, owner, _, _ in rows if owner == self.member_id]
                free = [p for p, owner, exp, _ in rows if owner != self.member_id and (owner is None or exp < now)]
                share = -(-count // max(1, members))
                # Partitions with messages in flight are kept whatever the share: handing them over
                # now would deliver those messages a second time while this member still holds them.
                busy = [p for p in mine if self._position.get((topic, p), 0) > committed[p] + 1]
                keep = busy + [p for p in mine if p not in busy][: max(0, share - len(busy))]
                keep += free[: max(0, share - len(keep))]
                for p in mine:
                    if p not in keep:
                        conn.execute("UPDATE leases SET owner = NULL, expires = 0 WHERE grp = ? AND topic = ? "
                                     "AND partition = ?", (self.group, topic, p))
                conn.executemany("UPDATE leases SET owner = ?, expires = ? WHERE grp = ? AND topic = ? "
                                 "AND partition = ?",
                                 [(self.member_id, now + self.lease_s, self.group, topic, p) for p in keep])
                owned.update({(topic, p): committed[p] for p in keep})
                held.update((topic, p) for p in mine)
        # A partition newly owned (or lost and taken back) starts after the group's committed offset.
        self._position = {tp: self._position.get(tp, c + 1) if tp in held else c + 1 for tp, c in owned.items()}

    def _fetch(self, max_records: int) -> list[Message]:
        owned = sorted(self._position)
        if not owned:
            return []
        self._turn = (self._turn + 1) % len(owned)
        out: list[Message] = []
        try:
            for topic, partition in owned[self._turn:] + owned[: self._turn]:
                if len(out) >= max_records:
                    break
                rows = self.conn.execute(
                    "SELECT offset, key, value FROM messages WHERE topic = ? AND partition = ? AND offset >= ? "
                    "ORDER BY offset LIMIT ?",
                    (topic, partition, self._position[(topic, partition)], max_records - len(out))).fetchall()
                out += [Message(topic, partition, off, key, bytes(value)) for off, key, value in rows]
                if rows:
                    self._position[(topic, partition)] = rows[-1][0] + 1
        except sqlite3.Error as exc:
            raise BusError(f"sqlite bus {self.path}: {exc}") from None
        return out
