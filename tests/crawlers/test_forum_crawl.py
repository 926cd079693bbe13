"""The forum spider end to end on a local Discuz! board: a board list → its threads → every floor;
a second look fetches only threads with new replies, and sends exactly the new floors."""

from __future__ import annotations

import re

from pipeline.schema import Post
from tests.crawlers.conftest import CRAWL_FIXTURES, Crawl
from tests.crawlers.site import FixtureSite

FORUM = CRAWL_FIXTURES / "forum"
REAL_BASE = "http://bbs.p2pdemo.example/"


def _page(name: str, base: str) -> str:
    return (FORUM / name).read_text("utf-8").replace(REAL_BASE, base + "/")


def _with_two_more_replies(html: str) -> str:
    """The thread's last page with two more floors (cloned from an existing one, new pids)."""
    starts = [m.start() for m in re.finditer(r'<div id="post_\d+"', html)]
    block = html[starts[-2]:starts[-1]]
    old_pid = re.search(r'<div id="post_(\d+)"', block).group(1)  # type: ignore[union-attr]
    clones = ""
    for i in (1, 2):
        clone = block.replace(old_pid, str(600000 + i))
        clones += re.sub(r'(id="postmessage_\d+"[^>]*>)', rf"\g<1>第{i}条新回复：今天又去问了，还是说在清算。", clone, count=1)
    return html[:starts[-1]] + clones + html[starts[-1]:]


def _board_with_replies(html: str, tid: str, replies: int) -> str:
    row = re.search(rf'<tbody id="normalthread_{tid}">.*?</tbody>', html, re.S)
    assert row is not None
    new_row = re.sub(r'(class="xi2">)\d+(<)', rf"\g<1>{replies}\2", row.group(0), count=1)
    return html.replace(row.group(0), new_row)


def _serve(site: FixtureSite, board: str | None = None, last_page: str | None = None) -> None:
    site.add("/forum-12-1.html", board or _page("forumdisplay.html", site.base))
    site.add("/thread-31877-1-1.html", _page("viewthread_1.html", site.base))
    site.add("/thread-31877-2-1.html", last_page or _page("viewthread_2.html", site.base))


def test_a_board_yields_every_floor_and_only_new_replies_later(crawl: Crawl) -> None:
    with FixtureSite() as site:
        _serve(site)
        code, summary, err = crawl.run("forum", "--start-url", f"{site.base}/forum-12-1.html", "--max-pages", "1")
        assert code == 0, err
        posts = [p for p in crawl.posts() if ":31877" in p["id"]]
        assert summary is not None
        thread = [p for p in posts if p["id"].endswith(":31877")]
        assert len(thread) == 1 and thread[0]["title"] and thread[0]["parent_id"] is None
        replies = [p for p in posts if p["parent_id"]]
        assert replies and all(p["parent_id"] == thread[0]["id"] for p in replies)
        for post in posts:
            Post.from_dict(post)
            assert post["published_at"].endswith("+08:00")
        # The other threads on the board are not served: counted as errors, not fatal.
        assert summary["errors"].get("http_404", 0) >= 1

        delivered = len(crawl.posts())
        code, again, _ = crawl.run("forum", "--start-url", f"{site.base}/forum-12-1.html", "--max-pages", "1")
        assert code == 0 and again is not None and again["new"] == 0
        assert len(crawl.posts()) == delivered

        board = _board_with_replies(_page("forumdisplay.html", site.base), "31877", 14)
        _serve(site, board=board, last_page=_with_two_more_replies(_page("viewthread_2.html", site.base)))
        site.hits.clear()
        code, third, _ = crawl.run("forum", "--start-url", f"{site.base}/forum-12-1.html", "--max-pages", "1")
        assert code == 0 and third is not None
        new_posts = crawl.posts()[delivered:]
        assert [p["id"].rsplit("-", 1)[1] for p in new_posts if ":31877-" in p["id"]] == ["600001", "600002"]
        assert "/thread-31877-1-1.html" not in site.hits  # resumed at the page where it stopped


def test_a_login_wall_is_counted_as_blocked(crawl: Crawl) -> None:
    with FixtureSite() as site:
        site.add("/forum-12-1.html", _page("login_required.html", site.base))
        code, summary, err = crawl.run("forum", "--start-url", f"{site.base}/forum-12-1.html")
    assert code == 1
    assert summary is not None and summary["blocked"] == {"login": 1}
    assert "no page could be fetched" in err
