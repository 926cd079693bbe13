"""The one definition of yuqing's messages (schema v1): Post, Analysis, Alert.

Spiders emit Posts, the worker adds an Analysis, the alert service writes Alerts; the bus, the
stores and the CLI all import these models. JSON is UTF-8 with `ensure_ascii=False`.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from pipeline.errors import SchemaError

SCHEMA_VERSION = 1
Source = Literal["forum", "weibo", "news"]
Level = Literal["high", "medium", "low"]
Unit = Annotated[float, Field(ge=0.0, le=1.0)]
Count = Annotated[int, Field(ge=0)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=False)

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=False)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, data: str | bytes) -> Any:
        """Parse and validate; any problem becomes one SchemaError naming the fields."""
        try:
            return cls.model_validate_json(data)
        except ValidationError as exc:
            raise SchemaError(f"not a valid {cls.__name__}: {describe(exc)}") from None

    @classmethod
    def from_dict(cls, data: Any) -> Any:
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise SchemaError(f"not a valid {cls.__name__}: {describe(exc)}") from None


def describe(exc: ValidationError, limit: int = 5) -> str:
    """A one-line summary of a validation error: `field.path: problem; ...`."""
    parts = []
    for err in exc.errors()[:limit]:
        loc = ".".join(str(p) for p in err["loc"]) or "(record)"
        parts.append(f"{loc}: {err['msg']}")
    more = len(exc.errors()) - limit
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


# --- Post --------------------------------------------------------------------------------------


class Author(_Model):
    id: str | None = None
    name: str | None = None


class Metrics(_Model):
    reposts: Count = 0
    comments: Count = 0
    likes: Count = 0
    replies: Count = 0
    views: Count = 0


class PlatformMention(_Model):
    name: str
    alias: str
    start: Count
    end: Count


class Sentiment(_Model):
    negative: Unit
    label: Literal["negative", "neutral", "positive"]
    model: str


class Risk(_Model):
    terms: list[str] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)


class Cue(_Model):
    type: str
    text: str
    start: Count
    end: Count


class Gathering(_Model):
    start: AwareDatetime
    end: AwareDatetime | None = None
    place: str
    province: str | None = None
    city: str | None = None


class Organizing(_Model):
    score: Unit
    is_call: bool
    cues: list[Cue] = Field(default_factory=list)
    gathering: Gathering | None = None


class Analysis(_Model):
    text_norm: str
    tokens: list[str]
    platforms: list[PlatformMention]
    sentiment: Sentiment
    risk: Risk
    organizing: Organizing
    simhash: Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]
    analyzed_at: AwareDatetime
    nlp_version: str


class Post(_Model):
    id: Annotated[str, Field(pattern=r"^(forum|weibo|news):[^:\s]+:\S+$", max_length=512)]
    schema_version: Literal[1] = Field(1, alias="schema")  # SCHEMA_VERSION
    source: Source
    site: Annotated[str, Field(min_length=1)]
    url: str | None = None
    title: str | None = None
    text: str
    author: Author = Field(default_factory=Author)
    published_at: AwareDatetime
    fetched_at: AwareDatetime | None = None
    metrics: Metrics = Field(default_factory=Metrics)
    query: str | None = None
    parent_id: str | None = None
    analysis: Analysis | None = None


def post_id(source: str, site: str, native_id: str) -> str:
    return f"{source}:{site}:{native_id}"


# --- Alert -------------------------------------------------------------------------------------


class Window(_Model):
    start: AwareDatetime
    end: AwareDatetime


class Figures(_Model):
    count: float | None = None
    baseline: float | None = None
    ratio: float | None = None
    negative_share: Unit | None = None
    organizing_posts: Count | None = None
    authors: Count | None = None


class Evidence(_Model):
    id: str
    url: str | None = None


class Delivery(_Model):
    channel: str
    sent: bool
    error: str | None = None
    at: AwareDatetime


class Alert(_Model):
    id: str
    rule: str
    level: Level
    platform: str | None = None
    fired_at: AwareDatetime
    window: Window
    reason: str
    figures: Figures = Field(default_factory=Figures)
    evidence: Annotated[list[Evidence], Field(max_length=5)] = Field(default_factory=list)
    gathering: Gathering | None = None
    delivery: list[Delivery] = Field(default_factory=list)


def parse_time(value: str) -> datetime:
    """ISO 8601 with offset → aware datetime (helper for callers outside pydantic)."""
    dt = datetime.fromisoformat(value)
    if dt.tzinfo is None:
        raise ValueError(f"time without offset: {value!r}")
    return dt
