"""`yuqing report`: the duty officer's morning briefing after 团贷网 collapsed — heat per platform,
the alerts and where they were pushed, the gathering called for outside 东莞市政府, the loudest posts —
and a stranger's post full of markup that must stay inert text in the page."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from alerts.report import clean, render_report, safe_url
from alerts.report_data import ReportData, bucket_for, collect
from nlp.analyze import Analyzer
from pipeline.cli import cli
from pipeline.schema import Alert, Post
from pipeline.store import open_store
from pipeline.store.sqlite import SqliteStore

CST = timezone(timedelta(hours=8))
NOW = datetime.now(UTC).replace(second=0, microsecond=0)
CALL = "团贷网暴雷了，大家明天上午九点去东莞市政府门口集合维权"
HOSTILE_TEXT = '<script>alert("x")</script>小牛在线又逾期了"><img src=x onerror=alert(1)>'
HOSTILE_TITLE = '"><img src=x onerror=alert(1)>'
# (native id, minutes before now, text, negative?, likes, url)
STORY = [
    ("1", 180, CALL, True, 50, "https://weibo.com/1"),
    ("2", 180, CALL, True, 3, "https://weibo.com/2"),  # a repost of the call, same minute
    ("3", 120, "团贷网逾期了，提现一直不到账，本金怕是拿不回来了", True, 80, "https://weibo.com/3"),
    ("4", 60, "小牛在线的出借人说这个月的回款已经到账了", False, 5, "https://weibo.com/4"),
    ("5", 30, HOSTILE_TEXT, True, 1000, "javascript:alert(document.cookie)"),
    ("6", 30 * 60, "钱宝网的钱什么时候退赔？", True, 9, "https://weibo.com/6"),  # yesterday's news
]


def make_post(analyzer: Analyzer, native: str, minutes: int, text: str, negative: bool, likes: int,
              url: str) -> Post:
    published = (NOW - timedelta(minutes=minutes)).astimezone(CST).isoformat()
    [outcome] = analyzer.analyze([{"text": text, "published_at": published}])
    analysis = outcome.analysis
    assert analysis is not None
    # Pin the model's verdict so the briefing's numbers do not move with the sentiment model.
    analysis["sentiment"].update(negative=0.9 if negative else 0.1, label="negative" if negative else "neutral")
    hostile = text == HOSTILE_TEXT
    return Post.from_dict({
        "id": f"weibo:weibo.com:{native}", "source": "weibo", "site": "weibo.com", "text": text, "url": url,
        "title": HOSTILE_TITLE if hostile else None,
        "author": {"name": "<b>坏人</b>" if hostile else "东莞小王"},
        "published_at": published, "metrics": {"likes": likes}, "analysis": analysis,
    })


def alerts_of_the_night(gathering: dict[str, Any]) -> list[Alert]:
    def at(minutes: int) -> str:
        return (NOW - timedelta(minutes=minutes)).isoformat()

    return [Alert.from_dict({
        "id": "a-high", "rule": "organizing", "level": "high", "platform": "团贷网", "fired_at": at(170),
        "window": {"start": at(230), "end": at(170)},
        "reason": "团贷网出现召集维权帖子，号召明天上午九点在东莞市政府门口聚集",
        "figures": {"count": 2, "organizing_posts": 2}, "evidence": [{"id": "weibo:weibo.com:1", "url": "https://weibo.com/1"}],
        "gathering": gathering,
        "delivery": [{"channel": "dingtalk", "sent": True, "at": at(169)},
                     {"channel": "email", "sent": False, "error": "SMTP 连接超时", "at": at(169)}],
    }), Alert.from_dict({
        "id": "a-medium", "rule": "negative_share", "level": "medium", "platform": "小牛在线", "fired_at": at(20),
        "window": {"start": at(80), "end": at(20)},
        "reason": "小牛在线负面占比升至 67%<script>alert(2)</script>",
        "evidence": [{"id": "weibo:weibo.com:5", "url": "javascript:alert(3)"}],
    }), Alert.from_dict({
        "id": "a-old", "rule": "spike", "level": "low", "platform": "钱宝网", "fired_at": at(3 * 24 * 60),
        "window": {"start": at(3 * 24 * 60 + 60), "end": at(3 * 24 * 60)}, "reason": "钱宝网讨论量上升（三天前）",
    })]


@pytest.fixture()
def store_url(tmp_path: Path, analyzer: Analyzer) -> str:
    url = f"sqlite:///{tmp_path}/desk/yuqing.db"
    posts = [make_post(analyzer, *row) for row in STORY]
    gathering = posts[0].analysis.organizing.gathering if posts[0].analysis else None
    assert gathering is not None, "the analyzer should find the place and time in the call"
    store = open_store(url)
    store.setup()
    store.write_posts(posts)
    for alert in alerts_of_the_night(gathering.to_dict()):
        store.write_alert(alert)
    store.close()
    return url


class Page(HTMLParser):
    """The rendered page as a browser would see it: tags with attributes, table rows as cell texts."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def row(self, first: str) -> list[str]:
        return next(r for r in self.rows if r and r[0] == first)

    def rows_containing(self, text: str) -> list[list[str]]:
        return [r for r in self.rows if any(text in cell for cell in r)]


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["report", *args], catch_exceptions=False)


