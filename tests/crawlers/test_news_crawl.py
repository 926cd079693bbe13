"""The news spider end to end: a feed and a list page on a local site → article pages → one Post
per article with title, body and publish time; robots.txt is honoured when configured."""

from __future__ import annotations

from pipeline.schema import Post
from tests.crawlers.conftest import CRAWL_FIXTURES, Crawl
from tests.crawlers.site import FixtureSite

NEWS = CRAWL_FIXTURES / "news"
ARTICLES = ["netease_like.html", "sina_like.html", "thepaper_like.html", "tencent_like.html"]


def _feed(base: str, paths: list[str]) -> str:
    items = "".join(
        f"<item><title>t{i}</title><link>{base}{p}</link><pubDate>Wed, 03 Apr 2019 10:0{i}:00 +0800</pubDate></item>"
        for i, p in enumerate(paths))
    return f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>财经</title>{items}</channel></rss>'


def _serve(site: FixtureSite) -> list[str]:
    paths = [f"/finance/2019-04-03/doc-{i}.shtml" for i in range(len(ARTICLES))]
    for path, name in zip(paths, ARTICLES, strict=True):
        site.add(path, (NEWS / name).read_bytes(), "text/html")
    site.add("/rss.xml", _feed(site.base, paths), "application/rss+xml")
    return paths


def test_a_feed_yields_one_post_per_article_and_a_recrawl_sends_nothing(crawl: Crawl) -> None:
    with FixtureSite() as site:
        _serve(site)
        code, summary, err = crawl.run("news", "--feed", f"{site.base}/rss.xml")
        assert code == 0, err
        posts = crawl.posts()
        assert summary is not None and summary["new"] == len(posts) == len(ARTICLES)
        for post in posts:
            Post.from_dict(post)
            assert post["source"] == "news" and post["title"] and len(post["text"]) >= 200
            assert post["published_at"].endswith("+08:00")
        hits_before = len(site.hits)
        code, again, _ = crawl.run("news", "--feed", f"{site.base}/rss.xml")
        assert code == 0 and again is not None and again["new"] == 0
        assert len(site.hits) == hits_before + 1  # only the feed: known articles are not fetched again


def test_robots_txt_is_honoured_for_news_when_configured(crawl: Crawl) -> None:
    crawl.config.write_text(crawl.config.read_text("utf-8").replace("obey_robots: false", "obey_robots: true"), "utf-8")
    with FixtureSite() as site:
        _serve(site)
        site.add("/robots.txt", "User-agent: *\nDisallow: /finance/\n", "text/plain")
        code, summary, _err = crawl.run("news", "--feed", f"{site.base}/rss.xml")
        fetched = [h for h in site.hits if h.startswith("/finance/")]
    assert fetched == []
    assert summary is not None and summary["new"] == 0
    assert code == 0  # the feed itself was fetched and parsed
