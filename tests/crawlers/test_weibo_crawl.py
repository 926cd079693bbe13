"""The Weibo spider end to end against a local copy of the API: posts reach the bus once, a second
crawl of an unchanged site sends nothing, refusals and garbage are counted, not fatal."""

from __future__ import annotations

from crawlers.parsers.weibo import search_url
from pipeline.schema import Post
from tests.crawlers.conftest import CRAWL_FIXTURES, Crawl
from tests.crawlers.site import FixtureSite

WEIBO = CRAWL_FIXTURES / "weibo"
JSON = "application/json; charset=utf-8"


def _serve_search(site: FixtureSite, keyword: str) -> None:
    site.add(search_url("", keyword, 1), (WEIBO / "search_page1.json").read_bytes(), JSON)
    site.add(search_url("", keyword, 2), (WEIBO / "search_page2.json").read_bytes(), JSON)
    site.add(search_url("", keyword, 3), (WEIBO / "search_empty.json").read_bytes(), JSON)
    for path in WEIBO.glob("extend_*.json"):
        site.add(f"/statuses/extend?id={path.stem.split('_', 1)[1]}", path.read_bytes(), JSON)


def test_a_keyword_search_delivers_each_post_once_and_a_recrawl_sends_nothing(crawl: Crawl) -> None:
    with FixtureSite() as site:
        _serve_search(site, "团贷网")
        code, summary, err = crawl.run("weibo", "--api-base", site.base, "--keyword", "团贷网")
        assert code == 0, err
        assert summary is not None and summary["ok"]
        posts = crawl.posts()
        assert len(posts) == summary["new"] > 0
        assert len({p["id"] for p in posts}) == len(posts)
        for post in posts:
            Post.from_dict(post)
            assert post["id"].startswith("weibo:127.0.0.1:")
            assert post["published_at"].endswith("+08:00")
        long_post = next(p for p in posts if p["id"].endswith("4309999000000104"))
        assert len(long_post["text"]) > 140  # fetched in full from statuses/extend
        assert summary["errors"] == {}

        code, again, _err = crawl.run("weibo", "--api-base", site.base, "--keyword", "团贷网")
        assert code == 0
        assert again is not None and again["new"] == 0
        assert len(crawl.posts()) == len(posts)


def test_refusals_and_garbage_are_counted_by_reason(crawl: Crawl) -> None:
    with FixtureSite() as site:
        _serve_search(site, "团贷网")
        site.add(search_url("", "善林金融", 1), (WEIBO / "blocked_ok_-100.json").read_bytes(), JSON)
        site.add(search_url("", "小牛在线", 1), "<html><body>访问过于频繁</body></html>", status=418)
        site.add(search_url("", "钱宝网", 1), (WEIBO / "truncated.json").read_bytes(), JSON)
        code, summary, err = crawl.run("weibo", "--api-base", site.base, "--keyword", "团贷网",
                                       "--keyword", "善林金融", "--keyword", "小牛在线", "--keyword", "钱宝网")
    assert code == 0, err  # one keyword worked, so the crawl did its job
    assert summary is not None
    assert summary["blocked"] == {"ok=-100": 1, "http_418": 1}
    assert summary["errors"].get("parse") == 1
    assert summary["new"] > 0


def test_a_crawl_where_nothing_works_fails_with_a_plain_message(crawl: Crawl) -> None:
    with FixtureSite() as site:
        site.add(search_url("", "团贷网", 1), (WEIBO / "blocked_ok_-100.json").read_bytes(), JSON)
        code, summary, err = crawl.run("weibo", "--api-base", site.base, "--keyword", "团贷网")
    assert code == 1
    assert summary is not None and summary["blocked"] == {"ok=-100": 1}
    assert "no page could be fetched" in err


def test_an_unreachable_bus_stops_the_crawl_before_it_starts(crawl: Crawl, tmp_path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    with FixtureSite() as site:
        _serve_search(site, "团贷网")
        code, _summary, err = crawl.run("weibo", "--api-base", site.base, "--keyword", "团贷网",
                                        bus=f"jsonl://{blocker}/bus.jsonl")
        assert site.hits == []
    assert code == 1
    assert "bus unreachable" in err


def test_server_errors_are_retried_with_backoff_and_the_crawl_succeeds(crawl: Crawl) -> None:
    crawl.config.write_text(crawl.config.read_text("utf-8").replace(
        "retries: 0", "retries: 2, retry_backoff_s: 0.2"), "utf-8")
    with FixtureSite() as site:
        _serve_search(site, "团贷网")
        page1 = search_url("", "团贷网", 1)
        site.first(page1, 503)
        site.first(page1, 502)
        code, summary, err = crawl.run("weibo", "--api-base", site.base, "--keyword", "团贷网")
        tries = [h for h in site.hits if h.endswith("page=1&page_type=searchall")]
    assert code == 0, err
    assert len(tries) == 3
    assert summary is not None and summary["new"] > 0 and summary["errors"] == {}


def test_each_crawl_publishes_its_summary_on_the_bus(crawl: Crawl) -> None:
    from pipeline.bus.jsonl import read_messages

    with FixtureSite() as site:
        _serve_search(site, "团贷网")
        crawl.run("weibo", "--api-base", site.base, "--keyword", "团贷网")
    runs = read_messages(crawl.bus, "crawl.runs")
    assert len(runs) == 1 and runs[0]["key"] == "weibo"
    assert b'"pages": 3' in runs[0]["value"]
