"""Schema v1 (Post, Analysis, Alert): JSON round trips keep every field and the Chinese text as is,
and a record that breaks the contract is refused with a SchemaError naming the fields."""

from __future__ import annotations

import json
from copy import deepcopy
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from pipeline.errors import SchemaError
from pipeline.schema import Alert, Analysis, Post

CST = timezone(timedelta(hours=8))

ANALYSIS: dict[str, Any] = {
    "text_norm": "团贷网的出借人明天上午九点在东莞市政府门口集合维权",
    "tokens": ["团贷网", "的", "出借人", "明天", "上午", "九点", "在", "东莞市政府", "门口", "集合", "维权"],
    "platforms": [{"name": "团贷网", "alias": "团贷网", "start": 0, "end": 3}],
    "sentiment": {"negative": 0.91, "label": "negative", "model": "default"},
    "risk": {"terms": ["维权"], "categories": ["rights"]},
    "organizing": {
        "score": 0.8,
        "is_call": True,
        "cues": [{"type": "gather", "text": "集合", "start": 21, "end": 23}],
        "gathering": {"start": "2019-04-02T09:00:00+08:00", "end": None, "place": "东莞市政府门口",
                      "province": "广东省", "city": "东莞市"},
    },
    "simhash": "0f1e2d3c4b5a6978",
    "analyzed_at": "2019-04-01T12:05:00+00:00",
    "nlp_version": "1.0",
}

POST: dict[str, Any] = {
    "id": "weibo:weibo.com:4890001",
    "schema": 1,
    "source": "weibo",
    "site": "weibo.com",
    "url": "https://weibo.com/1234/4890001",
    "title": None,
    "text": "团贷网的出借人明天上午九点在东莞市政府门口集合维权",
    "author": {"id": "1234", "name": "东莞小王"},
    "published_at": "2019-04-01T20:00:00+08:00",
    "fetched_at": "2019-04-01T20:05:00+08:00",
    "metrics": {"reposts": 12, "comments": 30, "likes": 55, "replies": 0, "views": 900},
    "query": "团贷",
    "parent_id": None,
    "analysis": ANALYSIS,
}

ALERT: dict[str, Any] = {
    "id": "spike:团贷网:2019-04-01T20:00:00+08:00",
    "rule": "spike",
    "level": "medium",
    "platform": "团贷网",
    "fired_at": "2019-04-01T21:00:00+08:00",
    "window": {"start": "2019-04-01T20:00:00+08:00", "end": "2019-04-01T21:00:00+08:00"},
    "reason": "团贷网一小时内40条帖子，平时约3条，负面占比八成",
    "figures": {"count": 40, "baseline": 3.0, "ratio": 13.3, "negative_share": 0.8,
                "organizing_posts": 2, "authors": 31},
    "evidence": [{"id": f"weibo:weibo.com:48900{i:02d}", "url": f"https://weibo.com/1234/48900{i:02d}"}
                 for i in range(5)],
    "gathering": None,
    "delivery": [{"channel": "dingtalk", "sent": True, "error": None, "at": "2019-04-01T21:00:02+08:00"}],
}


