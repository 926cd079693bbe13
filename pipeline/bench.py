"""`yuqing bench nlp`: analyzer throughput, latency per batch and peak memory on one core.

Posts are synthetic (~140 characters, mixing everyday chatter, platform trouble and organizing
calls) so the benchmark runs offline anywhere. The watchlist is the configured one, padded with
generated platform names up to `platforms` so the cost of a full-size watchlist is measured.
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import time
from datetime import datetime, timedelta, timezone
from typing import Any

from nlp.analyze import Analyzer
from nlp.platforms import PlatformSpec
from nlp.sentiment import load_backend
from pipeline.config import Settings
from pipeline.errors import InputError

# (weight, text): roughly what a finance desk's stream looks like — mostly chatter and complaints,
# some news, and organizing calls in about 2% of posts (already more than real streams carry; a
# call with a time and place costs ~1 ms more, for the time parser).
_FRAGMENTS: list[tuple[float, str]] = [
    (14, "今天去银行办事排了一个小时的队，回来路上顺便买了点菜，晚上给孩子做红烧肉。"),
    (10, "{p}这个月的回款又推迟了，客服一直说系统升级，到底什么时候能提现？"),
    (6, "听说{p}的老板已经联系不上了，公司门口贴了封条，投资人都慌了。"),
    (8, "周末带孩子去公园玩，天气特别好，晚上一家人吃火锅，开心。"),
    (6, "{p}官方公告：平台运营正常，银行存管已上线，请广大用户放心。"),
    (8, "{p}逾期三个月了，本金二十多万，全是家里的养老钱，怎么办啊。"),
    (5, "经侦已经立案了，{p}的实控人据说去自首了，不知道能追回多少。"),
    (10, "这家店的咖啡真不错，环境安静，适合下午来坐坐看书，推荐给大家。"),
    (5, "新闻说{p}涉嫌非法吸收公众存款，警方已经介入调查，具体情况还在核实。"),
    (8, "年化收益12%的理财产品靠谱吗？求懂行的朋友给点建议，谢谢。"),
    (10, "球赛太精彩了，最后一分钟绝杀，整个酒吧都沸腾了。"),
    (0.2, "大家明天上午九点在市政府门口集合，{p}的出借人能来的都来，人越多越好！"),
    (0.2, "{p}受害人维权群，群号 {n}，进群备注出借金额，私信拉你。"),
    (0.2, "统一话术，今晚八点一起带话题刷上热搜，让更多人看到{p}的问题。"),
]
_WEIGHTS = [w for w, _t in _FRAGMENTS]
_TEXTS = [t for _w, t in _FRAGMENTS]


def synthetic_posts(names: list[str], n: int, seed: int = 7) -> list[dict[str, Any]]:
    """n posts of ~140 characters, each two to four fragments with watched names filled in."""
    rnd = random.Random(seed)
    base = datetime(2026, 11, 20, 20, 0, tzinfo=timezone(timedelta(hours=8)))
    posts = []
    for i in range(n):
        parts: list[str] = []
        while sum(map(len, parts)) < 120:
            frag = rnd.choices(_TEXTS, _WEIGHTS)[0]
            parts.append(frag.format(p=rnd.choice(names) if names else "某平台", n=rnd.randint(10**6, 10**9)))
        text = "".join(parts)[:150]
        posts.append({"id": f"bench-{i}", "text": text, "published_at": (base + timedelta(minutes=i)).isoformat()})
    return posts


def load_posts(path: str, n: int) -> list[dict[str, Any]]:
    """Up to n posts from a JSON-lines file (records need `text`), cycled if the file is shorter."""
    import json

    posts: list[dict[str, Any]] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(rec, dict) and isinstance(rec.get("text"), str):
                posts.append({"id": str(rec.get("id", len(posts))), "text": rec["text"],
                              "published_at": rec.get("published_at")})
    if not posts:
        raise InputError(f"{path}: no JSON lines with a 'text' field")
    return [posts[i % len(posts)] for i in range(n)]


def padded_specs(settings: Settings, platforms: int, seed: int = 11) -> list[PlatformSpec]:
    specs = settings.watchlist.specs()
    names = {s.name for s in specs}
    rnd = random.Random(seed)
    heads = "鑫汇融盛隆泰恒安信达诚鼎丰利源旺和嘉瑞祥宏富金银宝通贵华新"
    tails = ["贷", "金融", "财富", "网", "理财", "金服", "创投", "在线", "易贷", "投资"]
    while len(specs) < platforms:
        name = "".join(rnd.choice(heads) for _ in range(rnd.choice((2, 3)))) + rnd.choice(tails)
        if name not in names:
            names.add(name)
            specs.append(PlatformSpec(name))
    return specs


def run_nlp_bench(settings: Settings, n: int, platforms: int, batch_size: int | None,
                  backend: str | None, model: str | None, data: str | None = None) -> dict[str, Any]:
    """Build the analyzer (not timed), then time analyze() over n posts in batches."""
    pinned = _pin_one_core()
    sent = settings.nlp.sentiment
    specs = padded_specs(settings, platforms)
    t0 = time.perf_counter()
    analyzer = Analyzer(specs, settings.watchlist.exclusions,
                        load_backend(backend or sent.backend, model or sent.model),
                        settings.nlp.organizing.threshold)
    build_s = time.perf_counter() - t0
    if data:
        posts = load_posts(data, n)
    else:
        posts = synthetic_posts([s.name for s in specs[: max(50, len(settings.watchlist.platforms))]], n)
    size = batch_size or sent.batch_size
    analyzer.warm_up()  # lazy resources (time parser, place table) load outside the timing
    analyzer.analyze(posts[: min(size, len(posts))])
    latencies = []
    start = time.perf_counter()
    for i in range(0, len(posts), size):
        t = time.perf_counter()
        analyzer.analyze(posts[i:i + size])
        latencies.append((time.perf_counter() - t) * 1000)
    total = time.perf_counter() - start
    lat = sorted(latencies)
    return {
        "posts": n,
        "data": data or "synthetic",
        "batch_size": size,
        "watchlist_size": len(specs),
        "backend": analyzer.sentiment.name,
        "one_core": pinned,
        "build_s": round(build_s, 2),
        "posts_per_s": round(n / total, 1),
        "p50_ms": round(statistics.median(lat), 2),
        "p95_ms": round(lat[min(len(lat) - 1, int(0.95 * len(lat)))], 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def _pin_one_core() -> bool:
    """Run on a single CPU so the figure means 'one core' (Linux); False where unsupported."""
    try:
        cpu = sorted(os.sched_getaffinity(0))[0]
        os.sched_setaffinity(0, {cpu})
        return True
    except (AttributeError, OSError):
        return False
