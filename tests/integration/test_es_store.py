"""The Elasticsearch store against a real Elasticsearch API (osmem-server) with the official client."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest

from pipeline.schema import Alert, Post
from pipeline.store import PostFilter, StoreError, StoreUnavailable
from pipeline.store.elasticsearch import ElasticStore
from pipeline.store.mapping import alerts_mapping, mapping_paths, posts_mapping, schema_paths

T0 = datetime(2024, 5, 20, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai


def analysis(
    tokens: list[str], platforms: list[str], negative: bool = False, is_call: bool = False
) -> dict[str, Any]:
    text = "".join(tokens)
    return {
        "text_norm": text,
        "tokens": tokens,
        "platforms": [{"name": p, "alias": p, "start": 0, "end": len(p)} for p in platforms],
        "sentiment": {
            "negative": 0.9 if negative else 0.2,
            "label": "negative" if negative else "neutral",
            "model": "test",
        },
        "risk": {"terms": [], "categories": []},
        "organizing": {
            "score": 0.8 if is_call else 0.0,
            "is_call": is_call,
            "cues": [{"type": "group", "text": "维权群", "start": 0, "end": 3}] if is_call else [],
            "gathering": None,
        },
        "simhash": "0123456789abcdef",
        "analyzed_at": T0.isoformat(),
        "nlp_version": "test",
    }


def post(
    n: int, minutes: int, tokens: list[str], platforms: list[str], likes: int = 0, **flags: bool
) -> Post:
    return Post.from_dict(
        {
            "id": f"weibo:weibo.com:{n}",
            "source": "weibo",
            "site": "weibo.com",
            "url": f"https://weibo.com/{n}",
            "text": "".join(tokens),
            "published_at": (T0 + timedelta(minutes=minutes)).isoformat(),
            "metrics": {"likes": likes},
            "analysis": analysis(tokens, platforms, **flags),
        }
    )


# A 团贷网 morning: 3 posts in the 01:00 UTC hour, 2 in the 02:00 hour; one 小牛在线 post.
POSTS = [
    post(
        1,
        5,
        ["团贷网", "暴雷", "了", "，", "本金", "还", "能", "拿回", "吗"],
        ["团贷网"],
        likes=3,
        negative=True,
    ),
    post(
        2,
        20,
        ["团贷网", "维权群", "已", "建", "，", "周五", "上午", "集合"],
        ["团贷网"],
        likes=40,
        negative=True,
        is_call=True,
    ),
    post(3, 50, ["团贷网", "今天", "正常", "回款"], ["团贷网"], likes=1),
    post(
        4, 70, ["团贷网", "逾期", "，", "大家", "去", "报案"], ["团贷网", "小牛在线"], likes=12, negative=True
    ),
    post(5, 90, ["团贷网", "的", "公告", "看", "了", "吗"], ["团贷网"], likes=12),
    post(6, 30, ["小牛在线", "提现", "很", "慢"], ["小牛在线"], likes=2, negative=True),
]


def _wipe(store: ElasticStore) -> None:
    es = store._es
    for index in ("posts-*", "alerts-*", "yuqing-state"):
        es.options(ignore_status=404).indices.delete(
            index=index, allow_no_indices=True, expand_wildcards="all"
        )
    for name in ("yuqing-posts", "yuqing-alerts"):
        es.options(ignore_status=404).indices.delete_index_template(name=name)


@pytest.fixture(scope="module")
def store(es_url: str) -> Iterator[ElasticStore]:
    s = ElasticStore.from_url(es_url, os.environ, segment=str.split)
    _wipe(s)
    assert s.setup()
    s.write_posts(POSTS)
    s.refresh()
    yield s
    s.close()


def test_setup_is_idempotent(store: ElasticStore) -> None:
    assert store.setup() == []  # templates and the state index were made by the fixture


def test_rewriting_the_same_posts_keeps_the_count(store: ElasticStore) -> None:
    assert store.count_posts() == 6
    store.write_posts(POSTS[:3])  # a redelivered batch
    store.refresh()
    assert store.count_posts() == 6


def test_counts_per_platform_per_hour(store: ElasticStore) -> None:
    window = PostFilter(start=T0, end=T0 + timedelta(hours=3))
    hour = timedelta(hours=1)
    assert store.counts(window, hour) == {
        "团贷网": [(T0, 3), (T0 + hour, 2)],
        "小牛在线": [(T0, 1), (T0 + hour, 1)],
    }
    negative = PostFilter(start=T0, end=T0 + timedelta(hours=3), negative=True, platform="团贷网")
    assert store.counts(negative, hour) == {"团贷网": [(T0, 2), (T0 + hour, 1)]}
    calls = PostFilter(is_call=True)
    assert store.counts(calls, hour) == {"团贷网": [(T0, 1)]}
    assert store.count_posts(PostFilter(negative=False)) == 2
    assert store.count_posts(PostFilter(platform="小牛在线", end=T0 + timedelta(hours=1))) == 1


def test_top_posts_by_engagement_newest_first_on_ties(store: ElasticStore) -> None:
    top = store.top_posts(PostFilter(platform="团贷网"), limit=3)
    assert [p["id"] for p in top] == ["weibo:weibo.com:2", "weibo:weibo.com:5", "weibo:weibo.com:4"]
    assert Post.from_dict(top[0]) == POSTS[1]  # the stored document is the schema v1 post


def test_search_finds_a_post_by_a_chinese_word(store: ElasticStore) -> None:
    assert [p["id"] for p in store.search("维权群")] == ["weibo:weibo.com:2"]
    assert {p["id"] for p in store.search("提现")} == {"weibo:weibo.com:6"}
    assert store.search("暴雷", PostFilter(platform="小牛在线")) == []
    assert store.search("集资诈骗") == []


def test_search_segments_the_query_with_jieba(es_url: str, analyzer: Any) -> None:
    """Indexed tokens come from the nlp analyzer; the query is cut by the default segmenter."""
    s = ElasticStore.from_url(es_url, os.environ)
    text = "团贷网暴雷以后，投资人在维权群里商量周五去经侦报案"
    a = analyzer.analyze([{"id": "x", "text": text, "published_at": T0.isoformat()}])[0].analysis
    p = Post.from_dict(
        {
            "id": "forum:bbs:77",
            "source": "forum",
            "site": "bbs",
            "text": text,
            "published_at": T0.isoformat(),
            "analysis": a,
        }
    )
    s.write_posts([p])
    s.refresh()
    assert "forum:bbs:77" in [h["id"] for h in s.search("经侦报案")]
    assert "forum:bbs:77" in [h["id"] for h in s.search("投资人 维权")]


def test_alerts_round_trip(store: ElasticStore) -> None:
    alert = Alert.from_dict(
        {
            "id": "spike:团贷网:2024-05-20T01",
            "rule": "spike",
            "level": "medium",
            "platform": "团贷网",
            "fired_at": (T0 + timedelta(hours=2)).isoformat(),
            "window": {"start": T0.isoformat(), "end": (T0 + timedelta(hours=1)).isoformat()},
            "reason": "团贷网 1 小时内 40 条讨论，平时约 3 条",
            "figures": {"count": 40, "baseline": 3, "ratio": 13.3},
            "evidence": [{"id": "weibo:weibo.com:2", "url": "https://weibo.com/2"}],
            "delivery": [{"channel": "log", "sent": True, "at": (T0 + timedelta(hours=2)).isoformat()}],
        }
    )
    store.write_alert(alert)
    store.write_alert(alert)  # re-written after a delivery attempt: still one alert
    store.refresh()
    assert store.alerts(platform="团贷网") == [alert]
    assert store.alerts(start=T0 + timedelta(hours=3)) == []
    assert store.alerts(platform="小牛在线") == []


def test_state_round_trip(store: ElasticStore) -> None:
    assert store.get_state("alerts.last_run") is None
    store.put_state("alerts.last_run", {"at": T0.isoformat(), "silenced": ["团贷网"]})
    store.put_state("alerts.last_run", {"at": (T0 + timedelta(minutes=5)).isoformat(), "silenced": []})
    assert store.get_state("alerts.last_run") == {
        "at": (T0 + timedelta(minutes=5)).isoformat(),
        "silenced": [],
    }


def test_an_unreachable_store_is_unavailable_quickly() -> None:
    s = ElasticStore.from_url("http://127.0.0.1:9/", {}, timeout=2.0)
    started = time.monotonic()
    with pytest.raises(StoreUnavailable):
        s.write_posts(POSTS[:1])
    with pytest.raises(StoreUnavailable):
        s.count_posts()
    assert time.monotonic() - started < 5


def test_credentials_never_appear_in_errors(es_url: str) -> None:
    host = urlsplit(es_url).netloc
    env = {"YUQING_ES_PLAIN_JSON": "1", "YUQING_ES_API_KEY": "s3cr3t-api-key"}
    s = ElasticStore.from_url(f"http://duty:hunter2-pw@{host}", env)
    with pytest.raises(StoreError) as refused:
        s._call("counting", s._es.count, index="posts-*", query={"no_such_query": {}})
    down = ElasticStore.from_url("http://duty:hunter2-pw@127.0.0.1:9", env, timeout=1.0)
    with pytest.raises(StoreUnavailable) as unreachable:
        down.write_posts([post(99, 0, ["x"], [])])
    for exc in (refused.value, unreachable.value):
        text = f"{exc} {exc!r} {down!r} {s!r}"
        assert "hunter2-pw" not in text and "s3cr3t-api-key" not in text and "duty:" not in text


def test_a_refused_document_names_its_post(store: ElasticStore, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.store.elasticsearch as es_store

    real = es_store.post_document
    # A field the strict mapping does not know: what schema drift would look like on the wire.
    monkeypatch.setattr(es_store, "post_document", lambda p: {**real(p), "drifted": 1})
    with pytest.raises(StoreError) as refused:
        store.write_posts([post(50, 0, ["x"], ["团贷网"])])
    assert not isinstance(refused.value, StoreUnavailable)
    assert "weibo:weibo.com:50" in str(refused.value)


def test_the_mapping_covers_every_schema_field() -> None:
    for model, mapping in ((Post, posts_mapping()), (Alert, alerts_mapping())):
        missing = set(schema_paths(model)) - set(mapping_paths(mapping["properties"]))
        assert not missing, f"{model.__name__} fields without a mapping: {sorted(missing)}"
    analysis = posts_mapping()["properties"]["analysis"]["properties"]
    assert "type" not in analysis["organizing"]["properties"]["cues"]  # a plain object: cheap to index
    assert analysis["tokens"]["index"] is False  # searched through tokens_text instead
    assert alerts_mapping()["properties"]["delivery"]["type"] == "nested"
