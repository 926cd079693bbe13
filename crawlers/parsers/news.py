"""News discovery: RSS 2.0 / Atom feeds and portal list pages → article URLs for the news spider.

Feeds are parsed with entity resolution, DTD loading and network access off (no XXE, no billion laughs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html
from lxml import etree

from crawlers.dates import SHANGHAI, parse_date
from crawlers.errors import ParseError

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                          remove_comments=True)
_ATOM = "{http://www.w3.org/2005/Atom}"
_ARTICLE_EXT = re.compile(r"\.(?:s?html?)$", re.I)
_DATE_PATH = re.compile(r"(?:19|20)\d{2}[-/_]?\d{2}[-/_]?\d{2}|/t(?:19|20)\d{6}_")
_NUM_ID = re.compile(r"\d{5,}")
_DOC_ID = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9]{12,32}$")  # 网易 EO9T3QQH00259DLP style ids
_NOT_ARTICLE = re.compile(r"(?:^|[/_-])(?:index|list|default|more|channel|tags?|special|zt)(?:[_-]\d+)?\.s?html?$", re.I)
_TWO_LEVEL = re.compile(r"\.(?:com|net|org|gov|edu|ac)\.cn$")


@dataclass
class FeedEntry:
    """One feed item: absolute `url`, `published_at` aware (+08:00 when the feed gives no zone) or None."""

    url: str
    title: str
    published_at: datetime | None
    summary: str


def _text(el: etree._Element | None) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip() if el is not None else ""


def _strip_tags(fragment: str) -> str:
    """Feed summaries are often escaped HTML: keep their text only."""
    if "<" not in fragment:
        return fragment.strip()
    try:
        return re.sub(r"\s+", " ", lxml.html.fromstring(f"<div>{fragment}</div>").text_content()).strip()
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]+>", "", fragment).strip()


def _feed_date(value: str) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    try:
        dt = parsedate_to_datetime(value)  # RFC 822: "Wed, 03 Apr 2019 10:23:45 +0800"
    except (TypeError, ValueError, IndexError):
        return parse_date(value)  # ISO 8601 and the Chinese feeds' "2019-04-03 10:23:45"
    return dt.replace(tzinfo=SHANGHAI) if dt.tzinfo is None else dt.astimezone(SHANGHAI)


def _child(el: etree._Element, *names: str) -> etree._Element | None:
    for name in names:
        found = el.find(name)
        if found is not None:
            return found
    return None


def parse_feed(body: str | bytes, url: str) -> list[FeedEntry]:
    """Entries of an RSS 2.0 (or RSS 1.0) or Atom feed; ParseError for anything else."""
    if isinstance(body, str):
        body = re.sub(r"^\s*<\?xml[^>]*\?>", "", body).encode("utf-8")
    try:
        root = etree.fromstring(body.lstrip(), _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"feed is not XML: {exc}") from exc
    if root is None:
        raise ParseError("feed is empty")
    entries: list[FeedEntry] = []
    if root.tag == f"{_ATOM}feed":
        base = root.get("{http://www.w3.org/XML/1998/namespace}base") or url
        for e in root.iter(f"{_ATOM}entry"):
            links = e.findall(f"{_ATOM}link")
            link = next((ln for ln in links if ln.get("rel", "alternate") == "alternate"), None)
            href = (link.get("href") or "").strip() if link is not None else ""
            if not href:
                continue
            entries.append(FeedEntry(
                url=urljoin(base, href), title=_text(e.find(f"{_ATOM}title")),
                published_at=_feed_date(_text(_child(e, f"{_ATOM}published", f"{_ATOM}updated"))),
                summary=_strip_tags(_text(_child(e, f"{_ATOM}summary", f"{_ATOM}content")))))
        return entries
    if etree.QName(root).localname not in ("rss", "RDF"):
        raise ParseError(f"not a feed: root element <{etree.QName(root).localname}>")
    for item in root.iter("item", "{http://purl.org/rss/1.0/}item"):
        ns = "{http://purl.org/rss/1.0/}" if item.tag.startswith("{") else ""
        href = _text(item.find(f"{ns}link"))
        guid = item.find("guid")
        if not href and guid is not None and guid.get("isPermaLink", "true") == "true":
            href = _text(guid)
        if not href:
            continue
        date = _child(item, "pubDate", "{http://purl.org/dc/elements/1.1/}date")
        entries.append(FeedEntry(
            url=urljoin(url, href), title=_text(item.find(f"{ns}title")),
            published_at=_feed_date(_text(date)),
            summary=_strip_tags(_text(item.find(f"{ns}description")))))
    return entries


def _site(host: str) -> str:
    """Registrable domain: news.sina.com.cn → sina.com.cn, www.163.com → 163.com."""
    labels = host.lower().split(".")
    return ".".join(labels[-3:] if _TWO_LEVEL.search(host.lower()) else labels[-2:])


def looks_like_article(link: str) -> bool:
    """An article URL on Chinese portals: .html/.shtml with a date path or a numeric / doc id."""
    path = urlsplit(link).path
    last = path.rsplit("/", 1)[-1]
    if not _ARTICLE_EXT.search(last) or _NOT_ARTICLE.search(path):
        return False
    stem = _ARTICLE_EXT.sub("", last)
    return bool(_DATE_PATH.search(path) or _NUM_ID.search(stem) or _DOC_ID.match(stem))


def parse_list_page(html: str | bytes, url: str) -> list[str]:
    """Absolute article links of a news list page, same site, de-duplicated, in page order."""
    try:
        doc = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"list page is not HTML: {exc}") from exc
    base = doc.xpath("string(//base/@href)").strip() or url
    site = _site(urlsplit(url).hostname or "")
    seen: set[str] = set()
    links: list[str] = []
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        link = urldefrag(urljoin(base, href)).url
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or _site(parts.hostname or "") != site:
            continue
        if link not in seen and looks_like_article(link):
            seen.add(link)
            links.append(link)
    return links
