"""The county desk's store: one SQLite file that the worker writes, and the alert service, `yuqing
search` and `yuqing report` read — from separate processes, across restarts."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from nlp.analyze import Analyzer
from pipeline.errors import ConfigError
from pipeline.schema import Alert, Post
from pipeline.store import PostFilter, StoreError, StoreUnavailable, open_store
from pipeline.store.sqlite import SqliteStore
from pipeline.store.sqlite_query import match_expression

CST = timezone(timedelta(hours=8))
HOUR = timedelta(hours=1)
# (native id, Beijing time, text, negative?, call to gather?, likes)
STORY = [
    ("1", "10:05", "团贷网暴雷了，大家明天上午九点去东莞市政府门口集合维权", True, True, 50),
    ("2", "10:40", "团贷网逾期了，提现一直不到账，本金怕是拿不回来了", True, False, 80),
    ("3", "11:10", "团贷网的良性退出方案公布了，回款进度还算正常", False, False, 80),
    ("4", "11:20", "小牛在线的出借人说这个月的回款已经到账了", False, False, 5),
    ("5", "11:50", "红岭创投和团贷网都出事了，投资人的血汗钱没了", True, False, 300),
    ("6", "12:30", "今天东莞的天气不错，适合出门散步", False, False, 1),
]


def make_post(native: str, hhmm: str, text: str, analysis: dict[str, Any] | None, likes: int = 0) -> Post:
    return Post.from_dict({
        "id": f"weibo:weibo.com:{native}", "source": "weibo", "site": "weibo.com", "text": text,
        "url": f"https://weibo.com/{native}", "published_at": f"2026-11-20T{hhmm}:00+08:00",
        "metrics": {"likes": likes, "views": 10_000}, "analysis": analysis,
    })


def analyzed(analyzer: Analyzer, native: str, hhmm: str, text: str, negative: bool, call: bool, likes: int) -> Post:
    [outcome] = analyzer.analyze([{"text": text, "published_at": f"2026-11-20T{hhmm}:00+08:00"}])
    analysis = outcome.analysis
    assert analysis is not None
    # Pin the model's verdicts so the story's numbers do not move with the sentiment model.
    analysis["sentiment"].update(negative=0.9 if negative else 0.1, label="negative" if negative else "neutral")
    analysis["organizing"]["is_call"] = call
    return make_post(native, hhmm, text, analysis, likes)


@pytest.fixture(scope="module")
def story(analyzer: Analyzer) -> list[Post]:
    return [analyzed(analyzer, *row) for row in STORY]


@pytest.fixture()
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/desk/yuqing.db"


@pytest.fixture()
def store(url: str, story: list[Post], analyzer: Analyzer):
    st = SqliteStore.from_url(url, cut=analyzer.segmenter.cut)
    st.setup()
    st.write_posts(story)
    yield st
    st.close()


def at(hhmm: str) -> datetime:
    return datetime.fromisoformat(f"2026-11-20T{hhmm}:00+08:00").astimezone(UTC)


def ids(posts: list[dict[str, Any]]) -> list[str]:
    return [p["id"].rsplit(":", 1)[1] for p in posts]


def test_setup_creates_the_tables_once(url: str) -> None:
    st = open_store(url)
    created = st.setup()
    assert {"posts", "post_platforms", "posts_fts", "alerts", "state"} <= set(created)
    assert st.setup() == []
    st.close()
    reopened = open_store(url)
    assert reopened.setup() == []
    reopened.close()


def test_a_redelivered_batch_overwrites_instead_of_duplicating(store: SqliteStore, story: list[Post]) -> None:
    assert store.count_posts() == 6
    store.write_posts(story)
    store.write_posts(story[:2])
    assert store.count_posts() == 6
    assert store.count_posts(PostFilter(platform="团贷网")) == 4


def test_a_rewritten_post_replaces_its_platforms_and_its_text(store: SqliteStore, story: list[Post]) -> None:
    post5 = story[4].model_copy(deep=True)
    assert post5.analysis is not None
    post5.analysis.platforms = [m for m in post5.analysis.platforms if m.name == "红岭创投"]
    post5.analysis.tokens = ["红岭创投", "出事", "了"]
    post5.metrics.likes = 0
    store.write_posts([post5])
    assert store.count_posts() == 6
    assert store.count_posts(PostFilter(platform="团贷网")) == 3
    assert ids(store.search("血汗钱")) == []
    assert ids(store.search("红岭创投")) == ["5"]
    assert ids(store.top_posts(PostFilter(), limit=1)) == ["3"]


def test_a_post_without_analysis_is_stored_but_names_no_platform(store: SqliteStore) -> None:
    store.write_posts([make_post("7", "12:45", "转发微博", None, likes=2)])
    assert store.count_posts() == 7
    assert store.count_posts(PostFilter(negative=False)) == 4
    assert "7" not in ids(store.search("转发"))
    assert sum(n for series in store.counts(PostFilter(), HOUR).values() for _, n in series) == 6


def test_posts_per_platform_per_hour(store: SqliteStore) -> None:
    # 10:05 and 10:40 Beijing are 02:xx UTC; buckets align to the epoch, so to whole UTC hours.
    assert store.counts(PostFilter(), HOUR) == {
        "团贷网": [(at("10:00"), 2), (at("11:00"), 2)],
        "小牛在线": [(at("11:00"), 1)],
        "红岭创投": [(at("11:00"), 1)],
    }
    for series in store.counts(PostFilter(), HOUR).values():
        assert all(start.tzinfo is not None and start.utcoffset() == timedelta(0) for start, _ in series)


def test_negative_and_call_filters_and_the_time_window(store: SqliteStore) -> None:
    tuandai = PostFilter(platform="团贷网", negative=True)
    assert store.counts(tuandai, HOUR) == {"团贷网": [(at("10:00"), 2), (at("11:00"), 1)]}
    assert store.counts(PostFilter(is_call=True), HOUR) == {"团贷网": [(at("10:00"), 1)]}
    window = PostFilter(start=at("10:40"), end=at("11:50"))
    assert store.counts(window, timedelta(minutes=30)) == {
        "团贷网": [(at("10:30"), 1), (at("11:00"), 1)],
        "小牛在线": [(at("11:00"), 1)],
    }
    assert store.count_posts(window) == 3
    assert store.count_posts(PostFilter(negative=True)) == 3
    assert store.count_posts(PostFilter(negative=False, is_call=False)) == 3
    assert store.count_posts(PostFilter(platform="红岭创投", is_call=True)) == 0


def test_top_posts_by_engagement_newest_first_on_ties(store: SqliteStore) -> None:
    top = store.top_posts(PostFilter(platform="团贷网"), limit=3)
    assert ids(top) == ["5", "3", "2"]  # 300 likes; then 80 and 80: 11:10 before 10:40
    assert top[0]["analysis"]["platforms"][0]["name"] == "红岭创投"
    Post.from_dict(top[0])  # what comes back is the stored Post, whole
    assert ids(store.top_posts(PostFilter(negative=True, end=at("11:00")))) == ["2", "1"]


def test_chinese_search_by_a_word_and_by_two_words(store: SqliteStore) -> None:
    assert sorted(ids(store.search("团贷网"))) == ["1", "2", "3", "5"]
    assert ids(store.search("回款到账")) == ["4"]
    assert ids(store.search("团贷网 提现")) == ["2"]
    assert ids(store.search("团贷网提现")) == ["2"]
    assert sorted(ids(store.search("东莞"))) == ["1", "6"]
    assert ids(store.search("团贷网", PostFilter(is_call=True))) == ["1"]
    assert ids(store.search("团贷网", PostFilter(platform="红岭创投"))) == ["5"]
    assert store.search("区块链") == []


def test_search_ranks_the_post_most_about_the_words_first(store: SqliteStore, analyzer: Analyzer) -> None:
    store.write_posts([
        analyzed(analyzer, "8", "13:00", "维权群已经建好了，想维权的投资人私信我，维权要趁早", True, True, 0),
        analyzed(analyzer, "9", "13:05", "听说有人在组织维权，不过平台说本月会公布新的兑付方案，大家再等等看吧", False, False, 900),
    ])
    # bm25: three mentions in a short post beat one in a short post beat one in a long post; likes do not count
    assert ids(store.search("维权")) == ["8", "1", "9"]


def test_a_platform_name_is_found_with_the_default_query_segmenter(url: str, story: list[Post]) -> None:
    # Without the watchlist, jieba cuts 红岭创投 into 红|岭|创投; the index holds it whole.
    st = open_store(url)
    st.setup()
    st.write_posts(story)
    assert ids(st.search("红岭创投")) == ["5"]
    st.close()


@pytest.mark.parametrize("query", [
    '"团贷网', '团贷网" OR "小牛', "NEAR(团贷网 提现)", "团贷*", "(团贷网", "团贷网)", "AND", "NOT 团贷网",
    "tokens:团贷网", "^团贷网", "- + :", '""', "", "   ",
])
def test_fts_syntax_in_a_query_is_plain_text(store: SqliteStore, query: str) -> None:
    found = store.search(query)
    assert all(isinstance(post, dict) for post in found)


def test_operators_are_quoted_words() -> None:
    assert match_expression('NEAR("a" b) OR *', str.split) == '"NEAR(""a""" AND "b)" AND "OR"'
    assert match_expression("( ) * ^", lambda s: [s]) is None
    assert match_expression("红岭创投", lambda s: ["红", "岭", "创投"]) == '(("红" AND "岭" AND "创投") OR "红岭创投")'


