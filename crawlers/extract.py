"""News article extraction: HTML page → Article (title, body, publish time, source), for the news spider.

Sources are read here; the headline in `crawlers.article_title`, the body is chosen in
`crawlers.article_body` (CMS containers, trafilatura, text density) and trimmed at its edges in
`crawlers.article_edges` (site boilerplate and feed items recognised in `crawlers.article_boiler`), the
publish time read in `crawlers.article_dates`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import lxml.html
import trafilatura
from lxml import etree

from crawlers.article_body import (
    block_text,
    density_block,
    first_post,
    is_related_block,
    known_containers,
    pick_body,
    thread_posts,
)
from crawlers.article_dates import confirmed_guess, find_published, prose_date
from crawlers.article_edges import SOURCE_LABEL as _SOURCE_LABEL
from crawlers.article_edges import bracket_set_apart, drop_captions, signature_date, tidy
from crawlers.article_stamps import opening_stamp
from crawlers.article_title import BOILER as _BOILER
from crawlers.article_title import SITE_WORD as _SITE_WORD
from crawlers.article_title import above_headline, header_lines, header_window, strip_site
from crawlers.article_title import find_title as _find_title
from crawlers.article_title import text_of as _text
from crawlers.dates import SHANGHAI, find_date, parse_date, url_date
from crawlers.errors import ParseError
from crawlers.textutil import decode_html

# Marks that name an ad or keyword slot: Sina's blog puts the whole post in
# "sina_keyword_ad_area2" (keyword ads are laid over the text), so such an element holding prose stays.
_WEAK_BOILER = re.compile(r"(?:^|[-_])(?:ads?|advert|banner|keywords?|tags?)(?:[-_]|\d|$)", re.I)
# An editor's summary box over the text ("g-article-abstract", "summary", 摘要 / 导读 in pinyin): it restates
# the article, so a short one is not body. Long ones are left: some CMSs misname the text block.
_ABSTRACT = re.compile(r"(?:^|[-_])(?:abstract|summary|digest|zhaiyao|daodu|daoyu)(?:[-_]|\d|$)", re.I)
# Never article text: scripts, forms, page chrome, and ad slots (AMP's <amp-ad> / <amp-embed> with the
# fallback text they show, "广告：…"; AdSense <ins class="adsbygoogle">).
_DROP_TAGS = frozenset(("script", "style", "noscript", "iframe", "form", "textarea", "nav", "footer", "aside",
                        "amp-ad", "amp-embed", "amp-sticky-ad", "amp-auto-ads"))
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")  # a camelCase class name's word boundaries
MIN_BODY = 60  # shorter than a 快讯 means we did not find an article
_LIST_TAGS = frozenset(("div", "ul", "ol", "dl", "table", "tbody", "tr", "td", "section"))
_SOURCE_END = re.compile(r"(作者|记者|编辑|责任编辑|发布时间|时间|日期|浏览|阅读|字号|\d{4}[-/年]).*$")
# Who published it where the page has no 来源 line: WeChat account, 百家号 author, gov.cn ContentSource.
_SOURCE_XPATH = ("//*[@id='js_name'] | //*[contains(@class,'author-name') or contains(@class,'authorName')]")
_SCRIPT_SOURCE = re.compile(r"\bvar\s+nickname\s*=\s*(?:htmlDecode\()?[\"']([^\"']{2,40})[\"']"
                            r"|\"author\"\s*:\s*\{[^{}]*?\"name\"\s*:\s*\"([^\"]{2,40})\"")


@dataclass
class Article:
    """What a news page says about itself; `published_at` is aware (+08:00) or None."""

    title: str
    text: str
    published_at: datetime | None
    source: str | None


def _meta(doc: etree._Element) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in doc.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").lower().replace(" ", "")
        content = (m.get("content") or "").strip()
        if key and content and key not in out:
            out[key] = content
    return out


def _find_source(doc: etree._Element, html: str, meta: dict[str, str], window: str,
                 removed: list[str]) -> str | None:
    m = _SOURCE_LABEL.search(window)
    if m:
        src = _SOURCE_END.sub("", m.group(1)).strip()
        if src:
            return src
    for el in doc.xpath("//*[@id='ne_article_source' or contains(concat(' ',@class,' '),' source ')"
                        " or @id='source' or contains(@class,'source-name') or @class='source']"):
        text = _SOURCE_END.sub("", _SOURCE_LABEL.sub(r"\1", _text(el))).strip(" ：:")
        if 2 <= len(text) <= 30:
            return text
    if meta.get("contentsource"):
        return meta["contentsource"]
    for el in doc.xpath(_SOURCE_XPATH):
        if 2 <= len(_text(el)) <= 30:
            return _text(el)
    m = _SCRIPT_SOURCE.search(html)
    if m:
        return m.group(1) or m.group(2)
    for key in ("source", "article:author", "author", "og:site_name"):
        if meta.get(key) and meta[key] != "微信公众平台":
            return meta[key]
    sites = [p for p in removed if re.search(r"[\u4e00-\u9fff]", p) and _SITE_WORD.search(p)]
    return sites[0] if sites else None


def _holds_prose(el: etree._Element) -> bool:
    """Several paragraphs of sentences with few links: what an article, not an ad slot, holds."""
    paras = [t for p in el.iter("p", "div", "br") if (t := re.sub(r"\s+", "", p.text_content()))]
    prose = sum(len(t) for t in paras if len(t) >= 20 and re.search(r"[。！？]", t) and len(t) < 2000)
    links = sum(len(a.text_content().strip()) for a in el.iter("a"))
    text = len(re.sub(r"\s+", "", el.text_content())) or 1
    return prose >= 150 and links < 0.2 * text


def _is_summary_box(el: etree._Element) -> bool:
    """Short, and beside far more text: a summary over an article, not a 快讯 whose block is misnamed."""
    size = len(re.sub(r"\s+", "", el.text_content()))
    parent = el.getparent()
    around = len(re.sub(r"\s+", "", parent.text_content())) if parent is not None else 0
    return size < 300 and around >= 2 * size + 60


def _clean_dom(doc: etree._Element, keep: list[etree._Element]) -> None:
    """Drop comment threads, share bars, related lists: trafilatura keeps some of them on portals.
    An element marked only as an ad or keyword slot is kept when it holds prose (`_WEAK_BOILER`).

    A short summary box (`_ABSTRACT`) goes too.

    `keep` (the headline, CMS containers) and their ancestors stay, whatever their class says:
    博达 pages wrap the article in a <form>.
    """
    protected = {a for el in keep for a in (el, *el.iterancestors())}
    for el in list(doc.iter()):
        if not isinstance(el.tag, str) or el in protected or el.tag in ("html", "body"):
            continue
        if el.tag in _DROP_TAGS or el.tag == "ins" and "adsbygoogle" in (el.get("class") or ""):
            el.drop_tree()
            continue
        # sina tags its in-article ad slots by click tracking only: data-sudaclick="ad_content_top"
        marks = f"{el.get('class') or ''} {el.get('id') or ''} {el.get('data-sudaclick') or ''}".split()
        marks += [_CAMEL.sub("_", m) for m in marks if _CAMEL.search(m)]  # "allComm" (新浪博客) → "all_Comm"
        hits = [m for m in marks if _BOILER.search(m)]
        if hits and all(_WEAK_BOILER.search(m) for m in hits) and _holds_prose(el):
            continue
        if any(_ABSTRACT.search(m) for m in marks) and _is_summary_box(el):
            hits.append("abstract")
        if el.getparent() is not None and (hits or el.tag in _LIST_TAGS and is_related_block(el)):
            el.drop_tree()


def extract_article(html: str | bytes, url: str | None = None) -> Article:
    """Extract one news article; raises ParseError when the page holds none (index, empty, garbage)."""
    if isinstance(html, bytes):
        html = decode_html(html)
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    if not html.strip():
        raise ParseError("empty page")
    try:
        doc = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"not HTML: {exc}") from exc
    meta = _meta(doc)
    title, title_el, removed = _find_title(doc, meta, html, url)
    window = header_window(doc, title_el)
    source = _find_source(doc, html, meta, window, removed)
    published = find_published(doc, html, meta, window, url, above_headline(doc, title_el), header_lines(title_el))
    containers = known_containers(doc)
    posts = thread_posts(doc)  # before cleaning: the floor marks and times sit in the posts' footers
    opened = opening_stamp(posts[0]) if posts else None
    _clean_dom(doc, containers + ([title_el] if title_el is not None else []))
    drop_captions(doc)
    cleaned = lxml.html.tostring(doc, encoding="unicode")
    result = trafilatura.bare_extraction(cleaned, url=url, include_comments=False, include_tables=True,
                                         favor_recall=True, with_metadata=True)
    dense = density_block(doc)
    glued = not bracket_set_apart(doc, title)  # a telegraph's "【headline】财联社…电" as the wire wrote it
    body = pick_body([tidy(block_text(c), title, glued) for c in containers],
                     tidy(block_text(dense), title, glued) if dense is not None else "",
                     tidy(getattr(result, "text", None) or "", title, glued))
    # a forum thread's replies are not the article: the opening post is, when the pick took both
    opening = first_post(body, posts)
    if opening is not None:
        body = tidy(block_text(opening), title, glued) or body
    if len(body) < MIN_BODY or not title:
        raise ParseError("no article found" + (f" at {url}" if url else ""))
    if published is None:
        published = opened or signature_date(body) or prose_date(body) \
            or confirmed_guess(doc, getattr(result, "date", None))
    return Article(title=title, text=body, published_at=published, source=source)


__all__ = ["SHANGHAI", "Article", "decode_html", "extract_article", "find_date", "parse_date", "strip_site", "url_date"]
