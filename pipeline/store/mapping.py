"""Elasticsearch mappings, index templates and the retention policy, derived from `pipeline.schema`.

Walking the pydantic models keeps the mapping from drifting: a new schema field gets a mapped type
(or the build fails), and `dynamic: strict` makes a field the mapping lacks a write error.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import AwareDatetime, BaseModel

from pipeline.schema import Alert, Post

POSTS_TEMPLATE = "yuqing-posts"
ALERTS_TEMPLATE = "yuqing-alerts"
POSTS_PATTERN = "posts-*"
ALERTS_PATTERN = "alerts-*"
STATE_INDEX = "yuqing-state"
ILM_POLICY = "yuqing-retention"
DEFAULT_RETENTION_DAYS = 180

# Chinese full text: `tokens_text` holds the jieba tokens joined by spaces (whitespace analyzer: no
# Chinese plugin needed, same words as the NLP saw); free-text fields use Lucene's built-in `cjk`
# analyzer (character bigrams), so a query word that is part of a longer jieba token still matches.
TEXT_FIELDS = {"title", "text", "reason"}
FLAT_ARRAYS = {"analysis.platforms", "analysis.organizing.cues"}
# Kept in the document but not indexed: search goes through `tokens_text` and `text`, so indexing
# the same words again (normalized text, the token array) only costs the cluster time.
STORED_ONLY = {"analysis.text_norm": {"type": "text", "index": False},
               "analysis.tokens": {"type": "keyword", "index": False, "doc_values": False}}
KEYWORD = {"type": "keyword", "ignore_above": 4096}
TEXT = {"type": "text", "analyzer": "cjk", "fields": {"keyword": {"type": "keyword", "ignore_above": 256}}}
ANALYSIS_SETTINGS = {
    "analyzer": {"yuqing_tokens": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]}}
}
# Fields the store adds to each post document (not part of schema v1).
POST_EXTRAS: dict[str, dict[str, Any]] = {
    "tokens_text": {"type": "text", "analyzer": "yuqing_tokens"},
    "platforms_names": {"type": "keyword"},
    "engagement": {"type": "long"},
}
_SCALARS: dict[type, dict[str, Any]] = {
    str: KEYWORD,
    bool: {"type": "boolean"},  # before int: bool is an int subclass
    int: {"type": "long"},
    float: {"type": "float"},
    datetime: {"type": "date"},
}


def _unwrap(tp: Any) -> tuple[Any, bool]:
    """Strip Annotated and Optional; returns (inner type, is a list)."""
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            if len(args) != 1:
                raise TypeError(f"cannot map union {tp!r}")
            tp = args[0]
        elif origin is list:
            inner, _ = _unwrap(get_args(tp)[0])
            return inner, True
        else:
            return tp, False


def _field_type(tp: Any, path: str) -> dict[str, Any]:
    inner, is_list = _unwrap(tp)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        props = model_properties(inner, prefix=f"{path}.")
        # Post arrays (platform mentions, cues) are plain objects: nested ones cost a hidden document
        # each at index time, and no question here needs per-object matching (platforms_names
        # serves the aggregations). Alert arrays stay nested: few documents, exact per-attempt queries.
        nested = is_list and path not in FLAT_ARRAYS
        return {"type": "nested", "properties": props} if nested else {"properties": props}
    if path in STORED_ONLY:
        return dict(STORED_ONLY[path])
    if path in TEXT_FIELDS:
        return dict(TEXT)
    if get_origin(inner) is Literal:
        inner = type(get_args(inner)[0])
    if inner is AwareDatetime:  # pydantic's marker class, not a datetime subclass
        inner = datetime
    for py, es in _SCALARS.items():
        if isinstance(inner, type) and issubclass(inner, py):
            return dict(es)
    raise TypeError(f"no Elasticsearch type for schema field {path!r} ({tp!r})")


def model_properties(model: type[BaseModel], prefix: str = "") -> dict[str, Any]:
    """Mapping `properties` for a model; names are the JSON names (aliases, e.g. `schema`)."""
    props: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        props[key] = _field_type(info.annotation, f"{prefix}{key}")
    return props


def schema_paths(model: type[BaseModel], prefix: str = "") -> Iterator[str]:
    """Every dotted JSON path of a model, nested models included (what the mapping must cover)."""
    for name, info in model.model_fields.items():
        key = f"{prefix}{info.alias or name}"
        yield key
        inner, _ = _unwrap(info.annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            yield from schema_paths(inner, prefix=f"{key}.")


def mapping_paths(properties: dict[str, Any], prefix: str = "") -> Iterator[str]:
    for key, spec in properties.items():
        yield f"{prefix}{key}"
        if "properties" in spec:
            yield from mapping_paths(spec["properties"], prefix=f"{prefix}{key}.")


def posts_mapping() -> dict[str, Any]:
    return {"dynamic": "strict", "properties": {**model_properties(Post), **POST_EXTRAS}}


def alerts_mapping() -> dict[str, Any]:
    return {"dynamic": "strict", "properties": model_properties(Alert)}


def state_mapping() -> dict[str, Any]:
    """Service state: opaque JSON per key (not indexed), plus when it was written."""
    return {
        "dynamic": "strict",
        "properties": {
            "key": {"type": "keyword"},
            "value": {"type": "object", "enabled": False},
            "updated_at": {"type": "date"},
        },
    }


def index_template(pattern: str, mapping: dict[str, Any], ilm: bool) -> dict[str, Any]:
    """An `_index_template` body; the ILM setting only when the server has ILM."""
    settings: dict[str, Any] = {"analysis": ANALYSIS_SETTINGS}
    if ilm:
        settings["index.lifecycle.name"] = ILM_POLICY
    return {"index_patterns": [pattern], "priority": 200, "template": {"settings": settings, "mappings": mapping}}


def ilm_policy(retention_days: int = DEFAULT_RETENTION_DAYS) -> dict[str, Any]:
    """Hot, then deleted `retention_days` after the monthly index was created (no rollover).

    Only when the server answers the `_ilm` API: OpenSearch-flavoured ones (osmem) say 400 "no handler".
    """
    return {
        "phases": {
            "hot": {"min_age": "0ms", "actions": {}},
            "delete": {"min_age": f"{retention_days}d", "actions": {"delete": {}}},
        }
    }


def monthly_index(prefix: str, when: datetime) -> str:
    """`posts-2024.05`: the UTC month of the given time."""
    return f"{prefix}-{when.astimezone(UTC):%Y.%m}"
