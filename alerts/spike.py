"""The yardstick: an emulation of ElastAlert 2's `spike` rule type, replayed over posts per platform.

Semantics follow ElastAlert 2's documented SpikeRule (query_key = platform, count-based, spike_type up):
a current window of `timeframe` slides with event time; events leaving it enter the reference window; a
match needs cur ≥ threshold_cur, ref ≥ threshold_ref and cur ≥ ref × spike_height (so with threshold_ref 0 an
empty reference window is a spike, as in ElastAlert). Nothing is checked until a platform's windows have
spanned 2 × timeframe; after a match the reference window is cleared and that wait starts again (with
alert_on_new_data: only 2 × timeframe from the match). Like ElastAlert the rule runs every `run_every` over the new posts and
then garbage-collects with a zero-count placeholder per platform; matches pass a per-platform `realert`
silence. ElastAlert has no levels: every spike alert is emitted as "medium" (the scorer counts medium+).
A post naming two platforms counts once for each. Windows live in memory, as in ElastAlert.
`python -m alerts.spike --posts F --truth T` prints the alerts as JSON lines (fired_at = end of the run).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pipeline.schema import parse_time

RULE = "elastalert_spike"


@dataclass(frozen=True)
class SpikeConfig:
    timeframe: timedelta
    spike_height: float
    threshold_cur: int = 0
    threshold_ref: int = 0
    spike_type: str = "up"  # up | down | both
    alert_on_new_data: bool = False
    run_every: timedelta = timedelta(minutes=1)  # ElastAlert's example config
    realert: timedelta = timedelta(minutes=1)  # ElastAlert's default


@dataclass
class Item:
    at: datetime
    count: int
    post_id: str | None = None  # None for garbage_collect placeholders


class EventWindow:
    """Items in time order; the oldest leave once the span (newest − oldest) reaches `timeframe`."""

    def __init__(self, timeframe: timedelta, on_removed: Callable[[Item], None] | None = None) -> None:
        self.timeframe, self.on_removed = timeframe, on_removed
        self.items: deque[Item] = deque()
        self.total = 0

    def append(self, item: Item) -> None:
        self.items.append(item)  # the replay feeds items in time order
        self.total += item.count
        while self.items and self.items[-1].at - self.items[0].at >= self.timeframe:
            old = self.items.popleft()
            self.total -= old.count
            if self.on_removed is not None:
                self.on_removed(old)

    def clear(self) -> None:
        self.items.clear()
        self.total = 0


@dataclass
class SpikeState:
    """What ElastAlert keeps in memory for one spike rule (lost on restart there)."""

    ref: dict[str, EventWindow] = field(default_factory=dict)
    cur: dict[str, EventWindow] = field(default_factory=dict)
    first_event: dict[str, datetime] = field(default_factory=dict)
    skip_until: dict[str, datetime] = field(default_factory=dict)
    filled_once: bool = False
    silenced_until: dict[str, datetime] = field(default_factory=dict)


@dataclass(frozen=True)
class Match:
    platform: str
    at: datetime  # the first counted item of the current window, as ElastAlert reports it
    cur: int
    ref: int
    evidence: tuple[str, ...]


class SpikeRule:
    def __init__(self, config: SpikeConfig) -> None:
        self.config, self.state = config, SpikeState()
        self.matches: list[Match] = []

    def handle(self, key: str, item: Item) -> None:
        cfg, st = self.config, self.state
        st.first_event.setdefault(key, item.at)
        if key not in st.ref:
            st.ref[key] = EventWindow(cfg.timeframe)
            st.cur[key] = EventWindow(cfg.timeframe, st.ref[key].append)
        st.cur[key].append(item)
        if item.at - st.first_event[key] < 2 * cfg.timeframe:
            if not st.filled_once or not cfg.alert_on_new_data:
                return
            if key in st.skip_until and item.at < st.skip_until[key]:
                return
        else:
            st.filled_once = True
        ref, cur = st.ref[key].total, st.cur[key].total
        if self._spike(ref, cur):
            first = next((i for i in st.cur[key].items if i.count), item)
            ids = tuple(i.post_id for i in st.cur[key].items if i.post_id)[-5:]
            self.matches.append(Match(key, first.at, cur, ref, ids))
            st.ref[key].clear()
            st.first_event.pop(key, None)
            st.skip_until[key] = first.at + 2 * cfg.timeframe

    def _spike(self, ref: int, cur: int) -> bool:
        cfg = self.config
        if cur < cfg.threshold_cur or ref < cfg.threshold_ref:
            return False
        up = cur >= ref * cfg.spike_height
        down = cur <= ref / cfg.spike_height
        return (cfg.spike_type in ("up", "both") and up) or (cfg.spike_type in ("down", "both") and down)

    def garbage_collect(self, at: datetime) -> None:
        """Slide every platform's windows to `at` with a zero-count placeholder; forget idle platforms."""
        st = self.state
        for key in list(st.cur):
            if st.ref[key].total == 0 and st.cur[key].total == 0:
                del st.cur[key], st.ref[key]
                continue
            self.handle(key, Item(at, 0))


