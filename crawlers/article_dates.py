"""Publish time of a news article, the part of `crawlers.extract` that reads dates off the page.

Sources in order of trust: meta tags → JSON-LD → <time>/itemprop → the byline under the headline
(a date before any sentence; a year-less "06-18 09:35" takes its year from a script time of that
minute, the URL, the modified stamp, the copyright year or today) → the headline's own block (its date
line after a standfirst; a day and a clock time printed apart, joined) → script variables (WeChat
`var ct`, `create_time`, 百家号 `"publishTime"`) → a data-time attribute → the labelled line under the
title ("发布时间：…") → the first date under the title → the date just above the title (新华网) → other labelled lines → dates in the URL
→ an "更新时间" (an edit, read last) → a date in the article's own text → trafilatura's guess, only if the
page shows that day. A 信息公开 table's 成文日期 (when the document was signed) gives way to its 发布日期. Furniture
("今天是…", a "2020年12月30日 星期三" clock, a date inside the article's sentences, "©2008 Baidu", related-list dates, a script's server
time) never dates an article: when nothing on the page does, the answer is None rather than a guess.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime

from lxml import etree

from crawlers.article_stamps import (
    attribute_date,
    header_stamp,
    in_furniture,
    issue_date,
    named_stamp,
    plain_named_stamp,
    yearless_byline,
)
from crawlers.dates import arabic_dates, find_date, parse_date, url_date

META_DATE_KEYS = (
    "article:published_time", "og:article:published_time", "og:release_date", "article:published",
    "pubdate", "publishdate", "publish_date", "publish-date", "publishtime", "publish_time", "ptime",
    "weibo:article:create_at", "datepublished", "dc.date.issued", "dc.date", "sailthru.date",
    "release_date", "firstpublishedtime", "founder-date", "date",  # founder-date: Founder (方正) e-papers
)
# `var ct = "1561530720"` / `d.ct = ...` : WeChat's publish time in unix seconds (the visible #publish_time
# is filled from it by script). Kept apart from the named variables because "ct" alone is too short to
# match loosely.
_WECHAT_CT = re.compile(r"(?:\bvar\s+|[\w$]\.)ct\s*=\s*[\"']?(\d{10})\b")
# Named publish times in a page's scripts: a CMS config object (金融界 `pubdate: "2021-01-28 11:46:02"`,
# shown by script), a post's JSON (雪球 `"created_at":1625745960000`, ms epoch; the post's own field comes
# before its author's, and only the first script date with a time of day is used; 东方财富 `"Art_ShowTime"`;
# a leading underscore too: `var _pubtime = "2022-06-30 19:40"`).
_SCRIPT_VAR = re.compile(
    r"[\"']?(?:\b_?|ori_?|ori(?=C))(?:create_time|createTime|CreateTime|publish_time|publishTime|publishDate|"
    r"publish_date|pubtime|pubTime|pubDate|pub_date|ptime|datePublished|releaseTime|release_time|newsTime|"
    r"news_time|Art_ShowTime|contentPublishTime|showTime|show_time|pubTimestamp|pub_timestamp|publishTimestamp|publish_timestamp|publishedAt|published_at|pubdate|created_at)[\"']?\s*[:=]\s*(?:(?:JsDecode|htmlDecode|parseInt)\()?[\"']?"
    r"(\d{10}(?:\d{3})?(?!\d)|(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}[^\"',;}]{0,20})")
# "发布时间：19-05-14 18:42" (百家号 2019 prints a two-digit year), "发布日期：2019年05月13日".
_LABEL = r"(?:发布|发表|发文|成文|上传)?(?:时间|日期)|发表于|发布于|时间|发布(?=\s*[:：])"  # "发布：2019-01-12 09:30"
_SHORT_YEAR = re.compile(rf"(?:{_LABEL})\s*[:：]?\s*(\d{{2}})[-/.](\d{{1,2}})[-/.](\d{{1,2}})(?!\d)"
                         r"(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_LABELLED = re.compile(rf"(?:{_LABEL})\s*[:：]?\s*(?=(?:19|20)\d{{2}})")
# Dates that belong to the site, not the article: the header clock, copyright spans.
# Also a forum author's profile beside the post ("注册时间 2014-5-20", "最后登录 …"): its stamp only.
_FURNITURE = re.compile(r"(?:今天是|今日是|当前时间|当前日期|现在时间|现在是|©|Copyright|版权所有)[^\n]{0,40}"
                        r"|(?:注册(?:时间|日期|于)|最后登录|上次登录|加入时间)\s*[:：]?\s*(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}"
                        r"\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?", re.I)
# "更新时间：2020-12-30 09:02" beside the publish time, "本站更新于…": when the page was edited, not
# published. Blanked out of the header before dates are read; used only when nothing else dates the page.
_STAMP = (r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
          r"(?:\s*\d{1,2}\s*[:：时]\s*\d{1,2}(?:\s*[:：分]\s*\d{1,2})?)?")
# "更新时间：2019-05-14 18:42", and a forum's "本帖最后由 某某 于 2026-3-2 09:40 编辑": when it was edited.
_UPDATED = re.compile(rf"(?:(?:最后|最近)?(?:更新|修改|修订|编辑)(?:时间|日期|于)|更新)\s*[:：]?\s*{_STAMP}"
                      rf"|最后由\s*\S{{1,30}}\s*于\s*{_STAMP}\s*编辑")
# A site clock: "2020年12月30日 星期三" in the top bar is today's date, not the article's.
_CLOCK = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:星期|周|礼拜)[一二三四五六日天]")
_SPACED = re.compile(r"\b((?:19|20)\d{2})\s+(\d{1,2})\s*/\s*(\d{1,2})\b")



# JSON-LD nodes that describe the site, not the article: a BreadcrumbList's "dateCreated" is when the
# channel was set up (界面 AMP pages carry one beside the NewsArticle).
_SITE_TYPES = {"BreadcrumbList", "WebSite", "Organization", "NewsMediaOrganization", "SiteNavigationElement"}
_JSONLD_KEYS = ("datePublished", "dateCreated", "uploadDate")


# "成文日期：2018-02-26" in a gov.cn 信息公开 table is when the document was signed; beside a "发布日期" it
# is not when the page was published, so it is blanked out of the header then.
_WRITTEN = re.compile(r"(?:成文|印发|签发|制发)(?:日期|时间)\s*[:：]?\s*(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]"
                      r"\s*\d{1,2}\s*日?")
_PUBLISHED_LABEL = re.compile(r"(?:发布|发表|公开|上网)(?:日期|时间)")


def _unsigned(text: str) -> str:
    """`text` without a document's signing date when it also gives a publish date."""
    return _WRITTEN.sub(" ", text) if _PUBLISHED_LABEL.search(text) else text


