"""m.weibo.cn API answers → schema-v1 Post dicts: keyword search (`api/container/getIndex`) and the
long-text answer (`statuses/extend`). Pure functions; the weibo spider fetches, these parse.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote

from crawlers.errors import ParseError
from crawlers.textutil import html_to_text, parse_time
from pipeline.errors import SchemaError
from pipeline.schema import Post, post_id

# Post URLs point at the public mobile site, not at `api_base`: the URL is evidence a duty
# officer opens, and a test server's address would mean nothing in an alert.
WEB_BASE = "https://m.weibo.cn"


@dataclass
class WeiboPage:
    """One search answer: its posts (dicts), what still needs `statuses/extend`, and why it stopped."""

    posts: list[dict[str, Any]] = field(default_factory=list)
    long_text: list[str] = field(default_factory=list)  # mids whose text is cut ("...全文")
    oldest: datetime | None = None  # oldest of the page's own posts (not retweeted originals)
    blocked: str | None = None  # "ok=-100" | "captcha" | "login"
    empty: bool = False  # no posts: the end of the results


def search_url(api_base: str, keyword: str, page: int) -> str:
    return (f"{api_base.rstrip('/')}/api/container/getIndex?containerid=100103type%3D1%26q%3D"
            f"{quote(keyword, safe='')}&page_type=searchall&page={page}")


def extend_url(api_base: str, mid: str) -> str:
    return f"{api_base.rstrip('/')}/statuses/extend?id={mid}"


def parse_search(body: bytes | str, *, keyword: str, site: str, fetched_at: datetime,
                 now: datetime, web_base: str = WEB_BASE) -> WeiboPage:
    """A getIndex search answer → WeiboPage. Login walls and captchas are reported in `blocked`;
    an answer that is neither a wall nor well-formed raises ParseError."""
    text = _decode(body)
    blocked = _wall(text)
    if blocked:
        return WeiboPage(blocked=blocked)
    doc = _load(text)
    ok = doc.get("ok")
    if ok == -100:
        return WeiboPage(blocked="ok=-100")
    if ok == 0:
        return WeiboPage(empty=True)
    if ok != 1:
        raise ParseError(f"weibo search answer with ok={ok!r}")
    cards = (doc.get("data") or {}).get("cards") or []
    if not isinstance(cards, list):
        raise ParseError("weibo search answer: data.cards is not a list")

    page = WeiboPage()
    seen: set[str] = set()
    ctx = _Context(keyword=keyword, site=site, fetched_at=fetched_at, now=now, web_base=web_base)
    for mblog in _mblogs(cards):
        own = ctx.post(mblog)
        parent = mblog.get("retweeted_status")
        if isinstance(parent, dict) and _mid(parent):
            own["parent_id"] = post_id("weibo", site, _mid(parent))
        for item, source in ((own, mblog), *_parent_item(ctx, parent)):
            if item["id"] in seen:
                continue
            seen.add(item["id"])
            page.posts.append(_validated(item))
            if source.get("isLongText") is True:
                page.long_text.append(_mid(source))
        published = own["published_at"]
        page.oldest = published if page.oldest is None else min(page.oldest, published)
    page.empty = not page.posts
    return page


def parse_extend(body: bytes | str, *, mid: str | None = None) -> tuple[str, str]:
    """A `statuses/extend` answer → (mid, plain long text). The answer usually does not repeat the
    id, so pass the `mid` you asked for; ParseError when neither names one, and for walls."""
    text = _decode(body)
    # A wall here is still a ParseError: the caller keeps the truncated text and goes on; the
    # search page that follows reports the wall in `blocked`.
    blocked = _wall(text)
    doc = _load(text) if blocked is None else {}
    if blocked or doc.get("ok") == -100:
        raise ParseError(f"statuses/extend answered with a wall ({blocked or 'ok=-100'})")
    data = doc.get("data")
    if doc.get("ok") != 1 or not isinstance(data, dict) or not isinstance(data.get("longTextContent"), str):
        raise ParseError(f"not a weibo long-text answer (ok={doc.get('ok')!r})")
    found = str(data.get("mid") or data.get("id") or "") or None
    if found and mid and found != mid:
        raise ParseError(f"long-text answer for {found}, asked for {mid}")
    if not (found or mid):
        raise ParseError("long-text answer names no mid")
    return str(found or mid), html_to_text(data["longTextContent"])


def replace_long_text(posts: list[dict[str, Any]], mid: str, text: str) -> None:
    """Put the full text of post `mid` in place of its truncated one; KeyError if it is not there."""
    hits = [p for p in posts if p["id"].rsplit(":", 1)[-1] == mid]
    if not hits:
        raise KeyError(mid)
    for post in hits:
        post["text"] = text


def parse_count(value: object) -> int:
    """Weibo counts: 12, "12", "1万+", "1.5万", "3亿", "1,234"; missing or a bare label ("转发") → 0."""
    if value is None or isinstance(value, bool):
        return 0
    if isinstance(value, int | float):
        return max(0, int(value))
    s = str(value).strip().replace(",", "").rstrip("+")
    if not re.search(r"\d", s):
        return 0
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(万|亿)?", s)
    if m is None:
        raise ParseError(f"unreadable count {value!r}")
    scale = {"万": 10_000, "亿": 100_000_000}.get(m.group(2) or "", 1)
    return round(float(m.group(1)) * scale)


# --- internals -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    keyword: str
    site: str
    fetched_at: datetime
    now: datetime
    web_base: str

    def post(self, mblog: dict[str, Any]) -> dict[str, Any]:
        mid = _mid(mblog)
        if not mid or "created_at" not in mblog:
            raise ParseError(f"mblog without id or created_at: {str(mblog)[:120]!r}")
        user = mblog.get("user") or {}
        return {
            "id": post_id("weibo", self.site, mid),
            "schema": 1,
            "source": "weibo",
            "site": self.site,
            "url": f"{self.web_base.rstrip('/')}/detail/{mid}",
            "title": None,
            "text": html_to_text(str(mblog.get("text") or "")),
            "author": {"id": str(user["id"]) if user.get("id") is not None else None,
                       "name": user.get("screen_name")},
            "published_at": parse_time(str(mblog["created_at"]), self.now),
            "fetched_at": self.fetched_at,
            "metrics": {"reposts": parse_count(mblog.get("reposts_count")),
                        "comments": parse_count(mblog.get("comments_count")),
                        "likes": parse_count(mblog.get("attitudes_count"))},
            "query": self.keyword,
            "parent_id": None,
        }


def _parent_item(ctx: _Context, parent: object) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The retweeted original as its own post; none when it was deleted (no author, no time)."""
    if not isinstance(parent, dict) or not _mid(parent) or not parent.get("user") or "created_at" not in parent:
        return []
    return [(ctx.post(parent), parent)]


