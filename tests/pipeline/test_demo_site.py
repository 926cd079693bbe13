"""The `yuqing demo` replay: a six-day story in which 鑫盛财富 collapses, served on 127.0.0.1 in the
formats of a Discuz! forum, the m.weibo.cn API and a news portal, and crawled by the project's own
spiders into the bus — every story post arrives once, with its platform and its time."""

from __future__ import annotations

import json
import socket
import urllib.request
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from pipeline.bus import TOPIC_RAW, open_consumer
from pipeline.demo import pages
from pipeline.demo.crawl import CrawlStageError, crawl_story, write_config
from pipeline.demo.site import StorySite
from pipeline.demo.story import CST, Story, StoryPost, build_story, demo_now, story_summary
from pipeline.watchlist import load_watchlist


@pytest.fixture(scope="module")
def story() -> Story:
    return build_story()


def _names(story_platforms: tuple[str, ...], watchlist: Any) -> dict[str, tuple[str, ...]]:
    by_name = {p.name: (p.name, *p.aliases) for p in watchlist.platforms}
    return {name: by_name[name] for name in story_platforms}


def test_the_story_runs_six_days_up_to_now_and_ends_in_a_call_to_gather(story: Story) -> None:
    assert 300 <= len(story.posts) <= 600
    assert {p.source for p in story.posts} == {"forum", "weibo", "news"}
    assert all(story.now - timedelta(days=6) <= p.published_at <= story.now for p in story.posts)
    assert story.posts[-1].published_at >= story.now - timedelta(minutes=30)
    assert story.gathering > story.now and story.gathering.hour == 9

    def day_count(platform: str, day: int) -> int:
        lo, hi = story.now - timedelta(days=day + 1), story.now - timedelta(days=day)
        return sum(1 for p in story.posts if platform in p.platforms and lo < p.published_at <= hi)

    # 鑫盛财富 is quiet at first and then heats up day after day.
    assert max(day_count("鑫盛财富", 5), day_count("鑫盛财富", 4)) <= 10 and day_count("鑫盛财富", 0) >= 60
    assert day_count("鑫盛财富", 0) > day_count("鑫盛财富", 1) > day_count("鑫盛财富", 2)
    complaints = [p for p in story.posts if "安达金服" in p.platforms and "催收" in p.text]
    assert len(complaints) == 1  # the lone complaint stays alone

    call = next(p for p in story.of("weibo") if p.text.startswith("【通知】"))
    assert "杭州市拱墅区人民政府门口" in call.text and "集合" in call.text and "横幅" in call.text
    assert f"（周{'一二三四五六日'[story.gathering.weekday()]}）上午9点" in call.text
    news = [p for p in story.of("news") if "暴雷" in (p.title or "")]
    assert news and news[0].author == "钱江财经"


def test_the_summary_tells_the_story_in_order_with_the_gathering_date() -> None:
    now = demo_now()
    beats = story_summary(now)
    assert 6 <= len(beats) <= 12
    gathering = build_story(now).gathering
    assert f"{gathering.month}月{gathering.day}日" in beats[-1][1] and "拱墅区人民政府" in beats[-1][1]
    assert any("暴雷" in text for _at, text in beats) and any("维权" in text for _at, text in beats)
    assert all(at.split()[0].endswith("日") for at, _text in beats)


def test_the_same_now_gives_the_same_story() -> None:
    now = demo_now().replace(hour=15, minute=0)
    first, second = build_story(now), build_story(now.astimezone(CST))
    assert [(p.key, p.published_at, p.text) for p in first.posts] == [
        (p.key, p.published_at, p.text) for p in second.posts]