def _jsonld_dates(doc: etree._Element) -> list[str]:
    """Dates of the page's JSON-LD nodes, every datePublished before any dateCreated or uploadDate."""
    found: list[tuple[int, str]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            kind = node.get("@type")
            if isinstance(kind, str) and kind in _SITE_TYPES:
                return
            for rank, k in enumerate(_JSONLD_KEYS):
                if isinstance(node.get(k), str):
                    found.append((rank, node[k]))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for s in doc.xpath("//script[@type='application/ld+json']"):
        try:
            walk(json.loads(s.text or ""))
        except ValueError:
            continue  # broken JSON-LD is common; the other date sources still apply
    return [v for _, v in sorted(found, key=lambda f: f[0])]


def script_dates(html: str) -> list[datetime]:
    """Publish times written in the page's scripts, those with a time of day first."""
    values = _WECHAT_CT.findall(html) + _SCRIPT_VAR.findall(html)
    found = [dt for v in values if (dt := parse_date(v)) is not None]
    return sorted(found, key=lambda dt: dt.hour == dt.minute == dt.second == 0)


def labelled_date(text: str) -> datetime | None:
    """The date after a 发布时间 / 发布日期 / 时间 label, two-digit years read as 20xx; furniture skipped."""
    text = _unsigned(_UPDATED.sub(" ", _FURNITURE.sub(" ", text)))
    for m in _LABELLED.finditer(text):
        dt = find_date(text[m.end():m.end() + 40])
        if dt is not None:
            return dt
    short = _SHORT_YEAR.search(text)
    if short:
        y, mo, d, h, mi, s = short.groups()
        return parse_date(f"20{y}-{int(mo):02d}-{int(d):02d} {h or '00'}:{mi or '00'}:{s or '00'}")
    return None


def page_labelled_date(doc: etree._Element) -> datetime | None:
    """A labelled date anywhere in the page body outside headers, footers and related lists."""
    for node in doc.xpath("//body//text()[contains(., '时间') or contains(., '日期') or contains(., '发表于')"
                          " or contains(., '发布于') or contains(., '发布：') or contains(., '发布:')]"):
        parent = node.getparent()
        if parent is None or in_furniture(parent):
            continue
        holder = parent.getparent() if len(parent.text_content()) < 12 and parent.getparent() is not None else parent
        dt = labelled_date(re.sub(r"\s+", " ", holder.text_content())[:200])
        if dt is not None:
            return dt
    return None


def _dates_in(text: str) -> list[datetime]:
    """Plausible dates in `text`, in the order they appear."""
    starts = (m.start() for m in re.finditer(r"(?<!\d)(?:19|20)\d{2}\s*[-/.年]", text))
    return [dt for i in starts if (dt := find_date(text[i:i + 30])) is not None]


def _header_part(window: str) -> str:
    """The text before the first sentence: up to the first clause mark (header lines carry none), less
    the words that clause opens with ("点击：5821 2026年3月2日起，有群众…" gives "点击：5821")."""
    head = re.split(r"[。！？，；]", window, maxsplit=1)
    return re.sub(r"\S+$", "", head[0]) if len(head) > 1 else head[0]


def first_under_title(window: str, in_prose: bool = False) -> datetime | None:
    """The first date under the headline. A later date with a time of day only refines it when it names
    the same day: the timed dates further down are a related list's or a comment's, not the article's.

    Only the text before the first sentence counts unless `in_prose`: a date inside the article's
    sentences ("核实时间：2020年9月15日至…") is about something else, so it dates the page only after
    every other source, the URL's date included, has failed. The words the first clause opens with belong
    to it: "点击：5821 2026年3月2日起，有群众…" has no date above its text."""
    if not in_prose:
        window = _header_part(window)
    found = _dates_in(window)
    if not found:
        return None
    timed = [dt for dt in found if dt.date() == found[0].date() and (dt.hour, dt.minute) != (0, 0)]
    return timed[0] if timed else found[0]


# A byline that prints the time of day before the date ("14:25 2015年09月30日", each in its own span;
# "10:20 | 2018-03-01").
_CLOCK_BEFORE = re.compile(r"(?<![\d:：])([01]?\d|2[0-3])[:：]([0-5]\d)(?:[:：]([0-5]\d))?\s*(?:[|｜丨/·]\s*)?$")


def byline_date(window: str) -> datetime | None:
    """The date on the line right under the headline ("2021-03-09 19:47 来源：…"), before any sentence.
    A time of day printed just before a bare date ("14:25 2015-09-30") is that date's time.

    What the reader sees there outranks script variables, which also carry recommended articles'
    times in some portals' page state; WeChat leaves that line empty, so its `ct` still applies."""
    text = _UPDATED.sub(" ", window)
    m = re.search(r"(?<!\d)(?:19|20)\d{2}\s*[-/.年]", text)
    if not m or m.start() > 80 or m.start() >= len(_header_part(text)) or re.search(r"[,]", text[:m.start()]):
        return None
    dt = find_date(text[m.start():m.start() + 30])
    clock = _CLOCK_BEFORE.search(text[:m.start()])
    if dt is not None and clock and (dt.hour, dt.minute, dt.second) == (0, 0, 0):
        h, mi, s = clock.groups()
        return dt.replace(hour=int(h), minute=int(mi), second=int(s or 0))
    return dt


def _nearest_above(above: str) -> datetime | None:
    """The date closest above the headline, "2021 06/18 15:42:10" (新华网 spreads it over spans) included."""
    text = _SPACED.sub(r"\1-\2-\3", _CLOCK.sub(" ", _UPDATED.sub(" ", _FURNITURE.sub(" ", above))))
    found = _dates_in(text)
    return found[-1] if found else None


def _candidates(doc: etree._Element, html: str, meta: dict[str, str], window: str,
                url: str | None, above: str, header: list[str]) -> Iterator[datetime | None]:
    """Dates the page gives for itself, most trusted first (computed lazily: most pages stop early)."""
    values = [meta[k] for k in META_DATE_KEYS if k in meta]
    values += _jsonld_dates(doc)
    values += [e.get("datetime") or e.get("content") or "" for e in
               doc.xpath("//time[@datetime] | //*[@itemprop='datePublished']") if not in_furniture(e)]
    for v in values:
        # gov.cn writes "2019-04-22-10:30:00" in firstpublishedtime
        yield parse_date(re.sub(r"^(\d{4}-\d{1,2}-\d{1,2})-(\d{1,2}:\d{2})", r"\1 \2", v.strip()))
    window = _unsigned(_CLOCK.sub(" ", _FURNITURE.sub(" ", arabic_dates(window))))  # "二〇一九年四月二十六日" too
    above = _unsigned(above)
    yield byline_date(window)
    yield yearless_byline(_UPDATED.sub(" ", window), url, meta, script_dates(html), html)
    yield header_stamp([_unsigned(_UPDATED.sub(" ", _CLOCK.sub(" ", _FURNITURE.sub(" ", arabic_dates(ln)))))
                        for ln in header])
    yield from script_dates(html)
    yield attribute_date(doc)
    yield labelled_date(window)
    yield named_stamp(doc)
    yield first_under_title(_UPDATED.sub(" ", window))
    yield _nearest_above(above)
    yield issue_date(doc)
    yield page_labelled_date(doc)
    yield url_date(url) if url else None
    yield plain_named_stamp(doc)  # after the URL's day: with the same day, it gives the time of day
    for m in _UPDATED.finditer(window):  # an edit time still dates the article better than nothing
        yield find_date(m.group(0))


def prose_date(body: str) -> datetime | None:
    """A date inside the article's own sentences: it dates the page only when nothing else does.
    Read from the extracted body, not the page under the headline, where comments and hot lists follow."""
    return first_under_title(_UPDATED.sub(" ", body), in_prose=True)


def find_published(doc: etree._Element, html: str, meta: dict[str, str], window: str,
                   url: str | None, above: str = "", header: list[str] | None = None) -> datetime | None:
    """The article's publish time (aware, +08:00 for China local times) or None.

    The first source that gives a date wins; when it gives only the day (<meta name="PubDate"
    content="2020-06-12">), a later source naming the same day with a time of day refines it, and a
    time to the minute (the byline's "09:12") takes its seconds from a later source of that minute.
    """
    found: datetime | None = None
    for dt in _candidates(doc, html, meta, window, url, above, header or []):
        if dt is None:
            continue
        if found is None:
            found = dt
        elif (found.hour, found.minute, found.second) == (0, 0, 0):
            if dt.date() == found.date() and (dt.hour, dt.minute, dt.second) != (0, 0, 0):
                found = dt
        elif dt.second and dt.replace(second=0) == found:
            return dt
        if found.second:
            return found
    return found


def confirmed_guess(doc: etree._Element, guess: str | None) -> datetime | None:
    """A date guessed by trafilatura's htmldate, kept only when the page shows that day as text outside
    headers, footers and related lists: its bare guesses ("©2008" → 2008-01-01, a neighbour's date in a
    recommendation list) are how furniture used to date articles."""
    dt = parse_date(guess) if guess else None
    if dt is None:
        return None
    shown = re.compile(rf"{dt.year}\s*[-/.年]\s*0?{dt.month}\s*[-/.月]\s*0?{dt.day}(?!\d)")
    for node in doc.xpath("//body//text()"):
        parent = node.getparent()
        if parent is not None and shown.search(str(node)) and not in_furniture(parent):
            return dt
    return None