def _mblogs(cards: list[Any]) -> list[dict[str, Any]]:
    found = []
    for card in cards:
        if not isinstance(card, dict):
            continue
        for holder in [card, *(card.get("card_group") or [])]:
            if isinstance(holder, dict) and isinstance(holder.get("mblog"), dict):
                found.append(holder["mblog"])
    return found


def _mid(mblog: dict[str, Any]) -> str:
    return str(mblog.get("mid") or mblog.get("id") or "")


def _validated(item: dict[str, Any]) -> dict[str, Any]:
    try:
        return Post.from_dict(item).to_dict()
    except SchemaError as exc:
        raise ParseError(f"weibo post {item.get('id')}: {exc}") from None


def _decode(body: bytes | str) -> str:
    if isinstance(body, str):
        return body
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError(f"weibo answer is not UTF-8: {exc}") from None


def _wall(text: str) -> str | None:
    """An HTML page where JSON was due: a captcha or a login wall (None for anything else)."""
    head = text.lstrip()[:1]
    if head != "<":
        return None
    lowered = text.lower()
    if "验证码" in text or "captcha" in lowered:
        return "captcha"
    if "passport" in lowered or "登录" in text:
        return "login"
    return None


def _load(text: str) -> dict[str, Any]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"broken weibo JSON ({exc.msg} at char {exc.pos}): {text[:80]!r}") from None
    if not isinstance(doc, dict):
        raise ParseError(f"weibo answer is JSON but not an object: {text[:80]!r}")
    return doc
