"""Discuz! X pages → data: board lists and forum search results → ThreadRefs, viewthread pages →
one schema-v1 Post per floor. Pure functions of the page bytes; the forum spider calls them.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NoReturn
from urllib.parse import urljoin, urlsplit, urlunsplit

import lxml.html
from parsel import Selector

from crawlers.errors import BlockedError, ParseError
from crawlers.textutil import decode_html, html_to_text, parse_time
from pipeline.errors import SchemaError
from pipeline.schema import Post, post_id


@dataclass(frozen=True)
class ThreadRef:
    """One row of a board list or one search hit. `last_post` is the absolute time from the row's
    title attribute when the site gives one, else the printed text ("3 天前"); `posted` likewise."""

    tid: str
    url: str
    title: str
    replies: int = 0
    views: int = 0
    author: str | None = None
    last_post: str | None = None
    posted: str | None = None
    sticky: bool = False


@dataclass(frozen=True)
class ThreadList:
    threads: list[ThreadRef] = field(default_factory=list)
    next_page: str | None = None


@dataclass(frozen=True)
class ThreadPage:
    tid: str
    title: str
    page: int
    last_page: int
    next_page: str | None
    replies: int
    views: int
    posts: list[dict[str, Any]] = field(default_factory=list)


# --- entry points --------------------------------------------------------------------------------


def parse_thread_list(html: str | bytes, url: str) -> ThreadList:
    """A forumdisplay page or a search.php?mod=forum result page → its threads and the next page."""
    sel = Selector(text=decode_html(html))
    base = _base_url(sel, url)
    rows = sel.xpath("//tbody[starts-with(@id, 'normalthread_') or starts-with(@id, 'stickthread_')]")
    hits = sel.css("li.pbw")
    if rows:
        found = [_board_row(row, base) for row in rows]
    elif hits:
        found = [_search_hit(li, base) for li in hits]
    elif sel.css("#threadlisttableid, #threadlist, div.tl"):
        found = []  # an empty board, or a search without hits
    else:
        _raise_unusable(sel, "thread list")
    seen: set[str] = set()
    threads = []
    for ref in found:
        if ref is not None and ref.tid not in seen:
            seen.add(ref.tid)
            threads.append(ref)
    return ThreadList(threads=threads, next_page=_next_page(sel, base))


def parse_thread(
    html: str | bytes,
    url: str,
    *,
    site: str,
    fetched_at: datetime,
    now: datetime,
    query: str | None = None,
) -> ThreadPage:
    """A viewthread page → every floor on it as a validated Post dict (floor 1 carries the subject
    and the thread's counts; later floors point at it through `parent_id`)."""
    sel = Selector(text=decode_html(html))
    base = _base_url(sel, url)
    floors = [
        div for div in sel.xpath("//div[starts-with(@id, 'post_')]")
        if re.fullmatch(r"post_\d+", div.attrib["id"]) and div.xpath(".//table[starts-with(@id, 'pid')]")
    ]
    if not floors:
        _raise_unusable(sel, "thread page")
    tid = _tid(url) or _tid(" ".join(sel.css("a[href*=tid]::attr(href)").getall()))
    if tid is None:
        raise ParseError(f"no thread id in {url!r} or on the page")
    title = _text(sel.css("#thread_subject")) or _text(sel.css("title")).split(" - ")[0]
    header = " ".join(_text(div) for div in sel.xpath("//div[contains(concat(' ', @class, ' '), ' hm ')]"))
    views, replies = _count(r"查看\s*[:：]\s*([\d.]+万?)", header), _count(r"回复\s*[:：]\s*([\d.]+万?)", header)
    page, last_page = _pages(sel, url)

    page_url = url.split("#", 1)[0]
    thread_id = post_id("forum", site, tid)
    posts = []
    for index, floor in enumerate(floors):
        table = floor.xpath(".//table[starts-with(@id, 'pid')]")[0]
        pid = table.attrib["id"][3:]
        position = _position(floor)
        first = position == 1 if position is not None else (page == 1 and index == 0)
        author_id, author_name = _author(floor)
        record = {
            "id": thread_id if first else post_id("forum", site, f"{tid}-{pid}"),
            "source": "forum",
            "site": site,
            "url": f"{page_url}#pid{pid}",
            "title": title if first else None,
            "text": _post_text(floor),
            "author": {"id": author_id, "name": author_name},
            "published_at": _posted_at(floor, pid, now),
            "fetched_at": fetched_at,
            "metrics": {"replies": replies, "views": views} if first else {},
            "query": query,
            "parent_id": None if first else thread_id,
        }
        try:
            posts.append(Post.from_dict(record).to_dict())
        except SchemaError as exc:
            raise ParseError(f"floor pid{pid} of thread {tid}: {exc}") from None
    return ThreadPage(tid=tid, title=title, page=page, last_page=last_page,
                      next_page=_next_page(sel, base), replies=replies, views=views, posts=posts)


# --- charset -------------------------------------------------------------------------------------

# GB18030 is a superset of GBK and GB2312: decoding with it also reads the odd character
# a GBK-era forum stored outside GB2312.


# --- thread lists --------------------------------------------------------------------------------


def _board_row(row: Selector, base: str) -> ThreadRef | None:
    kind, _, tid = row.attrib["id"].partition("_")
    link = row.css("th a.xst") or row.css("a.xst")
    href = link.attrib.get("href") if link else None
    if not tid.isdigit() or not href:
        return None
    by = row.css("td.by")
    author = _text(by[0].css("cite")) if by else ""
    return ThreadRef(
        tid=tid,
        url=urljoin(base, href),
        title=_text(link[0]),
        replies=_count(r"([\d.]+万?)", _text(row.css("td.num a"))),
        views=_count(r"([\d.]+万?)", _text(row.css("td.num em"))),
        author=author or None,
        posted=_shown_time(by[0].css("em")) if by else None,
        last_post=_shown_time(by[-1].css("em")) if len(by) > 1 else None,
        sticky=kind == "stickthread",
    )


def _search_hit(li: Selector, base: str) -> ThreadRef | None:
    link = li.css("h3 a")
    href = link.attrib.get("href") if link else None
    li_id = li.attrib.get("id", "")
    tid = li_id if li_id.isdigit() else _tid(href or "")
    if not href or not tid:
        return None
    counts = _text(li.css("p.xg1"))
    # the last <p> of a hit reads "<span>time</span> - <span>author</span> - <span>board</span>"
    spans = li.xpath("./p[span]")
    posted, author = ([_text(s) for s in spans[-1].xpath("./span")] + ["", ""])[:2] if spans else ("", "")
    return ThreadRef(
        tid=tid,
        url=_drop_params(urljoin(base, href), {"highlight"}),
        title=_text(link[0]),
        replies=_count(r"([\d.]+万?)\s*个?回复", counts),
        views=_count(r"([\d.]+万?)\s*次?查看", counts),
        author=author or None,
        posted=posted or None,
    )


# --- thread pages --------------------------------------------------------------------------------

_FLOOR_NAMES = {"楼主": 1, "沙发": 2, "板凳": 3, "地板": 4}
# Not the author's words: quoted floors, "本帖最后由 … 编辑", Discuz's anti-copy jammer strings,
# hidden spans, attachment boxes and the "reply to see hidden content" notice.
_NOT_TEXT = " | ".join([
    ".//div[contains(concat(' ', @class, ' '), ' quote ')]",
    ".//blockquote",
    ".//i[contains(@class, 'pstatus')]",
    ".//font[contains(@class, 'jammer')]",
    ".//*[contains(translate(@style, ' ', ''), 'display:none')]",
    ".//ignore_js_op",
    ".//div[contains(@class, 'attach_nopermission') or contains(@class, 'locked')]",
    ".//script",
    ".//style",
])


def _position(floor: Selector) -> int | None:
    label = _text(floor.xpath(".//a[starts-with(@id, 'postnum')]"))
    if label in _FLOOR_NAMES:
        return _FLOOR_NAMES[label]
    number = re.search(r"\d+", label)
    return int(number.group()) if number else None


def _author(floor: Selector) -> tuple[str | None, str | None]:
    for link in floor.css(".authi a"):
        uid = _uid(link.attrib.get("href", ""))
        name = _text(link)
        if uid and name:
            return uid, name
    anonymous = _text(floor.css("td.pls div.pi")) or _text(floor.css(".authi")).split("发表于")[0].strip()
    return None, anonymous or None


def _posted_at(floor: Selector, pid: str, now: datetime) -> datetime:
    stamp = floor.xpath(".//em[starts-with(@id, 'authorposton')]")
    shown = _shown_time(stamp)
    if not shown:
        raise ParseError(f"floor pid{pid} has no post time")
    return parse_time(shown, now)


def _post_text(floor: Selector) -> str:
    body = floor.css("td.t_f") or floor.xpath(".//*[starts-with(@id, 'postmessage_')]")
    if not body:
        return ""
    element = copy.deepcopy(body[0].root)
    for unwanted in element.xpath(_NOT_TEXT):
        unwanted.drop_tree()  # keeps the tail text that follows the dropped element
    inner = (element.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in element
    )
    lines = (line.strip() for line in html_to_text(inner).splitlines())
    return "\n".join(line for line in lines if line)


def _pages(sel: Selector, url: str) -> tuple[int, int]:
    pager = sel.css("div.pg")[:1]
    current = _count(r"(\d+)", _text(pager.css("strong"))) if pager else 0
    if not current:
        m = re.search(r"[?&]page=(\d+)", url) or re.search(r"thread-\d+-(\d+)-\d+\.html", url)
        current = int(m.group(1)) if m else 1
    total_label = " ".join(pager.css("label span::attr(title), label span::text").getall())
    total = _count(r"(\d+)\s*页", total_label)
    if not total:
        numbers = [int(n) for a in pager.css("a") for n in re.findall(r"\d+", _text(a))]
        total = max(numbers, default=current)
    return current, max(current, total)


# --- blocked and foreign pages -------------------------------------------------------------------

_LOGIN_WORDS = ("登录", "登陆")
_CAPTCHA_WORDS = ("验证码", "验证问答", "seccode", "secqaa")
_FORBIDDEN_WORDS = ("没有权限", "无权", "无法进行此操作", "无法访问", "禁止访问", "被禁止")
_RATE_WORDS = ("刷新过于频繁", "速度过快", "刷新间隔")


def _raise_unusable(sel: Selector, wanted: str) -> NoReturn:
    """No threads or floors: a Discuz message page (login wall, captcha, no permission) is a
    BlockedError; a Discuz message of another kind or a foreign page is a ParseError."""
    message = _text(sel.css("#messagetext")) or _text(sel.css(".alert_error, .alert_info"))
    login_form = bool(sel.css("#messagelogin, form[name=login], form[id^=loginform_]"))
    seccode = bool(sel.xpath("//*[starts-with(@id, 'seccode') or starts-with(@name, 'seccode')"
                             " or starts-with(@id, 'secqaa')]"))
    if any(w in message for w in _LOGIN_WORDS):
        raise BlockedError("login", message)
    if any(w in message for w in _CAPTCHA_WORDS) or (seccode and not login_form):
        raise BlockedError("captcha", message)
    if any(w in message for w in _FORBIDDEN_WORDS):
        raise BlockedError("forbidden", message)
    if login_form:
        raise BlockedError("login", "login form instead of content")
    if any(w in message for w in _RATE_WORDS):
        raise BlockedError("rate_limit", message)
    if message:
        raise ParseError(f"Discuz message instead of a {wanted}: {message}")
    raise ParseError(f"not a Discuz {wanted}: no thread table and no post list")


# --- small helpers -------------------------------------------------------------------------------


def _text(sel: Selector | Any) -> str:
    """All text under the selection, whitespace (and &nbsp;) collapsed."""
    parts = sel.xpath(".//text()").getall() if sel else []
    return re.sub(r"\s+", " ", "".join(parts).replace("\xa0", " ")).strip()


def _shown_time(em: Any) -> str | None:
    """A printed time; Discuz puts the absolute one in a title when it shows "3 天前"."""
    if not em:
        return None
    return em.xpath(".//span/@title").get() or _text(em) or None


def _count(pattern: str, text: str) -> int:
    m = re.search(pattern, text)
    if not m:
        return 0
    raw = m.group(1)
    value = float(raw.rstrip("万")) * (10000 if raw.endswith("万") else 1)
    return int(value)


def _tid(url: str) -> str | None:
    m = re.search(r"(?:^|[?&;\s])p?tid=(\d+)", url) or re.search(r"thread-(\d+)-\d+-\d+\.html", url)
    return m.group(1) if m else None


def _uid(href: str) -> str | None:
    m = re.search(r"space-uid-(\d+)", href) or re.search(r"[?&]uid=(\d+)", href)
    return m.group(1) if m else None


def _base_url(sel: Selector, url: str) -> str:
    base = sel.xpath("//base/@href").get()
    return urljoin(url, base.strip()) if base else url


def _next_page(sel: Selector, base: str) -> str | None:
    href = sel.css("div.pg a.nxt::attr(href)").get()
    if not href or href.startswith("javascript"):
        return None
    return urljoin(base, href)


def _drop_params(url: str, names: set[str]) -> str:
    """Remove query parameters by name, leaving the others' bytes alone (GBK sites percent-encode
    GBK, which a decode/re-encode round trip would mangle)."""
    parts = urlsplit(url)
    kept = [p for p in parts.query.split("&") if p and p.split("=", 1)[0] not in names]
    return urlunsplit(parts._replace(query="&".join(kept)))