def _with(base: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of `base` with the dotted `path` set to `value`."""
    data = deepcopy(base)
    node = data
    *parents, last = path.split(".")
    for key in parents:
        node = node[key]
    node[last] = value
    return data


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)


# --- round trips ------------------------------------------------------------------------------


def test_post_round_trips_through_json_with_chinese_unescaped() -> None:
    post = Post.from_json(_dumps(POST))
    text = post.to_json()
    assert Post.from_json(text) == post
    assert "团贷网的出借人" in text and "东莞小王" in text
    assert "\\u" not in text
    assert json.loads(text)["metrics"]["views"] == 900


def test_post_round_trip_keeps_times_as_the_same_instants() -> None:
    post = Post.from_json(_dumps(POST))
    assert post.published_at == datetime(2019, 4, 1, 20, 0, tzinfo=CST)
    again = json.loads(post.to_json())
    assert datetime.fromisoformat(again["published_at"]) == datetime(2019, 4, 1, 12, 0, tzinfo=UTC)


def test_schema_field_is_serialised_as_schema() -> None:
    out = json.loads(Post.from_json(_dumps(POST)).to_json())
    assert out["schema"] == 1
    assert "schema_version" not in out


def test_a_minimal_post_gets_defaults_and_round_trips() -> None:
    post = Post.from_dict({"id": "forum:bbs.p2p:77", "source": "forum", "site": "bbs.p2p", "text": "小牛在线还能提现吗",
                           "published_at": "2019-09-20T08:00:00+08:00"})
    out = post.to_dict()
    assert out["schema"] == 1 and out["analysis"] is None
    assert out["metrics"] == {"reposts": 0, "comments": 0, "likes": 0, "replies": 0, "views": 0}
    assert Post.from_json(post.to_json()) == post


def test_analysis_round_trips_through_json() -> None:
    analysis = Analysis.from_dict(ANALYSIS)
    text = analysis.to_json()
    assert Analysis.from_json(text) == analysis
    assert "东莞市政府门口" in text and "\\u" not in text


def test_alert_round_trips_through_json() -> None:
    alert = Alert.from_json(_dumps(ALERT))
    text = alert.to_json()
    assert Alert.from_json(text) == alert
    assert "负面占比八成" in text and "\\u" not in text
    assert json.loads(text)["level"] == "medium"


def test_from_json_accepts_utf8_bytes() -> None:
    post = Post.from_json(_dumps(POST).encode("utf-8"))
    assert post.author.name == "东莞小王"


# --- validation errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ("id", "weibo-4890001", "id"),
        ("id", "blog:example.com:1", "id"),
        ("source", "blog", "source"),
        ("published_at", "2019-04-01T20:00:00", "published_at"),
        ("metrics.likes", -1, "metrics.likes"),
        ("likes_total", 3, "likes_total"),
        ("analysis.sentiment.negative", -0.2, "analysis.sentiment.negative"),
        ("analysis.sentiment.negative", 1.5, "analysis.sentiment.negative"),
        ("analysis.simhash", "not-a-hash", "analysis.simhash"),
        ("schema", 2, "schema"),
    ],
    ids=["id-without-source", "id-unknown-source", "source", "naive-time", "negative-metric", "extra-field",
         "negative-below-0", "negative-above-1", "simhash", "schema-version"],
)
def test_invalid_post_raises_schema_error_naming_the_field(path: str, value: Any, field: str) -> None:
    with pytest.raises(SchemaError) as info:
        Post.from_json(_dumps(_with(POST, path, value)))
    assert field in str(info.value)
    assert "Post" in str(info.value)


def test_schema_error_names_every_bad_field() -> None:
    bad = _with(_with(POST, "source", "blog"), "metrics.views", -5)
    with pytest.raises(SchemaError) as info:
        Post.from_dict(bad)
    message = str(info.value)
    assert "source" in message and "metrics.views" in message


def test_missing_required_field_is_named() -> None:
    data = deepcopy(POST)
    del data["text"]
    with pytest.raises(SchemaError, match="text"):
        Post.from_dict(data)


def test_invalid_json_text_is_a_schema_error() -> None:
    with pytest.raises(SchemaError):
        Post.from_json('{"id": "weibo:weibo.com:1", "text": ')


def test_alert_with_more_than_five_evidence_items_is_refused() -> None:
    evidence = [{"id": f"weibo:weibo.com:{i}"} for i in range(6)]
    with pytest.raises(SchemaError, match="evidence"):
        Alert.from_json(_dumps(_with(ALERT, "evidence", evidence)))
    assert len(Alert.from_dict(_with(ALERT, "evidence", evidence[:5])).evidence) == 5


@pytest.mark.parametrize("level", ["critical", "高", "HIGH", ""])
def test_alert_level_outside_high_medium_low_is_refused(level: str) -> None:
    with pytest.raises(SchemaError, match="level"):
        Alert.from_dict(_with(ALERT, "level", level))


@pytest.mark.parametrize("level", ["high", "medium", "low"])
def test_alert_levels_high_medium_low_are_accepted(level: str) -> None:
    assert Alert.from_dict(_with(ALERT, "level", level)).level == level


def test_alert_negative_share_out_of_range_is_refused() -> None:
    with pytest.raises(SchemaError, match="figures.negative_share"):
        Alert.from_dict(_with(ALERT, "figures.negative_share", 1.2))