def spike_backtest(posts: Iterable[dict[str, Any]], timeframe: timedelta, spike_height: float,
                   threshold_cur: int, threshold_ref: int, platform_of: Callable[[dict[str, Any]], list[str]],
                   **options: Any) -> list[dict[str, Any]]:
    """Replay posts (any order; sorted by published_at here) and return the alerts ElastAlert would send."""
    cfg = SpikeConfig(timeframe, spike_height, threshold_cur, threshold_ref, **options)
    timed = sorted(((parse_time(p["published_at"]), p) for p in posts), key=lambda tp: tp[0])
    if not timed:
        return []
    rule, alerts = SpikeRule(cfg), []
    run_end, i = timed[0][0] + cfg.run_every, 0
    last = timed[-1][0] + 2 * cfg.timeframe
    while run_end <= last + cfg.run_every:
        while i < len(timed) and timed[i][0] < run_end:
            at, post = timed[i]
            for platform in platform_of(post):
                rule.handle(platform, Item(at, 1, post["id"]))
            i += 1
        rule.garbage_collect(run_end)
        for m in rule.matches:
            if run_end < rule.state.silenced_until.get(m.platform, run_end):
                continue
            rule.state.silenced_until[m.platform] = run_end + cfg.realert
            alerts.append(_alert(m, run_end, cfg))
        rule.matches.clear()
        run_end += cfg.run_every
    return alerts


def _alert(m: Match, fired: datetime, cfg: SpikeConfig) -> dict[str, Any]:
    span = _human(cfg.timeframe)
    ratio = round(m.cur / m.ref, 2) if m.ref else None
    return {
        "id": f"{RULE}:{m.platform}:{fired.isoformat()}", "rule": RULE, "level": "medium", "platform": m.platform,
        "fired_at": fired.isoformat(), "window": {"start": (fired - 2 * cfg.timeframe).isoformat(), "end": fired.isoformat()},
        "reason": f"{m.platform}：近{span}{m.cur}条，此前{span}{m.ref}条（ElastAlert spike 规则模拟）",
        "figures": {"count": m.cur, "baseline": m.ref, "ratio": ratio, "negative_share": None,
                    "organizing_posts": None, "authors": None},
        "evidence": [{"id": pid, "url": None} for pid in m.evidence], "gathering": None, "delivery": [],
    }


def _human(d: timedelta) -> str:
    minutes = int(d.total_seconds() // 60)
    return f"{minutes // 60}小时" if minutes % 60 == 0 else f"{minutes}分钟"


def parse_duration(text: str) -> timedelta:
    """'1h', '90m', '2h30m', '1d', '45s' → timedelta."""
    parts = re.findall(r"(\d+(?:\.\d+)?)([smhd])", text.strip().lower())
    if not parts or "".join(n + u for n, u in parts) != text.strip().lower():
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (use e.g. 30m, 1h, 2h30m)")
    unit = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
    return sum((timedelta(**{unit[u]: float(n)}) for n, u in parts), timedelta())


def platform_lookup(truth: dict[str, Any] | None) -> Callable[[dict[str, Any]], list[str]]:
    """Platforms of a post: the truth's linkable platforms when given, else the post's own analysis."""
    by_id = {pid: p.get("platforms", []) for pid, p in (truth or {}).get("posts", {}).items()}

    def platforms(post: dict[str, Any]) -> list[str]:
        if post["id"] in by_id:
            return list(by_id[post["id"]])
        analysis = post.get("analysis") or {}
        return sorted({m["name"] for m in analysis.get("platforms", [])})

    return platforms


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Replay posts through an emulation of ElastAlert 2's spike rule.")
    ap.add_argument("--posts", required=True, help="posts.jsonl (Post JSON lines, analyzed or not)")
    ap.add_argument("--truth", help="truth.json of a synthetic history: its per-post platforms are used")
    ap.add_argument("--timeframe", type=parse_duration, default=timedelta(hours=1))
    ap.add_argument("--spike-height", type=float, default=3.0)
    ap.add_argument("--threshold-cur", type=int, default=5)
    ap.add_argument("--threshold-ref", type=int, default=0)
    ap.add_argument("--spike-type", choices=("up", "down", "both"), default="up")
    ap.add_argument("--alert-on-new-data", action="store_true")
    ap.add_argument("--run-every", type=parse_duration, default=timedelta(minutes=1))
    ap.add_argument("--realert", type=parse_duration, default=timedelta(minutes=1))
    args = ap.parse_args(argv)
    truth = None
    if args.truth:
        with open(args.truth, encoding="utf-8") as fh:
            truth = json.load(fh)
    with open(args.posts, encoding="utf-8") as fh:
        posts = [json.loads(line) for line in fh if line.strip()]
    alerts = spike_backtest(posts, args.timeframe, args.spike_height, args.threshold_cur, args.threshold_ref,
                            platform_lookup(truth), spike_type=args.spike_type,
                            alert_on_new_data=args.alert_on_new_data, run_every=args.run_every,
                            realert=args.realert)
    for alert in alerts:
        sys.stdout.write(json.dumps(alert, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