def test_the_site_answers_on_loopback_only(story: Story) -> None:
    with StorySite(story) as site:
        host, port = site.address
        assert host == "127.0.0.1" and site.url == f"http://127.0.0.1:{port}"
        with urllib.request.urlopen(f"{site.url}/bbs/forum-5-1.html", timeout=5) as answer:
            assert "鑫盛财富" in answer.read().decode("utf-8")
        others = {str(info[4][0]) for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
        for address in others - {"127.0.0.1"}:
            if address.startswith("127."):
                continue
            with pytest.raises(OSError), socket.create_connection((address, port), timeout=2):
                pass


def test_post_text_is_escaped_on_every_page(story: Story) -> None:
    evil = StoryPost(key="weibo:1", source="weibo", native_id="1", platforms=("鑫盛财富",),
                     published_at=story.now, author="<b>x</b>", text="鑫盛<script>alert(1)</script>&")
    html = json.loads(pages.weibo_search(story, [evil], "鑫盛", 1))["data"]["cards"][-1]["mblog"]["text"]
    assert "<script>" not in html and "&lt;script&gt;" in html
    article = pages.news_article(StoryPost(key="news:1", source="news", native_id="1", platforms=(),
                                           published_at=story.now, author="来源", title="<i>标题</i>", text=evil.text))
    assert "<script>" not in article and "<i>" not in article


def test_weibo_search_finds_a_platform_by_its_aliases_newest_first(story: Story) -> None:
    site = StorySite(story)  # not started: answers are computed the same way
    try:
        _status, _ctype, body = site.answer(
            "/api/container/getIndex?containerid=100103type%3D1%26q%3D%E9%91%AB%E7%9B%9B%E8%B4%A2%E5%AF%8C"
            "&page_type=searchall&page=1")
        blogs = [c["mblog"] for c in json.loads(body)["data"]["cards"] if "mblog" in c]
        assert len(blogs) == pages.WEIBO_PER_PAGE
        assert all("鑫盛" in b["text"] for b in blogs)
        assert any("retweeted_status" in b for b in blogs)  # the call to gather is being reposted
        _status, _ctype, end = site.answer("/api/container/getIndex?containerid=100103type%3D1%26q%3D%E9%91%AB"
                                           "%E7%9B%9B%E8%B4%A2%E5%AF%8C&page=99")
        assert json.loads(end)["ok"] == 0
    finally:
        site.stop()


def test_the_real_spiders_deliver_every_story_post_to_posts_raw(story: Story, tmp_path: Path) -> None:
    bus = f"sqlite:///{tmp_path / 'bus.db'}"
    with StorySite(story) as site:
        config = write_config(tmp_path, site.url)
        summaries = crawl_story(site.url, tmp_path, bus, config)
    assert [s["source"] for s in summaries] == ["forum", "weibo", "news"]
    assert all(s["ok"] and not s["errors"] and not s["blocked"] for s in summaries)

    consumer = open_consumer(bus, [TOPIC_RAW], "demo-test")
    arrived: list[dict[str, Any]] = []
    while batch := consumer.poll(500, 0.5):
        arrived += [json.loads(m.value) for m in batch]
    consumer.close()
    assert len({p["id"] for p in arrived}) == len(arrived) == len(story.posts)

    watchlist = load_watchlist(tmp_path / "watchlist.yaml")
    keys = story.by_key()
    expected_id = {"forum": "forum:bbs.demo:{}", "weibo": "weibo:weibo.demo:{}"}
    by_id = {p["id"]: p for p in arrived}
    by_url = {p["url"]: p for p in arrived if p["source"] == "news"}
    for post in story.posts:
        if post.source == "news":
            got = by_url[site.url + pages.article_path(post)]
            assert got["title"] == post.title and got["author"]["name"] == post.author
        else:
            got = by_id[expected_id[post.source].format(post.native_id)]
            assert got["text"] == post.text
        assert got["published_at"] == post.published_at.isoformat()
        parent = keys[post.parent] if post.parent else None
        if parent is not None:
            assert got["parent_id"] == expected_id[parent.source].format(parent.native_id)
        # A forum reply may just say 顶: its thread names the platform.
        about = parent if parent is not None and post.source == "forum" else post
        said = f"{about.title or ''} {about.text}"
        for name, words in _names(post.platforms, watchlist).items():
            assert any(w in said for w in words), f"{post.key} should name {name}"


def test_a_site_that_is_gone_stops_the_crawl_stage_with_the_spiders_named(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    config = write_config(tmp_path, dead)
    with pytest.raises(CrawlStageError) as failure:
        crawl_story(dead, tmp_path, f"sqlite:///{tmp_path / 'bus.db'}", config)
    message = str(failure.value)
    assert all(f"{source}: exit 1" in message for source in ("forum", "weibo", "news"))
