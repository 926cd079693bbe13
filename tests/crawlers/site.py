"""A local fixture site on 127.0.0.1 for crawl tests: exact path+query routes → status, content
type and body; routes can be swapped between crawls (a thread gains two replies, a page blocks)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit


def route_key(path_and_query: str) -> str:
    parts = urlsplit(path_and_query)
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return parts.path + ("?" + query if query else "")


class FixtureSite:
    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, str, bytes, dict[str, str]]] = {}
        self.sequences: dict[str, list[tuple[int, str, bytes, dict[str, str]]]] = {}
        self.hits: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                key = route_key(self.path)
                site.hits.append(key)
                queue = site.sequences.get(key)
                if queue:  # answers served once each, in order, before the route's own answer
                    status, ctype, body, headers = queue.pop(0)
                else:
                    status, ctype, body, headers = site.routes.get(key, (404, "text/plain", b"not found", {}))
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def add(self, path_and_query: str, body: bytes | str, ctype: str = "text/html; charset=utf-8",
            status: int = 200, headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[route_key(path_and_query)] = (status, ctype, data, headers or {})

    def first(self, path_and_query: str, status: int, body: str = "") -> None:
        """Answer the next request for this path with `status` (then fall back to the route)."""
        self.sequences.setdefault(route_key(path_and_query), []).append(
            (status, "text/html; charset=utf-8", body.encode("utf-8"), {}))

    def __enter__(self) -> FixtureSite:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
