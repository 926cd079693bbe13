"""Synthetic replay histories for judging the alert rules: weeks of posts on invented platforms, with truth.

`generate(seed, n_platforms, days, start)` is deterministic for a seed; `python -m tests.alerts.histories
--seed 7 --out DIR` writes DIR/posts.jsonl (Posts without analysis), truth.json, watchlist.yaml and
yuqing.yaml, ready for `yuqing backtest DIR/posts.jsonl --config DIR/yuqing.yaml` and `alerts.score`.
Post texts come from tests/alerts/texts.py, post envelopes from tests/alerts/posts.py.

Platform kinds: quiet (0-5 posts a day); busy (50-300 a day, night lows, evening peaks, quieter weekends);
complaint (healthy, lone complaints at least 36 h apart); surge (healthy, 1-3 promotions at 5-10x volume for
2-6 h, reposted); collapse (normal, then trouble: slow = a trickle of 1.5-4 posts a day for 2-5 days before the
ramp, fast = a ramp within hours, some opening with a news report; later 维权群, 报案 and calls to gather).
Busy and surge platforms also carry mild grumbles (0.7 %), noise posts name no platform.
"""

from __future__ import annotations

import argparse
import json
import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from tests.alerts.posts import CN, Event, Renderer
from tests.alerts.texts import Brand, invent_brands

BIN = timedelta(minutes=10)
BINS_PER_DAY = 144
# Relative posting activity per hour of day (Asia/Shanghai): night lows, a late-morning and an evening peak.
HOUR_PROFILE = (0.5, 0.3, 0.15, 0.1, 0.08, 0.1, 0.25, 0.6, 0.9, 1.2, 1.3, 1.2,
                1.0, 0.9, 1.0, 1.05, 1.0, 0.9, 0.9, 1.1, 1.5, 1.7, 1.4, 0.9)
WEEKDAY = (1.0, 1.0, 1.0, 1.0, 0.95, 0.8, 0.75)  # Monday .. Sunday
KIND_SHARES = (("collapse", 0.2), ("surge", 0.125), ("busy", 0.15), ("complaint", 0.15))
POST_BUDGET = 55_000
TROUBLE_CAP = 1200  # expected trouble posts of one collapse after its escalation
LONE_GAP = timedelta(hours=36)  # lone complaints on one platform are never closer than this
DEFINITIONS = {
    "quiet_platform_days": "whole period for every non-collapse platform, plus the days before trouble_start "
                           "of each collapse platform (fractional days)",
    "trouble_start": "published_at of the first post showing the trouble (linkable or not)",
    "third_trouble_post_at": "published_at of the third trouble post that names the platform by its name or "
                             "watchlist alias (what a linker can see), in published_at order",
    "posts.platforms": "platforms named in a linkable way (name or alias); `about` is the platform meant",
    "false_alert": "medium+ alert on a non-collapse platform, or on a collapse platform before trouble_start",
}


@dataclass
class Plan:
    brand: Brand
    kind: str
    daily: float
    speed: str | None = None
    variant: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)