def test_the_morning_briefing_shows_heat_alerts_gathering_and_top_posts(store_url: str, tmp_path: Path) -> None:
    out = tmp_path / "简报.html"
    result = run("--since", "24h", "--out", str(out), "--store", store_url)
    assert result.exit_code == 0, result.output
    assert '"posts": 5' in result.stdout and '"alerts": 2' in result.stdout
    page = Page(out.read_text("utf-8"))

    # Heat: 团贷网 has 3 posts, all negative, two of them calls; 小牛在线 has 2, one negative.
    tuandai = page.row("团贷网")
    assert tuandai[1:4] == ["3", "100%", "2"] and tuandai[5] == "高"
    xiaoniu = page.row("小牛在线")
    assert xiaoniu[1:4] == ["2", "50%", "0"] and xiaoniu[5] == "中"
    assert not page.rows_containing("钱宝网"), "yesterday's post and an alert three days old are outside the period"
    # One sparkline per platform, a bar per hour (25 when the period does not start on the hour).
    assert len([t for t, _ in page.tags if t == "svg"]) == 2
    assert len([t for t, _ in page.tags if t == "rect"]) in (2 * 24, 2 * 25)

    # Alerts: the reason, the level and where the alert was pushed.
    [high] = page.rows_containing("号召明天上午九点在东莞市政府门口聚集")
    assert high[1] == "高" and "钉钉 已送达" in high[4] and "邮件 失败：SMTP 连接超时" in high[4]

    # The gathering: announced by two posts (the call and its repost), linked to the busier one.
    [gathering] = [r for r in page.rows if r[1:2] == ["东莞市政府门口"]]
    assert gathering[1] == "东莞市政府门口" and gathering[2] == "广东省 东莞市" and gathering[3] == "团贷网"
    assert "（2 条帖子）" in gathering[5]
    assert ("a", {"href": "https://weibo.com/1", "rel": "noopener noreferrer nofollow", "target": "_blank"}) in page.tags

    # Top posts: the stranger's post has the most likes and comes first.
    first_post = page.rows[page.rows.index(["发布时间", "平台", "互动量", "情感", "摘要", "作者", "链接"]) + 1]
    assert first_post[2] == "1000" and first_post[3] == "负面 0.90"


