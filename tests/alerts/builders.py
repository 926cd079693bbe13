"""Analyzed posts for rule tests, built directly (no NLP), so each test states exactly what a post says."""

from __future__ import annotations

import hashlib
import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from nlp.risk import find_risk
from pipeline.schema import Post

T0 = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)  # a Monday, 08:00 in Shanghai
_ids = itertools.count(1)


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def post(platform: str | list[str], when: datetime, *, text: str = "", negative: float = 0.2,
         author: str | None = None, call: bool = False, gathering: dict[str, Any] | None = None,
         likes: int = 0, reposts: int = 0, site: str = "bbs", dup_of: str | None = None) -> Post:
    """A post about `platform` at `when`; risk terms are found in `text` as the analyzer would."""
    n = next(_ids)
    names = [platform] if isinstance(platform, str) else platform
    body = text or f"{names[0]} 日常讨论 {n}"
    seed = (dup_of or body).encode()
    simhash = hashlib.sha1(seed).hexdigest()[:16]
    label = "negative" if negative >= 0.5 else "neutral"
    return Post.model_validate({
        "id": f"forum:{site}:{n}", "source": "forum", "site": site, "url": f"http://127.0.0.1/t/{n}",
        "text": body, "author": {"id": author or f"u{n}"}, "published_at": when.isoformat(),
        "metrics": {"likes": likes, "reposts": reposts},
        "analysis": {
            "text_norm": body, "tokens": [], "simhash": simhash, "analyzed_at": when.isoformat(),
            "nlp_version": "test",
            "platforms": [{"name": p, "alias": p, "start": 0, "end": len(p)} for p in names],
            "sentiment": {"negative": negative, "label": label, "model": "test"},
            "risk": find_risk(body),
            "organizing": {"score": 0.9 if call else 0.05, "is_call": call, "cues": [], "gathering": gathering},
        },
    })


def quiet_history(platform: str, days: int, per_day: int = 3, start_hour: float = 0.0) -> list[Post]:
    """Ordinary chatter: `per_day` neutral posts a day, spread over the daytime."""
    out = []
    for d in range(days):
        for k in range(per_day):
            out.append(post(platform, at(start_hour + 24 * d + 2 + 10 * k / max(per_day, 1)),
                            text=f"{platform} 今天收益到账了，复投中 {d}-{k}"))
    return out
