"""News article extraction: HTML page → Article (title, body, publish time, source), for the news spider.

Titles and sources are read here; the body is chosen in `crawlers.article_body` (CMS containers,
trafilatura, text density) and the publish time in `crawlers.article_dates`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import lxml.html
import trafilatura
from lxml import etree

from crawlers.article_body import block_text, density_block, known_containers, pick_body
from crawlers.article_dates import confirmed_guess, find_published
from crawlers.article_edges import QUOTES as _QUOTES
from crawlers.article_edges import SOURCE_LABEL as _SOURCE_LABEL
from crawlers.article_edges import tidy
from crawlers.dates import SHANGHAI, find_date, parse_date, url_date
from crawlers.errors import ParseError
from crawlers.textutil import decode_html

MIN_BODY = 60  # shorter than a 快讯 means we did not find an article
_BOILER = re.compile(
    r"(?:^|[-_])(?:comments?|cmt|tie|reply|share|recommend|related|relate|footer|foot|nav|navbar|menu|"
    r"sidebar|side|aside|ads?|advert|banner|copyright|statement|rank|hot|jubao|qrcode|breadcrumb|crumb|"
    r"tools?|login|search|keywords?|tags?|hotnews|more)(?:[-_]|$)", re.I)
_SEP = re.compile(r"\s*(?:_|\||｜|--?|–|—|·)\s*")
_SITE_WORD = re.compile(r"网|新闻|日报|晚报|时报|周刊|财经|频道|在线|客户端|新浪|搜狐|腾讯|凤凰|央视|news|paper|\.com|\.cn", re.I)
_SOURCE_END = re.compile(r"(作者|记者|编辑|责任编辑|发布时间|时间|日期|浏览|阅读|字号|\d{4}[-/年]).*$")
_SITE_TITLE = re.compile(r"(?:人民政府|政府网|门户网站?|网站|官网|大学|学院|学校|新闻网|首页|新闻|动态|公告|要闻"
                         r"|局|厅|委员会|办公室|法院|检察院|派出所|支队)$")  # a site named after its office
_MSG_TITLE = re.compile(r"\bvar\s+msg_title\s*=\s*([\"'])(.{4,200}?)\1")
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


def _text(el: etree._Element) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


def _lcs(a: str, b: str) -> str:
    """Longest common substring of a and b (quotes compared loosely), as it appears in a."""
    na, nb = a.translate(_QUOTES), b.translate(_QUOTES)
    best, end, prev = 0, 0, [0] * (len(nb) + 1)
    for i in range(1, len(na) + 1):
        cur = [0] * (len(nb) + 1)
        for j in range(1, len(nb) + 1):
            if na[i - 1] == nb[j - 1]:
                cur[j] = prev[j - 1] + 1
                if cur[j] > best:
                    best, end = cur[j], i
        prev = cur
    return a[end - best:end].strip()


def strip_site(title: str) -> tuple[str, list[str]]:
    """Remove trailing (and site-like leading) segments such as "_新浪财经_新浪网" → (title, removed)."""
    parts = [p for p in _SEP.split(title.strip()) if p]
    removed: list[str] = []
    while len(parts) > 1 and len(parts[-1]) <= 30 and len("".join(parts[:-1])) >= 6:
        removed.insert(0, parts.pop())
    if len(parts) > 1 and len(parts[0]) <= 12 and _SITE_WORD.search(parts[0]):
        removed.append(parts.pop(0))
    if not removed:
        return title.strip(), []
    # keep the page's own separators inside what remains (e.g. "A：B - C" keeps "A：B")
    head = parts[0]
    start = title.find(head)
    last = parts[-1]
    stop = title.find(last, start) + len(last)
    return title[start:stop].strip(), removed


def _meta(doc: etree._Element) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in doc.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").lower().replace(" ", "")
        content = (m.get("content") or "").strip()
        if key and content and key not in out:
            out[key] = content
    return out


def _is_site_title(title: str, site_names: set[str | None]) -> bool:
    """A <title> that names the site or a column ("清溪镇人民政府", "学院新闻"), not an article."""
    return title in site_names or len(title) <= 8 or bool(_SITE_TITLE.search(title))


def _in_boiler(el: etree._Element) -> bool:
    for node in (el, *el.iterancestors()):
        if node.tag in ("nav", "footer", "aside") or any(
                _BOILER.search(m) for m in f"{node.get('class') or ''} {node.get('id') or ''}".split()):
            return True
    return False


def _above_date_line(doc: etree._Element) -> list[etree._Element]:
    """Headlines without a tag or class to find them by (table-layout gov.cn pages): the nearest text
    block above a "时间：2020年06月12日" line, when it reads like a headline (short, no full stop)."""
    found: list[etree._Element] = []
    for node in doc.xpath("//body//text()[contains(., '时间') or contains(., '日期')]")[:5]:
        holder = node.getparent()
        if holder is None or find_date(str(node)) is None and find_date(_text(holder)) is None:
            continue
        for el in reversed(holder.xpath("preceding::*")[-12:]):
            text = _text(el)
            if text and el.tag not in ("script", "style"):
                if 6 <= len(text) <= 80 and not re.search(r"[。！？]", text):
                    found.append(el)
                break
    return found


def _find_title(doc: etree._Element, meta: dict[str, str], html: str) -> tuple[str, etree._Element | None, list[str]]:
    """(title, the element carrying it on the page, site segments removed from <title>).

    References: <title> without its site suffix, then og:title / gov.cn ArticleTitle / WeChat's
    `var msg_title` (WeChat leaves <title> empty); the headline element agreeing with them is preferred.
    """
    raw_title = _text(doc.find(".//title")) if doc.find(".//title") is not None else ""
    page_title, removed = strip_site(raw_title)
    script_title = _MSG_TITLE.search(html)
    meta_title = strip_site(meta.get("og:title") or meta.get("articletitle") or meta.get("title")
                            or meta.get("twitter:title") or (script_title.group(2) if script_title else ""))[0]
    heads = list(doc.iter("h1")) + list(doc.iter("h2"))
    # "title", and the shorter "tit" / "biaoti" of gov.cn and court CMSs ("detail_tit", "art_tit")
    heads += doc.xpath("//*[contains(@class,'tit') or contains(@id,'tit') or contains(@class,'biaoti')"
                       " or contains(@class,'headline')][not(self::title)]")[:60]
    heads += _above_date_line(doc)
    best: tuple[int, str, etree._Element | None] = (0, "", None)
    whole = raw_title.translate(_QUOTES)
    for h in heads:
        text = _text(h)
        if not 4 <= len(text) <= 120:
            continue
        # the headline appears whole in <title>: keep it whole, even where "——" or " - " made
        # strip_site cut it ("“三全育人”进行时——学院开展讲座-某大学"); site names are not headlines
        if len(text) >= 5 and text.translate(_QUOTES) in whole and text not in removed and len(text) > best[0]:
            best = (len(text), text, h)
            continue
        for ref in (page_title, meta_title):
            common = _lcs(text, ref) if ref else ""
            if len(common) >= 5 and len(common) >= 0.5 * min(len(text), len(ref)) and len(common) > best[0]:
                best = (len(common), common, h)
    if best[2] is not None:
        return best[1], best[2], removed
    site_names = {meta.get("sitename"), meta.get("og:site_name"), meta.get("columnname")}
    for cand in (meta_title, page_title):
        if len(cand) >= 4 and not _is_site_title(cand, site_names):
            return cand, None, removed
    # <title> names only the site or column (common on gov.cn / edu.cn CMSs): the page's own headline,
    # preferably the one a date line follows closely (a sidebar heading has none under it)
    found = [h for h in heads if 6 <= len(_text(h)) <= 80 and re.search(r"[\u4e00-\u9fff]", _text(h))
             and not _in_boiler(h)]
    if found:
        h = min(found, key=lambda h: find_date(_header_window(doc, h)[:120]) is None)
        return _text(h), h, removed
    for cand in (meta_title, page_title):
        if len(cand) >= 4:
            return cand, None, removed
    for h in doc.iter("h1"):
        if len(_text(h)) >= 4:
            return _text(h), h, removed
    return "", None, removed


def _header_window(doc: etree._Element, title_el: etree._Element | None) -> str:
    """Text from the title element onward (about 600 characters): where 时间 and 来源 lines sit."""
    body = doc.find(".//body")
    if body is None:
        return ""
    chunks: list[str] = []
    started = title_el is None
    for el in body.iter():
        if el is title_el:
            started = True
        if not started or not isinstance(el.tag, str) or el.tag in ("script", "style"):
            continue
        own_text = None if el is title_el else el.text  # the title itself is not context
        for piece in (own_text, el.tail):
            if piece and piece.strip():
                chunks.append(piece.strip())
        if sum(map(len, chunks)) > 600:
            break
    return " ".join(chunks)[:600]


def _above_headline(doc: etree._Element, title_el: etree._Element | None) -> str:
    """The 150 characters of text just before the headline: some portals (新华网) date the article above it."""
    body = doc.find(".//body")
    if body is None or title_el is None:
        return ""
    ancestors = set(title_el.iterancestors())
    chunks: list[str] = []
    for el in body.iter():
        if el is title_el:
            break
        if not isinstance(el.tag, str) or el.tag in ("script", "style"):
            continue
        for piece in (el.text, None if el in ancestors else el.tail):
            if piece and piece.strip():
                chunks.append(piece.strip())
    return " ".join(chunks)[-150:]


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


def _clean_dom(doc: etree._Element, keep: list[etree._Element]) -> None:
    """Drop comment threads, share bars, related lists: trafilatura keeps some of them on portals.

    `keep` (the headline, CMS containers) and their ancestors stay, whatever their class says:
    博达 pages wrap the article in a <form>.
    """
    protected = {a for el in keep for a in (el, *el.iterancestors())}
    for el in list(doc.iter()):
        if not isinstance(el.tag, str) or el in protected or el.tag in ("html", "body"):
            continue
        if el.tag in ("script", "style", "noscript", "iframe", "form", "textarea", "nav", "footer", "aside"):
            el.drop_tree()
            continue
        marks = f"{el.get('class') or ''} {el.get('id') or ''}".split()
        if any(_BOILER.search(m) for m in marks) and el.getparent() is not None:
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
    title, title_el, removed = _find_title(doc, meta, html)
    window = _header_window(doc, title_el)
    source = _find_source(doc, html, meta, window, removed)
    published = find_published(doc, html, meta, window, url, _above_headline(doc, title_el))
    containers = known_containers(doc)
    _clean_dom(doc, containers + ([title_el] if title_el is not None else []))
    cleaned = lxml.html.tostring(doc, encoding="unicode")
    result = trafilatura.bare_extraction(cleaned, url=url, include_comments=False, include_tables=True,
                                         favor_recall=True, with_metadata=True)
    dense = density_block(doc)
    body = pick_body([tidy(block_text(c), title) for c in containers],
                     tidy(block_text(dense), title) if dense is not None else "",
                     tidy(getattr(result, "text", None) or "", title))
    if len(body) < MIN_BODY or not title:
        raise ParseError("no article found" + (f" at {url}" if url else ""))
    if published is None:
        published = confirmed_guess(doc, getattr(result, "date", None))
    return Article(title=title, text=body, published_at=published, source=source)


__all__ = ["SHANGHAI", "Article", "decode_html", "extract_article", "find_date", "parse_date", "strip_site", "url_date"]