def test_markup_in_a_post_stays_text(store_url: str, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert run("--out", str(out), "--store", store_url).exit_code == 0
    text = out.read_text("utf-8")
    page = Page(text)
    assert not [tag for tag, _ in page.tags if tag in ("script", "img", "iframe", "object")]
    assert not [name for _, attrs in page.tags for name in attrs if name.startswith("on")]
    hrefs = [attrs["href"] or "" for tag, attrs in page.tags if tag == "a"]
    assert hrefs and all(h.startswith(("https://", "http://")) for h in hrefs)
    # What the stranger wrote is still there for the officer to read, as text.
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;小牛在线又逾期了" in text
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in text
    assert "javascript:alert(document.cookie)" in text and "&lt;b&gt;坏人&lt;/b&gt;" in text
    assert "67%&lt;script&gt;alert(2)&lt;/script&gt;" in text


def test_an_empty_store_gives_a_report_saying_no_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/empty.db"
    store = open_store(url)
    store.setup()
    store.close()
    out = tmp_path / "report.html"
    result = run("--since", "7d", "--out", str(out), "--store", url)
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert "无数据" in text and text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    assert '"posts": 0' in result.stdout


def test_the_store_comes_from_the_config(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("YUQING_STORE", raising=False)
    config = tmp_path / "yuqing.yaml"
    config.write_text(f"watchlist: [团贷网, 小牛在线]\nstore: {store_url}\n", "utf-8")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["--config", str(config), "report", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert Page(out.read_text("utf-8")).row("团贷网")[1] == "3"


@pytest.mark.parametrize("since", ["24x", "h", "-3h", "0h", "1e12d"])
def test_a_bad_period_is_refused_with_exit_2(since: str, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run("--since", since, "--out", str(out), "--store", f"sqlite:///{tmp_path}/x.db")
    assert result.exit_code == 2
    assert "--since" in result.stderr and not out.exists()


def test_an_unreachable_store_fails_with_exit_1(tmp_path: Path) -> None:
    (tmp_path / "not-a-dir").write_text("")
    out = tmp_path / "report.html"
    result = run("--out", str(out), "--store", f"sqlite:///{tmp_path}/not-a-dir/yuqing.db")
    assert result.exit_code == 1
    assert "cannot reach the store" in result.stderr and "Traceback" not in result.output and not out.exists()


def test_an_elasticsearch_that_is_down_fails_with_exit_1_and_keeps_the_password(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    out = tmp_path / "report.html"
    result = run("--out", str(out), "--store", f"http://desk:s3cret-pw@127.0.0.1:{port}")
    assert result.exit_code == 1 and "cannot reach the store" in result.stderr
    assert "s3cret-pw" not in result.output and not out.exists()


def test_a_store_never_set_up_says_what_to_run(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run("--out", str(out), "--store", f"sqlite:///{tmp_path}/fresh.db")
    assert result.exit_code == 1 and "yuqing setup" in result.stderr and not out.exists()


def test_collect_counts_the_period_only(store_url: str) -> None:
    store = SqliteStore.from_url(store_url)
    data = collect(store, NOW - timedelta(hours=24), NOW + timedelta(minutes=1), now=NOW, top=3)
    store.close()
    assert (data.posts, data.negative, data.calls) == (5, 4, 2)
    assert data.alert_levels == {"high": 1, "medium": 1, "low": 0}
    assert [r.name for r in data.platforms] == ["团贷网", "小牛在线"]
    assert [p.id.rsplit(":", 1)[1] for p in data.top_posts] == ["5", "3", "1"]
    [gathering] = data.gatherings
    assert gathering.posts == 2 and gathering.url == "https://weibo.com/1"
    assert len(data.bucket_starts) == 25 and sum(data.platforms[0].series) == 3


def test_long_periods_get_wider_bars_so_the_sparkline_stays_readable() -> None:
    assert bucket_for(timedelta(hours=24)) == timedelta(hours=1)
    assert bucket_for(timedelta(days=7)) == timedelta(hours=1)
    assert bucket_for(timedelta(days=30)) == timedelta(hours=5)


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JavaScript:alert(1)", "java\nscript:alert(1)", " https://weibo.com/1",
    "data:text/html,<script>alert(1)</script>", "//evil.example/x", "http:///no-host", "vbscript:msgbox",
    "https://weibo.com/\u202e1", "",
])
def test_only_plain_http_links_are_followed(url: str) -> None:
    assert safe_url(url) is None


def test_links_that_are_fine() -> None:
    assert safe_url("https://weibo.com/1234/4890001?from=page") == "https://weibo.com/1234/4890001?from=page"
    assert safe_url("http://bbs.example.cn/thread-1-1-1.html") is not None


def test_text_is_cleaned_cut_and_escaped() -> None:
    hostile = "团贷\x00网\u202e暴雷\u200b了\r\n\t大家\ud800注意" + "等" * 500
    shown = clean(hostile, 20)
    assert shown.startswith("团贷网暴雷了 大家注意") and shown.endswith("…") and len(shown) == 20
    assert clean('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"


def test_a_page_renders_even_with_unencodable_text() -> None:
    start = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)
    data = ReportData(start=start, end=start + timedelta(hours=2), generated_at=start + timedelta(hours=2),
                      bucket=timedelta(hours=1), bucket_starts=(), posts=0, negative=0, calls=0, platforms=(),
                      alerts=(Alert.from_dict({
                          "id": "x", "rule": "spike", "level": "low", "platform": "团贷\ud800网",
                          "fired_at": start.isoformat(), "window": {"start": start.isoformat(), "end": start.isoformat()},
                          "reason": "讨论量上升\x1b[31m"}),),
                      alerts_truncated=False, gatherings=(), top_posts=())
    text = render_report(data)
    text.encode("utf-8")  # a lone surrogate from a scraped page would make writing the file fail
    assert "团贷网" in text and "\x1b" not in text
    assert "2026-11-20 08:00 至 2026-11-20 10:00（北京时间）" in text
