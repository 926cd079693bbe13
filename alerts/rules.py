"""The platform rules: pure functions of (settings, a platform's aggregates, now) → candidates.

Heat, trouble and negative share are evaluated by the scheduler tick for platforms that received
posts; organizing and new risk terms are evaluated per post as it streams in. None of them keeps
state of its own: everything they read is in the Tracker, which the alerter persists.
"""

from __future__ import annotations

import re

from alerts.candidate import Candidate, fmt_num, local_time, pick_evidence, span_text, top_terms, usual
from alerts.config import Level, RuleSettings
from alerts.stats import poisson_sf
from alerts.tracker import PlatformTrack, Recent, Tracker, term_category

DAY = 86400.0


def _history_s(rules: RuleSettings, track: PlatformTrack, before: float) -> float:
    return max(0.0, min(before - track.first_seen, rules.baseline.total_seconds()))


def heat_baseline(rules: RuleSettings, tracker: Tracker, track: PlatformTrack, now: float,
                  window: float) -> tuple[float, float]:
    """Expected (posts, weighted posts) in [now - window, now): the same hours on earlier days blended
    with the platform's overall rate, so an evening peak is compared with earlier evenings."""
    start = now - window
    hist = _history_s(rules, track, start)
    if hist <= 0:
        return 0.0, 0.0
    in_window = tracker.window_sum(track, start, now + tracker.bucket_s)
    total_n, total_w = track.totals[0] - in_window[0], track.totals[1] - in_window[1]
    rate_n, rate_w = total_n / hist * window, total_w / hist * window
    days = [d for d in range(1, int(hist // DAY) + 1)]
    if len(days) < 3:
        return rate_n, rate_w
    same_hours = [tracker.window_sum(track, start - d * DAY, now - d * DAY) for d in days]
    tod_n = sum(s[0] for s in same_hours) / len(days)
    tod_w = sum(s[1] for s in same_hours) / len(days)
    return 0.5 * (tod_n + rate_n), 0.5 * (tod_w + rate_w)


def heat(rules: RuleSettings, tracker: Tracker, name: str, track: PlatformTrack, now: float) -> Candidate | None:
    cfg = rules.heat
    window = cfg.window.total_seconds()
    posts = [r for r in track.recent if now - window <= r.t <= now]
    n = len(posts)
    if not cfg.enabled or n < cfg.min_posts or now - track.first_seen < rules.warmup.total_seconds():
        return None
    lam_n, lam_w = heat_baseline(rules, tracker, track, now, window)
    floor = 0.05 * window / 3600  # one post a day is the least a baseline is taken to be
    lam_n, lam_w = max(lam_n, floor), max(lam_w, floor)
    weighted = sum(r.w for r in posts)
    ratio = weighted / lam_w
    p = poisson_sf(n, lam_n)
    if p >= rules.significance or ratio < cfg.min_ratio:
        return None
    negative = sum(r.neg for r in posts)
    share = negative / n
    level: Level = "medium" if share >= cfg.negative_share_medium and negative >= 3 else "low"
    span = span_text(window)
    reason = (f"{name} 近{span}讨论热度 {fmt_num(weighted)}（按互动加权，{usual(lam_w, '')}，"
              f"{ratio:.1f} 倍），{n} 条帖子中负面占 {share:.0%}")
    figures = {"count": round(weighted, 1), "baseline": round(lam_w, 2), "ratio": round(ratio, 2),
               "negative_share": round(share, 3), "authors": len({r.author for r in posts})}
    return Candidate("heat", level, name, now - window, now, reason, figures, pick_evidence(posts))


def trouble(rules: RuleSettings, tracker: Tracker, name: str, track: PlatformTrack, now: float) -> Candidate | None:
    """Trouble posts against the platform's own trouble rate (with a prior, so a platform without any
    history needs a few posts from different people, and one with daily complaints needs many more)."""
    cfg = rules.trouble
    if not cfg.enabled:
        return None
    all_trouble = [r for r in track.recent if r.trouble and r.t <= now]
    if len(all_trouble) < cfg.min_posts:
        return None
    best: tuple[float, float, list[Recent], float] | None = None
    only_trouble = track.totals[3] >= track.totals[0]  # never discussed except for its trouble
    for w in cfg.windows:
        window = w.total_seconds()
        if now - window - track.first_seen < min(window, 86400.0) and not only_trouble:
            continue  # too little history before the window to say what is usual
        posts = [r for r in all_trouble if r.t >= now - window]
        authors = len({r.author for r in posts})
        if len(posts) < cfg.min_posts or authors < cfg.min_authors:
            continue
        hist_h = _history_s(rules, track, now - window) / 3600
        before = track.totals[3] - tracker.window_sum(track, now - window, now + tracker.bucket_s)[3]
        lam = (max(before, 0.0) + cfg.prior_posts) / (hist_h + cfg.prior_hours) * window / 3600
        p = poisson_sf(len(posts), lam)
        if p < cfg.significance and (best is None or p < best[0]):
            best = (p, window, posts, lam)
    if best is None:
        return None
    _p, window, posts, lam = best
    authors = len({r.author for r in posts})
    high = len(posts) >= cfg.high_posts and authors >= cfg.high_authors
    reason = (f"{name} 近{span_text(window)}出现 {len(posts)} 条{top_terms(posts)}等风险帖（{authors} 人发布，"
              f"{usual(lam)}）")
    figures = {"count": len(posts), "baseline": round(lam, 3), "ratio": round(len(posts) / lam, 1) if lam else None,
               "authors": authors}
    return Candidate("trouble", "high" if high else "medium", name, now - window, now, reason, figures,
                     pick_evidence(posts))


def negative(rules: RuleSettings, tracker: Tracker, name: str, track: PlatformTrack, now: float) -> Candidate | None:
    cfg = rules.negative
    window = cfg.window.total_seconds()
    posts = [r for r in track.recent if now - window <= r.t <= now]
    neg = [r for r in posts if r.neg]
    if not cfg.enabled or len(neg) < cfg.min_negative or len({r.author for r in neg}) < cfg.min_negative - 1:
        return None
    share = len(neg) / len(posts)
    in_window = tracker.window_sum(track, now - window, now + tracker.bucket_s)
    hist_n, hist_neg = track.totals[0] - in_window[0], track.totals[2] - in_window[2]
    usual = (hist_neg + 1) / (hist_n + 4)  # a platform without history is taken as 25% negative
    hist_h = _history_s(rules, track, now - window) / 3600
    lam = (hist_neg + 0.5) / (hist_h + 100) * window / 3600
    if share < cfg.min_share or share - usual < cfg.min_rise or poisson_sf(len(neg), lam) >= rules.significance:
        return None
    reason = f"{name} 近{span_text(window)}负面帖占 {share:.0%}（{len(neg)}/{len(posts)} 条，平时约 {usual:.0%}）"
    figures = {"count": len(posts), "negative_share": round(share, 3), "authors": len({r.author for r in neg})}
    return Candidate("negative", "medium", name, now - window, now, reason, figures, pick_evidence(neg))


def organizing(rules: RuleSettings, name: str, track: PlatformTrack, post: Recent) -> Candidate | None:
    """A call to act collectively about a watched platform, alerted as the post streams in."""
    cfg = rules.organizing
    if not cfg.enabled or not post.call:
        return None
    day = [r for r in track.recent if r.call and post.t - DAY <= r.t <= post.t]
    callers = len({r.author for r in day})
    recent = [r for r in track.recent if r.t >= post.t - 3 * DAY]
    troubled = sum(r.trouble for r in recent) >= rules.trouble.min_posts
    # A call is about a grievance: the post itself is negative or names trouble, or the platform is in
    # trouble (trouble posts from several people in three days). Without any grievance ("大家继续观望" on a healthy platform) it is most likely a misreading.
    grievance = post.neg or post.trouble or troubled
    g = post.gathering
    if g and (g.get("place") or g.get("start")):
        when = local_time(g["start"]) if g.get("start") else "时间未明"
        level = cfg.with_gathering if grievance else _lower(cfg.with_gathering)
        reason = f"{name} 出现线下聚集号召：{when} 在「{g.get('place') or '地点未明'}」"
        key = f"{str(g.get('start') or '')[:13]}|{_place_core(g.get('place') or '')}"
    else:
        level = cfg.without_gathering if grievance else _lower(cfg.without_gathering)
        if troubled and (callers >= cfg.escalate_calls or post.neg or post.trouble):
            level = "high"  # people organizing around a platform already in trouble
        reason = f"{name} 出现组织维权号召（如建群、联名、统一行动）"
        key = None
    reason += f"，近24小时 {len(day)} 条号召帖、{callers} 人发布"
    figures = {"organizing_posts": len(day), "authors": callers}
    return Candidate("organizing", level, name, post.t, post.t, reason, figures,
                     pick_evidence(day), gathering=g, gathering_key=key)


def _place_core(place: str) -> str:
    """'杭州市拱墅区人民政府门口' → '杭州市拱墅区人民政府': people write one place several ways."""
    return re.sub(r"(?:门口|门前|大门口|大门|楼下|前面|附近|广场)$", "", place.strip())


def _lower(level: Level) -> Level:
    return "medium" if level == "high" else "low"


def new_terms(rules: RuleSettings, name: str, post: Recent, fresh: list[str]) -> Candidate | None:
    """First 暴雷 / 跑路 / 立案 / 清盘 / 失联 ... for a platform since it has been watched."""
    cfg = rules.new_term
    words = [t for t in fresh if term_category(t) in cfg.categories]
    if not cfg.enabled or not words:
        return None
    reason = f"{name} 首次出现风险词「{'、'.join(words[:3])}」"
    return Candidate("new_term", cfg.level, name, post.t, post.t, reason, {"count": 1}, [post])
