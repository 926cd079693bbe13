"""`yuqing bench parse`: how long parsing one saved search page takes (so parsing is never the
crawl's bottleneck). Default page: a 10-post m.weibo.cn-style search answer built here; `--file`
times a saved page instead (JSON → Weibo search parser, HTML → Discuz thread parser)."""

from __future__ import annotations

import json
import statistics
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

CST = timezone(timedelta(hours=8))


def synthetic_search_page(n: int = 10) -> bytes:
    cards = []
    for i in range(n):
        mblog = {
            "id": str(4300000000000000 + i), "mid": str(4300000000000000 + i),
            "created_at": ["刚刚", "5分钟前", "2小时前", "昨天 21:03", "11-20"][i % 5],
            "text": f'<a href="/search?q=%23维权%23">#维权#</a> 平台{i}提现一直不到账，客服说系统升级'
                    f'<img alt="[怒]" src="x.png">，有没有一起的？<br/>已经三个月了',
            "reposts_count": i, "comments_count": "1万+" if i == 3 else i * 2, "attitudes_count": i * 3,
            "isLongText": False,
            "user": {"id": 5000000000 + i, "screen_name": f"出借人{i}"},
        }
        cards.append({"card_type": 9, "mblog": mblog})
    return json.dumps({"ok": 1, "data": {"cards": cards}}, ensure_ascii=False).encode("utf-8")


def run_parse_bench(n: int, file: Path | None) -> dict[str, Any]:
    from crawlers.parsers.weibo import parse_search

    now = datetime(2026, 11, 20, 21, 30, tzinfo=CST)
    body = file.read_bytes() if file else synthetic_search_page()
    if file and file.suffix.lower() in (".html", ".htm"):
        from crawlers.parsers.forum import parse_thread

        def parse() -> int:
            return len(parse_thread(body, "https://bbs.example.com/thread-1-1-1.html", site="bbs.example.com",
                                    fetched_at=now, now=now).posts)
    else:
        def parse() -> int:
            return len(parse_search(body, keyword="平台", site="m.weibo.cn", fetched_at=now, now=now).posts)

    posts = parse()
    times = []
    for _ in range(n):
        t = time.perf_counter()
        parse()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {"page": str(file) if file else "synthetic weibo search (10 posts)", "posts_per_page": posts,
            "pages": n, "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[min(n - 1, int(0.95 * n))], 2),
            "pages_per_s": round(1000 / statistics.mean(times), 1)}
