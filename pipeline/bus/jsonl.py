"""JSONL bus: one JSON object per message appended to a file — {"topic", "key", "value", "ts"}.

For debugging, backfills and tests. `value` holds the message as text when it is UTF-8 and as
`value_b64` otherwise, so bytes survive unchanged. flush() fsyncs.
"""

from __future__ import annotations

import base64
import json
import os
import time
from pathlib import Path
from typing import IO

from pipeline.bus import BusError


class JsonlBus:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._fh: IO[str] | None = path.open("a", encoding="utf-8")
        except OSError as exc:
            raise BusError(f"cannot open bus file {path}: {exc.strerror or exc}") from None
        self._pending = 0

    @classmethod
    def from_url(cls, url: str) -> JsonlBus:
        path = url.split("://", 1)[1]
        if not path:
            raise BusError(f"bus URL {url!r} has no path (jsonl:///var/bus.jsonl)")
        return cls(Path(path))

    def produce(self, topic: str, key: str | None, value: bytes) -> None:
        if self._fh is None:
            raise BusError(f"bus file {self.path} is closed")
        record: dict[str, object] = {"topic": topic, "key": key, "ts": round(time.time(), 3)}
        try:
            record["value"] = value.decode("utf-8")
        except UnicodeDecodeError:
            record["value_b64"] = base64.b64encode(value).decode("ascii")
        try:
            self._fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        except OSError as exc:
            raise BusError(f"cannot write bus file {self.path}: {exc.strerror or exc}") from None
        self._pending += 1

    def flush(self) -> int:
        if self._fh is None:
            return 0
        try:
            self._fh.flush()
            os.fsync(self._fh.fileno())
        except OSError:
            return self._pending
        self._pending = 0
        return 0

    def close(self) -> None:
        if self._fh is not None:
            self.flush()
            self._fh.close()
            self._fh = None


def read_messages(path: Path, topic: str | None = None) -> list[dict[str, object]]:
    """Every message in a JSONL bus file (optionally one topic), values decoded to bytes."""
    out = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        if topic is not None and rec.get("topic") != topic:
            continue
        raw = rec["value"].encode("utf-8") if "value" in rec else base64.b64decode(rec["value_b64"])
        out.append({"topic": rec["topic"], "key": rec.get("key"), "value": raw})
    return out
