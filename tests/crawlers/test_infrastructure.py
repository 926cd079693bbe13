"""The pieces around the spiders: the JSONL bus, the crawl state that survives restarts, the
recognition of refusals, the sources config and the crawl schedule."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse

from crawlers.config import crawl_config
from crawlers.middlewares import block_reason
from crawlers.schedule import build_scheduler
from crawlers.state import CrawlState
from pipeline.bus import BusError, open_producer
from pipeline.bus.jsonl import JsonlBus, read_messages
from pipeline.errors import ConfigError

CST = timezone(timedelta(hours=8))


def test_jsonl_bus_keeps_keys_topics_and_bytes(tmp_path: Path) -> None:
    bus = open_producer(f"jsonl://{tmp_path}/bus.jsonl")
    bus.produce("posts.raw", "weibo:m.weibo.cn:1", "团贷网暴雷".encode())
    bus.produce("posts.raw.dlq", None, b"\xff\xfe not utf-8")
    assert bus.flush() == 0
    bus.close()
    raw = read_messages(tmp_path / "bus.jsonl", "posts.raw")
    assert raw == [{"topic": "posts.raw", "key": "weibo:m.weibo.cn:1", "value": "团贷网暴雷".encode()}]
    assert read_messages(tmp_path / "bus.jsonl", "posts.raw.dlq")[0]["value"] == b"\xff\xfe not utf-8"


def test_a_bus_file_that_cannot_be_opened_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(BusError):
        JsonlBus(tmp_path / "file" / "bus.jsonl")


@pytest.mark.parametrize("url", ["redis://x", "localhost:9092", "amqp://broker"])
def test_unknown_bus_urls_are_refused_with_a_clear_message(url: str) -> None:
    with pytest.raises(ConfigError) as info:
        open_producer(url)
    assert info.value.key == "bus"


def test_crawl_state_survives_a_restart(tmp_path: Path) -> None:
    state = CrawlState(tmp_path / "state.db")
    state.record_delivered([("forum:bbs.x:1", "abc"), ("forum:bbs.x:1-2", None)])
    state.set_threads([("bbs.x", "1", 12, 2)])
    state.set_cursors("weibo", {"团贷网": datetime(2026, 11, 20, 9, 0, tzinfo=CST)})
    state.record_run("weibo", datetime.now(CST), datetime.now(CST), {"pages": 3, "new": 5})
    state.close()
    again = CrawlState(tmp_path / "state.db")
    assert again.seen("forum:bbs.x:1") and again.seen("forum:bbs.x:1-2") and not again.seen("forum:bbs.x:9")
    assert again.content_seen("abc") and not again.content_seen("zzz")
    assert again.thread("bbs.x", "1") == (12, 2) and again.thread("bbs.x", "2") is None
    assert again.cursor("weibo", "团贷网") == datetime(2026, 11, 20, 9, 0, tzinfo=CST)
    assert again.runs("weibo")[0]["stats"] == {"pages": 3, "new": 5}


def _html(body: str, url: str = "https://bbs.example.com/forum.php", status: int = 200) -> HtmlResponse:
    return HtmlResponse(url, status=status, body=body.encode("utf-8"), encoding="utf-8",
                        request=Request(url))


@pytest.mark.parametrize("response, reason", [
    (_html("<p>forbidden</p>", status=403), "http_403"),
    (_html("<p>teapot</p>", status=418), "http_418"),
    (_html("<html><body>请输入验证码后继续访问</body></html>"), "captcha"),
    (_html("<html><body>抱歉，您需要登录才能访问，请先登录</body></html>"), "login"),
])
def test_refusals_are_recognised(response: HtmlResponse, reason: str) -> None:
    assert block_reason(response) == reason


def test_a_redirect_to_a_login_page_is_a_refusal() -> None:
    response = HtmlResponse("https://m.weibo.cn/api/x", status=302, headers={"Location": "https://passport.weibo.cn/signin"},
                            body=b"", request=Request("https://m.weibo.cn/api/x"))
    assert block_reason(response) == "login_redirect"


def test_real_pages_and_json_are_not_refusals() -> None:
    long_page = "<html><body>" + "正常的帖子内容。" * 6000 + "忘记密码？验证码登录</body></html>"
    assert block_reason(_html(long_page)) is None
    api = TextResponse("https://m.weibo.cn/api", body=b'{"ok":1,"data":{"cards":[]}}', encoding="utf-8")
    assert block_reason(api) is None


def test_sources_config_errors_name_the_key() -> None:
    with pytest.raises(ConfigError) as info:
        crawl_config({"weibo": {"api_base": "ftp://x"}}, "yuqing.yaml")
    assert info.value.file == "yuqing.yaml" and info.value.key == "sources.weibo.api_base"
    with pytest.raises(ConfigError) as info:
        crawl_config({"politeness": {"retries": 99}}, "yuqing.yaml")
    assert info.value.key == "sources.politeness.retries"
    assert crawl_config({"relevance": False}, "y").relevance == "off"  # YAML's bare `off`


def test_the_schedule_has_a_job_per_configured_source_and_a_hot_search() -> None:
    config = crawl_config({"forum": {"start_urls": ["https://bbs.example.com/forum-2-1.html"], "interval_minutes": 45},
                           "news": {"feeds": ["https://news.example.com/rss.xml"]}, "hot_interval_minutes": 5}, "y")
    calls: list[list[str]] = []
    hot = ["善林金融"]
    scheduler = build_scheduler(config, run=lambda args: calls.append(list(args)) or 0, hot_platforms=lambda: hot)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"crawl-weibo", "crawl-forum", "crawl-news", "crawl-weibo-hot"}
    assert jobs["crawl-forum"].trigger.interval == timedelta(minutes=45)
    assert jobs["crawl-weibo-hot"].trigger.interval == timedelta(minutes=5)
    jobs["crawl-weibo-hot"].func()
    assert calls == [["crawl", "weibo", "--keyword", "善林金融"]]
    hot.clear()
    jobs["crawl-weibo-hot"].func()
    assert len(calls) == 1  # nothing hot, nothing crawled