def alert(n: int, platform: str | None, level: str = "medium") -> Alert:
    fired = at("11:00") + n * timedelta(minutes=10)
    return Alert.from_dict({
        "id": f"spike:{platform}:{n}", "rule": "spike", "level": level, "platform": platform,
        "fired_at": fired.isoformat(), "window": {"start": (fired - HOUR).isoformat(), "end": fired.isoformat()},
        "reason": f"{platform} 一小时内 {n * 10} 条帖子，平时约 3 条",
        "figures": {"count": n * 10, "baseline": 3.0, "ratio": n * 10 / 3},
        "evidence": [{"id": "weibo:weibo.com:1", "url": "https://weibo.com/1"}],
    })


def test_alerts_round_trip_newest_first(store: SqliteStore) -> None:
    for a in (alert(1, "团贷网"), alert(2, "小牛在线"), alert(3, "团贷网", "high"), alert(4, None)):
        store.write_alert(a)
    doc = alert(3, "团贷网", "high").to_dict()
    doc["delivery"] = [{"channel": "dingtalk", "sent": True, "error": None, "at": at("11:31").isoformat()}]
    sent = Alert.from_dict(doc)
    store.write_alert(sent)  # the delivery attempt recorded on the same alert id
    got = store.alerts()
    assert [a.id for a in got] == ["spike:None:4", "spike:团贷网:3", "spike:小牛在线:2", "spike:团贷网:1"]
    assert got[1] == sent
    assert [a.id for a in store.alerts(platform="团贷网")] == ["spike:团贷网:3", "spike:团贷网:1"]
    assert [a.id for a in store.alerts(start=at("11:20"), limit=1)] == ["spike:None:4"]


