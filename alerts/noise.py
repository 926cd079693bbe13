"""Noise control: which candidates become messages. State lives in the store with the rest.

One message per platform per suppression window: a rule that fired stays quiet for that platform
until the window has passed, and another rule at the same or a lower level is folded into the
quiet period too (a duty officer needs one message about 善林金融, not four). Breaking through:
a higher level than the last message (low → high is sent at once) and a gathering with a time or
place not reported before (the most actionable fact there is). A level that stays up is sent again
after the window, marked as sustained.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from alerts.config import LEVEL_RANK, RuleSettings


@dataclass
class GateState:
    level: str
    sent_at: float
    rules: dict[str, float] = field(default_factory=dict)  # rule → last time it fired (sent or folded)
    gatherings: list[str] = field(default_factory=list)
    since: float = 0.0  # first alert of the current episode (for "持续" wording)
    suppressed: int = 0


class Gate:
    def __init__(self, rules: RuleSettings) -> None:
        self.rules = rules
        self.states: dict[str, GateState] = {}

    def decide(self, key: str, level: str, rules_fired: list[str], gathering_key: str | None,
               now: float) -> tuple[bool, str | None]:
        """(send?, why it broke through or None). Records the decision."""
        window = self.rules.suppress.total_seconds()
        st = self.states.get(key)
        why: str | None = None
        if st is None or now - st.sent_at >= window:
            send = True
            if st is not None and now - st.sent_at < 2 * window and st.since:
                why = "sustained"
        elif LEVEL_RANK[level] > LEVEL_RANK[st.level]:
            send, why = True, "escalated"
        elif gathering_key and not any(same_gathering(gathering_key, k) for k in st.gatherings):
            send, why = True, "new_gathering"
        else:
            send = False
        if not send:
            assert st is not None
            st.suppressed += 1
            for r in rules_fired:
                st.rules[r] = now
            return False, None
        since = st.since if st is not None and why is not None else now
        gatherings = list(st.gatherings) if st is not None and why is not None else []
        if gathering_key and gathering_key not in gatherings:
            gatherings.append(gathering_key)
        self.states[key] = GateState(level=level, sent_at=now, rules={r: now for r in rules_fired},
                                     gatherings=gatherings[-20:], since=since)
        return True, why

    def to_json(self) -> dict[str, Any]:
        return {k: asdict(v) for k, v in self.states.items()}

    def load(self, data: dict[str, Any]) -> None:
        self.states = {k: GateState(**v) for k, v in data.items()}


def same_gathering(a: str, b: str) -> bool:
    """Keys are 'start-to-the-hour|place'; one place written shorter (拱墅区人民政府 vs
    杭州市拱墅区人民政府) at the same hour is the same gathering."""
    ta, _, pa = a.partition("|")
    tb, _, pb = b.partition("|")
    return ta == tb and bool(pa) and bool(pb) and (pa.endswith(pb) or pb.endswith(pa))
