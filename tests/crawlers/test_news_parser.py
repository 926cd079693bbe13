"""Finding news articles: RSS / Atom feeds and portal list pages → absolute article URLs."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from crawlers.errors import ParseError
from crawlers.parsers.news import looks_like_article, parse_feed, parse_list_page

NEWS = Path(__file__).parents[1] / "fixtures" / "crawlers" / "news"
CST = timezone(timedelta(hours=8))


def test_rss_items_get_absolute_urls_times_and_plain_summaries() -> None:
    entries = parse_feed((NEWS / "feed_rss.xml").read_bytes(), "https://finance.example.com.cn/rss/roll.xml")
    assert [e.url for e in entries] == [
        "https://finance.example.com.cn/roll/2019-04-03/doc-100001.shtml",
        "https://finance.example.com.cn/roll/2019-04-08/doc-100002.shtml",
        "https://finance.example.com.cn/roll/2019-04-09/doc-100003.shtml",
    ]
    assert entries[0].title == "杭州警方对一网贷平台立案侦查"
    assert entries[0].published_at == datetime(2019, 4, 3, 10, 23, 45, tzinfo=CST)
    assert entries[0].summary == "杭州警方已对融信宝平台立案侦查。"
    assert entries[1].published_at == datetime(2019, 4, 8, 9, 15, 32, tzinfo=CST)  # naive → +08:00
    assert entries[2].published_at is None


def test_rss_given_as_text_is_parsed_too() -> None:
    entries = parse_feed((NEWS / "feed_rss.xml").read_text("utf-8"), "https://finance.example.com.cn/rss")
    assert len(entries) == 3


def test_atom_entries() -> None:
    entries = parse_feed((NEWS / "feed_atom.xml").read_bytes(), "https://news.example.com.cn/atom.xml")
    assert [e.url for e in entries] == ["https://news.example.com.cn/a/2019-07-01/200001.html",
                                        "https://news.example.com.cn/a/2019-09-10/200002.html"]
    assert entries[0].published_at == datetime(2019, 7, 1, 16, 45, tzinfo=CST)
    assert entries[1].published_at == datetime(2019, 9, 10, 17, 5, tzinfo=CST)  # <updated> when no <published>
    assert entries[1].summary == "谨防虚假债权转让"


@pytest.mark.parametrize("body", [b"", b"not xml at all", b"<html><body>hi</body></html>", b"<rss><channel>"])
def test_non_feeds_raise_parse_error(body: bytes) -> None:
    with pytest.raises(ParseError):
        parse_feed(body, "https://example.com/feed")


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", "utf-8")
    body = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
            "<rss><channel><item><title>&x;</title><link>https://example.com/a/2019-01-01/1.html</link>"
            "</item></channel></rss>").encode()
    entries = parse_feed(body, "https://example.com/feed")
    assert all("TOP-SECRET" not in e.title for e in entries)


def test_list_page_links_are_absolute_same_site_deduplicated_in_order() -> None:
    links = parse_list_page((NEWS / "list_page.html").read_text("utf-8"),
                            "https://finance.example.com.cn/finance/roll/index.html")
    assert links == [
        "https://finance.example.com.cn/finance/2019-04-03/doc-ifxabc1234567.shtml",
        "https://finance.example.com.cn/roll/20190402/123456.html",
        "https://news.example.com.cn/c/2019-04-02/doc-ifxabc7654321.shtml",
        "https://finance.example.com.cn/finance/local/t20190401_987654.html",
    ]


def test_index_page_lists_its_articles() -> None:
    links = parse_list_page((NEWS / "index_page.html").read_bytes(), "https://www.example.com.cn/finance/")
    assert len(links) == 9
    assert links[0] == "https://www.example.com.cn/finance/2019-04-03/doc-100001.shtml"


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.163.com/money/article/EO9T3QQH00259DLP.html", True),
    ("http://www.xinhuanet.com/fortune/2019-04/03/c_1124321.htm", True),
    ("https://finance.sina.com.cn/index.shtml", False),
    ("https://finance.sina.com.cn/roll/list_2.shtml", False),
    ("https://finance.sina.com.cn/about.html", False),
])
def test_article_url_shapes(url: str, expected: bool) -> None:
    assert looks_like_article(url) is expected
