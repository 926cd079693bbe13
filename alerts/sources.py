"""Source silence: a spider or site that used to deliver and has stopped.

Live, the alerter reads each crawl's summary from the `crawl.runs` topic; in a backtest the posts
themselves show when a site last delivered. A source is silent when its own history makes the
gap very unlikely (Poisson: P(no post in the gap) below the significance) and the gap is at least
`rules.silence.after`. The expectation comes from the same hours of the previous days, so a site
that is quiet every night is not "silent" overnight.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from alerts.candidate import Candidate, local_time, span_text
from alerts.config import RuleSettings

RATE_WINDOW_S = 3 * 86400


@dataclass
class SourceState:
    last_new: float = 0.0  # data time of the last new post
    last_run: float = 0.0  # last crawl that finished (live only)
    last_error: str | None = None
    arrivals: list[float] = field(default_factory=list)  # new posts' times in the rate window (capped)


class Sources:
    def __init__(self) -> None:
        self.states: dict[str, SourceState] = {}

    def saw_post(self, key: str, t: float) -> None:
        st = self.states.setdefault(key, SourceState())
        st.last_new = max(st.last_new, t)
        st.arrivals.append(t)
        if len(st.arrivals) > 2000:
            del st.arrivals[:1000]

    def saw_run(self, key: str, t: float, new: int, error: str | None = None) -> None:
        """A finished crawl: its summary's count of new items (0 is what silence looks like)."""
        st = self.states.setdefault(key, SourceState())
        st.last_run = max(st.last_run, t)
        st.last_error = error
        if new > 0:
            st.last_new = max(st.last_new, t)
            st.arrivals.extend([t] * min(new, 100))

    def check(self, rules: RuleSettings, now: float) -> list[Candidate]:
        cfg = rules.silence
        out: list[Candidate] = []
        if not cfg.enabled:
            return out
        for key, st in self.states.items():
            st.arrivals = [t for t in st.arrivals if t >= now - RATE_WINDOW_S]
            gap = now - st.last_new
            if not st.last_new or gap < cfg.after.total_seconds():
                continue
            expected = _expected(st.arrivals, st.last_new, now)
            if expected is None or math.exp(-expected) >= rules.significance:
                continue
            rate = expected / gap
            reason = (f"来源 {key} 已 {span_text(round(gap / 3600) * 3600 or gap)}没有新帖"
                      f"（最后一次 {local_time(st.last_new)}，此前约每小时 {rate * 3600:.1f} 条）")
            if st.last_error:
                reason += f"，最近一次采集报错：{st.last_error[:80]}"
            out.append(Candidate("source_silence", cfg.level, None, st.last_new, now, reason,
                                 {"count": 0, "baseline": round(rate * gap, 1)}, source=key))
        return out

    def to_json(self) -> dict[str, Any]:
        return {k: asdict(v) for k, v in self.states.items()}

    def load(self, data: dict[str, Any]) -> None:
        self.states = {k: SourceState(**v) for k, v in data.items()}


def _expected(arrivals: list[float], last_new: float, now: float) -> float | None:
    """Posts the source delivered in the same clock hours as [last_new, now) on earlier days, averaged
    over the days its history covers (None before it has a day of history)."""
    if not arrivals:
        return None
    first = min(arrivals)
    days = [d for d in range(1, 4) if last_new - d * 86400 >= first]
    if not days:
        return None
    total = sum(1 for d in days for t in arrivals if last_new - d * 86400 < t <= now - d * 86400)
    return total / len(days)
