"""The alerter's state in the store: the engine's aggregates split per platform, so a save writes
only what changed, plus the alerts decided but not yet handed to the channels.

Keys: `alerts.engine` (gate, sources, platform index, pending alert ids) and `alerts.track.<name>`
(one platform's buckets and recent posts).
"""

from __future__ import annotations

from typing import Any

from alerts.engine import Engine
from alerts.tracker import PlatformTrack
from pipeline.store import Store

ENGINE_KEY = "alerts.engine"
TRACK_PREFIX = "alerts.track."


class EngineState:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.saved: dict[str, int] = {}  # platform → len(recent) at the last save (cheap change test)

    def load(self, engine: Engine) -> list[str]:
        """Fill `engine` from the store; returns the ids of alerts decided but not yet dispatched."""
        doc = self.store.get_state(ENGINE_KEY) or {}
        engine.load_meta(doc)
        for name in doc.get("platforms", []):
            track = self.store.get_state(TRACK_PREFIX + name)
            if track is not None:
                engine.tracker.platforms[name] = PlatformTrack.from_json(track)
                self.saved[name] = _mark(engine.tracker.platforms[name])
        return list(doc.get("pending", []))

    def save(self, engine: Engine, pending: list[str]) -> None:
        """Platforms first, then the index that names them: a crash in between leaves a consistent
        (older) index, never one naming a platform document that was not written."""
        for name, track in engine.tracker.platforms.items():
            mark = _mark(track)
            if self.saved.get(name) != mark:
                self.store.put_state(TRACK_PREFIX + name, track.to_json())
                self.saved[name] = mark
        doc: dict[str, Any] = {**engine.meta(), "platforms": sorted(engine.tracker.platforms), "pending": pending}
        self.store.put_state(ENGINE_KEY, doc)


def _mark(track: PlatformTrack) -> int:
    return hash((len(track.recent), track.last_post, len(track.buckets), len(track.seen), track.totals[0]))
