"""The rule engine shared by `yuqing alerter` and `yuqing backtest`: posts in, alerts out.

`ingest(post, now)` counts an analyzed post and runs the streaming rules (organizing call, new risk
term) at once; `evaluate(now)` runs the windowed rules (heat, trouble, negative share) for the
platforms that received posts since the last tick, and source silence. Candidates for one platform
are merged into one message and passed through the noise gate. The clock is always passed in: wall
time in the alerter, data time in a backtest. `to_json`/`load` carry the whole state to the store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from alerts import rules as r
from alerts.candidate import RULE_PRIORITY, Candidate, local_time
from alerts.config import LEVEL_RANK, RuleSettings
from alerts.noise import Gate
from alerts.sources import Sources
from alerts.tracker import Tracker
from pipeline.schema import Alert, Post

WINDOWED: tuple[Callable[..., Candidate | None], ...] = (r.heat, r.trouble, r.negative)


class Engine:
    def __init__(self, rules: RuleSettings) -> None:
        self.rules = rules
        horizon = rules.baseline.total_seconds() + 3 * 86400
        self.tracker = Tracker(rules.bucket.total_seconds(), horizon)
        self.sources = Sources()
        self.gate = Gate(rules)
        self.dirty: set[str] = set()
        self.last_prune = 0.0

    def ingest(self, post: Post, now: float) -> list[Alert]:
        self.sources.saw_post(f"{post.source}:{post.site}", min(post.published_at.timestamp(), now))
        out: list[Alert] = []
        for name, recent, fresh in self.tracker.add(post, now):
            self.dirty.add(name)
            track = self.tracker.platforms[name]
            cands = [c for c in (r.organizing(self.rules, name, track, recent),
                                 r.new_terms(self.rules, name, recent, fresh)) if c is not None]
            if any(c.rule == "organizing" for c in cands):  # the call's message carries the context too
                cands += self._windowed(name, now)
            if cands:
                out += self._emit(name, cands, now)
        return out

    def evaluate(self, now: float) -> list[Alert]:
        out: list[Alert] = []
        for name in sorted(self.dirty):
            cands = self._windowed(name, now)
            if cands:
                out += self._emit(name, cands, now)
        self.dirty.clear()
        for cand in self.sources.check(self.rules, now):
            out += self._emit(f"来源:{cand.source}", [cand], now)
        if now - self.last_prune > 3600:
            self.tracker.prune(now)
            self.last_prune = now
        return out

    def _windowed(self, name: str, now: float) -> list[Candidate]:
        track = self.tracker.platforms[name]
        return [c for rule in WINDOWED if (c := rule(self.rules, self.tracker, name, track, now)) is not None]

    def _emit(self, key: str, cands: list[Candidate], now: float) -> list[Alert]:
        cands.sort(key=lambda c: (LEVEL_RANK[c.level], RULE_PRIORITY[c.rule]), reverse=True)
        top = cands[0]
        gkey = next((c.gathering_key for c in cands if c.gathering_key), None)
        send, why = self.gate.decide(key, top.level, [c.rule for c in cands], gkey, now)
        if not send:
            return []
        # later reasons drop the platform name the first one already gave
        parts = [top.reason] + [c.reason.removeprefix(f"{top.platform} ") if top.platform else c.reason
                                for c in cands[1:]]
        reason = "；".join(dict.fromkeys(parts))
        if why == "sustained":
            since = self.gate.states[key].since
            reason = f"持续：{reason}（自 {local_time(since)} 起）"
        figures: dict[str, Any] = {}
        for c in reversed(cands):  # the top candidate's figures win
            figures.update({k: v for k, v in c.figures.items() if v is not None})
        evidence = list({e.id: e for c in cands for e in c.evidence}.values())[:5]
        fired = datetime.fromtimestamp(now, UTC)
        digest = hashlib.sha1(f"{key}|{top.rule}|{now}".encode()).hexdigest()[:12]
        return [Alert.model_validate({
            "id": f"{top.rule}-{fired:%Y%m%dT%H%M%S}-{digest}",
            "rule": top.rule,
            "level": top.level,
            "platform": top.platform,
            "fired_at": fired,
            "window": {"start": datetime.fromtimestamp(min(c.start for c in cands), UTC),
                       "end": datetime.fromtimestamp(max(c.end for c in cands), UTC)},
            "reason": reason,
            "figures": figures,
            "evidence": [{"id": e.id, "url": e.url} for e in evidence],
            "gathering": next((c.gathering for c in cands if c.gathering), None),
        })]

    def meta(self) -> dict[str, Any]:
        """Everything but the per-platform aggregates (stored apart: see alerts.state)."""
        return {"sources": self.sources.to_json(), "gate": self.gate.to_json(), "dirty": sorted(self.dirty),
                "last_prune": self.last_prune}

    def load_meta(self, data: dict[str, Any]) -> None:
        self.sources.load(data.get("sources", {}))
        self.gate.load(data.get("gate", {}))
        self.dirty = set(data.get("dirty", []))
        self.last_prune = data.get("last_prune", 0.0)

    def to_json(self) -> dict[str, Any]:
        return {**self.meta(), "tracker": self.tracker.to_json()}

    def load(self, data: dict[str, Any]) -> None:
        self.load_meta(data)
        self.tracker.load(data.get("tracker", {}))
