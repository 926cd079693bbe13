"""What a rule returns: a candidate alert for one platform, before noise control and merging.

Also the Chinese phrasing shared by the rules (time spans, local times, risk words), so every
reason reads the same way to the duty officer.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from alerts.config import Level
from alerts.tracker import Recent

CST = timezone(timedelta(hours=8), "Asia/Shanghai")
RULE_PRIORITY = {"organizing": 6, "trouble": 5, "heat": 4, "negative": 3, "new_term": 2, "source_silence": 1}
_WEEKDAYS = "一二三四五六日"


@dataclass
class Candidate:
    rule: str
    level: Level
    platform: str | None
    start: float
    end: float
    reason: str
    figures: dict[str, Any] = field(default_factory=dict)
    evidence: list[Recent] = field(default_factory=list)
    gathering: dict[str, Any] | None = None
    gathering_key: str | None = None
    source: str | None = None  # source_silence: which source went quiet


def span_text(seconds: float) -> str:
    """3600 → '1小时', 5400 → '90分钟', 259200 → '3天'."""
    if seconds >= 86400 and seconds % 86400 == 0:
        return f"{int(seconds // 86400)}天"
    if seconds >= 3600 and seconds % 3600 == 0:
        return f"{int(seconds // 3600)}小时"
    return f"{max(1, round(seconds / 60))}分钟"


def local_time(value: datetime | str | float) -> str:
    """A time the desk reads at a glance: '11月27日(周五) 09:00' in Asia/Shanghai."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    elif isinstance(value, int | float):
        value = datetime.fromtimestamp(value, UTC)
    local = value.astimezone(CST)
    return f"{local.month}月{local.day}日(周{_WEEKDAYS[local.weekday()]}) {local:%H:%M}"


def top_terms(posts: list[Recent], limit: int = 3) -> str:
    """The most used risk words among posts, '提现困难、逾期、暴雷' (vocabulary words, not post text)."""
    counts = Counter(term for r in posts for term in dict.fromkeys(r.terms))
    return "、".join(term for term, _ in counts.most_common(limit))


def pick_evidence(posts: list[Recent], limit: int = 5) -> list[Recent]:
    """Calls first, then trouble posts, then the most engaging; newest first within each."""
    ranked = sorted(posts, key=lambda r: (r.call, r.trouble, r.neg, r.w, r.t), reverse=True)
    return ranked[:limit]


def usual(lam: float, unit: str = "条") -> str:
    """'平时同期约 1.5 条', or '平时几乎没有' when the baseline is below one in twenty windows."""
    return "平时几乎没有" if lam < 0.05 else f"平时同期约 {fmt_num(lam)}" + (f" {unit}" if unit else "")


def fmt_num(x: float) -> str:
    return f"{x:.0f}" if x >= 10 or float(x).is_integer() else f"{x:.1f}"
