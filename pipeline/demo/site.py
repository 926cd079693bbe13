"""The demo's replay site: one ThreadingHTTPServer on 127.0.0.1 (a free port) serving the story as a
Discuz! forum under /bbs/, an m.weibo.cn-style API (/api/container/getIndex, /statuses/extend) and
a news portal (/finance/wangdai/rss.xml). `yuqing demo` starts it and points the real spiders at it.

Weibo search answers like the real one: a keyword finds the posts naming it or, for a watched
platform, any of its aliases, newest first, ten to a page.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

from pipeline.demo import pages
from pipeline.demo.story import Story, watchlist_path
from pipeline.watchlist import Watchlist, load_watchlist

HOST = "127.0.0.1"  # the story is for this machine only
HTML = "text/html; charset=utf-8"
JSON = "application/json; charset=utf-8"
Page = tuple[int, str, bytes]


class StorySite:
    """Serve `story` until stop(); `url` is the base ("http://127.0.0.1:PORT"). Use as a context manager."""

    def __init__(self, story: Story, watchlist: Watchlist | Path | None = None) -> None:
        self.story = story
        wl = watchlist if isinstance(watchlist, Watchlist) else load_watchlist(watchlist or watchlist_path())
        self._terms = {p.name: (p.name, *p.aliases) for p in wl.platforms}
        self._by_mid = {p.native_id: p for p in story.of("weibo")}
        self._server = ThreadingHTTPServer((HOST, 0), _handler(self.answer))
        self._server.daemon_threads = True
        self.url = f"http://{HOST}:{self._server.server_address[1]}"
        self._routes = self._static_routes()
        self._thread = threading.Thread(target=self._server.serve_forever, name="demo-site", daemon=True)

    @property
    def address(self) -> tuple[str, int]:
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    def start(self) -> StorySite:
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread.is_alive():  # shutdown() would wait forever for a loop that never ran
            self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> StorySite:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # --- entry points for the crawl config ------------------------------------------------------
    def forum_boards(self) -> list[str]:
        return [f"{self.url}/bbs/forum-{fid}-1.html" for fid in sorted(self.story.boards)]

    def news_feed(self) -> str:
        return f"{self.url}/finance/wangdai/rss.xml"

    # --- answers --------------------------------------------------------------------------------
    def answer(self, target: str) -> Page:
        parts = urlsplit(target)
        query = parse_qs(parts.query)
        if parts.path == "/api/container/getIndex":
            return self._search(query)
        if parts.path == "/statuses/extend":
            post = self._by_mid.get((query.get("id") or [""])[0])
            return (200, JSON, pages.weibo_extend(post)) if post else (200, JSON, b'{"ok":0,"msg":"not found"}')
        return self._routes.get(parts.path, (404, HTML, b"<html><body>404 Not Found</body></html>"))

    def _search(self, query: dict[str, list[str]]) -> Page:
        container = (query.get("containerid") or [""])[0]  # "100103type=1&q=<keyword>", decoded once
        keyword = parse_qs(container).get("q", [""])[0]
        try:
            page = int((query.get("page") or ["1"])[0])
        except ValueError:
            page = 1
        terms = self._terms.get(keyword, (keyword,)) if keyword else ()
        found = [p for p in self.story.of("weibo") if any(t in p.text for t in terms)]
        found.sort(key=lambda p: p.published_at, reverse=True)
        return 200, JSON, pages.weibo_search(self.story, found, keyword, page)

    def _static_routes(self) -> dict[str, Page]:
        story, bbs = self.story, f"{self.url}/bbs/"
        routes: dict[str, Page] = {
            "/robots.txt": (200, "text/plain; charset=utf-8", b"User-agent: *\nAllow: /\n"),
            "/": (200, HTML, _index(self).encode("utf-8")),
            "/finance/wangdai/rss.xml": (200, "application/rss+xml; charset=utf-8", pages.news_feed(story, self.url)),
            "/finance/wangdai/": (200, HTML, pages.news_list(story).encode("utf-8")),
        }
        for post in story.of("news"):
            routes[pages.article_path(post)] = (200, HTML, pages.news_article(post).encode("utf-8"))
        for fid in story.boards:
            for n in range(1, 100):
                board = pages.board_page(story, fid, n, bbs)
                if board is None:
                    break
                routes[f"/bbs/forum-{fid}-{n}.html"] = (200, HTML, board.encode("utf-8"))
            for thread, replies in pages.forum_threads(story, fid):
                for n in range(1, 100):
                    html = pages.thread_page(story, thread, replies, n, bbs)
                    if html is None:
                        break
                    routes[f"/bbs/thread-{thread.native_id}-{n}-1.html"] = (200, HTML, html.encode("utf-8"))
        return routes


def _index(site: StorySite) -> str:
    boards = "".join(f'<li><a href="/bbs/forum-{fid}-1.html">{name}</a></li>' for fid, name in site.story.boards.items())
    body = (f"<h1>yuqing 演示站点</h1><ul>{boards}<li><a href=\"/finance/wangdai/\">{pages.PORTAL_NAME} 网贷频道</a></li>"
            "<li>微博搜索接口：/api/container/getIndex?containerid=100103type%3D1%26q%3D鑫盛财富</li></ul>")
    return pages.html_page("yuqing 演示站点", body)


def _handler(answer: Callable[[str], Page]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            status, ctype, body = answer(self.path)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass  # the crawl summaries say what was fetched

    return Handler
