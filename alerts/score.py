"""Scores backtest alerts against the truth of a synthetic history (tests/alerts/histories.py).

Reads what `yuqing backtest` or `python -m alerts.spike` print (alert JSON lines) and the truth.json the
generator wrote; prints one JSON object: collapse detection within 2 h of the third trouble post and its
delay (a miss counts as 2 h), false medium+ alerts per 20 quiet platform-days, high alerts on benign-surge
platforms, the same figures for low alerts as information, and, with --baseline, whether the alerts beat
a baseline run (e.g. the ElastAlert spike emulation) on both delay and false alerts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from pipeline.schema import parse_time

WINDOW = timedelta(hours=2)
MEDIUM_UP = frozenset({"medium", "high"})
TARGETS = {"detected_share": 0.9, "median_delay_min": 30.0, "false_per_20_days": 1.0, "benign_high": 0}


def score(alerts: list[dict[str, Any]], truth: dict[str, Any]) -> dict[str, Any]:
    """The acceptance figures for medium+ alerts, with the same figures for low alerts under "low"."""
    main = _figures([a for a in alerts if a.get("level") in MEDIUM_UP], truth)
    main["benign_high"] = _benign_high(alerts, truth)
    main["alerts"] = {lvl: sum(1 for a in alerts if a.get("level") == lvl) for lvl in ("high", "medium", "low")}
    main["criteria"] = {
        "detected_share": main["detected_share"] >= TARGETS["detected_share"],
        "median_delay_min": main["median_delay_min"] <= TARGETS["median_delay_min"],
        "false_per_20_days": main["false_per_20_days"] <= TARGETS["false_per_20_days"],
        "benign_high": main["benign_high"] <= TARGETS["benign_high"],
    }
    main["pass"] = all(main["criteria"].values())
    low = _figures([a for a in alerts if a.get("level") == "low"], truth)
    main["low"] = {k: low[k] for k in ("detected_2h", "detected_share", "median_delay_min", "false_alerts",
                                       "false_per_20_days", "false_by_kind")}
    return main


def _figures(alerts: list[dict[str, Any]], truth: dict[str, Any]) -> dict[str, Any]:
    platforms: dict[str, Any] = truth["platforms"]
    by_platform: dict[str | None, list[datetime]] = {}
    for a in alerts:
        by_platform.setdefault(a.get("platform"), []).append(parse_time(a["fired_at"]))
    for times in by_platform.values():
        times.sort()
    delays: dict[str, float | None] = {}
    false_by_kind: dict[str, int] = {}
    unknown = sum(len(t) for p, t in by_platform.items() if p is not None and p not in platforms)
    for name, facts in platforms.items():
        times = by_platform.get(name, [])
        if facts["kind"] != "collapse":
            if times:
                false_by_kind[facts["kind"]] = false_by_kind.get(facts["kind"], 0) + len(times)
            continue
        start = parse_time(facts["trouble_start"])
        early = sum(1 for t in times if t < start)
        if early:
            false_by_kind["collapse_before_trouble"] = false_by_kind.get("collapse_before_trouble", 0) + early
        if not facts.get("third_trouble_post_at"):
            continue  # fewer than three visible trouble posts: nothing to detect
        third = parse_time(facts["third_trouble_post_at"])
        first = next((t for t in times if t >= start), None)
        if first is not None and first <= third + WINDOW:
            delays[name] = max(0.0, (first - third) / timedelta(minutes=1))
        else:
            delays[name] = None
    counted = [WINDOW / timedelta(minutes=1) if d is None else d for d in delays.values()]
    detected = sum(d is not None for d in delays.values())
    false_alerts = sum(false_by_kind.values()) + unknown
    days = float(truth["quiet_platform_days"])
    return {
        "collapses": len(delays),
        "detected_2h": detected,
        "detected_share": round(detected / len(delays), 3) if delays else 1.0,
        "median_delay_min": round(statistics.median(counted), 1) if counted else 0.0,
        "mean_delay_min": round(statistics.fmean(counted), 1) if counted else 0.0,
        "delays_min": {k: None if v is None else round(v, 1) for k, v in sorted(delays.items())},
        "quiet_platform_days": days,
        "false_alerts": false_alerts,
        "false_per_20_days": round(false_alerts / days * 20, 3) if days else 0.0,
        "false_by_kind": dict(sorted(false_by_kind.items())),
        "false_on_unknown_platforms": unknown,
        "unattributed_alerts": len(by_platform.get(None, [])),
    }


def _benign_high(alerts: list[dict[str, Any]], truth: dict[str, Any]) -> int:
    surge = {n for n, p in truth["platforms"].items() if p["kind"] == "surge"}
    return sum(1 for a in alerts if a.get("level") == "high" and a.get("platform") in surge)


def beats(mine: dict[str, Any], baseline: dict[str, Any]) -> dict[str, bool]:
    """Better on detection delay (median, misses as 2 h; ties broken by the detected share) and fewer false alerts."""
    delay = (mine["median_delay_min"], -mine["detected_share"]) < (baseline["median_delay_min"],
                                                                   -baseline["detected_share"])
    false = mine["false_alerts"] < baseline["false_alerts"]
    return {"delay": delay, "false_alerts": false, "both": delay and false}


def read_alerts(lines: Iterable[str]) -> tuple[list[dict[str, Any]], int]:
    """Alert JSON objects from lines; other lines (log output, blanks) are counted, not fatal."""
    alerts, skipped = [], 0
    for line in lines:
        line = line.strip()
        if not line:
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            skipped += 1
            continue
        if isinstance(obj, dict) and "fired_at" in obj and "level" in obj:
            alerts.append(obj)
        else:
            skipped += 1
    return alerts, skipped


def _load(path: str) -> tuple[list[dict[str, Any]], int]:
    if path == "-":
        return read_alerts(sys.stdin)
    with open(path, encoding="utf-8") as fh:
        return read_alerts(fh)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Score backtest alerts against a synthetic history's truth.json.")
    ap.add_argument("alerts", help="alert JSON lines (or - for stdin)")
    ap.add_argument("--truth", required=True)
    ap.add_argument("--baseline", help="alert JSON lines of a baseline run (e.g. python -m alerts.spike)")
    ap.add_argument("--brief", action="store_true", help="leave out per-collapse delays")
    args = ap.parse_args(argv)
    with open(args.truth, encoding="utf-8") as fh:
        truth = json.load(fh)
    alerts, skipped = _load(args.alerts)
    result = score(alerts, truth)
    result["skipped_lines"] = skipped
    if args.baseline:
        base_alerts, _ = _load(args.baseline)
        base = score(base_alerts, truth)
        result["baseline"] = {k: base[k] for k in ("detected_share", "median_delay_min", "false_alerts",
                                                   "false_per_20_days", "benign_high")}
        result["beats_baseline"] = beats(result, base)
    if args.brief:
        result.pop("delays_min", None)
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