def test_service_state_round_trip(store: SqliteStore) -> None:
    assert store.get_state("alerts.last_run") is None
    store.put_state("alerts.last_run", {"at": "2026-11-20T12:00:00+08:00", "silenced": ["团贷网"]})
    store.put_state("alerts.last_run", {"at": "2026-11-20T12:05:00+08:00", "silenced": []})
    assert store.get_state("alerts.last_run") == {"at": "2026-11-20T12:05:00+08:00", "silenced": []}
    with pytest.raises(StoreError):
        store.put_state("bad", {"when": datetime.now(UTC)})


def test_another_process_sees_the_writes_and_writes_back(store: SqliteStore, url: str) -> None:
    store.put_state("worker", {"batches": 3})
    script = (
        "import json, sys\n"
        "from pipeline.store import PostFilter, open_store\n"
        "st = open_store(sys.argv[1])\n"
        "st.put_state('alerter', {'seen': st.count_posts()})\n"
        "print(json.dumps({'posts': st.count_posts(), 'tuandai': st.count_posts(PostFilter(platform='团贷网')),\n"
        "                  'state': st.get_state('worker')}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, url], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"posts": 6, "tuandai": 4, "state": {"batches": 3}}
    assert store.get_state("alerter") == {"seen": 6}


def test_a_read_only_database_is_unavailable_not_broken(store: SqliteStore, url: str, story: list[Post]) -> None:
    store.close()
    ro = open_store(url + "?mode=ro")
    try:
        with pytest.raises(StoreUnavailable):
            ro.write_posts(story[:1])
        with pytest.raises(StoreUnavailable):
            ro.put_state("x", {})
    finally:
        ro.close()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes through file permissions")
def test_a_file_without_write_permission_is_unavailable(store: SqliteStore, url: str, story: list[Post]) -> None:
    store.close()
    path = Path(url.removeprefix("sqlite:///"))
    for p in path.parent.iterdir():
        p.chmod(0o444)
    path.parent.chmod(0o555)
    try:
        with pytest.raises(StoreUnavailable):
            st = open_store(url)
            st.write_posts(story[:1])
    finally:
        path.parent.chmod(0o755)


def test_a_locked_database_is_unavailable(store: SqliteStore, url: str) -> None:
    holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        impatient = SqliteStore.from_url(url, busy_timeout_s=0.1)
        with pytest.raises(StoreUnavailable):
            impatient.write_alert(alert(1, "团贷网"))
        assert impatient.count_posts() == 6  # WAL: readers are not blocked by the writer
        impatient.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_store_never_set_up_is_an_error_not_an_outage(url: str) -> None:
    st = open_store(url)
    with pytest.raises(StoreError, match="yuqing setup") as info:
        st.count_posts()
    assert not isinstance(info.value, StoreUnavailable)
    st.close()


def test_unknown_store_urls_are_config_errors() -> None:
    with pytest.raises(ConfigError):
        open_store("mongodb://localhost")