def generate(seed: int, n_platforms: int = 40, days: int = 28,
             start: datetime | None = None) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Posts (Post dicts, no analysis, in published_at order) and the truth about every platform."""
    if days < 7 or n_platforms < 5:
        raise ValueError("a history needs at least 7 days and 5 platforms (one of each kind)")
    start = (start or datetime(2019, 3, 4, tzinfo=CN)).astimezone(CN).replace(hour=0, minute=0, second=0, microsecond=0)
    rng = random.Random(seed)
    plans = _plans(rng, n_platforms, days)
    profile = _profile(start, days)
    events: list[Event] = []
    for i, plan in enumerate(plans):
        prng = random.Random(f"{seed}:{i}")
        nprng = np.random.default_rng([seed, i])
        events += _platform_events(plan, plans, prng, nprng, start, days, profile)
    noise_daily = 0.02 * sum(p.daily for p in plans)
    nprng = np.random.default_rng([seed, 10_000])
    events += [Event(t, (), "noise") for t in _times(nprng, start, noise_daily / BINS_PER_DAY * profile)]
    events.sort(key=lambda e: e.at)
    posts, meta = Renderer(random.Random(f"{seed}:render"), {p.brand.name: p.brand for p in plans}).render(events)
    return posts, _truth(seed, plans, posts, meta, start, days)


def _plans(rng: random.Random, n: int, days: int) -> list[Plan]:
    kinds: list[str] = []
    for kind, share in KIND_SHARES:
        kinds += [kind] * max(1, round(share * n))
    kinds = (kinds + ["quiet"] * n)[:n]
    rng.shuffle(kinds)
    plans = []
    for brand, kind in zip(invent_brands(rng, n), kinds, strict=True):
        if kind == "busy":
            daily = math.exp(rng.uniform(math.log(50), math.log(300)))
        elif kind == "surge":
            daily = math.exp(rng.uniform(math.log(10), math.log(120)))
        elif kind == "complaint":
            daily = rng.uniform(3, 40)
        elif kind == "collapse":
            daily = rng.uniform(0.5, 5) if rng.random() < 0.5 else rng.uniform(5, 40)
        else:
            daily = rng.uniform(0.3, 5)
        plan = Plan(brand, kind, daily)
        if kind == "collapse":
            plan.speed = "slow" if rng.random() < 0.5 else "fast"
            plan.variant = "news" if plan.speed == "fast" and rng.random() < 0.3 else "panic"
        plans.append(plan)
    total = sum(p.daily for p in plans) * days * 1.15 + 700 * sum(p.kind == "collapse" for p in plans)
    if total > POST_BUDGET:  # shrink the big platforms, keep the quiet ones quiet
        scale = POST_BUDGET / total
        for p in plans:
            if p.daily > 20:
                p.daily *= scale
    return plans


def _profile(start: datetime, days: int) -> np.ndarray:
    """Activity per 10-minute bin, mean 1 over a weekday."""
    hours = np.array(HOUR_PROFILE) / np.mean(HOUR_PROFILE)
    day_factor = np.array([WEEKDAY[(start + timedelta(days=d)).weekday()] for d in range(days)])
    return np.repeat(day_factor, BINS_PER_DAY) * np.tile(np.repeat(hours, 6), days)


def _times(nprng: np.random.Generator, start: datetime, lam: np.ndarray) -> list[datetime]:
    """A Poisson process with `lam` expected events per bin."""
    counts = nprng.poisson(np.clip(lam, 0, None))
    out = []
    for b in np.nonzero(counts)[0]:
        for off in sorted(nprng.uniform(0, 600, counts[b])):
            out.append(start + timedelta(seconds=int(b) * 600 + int(off)))
    return out


def _platform_events(plan: Plan, plans: list[Plan], rng: random.Random, nprng: np.random.Generator,
                     start: datetime, days: int, profile: np.ndarray) -> list[Event]:
    name = plan.brand.name
    chatter = plan.daily / BINS_PER_DAY * profile * np.exp(nprng.normal(0, 0.15, days)).repeat(BINS_PER_DAY)
    events: list[Event] = []
    lone_until = start + timedelta(days=days)
    if plan.kind == "collapse":
        trouble, t0 = _collapse(plan, plans, rng, nprng, start, days, profile)
        events += trouble
        chatter[(t0 - start) // BIN:] *= 0.3
        lone_until = t0 - timedelta(days=3)
    if plan.kind == "surge":
        events += _surges(plan, rng, nprng, start, days, chatter)
    grumble = 0.007 if plan.kind in ("busy", "surge") else 0.0
    for t in _times(nprng, start, chatter):
        events.append(Event(t, (name,), "grumble" if rng.random() < grumble else "chatter"))
    n_lone = {"quiet": int(rng.random() < 0.4), "busy": rng.randint(2, 4), "surge": rng.randint(0, 2),
              "complaint": max(2, round(days / rng.uniform(2.5, 4))), "collapse": int(rng.random() < 0.5)}[plan.kind]
    lone: list[datetime] = []
    cum = np.cumsum(profile).tolist()
    for _ in range(n_lone * 20):
        if len(lone) >= n_lone or lone_until <= start + timedelta(days=1):
            break
        b = int(rng.choices(range(len(profile)), cum_weights=cum)[0])
        t = start + b * BIN + timedelta(seconds=rng.randint(0, 599))
        if t < lone_until and all(abs(t - u) >= LONE_GAP for u in lone):
            lone.append(t)
    events += [Event(t, (name,), "complaint") for t in lone]
    plan.facts["lone_complaint_times"] = sorted(lone)
    return events


def _surges(plan: Plan, rng: random.Random, nprng: np.random.Generator, start: datetime, days: int,
            chatter: np.ndarray) -> list[Event]:
    events: list[Event] = []
    surges: list[dict[str, Any]] = []
    for _ in range(rng.randint(1, 3) * 10):
        if len(surges) >= 3 or (surges and rng.random() < 0.3):
            break
        day = rng.randint(1, days - 2)
        s = start + timedelta(days=day, hours=rng.choice((10, 11, 15, 20)))
        if any(abs(s - x["start"]) < timedelta(days=3) for x in surges):
            continue
        dur_h, mult = rng.uniform(2, 6), rng.uniform(5, 10)
        kind = rng.choice(("anniversary", "coupon", "newbie", "listing", "depository", "festival"))
        b0, nb = (s - start) // BIN, int(dur_h * 6)
        x = np.arange(nb) / nb
        shape = np.where(x < 0.2, 0.4 + 3 * x, 1.0 - 0.8 * (x - 0.2) / 0.8)
        shape /= shape.mean()
        base = np.maximum(chatter[b0:b0 + nb], plan.daily / BINS_PER_DAY)
        extra = (mult * base - chatter[b0:b0 + nb]) * shape[: len(base)]
        times = [s] + _times(nprng, s, extra)
        events += [Event(t, (plan.brand.name,), "promo", kind, {"official": i == 0, "surge": len(surges)})
                   for i, t in enumerate(times)]
        if rng.random() < 0.6 or kind == "listing":
            events.append(Event(s + timedelta(minutes=rng.randint(20, 90)), (plan.brand.name,), "promo", kind,
                                {"news": True, "surge": len(surges)}))
        surges.append({"start": s, "end": s + timedelta(hours=dur_h), "type": kind, "mult": round(mult, 1)})
    plan.facts["surges"] = sorted(surges, key=lambda x: x["start"])
    return events


def _collapse(plan: Plan, plans: list[Plan], rng: random.Random, nprng: np.random.Generator,
              start: datetime, days: int, profile: np.ndarray) -> tuple[list[Event], datetime]:
    slow = plan.speed == "slow"
    lo = 0.25 * days
    hi = max(lo, days - 9 if (slow and days >= 16) else days - 3 if (not slow and days >= 8) else 0.5 * days)
    t0 = start + timedelta(days=int(rng.uniform(lo, hi)), hours=rng.choices(range(24), weights=HOUR_PROFILE)[0],
                           minutes=rng.randint(0, 59))
    early_h = rng.uniform(48, 120) if slow else rng.uniform(0, 3)
    te = t0 + timedelta(hours=early_h)
    ramp_h = rng.uniform(8, 36) if slow else rng.uniform(2, 8)
    peak = rng.uniform(8, 50) if slow else rng.uniform(20, 90)
    first = 0.5 if slow else rng.uniform(1.5, 3)
    half_life, floor = rng.uniform(12, 36), rng.uniform(0.3, 2)
    n = days * BINS_PER_DAY
    hrs = (np.arange(n) * 10 / 60) - (te - start) / timedelta(hours=1)  # hours since escalation, per bin
    lam = np.zeros(n)
    b0 = (t0 - start) // BIN
    early_rate = rng.uniform(1.5, 4) / 24  # per hour, before escalation
    lam[b0:] = np.where(hrs[b0:] < 0, early_rate * profile[b0:],
                        np.where(hrs[b0:] < ramp_h, first * (peak / first) ** (np.clip(hrs[b0:], 0, None) / ramp_h),
                                 floor + (peak - floor) * 0.5 ** ((hrs[b0:] - ramp_h) / half_life)))
    lam[b0:] *= np.where(hrs[b0:] < 0, 1.0, 0.4 + 0.6 * profile[b0:]) / 6
    loud = hrs >= 0
    if lam[loud].sum() > TROUBLE_CAP:  # keep a big collapse within the post budget; the early trickle stays
        lam[loud] *= TROUBLE_CAP / lam[loud].sum()
    variant = plan.variant or "panic"
    base = start + b0 * BIN
    end = start + timedelta(days=days)
    times = [t0] + [t for t in _times(nprng, base, lam[b0:]) if t0 < t < end]
    events = []
    for i, t in enumerate(times):
        x = (t - te) / timedelta(hours=1)
        stage = _stage(rng, x, ramp_h, variant)
        if i == 0:
            stage = "news" if variant == "news" else "early"
        elif stage != "early" and rng.random() < 0.04:
            stage = "news"
        events.append(Event(t, (plan.brand.name,), "trouble", stage))
    peak_at = te + timedelta(hours=ramp_h)
    healthy = [p for p in plans if p.kind != "collapse"]
    for _ in range(rng.randint(0, 2) if healthy else 0):
        t = peak_at + timedelta(hours=rng.uniform(0, 48))
        if t < end:
            events.append(Event(t, (plan.brand.name, rng.choice(healthy).brand.name), "trouble", "cross"))
    for _ in range(rng.randint(1, 4)):
        t = peak_at + timedelta(hours=rng.uniform(0, 60))
        meet = (t + timedelta(days=rng.randint(1, 3))).replace(hour=rng.choice((9, 10, 14)), minute=0, second=0,
                                                                microsecond=0)
        if t < end:
            events.append(Event(t, (plan.brand.name,), "trouble", "gathering", {"meet": meet}))
    plan.facts.update(trouble_start=t0, escalation_at=te, peak_at=peak_at)
    return events, t0


def _stage(rng: random.Random, x: float, ramp_h: float, variant: str) -> str:
    if x < 0:
        return "early"
    if variant == "news":
        weights = (0.1, 0.4, 0.5)
    elif x < 0.3 * ramp_h:
        weights = (0.6, 0.35, 0.05)
    elif x < ramp_h:
        weights = (0.3, 0.45, 0.25)
    elif x < 2 * ramp_h:
        weights = (0.1, 0.4, 0.5)
    else:
        weights = (0.05, 0.3, 0.65)
    return rng.choices(("early", "mid", "late"), weights=weights)[0]


def _truth(seed: int, plans: list[Plan], posts: list[dict[str, Any]], meta: dict[str, dict[str, Any]],
           start: datetime, days: int) -> dict[str, Any]:
    end = start + timedelta(days=days)
    by_platform: dict[str, list[dict[str, Any]]] = {}
    for post in posts:
        m = meta[post["id"]]
        if m["about"]:
            by_platform.setdefault(m["about"], []).append(post)
    platforms: dict[str, Any] = {}
    quiet_days = 0.0
    for plan in plans:
        own = by_platform.get(plan.brand.name, [])
        entry: dict[str, Any] = {"kind": plan.kind, "aliases": [plan.brand.stem], "company": plan.brand.company,
                                 "region": plan.brand.region,
                                 "daily_mean": round(plan.daily, 1), "posts": len(own)}
        entry["lone_complaint_ids"] = [p["id"] for p in own if meta[p["id"]]["kind"] == "complaint"]
        if plan.kind == "surge":
            entry["surges"] = [{**s, "start": s["start"].isoformat(), "end": s["end"].isoformat(),
                                "posts": sum(1 for p in own if meta[p["id"]].get("surge") == i)}
                               for i, s in enumerate(plan.facts["surges"])]
        if plan.kind == "collapse":
            trouble = [p for p in own if meta[p["id"]]["kind"] == "trouble"]
            seen = [p for p in trouble if plan.brand.name in meta[p["id"]]["platforms"]]
            t0 = plan.facts["trouble_start"]
            entry.update(speed=plan.speed, variant=plan.variant, trouble_start=t0.isoformat(),
                         escalation_at=plan.facts["escalation_at"].isoformat(),
                         peak_at=plan.facts["peak_at"].isoformat(),
                         third_trouble_post_at=seen[2]["published_at"] if len(seen) >= 3 else None,
                         trouble_posts=len(trouble), trouble_post_ids=[p["id"] for p in seen],
                         unlinkable_trouble_post_ids=[p["id"] for p in trouble if p not in seen],
                         gatherings=[{"post_id": p["id"], **meta[p["id"]]["gathering"]} for p in trouble
                                     if meta[p["id"]].get("gathering")])
            quiet_days += (t0 - start) / timedelta(days=1)
        else:
            quiet_days += days
        platforms[plan.brand.name] = entry
    return {
        "seed": seed, "period": {"start": start.isoformat(), "end": end.isoformat(), "days": days},
        "quiet_platform_days": round(quiet_days, 2), "definitions": DEFINITIONS, "platforms": platforms,
        "posts": {p["id"]: {k: v for k, v in meta[p["id"]].items() if k in ("about", "platforms", "kind", "stage")}
                  for p in posts},
    }


def write(out: Path, posts: list[dict[str, Any]], truth: dict[str, Any]) -> None:
    """posts.jsonl, truth.json, and the watchlist + config that `yuqing backtest --config` reads."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / "posts.jsonl").open("w", encoding="utf-8") as fh:
        for post in posts:
            fh.write(json.dumps(post, ensure_ascii=False) + "\n")
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    watchlist = {"platforms": [{"name": name, "aliases": p["aliases"], "company": p["company"], "region": p["region"]}
                               for name, p in truth["platforms"].items()]}
    (out / "watchlist.yaml").write_text("# Invented platforms of a synthetic history (tests/alerts/histories.py)\n"
                                        + yaml.safe_dump(watchlist, allow_unicode=True, sort_keys=False),
                                        encoding="utf-8")
    (out / "yuqing.yaml").write_text("# Backtest config for a synthetic history\nwatchlist: watchlist.yaml\n",
                                     encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Write a synthetic replay history with its truth.")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--platforms", type=int, default=40)
    ap.add_argument("--days", type=int, default=28)
    ap.add_argument("--start", default="2019-03-04", help="first day (Asia/Shanghai), YYYY-MM-DD")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    start = datetime.fromisoformat(args.start).replace(tzinfo=CN)
    posts, truth = generate(args.seed, args.platforms, args.days, start)
    write(args.out, posts, truth)
    kinds: dict[str, int] = {}
    for p in truth["platforms"].values():
        kinds[p["kind"]] = kinds.get(p["kind"], 0) + 1
    print(json.dumps({"out": str(args.out), "posts": len(posts), "platforms": kinds,
                      "quiet_platform_days": truth["quiet_platform_days"]}, ensure_ascii=False))


if __name__ == "__main__":
    main()
