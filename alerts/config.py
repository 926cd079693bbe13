"""The `rules:` section of the YAML → a frozen RuleSettings the engine, the alerter and the backtest share.

Every threshold a desk may want to move lives here, with the default the backtest was measured on
(README "How alerts are decided"). Bad values raise ConfigError(file, "rules.<key>", problem).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline.errors import ConfigError

Level = Literal["high", "medium", "low"]
LEVEL_RANK = {"low": 1, "medium": 2, "high": 3}
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_duration(value: Any) -> timedelta:
    """'90s', '30m', '2h', '14d' (or a number of seconds) → timedelta."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return timedelta(seconds=float(value))
    if isinstance(value, str) and len(value) >= 2 and value[-1] in _UNITS:
        try:
            return timedelta(**{_UNITS[value[-1]]: float(value[:-1])})
        except ValueError:
            pass
    raise ValueError(f"expected a duration such as 30m, 2h or 14d, got {value!r}")


Duration = Annotated[timedelta, Field()]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _durations(cls, v: Any, info: Any) -> Any:
        field = cls.model_fields.get(info.field_name)
        if field is not None and field.annotation is timedelta:
            return parse_duration(v)
        if field is not None and field.annotation == list[timedelta]:
            return [parse_duration(x) for x in v] if isinstance(v, list) else v
        return v


class HeatRule(_Frozen):
    """Posts about a platform (engagement-weighted, near-duplicates once) against its own history."""

    enabled: bool = True
    window: timedelta = timedelta(hours=2)
    min_posts: Annotated[int, Field(ge=1)] = 5  # distinct posts in the window before heat can fire
    min_ratio: Annotated[float, Field(ge=1.0)] = 2.5  # weighted heat / weighted baseline
    negative_share_medium: Annotated[float, Field(gt=0, le=1)] = 0.5  # a hot window this negative is medium
    sustained_after: timedelta = timedelta(hours=6)  # still hot after this long: re-sent as "持续高位"


class TroubleRule(_Frozen):
    """Posts that show platform trouble (提现困难, 逾期, 失联, 暴雷, 立案 ... said negatively)."""

    enabled: bool = True
    windows: list[timedelta] = [timedelta(hours=1), timedelta(hours=3), timedelta(hours=12), timedelta(hours=24),
                                timedelta(hours=72)]
    min_posts: Annotated[int, Field(ge=1)] = 3
    min_authors: Annotated[int, Field(ge=1)] = 2
    # Looser than heat's: trouble posts are rare on a healthy platform, and a desk would rather look
    # at three people failing to withdraw than wait for the tenth.
    significance: Annotated[float, Field(gt=0, lt=0.5)] = 1e-2
    high_posts: Annotated[int, Field(ge=1)] = 10  # this many in one window (and high_authors) is high
    high_authors: Annotated[int, Field(ge=1)] = 5
    prior_posts: Annotated[float, Field(gt=0)] = 0.12  # baseline prior: this many trouble posts ...
    prior_hours: Annotated[float, Field(gt=0)] = 24.0  # ... in this many hours of history


class NegativeRule(_Frozen):
    enabled: bool = True
    window: timedelta = timedelta(hours=6)
    min_negative: Annotated[int, Field(ge=1)] = 5
    min_share: Annotated[float, Field(gt=0, le=1)] = 0.6
    min_rise: Annotated[float, Field(ge=0, le=1)] = 0.3  # share above the platform's usual share


class NewTermRule(_Frozen):
    enabled: bool = True
    categories: list[str] = ["暴雷", "失联跑路", "司法", "清退"]
    level: Level = "low"


class OrganizingRule(_Frozen):
    enabled: bool = True
    with_gathering: Level = "high"  # a call with a time or place
    without_gathering: Level = "medium"  # e.g. 维权群 recruiting
    escalate_calls: Annotated[int, Field(ge=1)] = 2  # calls by this many authors in 24 h on a troubled platform: high


class SilenceRule(_Frozen):
    enabled: bool = True
    after: timedelta = timedelta(hours=6)  # a source that delivered nothing new for this long
    level: Level = "low"


class RuleSettings(_Frozen):
    bucket: timedelta = timedelta(minutes=5)
    baseline: timedelta = timedelta(days=14)
    warmup: timedelta = timedelta(hours=24)  # heat needs this much history of a platform
    significance: Annotated[float, Field(gt=0, lt=0.5)] = 1e-3  # one-sided Poisson tail
    suppress: timedelta = timedelta(hours=6)  # per (rule, platform); a higher level breaks through
    tick: timedelta = timedelta(minutes=1)
    heat: HeatRule = HeatRule()
    trouble: TroubleRule = TroubleRule()
    negative: NegativeRule = NegativeRule()
    new_term: NewTermRule = NewTermRule()
    organizing: OrganizingRule = OrganizingRule()
    silence: SilenceRule = SilenceRule()


def load_rules(data: dict[str, Any], label: str) -> RuleSettings:
    try:
        return RuleSettings.model_validate(data or {})
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(["rules", *(str(p) for p in err["loc"])])
        raise ConfigError(label, key, err["msg"]) from None
