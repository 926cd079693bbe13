"""Date stamps of a news page that need more than reading a full date, for `crawlers.article_dates`:
a year-less byline ("08-14 16:05", "6月18日 09:35") given its year, and a unix stamp a script turns
into the byline (`data-time="1586312400"`), or the absolute time a relative byline ("2小时前") carries in its title.
The headline's own block is read line by line, so that a day and a clock time printed apart make one time
("2020年06月18日" over the headline, "18:05" under it). Also the test for page furniture both modules use.
"""

from __future__ import annotations

import re
from datetime import datetime

from lxml import etree

from crawlers.article_body import BLOCK_TAGS, is_related_block
from crawlers.dates import SHANGHAI, find_date, parse_date, url_date

_OUTSIDE_ARTICLE = re.compile(
    r"(?:^|[-_ ])(?:footer|foot|copyright|related|relate|recommend|rank|hot|nav|menu|sidebar|side|"
    r"comments?|cmt|bottom|xglj)(?:[-_ ]|$)", re.I)


_FOOTER = re.compile(r"(?:^|[-_ ])(?:footer|foot)(?:[-_ ]|$)", re.I)


def in_furniture(el: etree._Element) -> bool:
    """Inside a footer, navigation, sidebar, related list or comment thread (by tag or class name), or in
    a block headed "相关阅读" that lists links (`is_related_block`), whatever its class says."""
    # An <article>'s own footer (WordPress's "entry-footer": 发布于 …) is the article's, not the site's.
    in_article = any(a.tag == "article" for a in el.iterancestors())
    for node in (el, *el.iterancestors()):
        marks = f"{node.get('class') or ''} {node.get('id') or ''}"
        footer = node.tag == "footer" or _FOOTER.search(marks)
        if node.tag in ("nav", "aside") or footer and not in_article:
            return True
        if _OUTSIDE_ARTICLE.search(_FOOTER.sub(" ", marks)) or node.tag in BLOCK_TAGS and is_related_block(node):
            return True
    return False


_DATA_ATTRS = ("data-publish-time", "data-publishtime", "data-pubtime", "data-ptime", "data-time", "data-timestamp")


# `<span title="2018-03-01 10:20">2小时前</span>`: the absolute time a relative byline shows on hover.
_TITLE_STAMP = re.compile(r"\s*(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
                          r"(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\s*")


_RELATIVE = re.compile(r"刚刚|(?:\d+|半)\s*(?:秒|分钟|分|个?小时|天)前|(?:今天|昨天|前天)\s*(?:\d{1,2}[:：]\d{2})?")


def attribute_date(doc: etree._Element) -> datetime | None:
    """`<span class="time" data-time="1586312400">`: a stamp a script turns into the visible byline, or the
    absolute time in the title of a relative one ("2小时前"; a forum reply's "2016-3-17" with a finer
    title is a reply's date, not this). The first such element outside
    headers, footers, related lists and comments."""
    xpath = " | ".join(f"//body//*[@{a}]" for a in (*_DATA_ATTRS, "title"))
    for el in doc.xpath(xpath):
        if in_furniture(el):
            continue
        for a in _DATA_ATTRS:
            if el.get(a) and (dt := parse_date(el.get(a) or "")) is not None:
                return dt
        title = el.get("title") or ""
        if (_TITLE_STAMP.fullmatch(title) and _RELATIVE.fullmatch(el.text_content().strip())
                and (dt := parse_date(title)) is not None):
            return dt
    return None


# "发布时间：08-14 16:05", "06-18 09:35 来源：…", "6月18日 09:35": 百家号 and many portals drop the year of
# recent articles. Only with a time of day: a bare "06-18" is too often a list date or a score.
_YEARLESS = re.compile(r"(?<![\d年/.:-])(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*(?:日\s*|\s+)(\d{1,2})[:：](\d{2})"
                       r"(?![\d年/.-])")
_EDITED = re.compile(r"(?:最后|最近)?(?:更新|修改|修订|编辑)(?:时间|日期|于)?\s*[:：]?\s*$")
# When the page was last edited (the year of a year-less byline is at most that year).
_MODIFIED_KEYS = ("article:modified_time", "og:updated_time", "datemodified", "dateupdate", "lastmodified",
                  "last-modified", "modified")


# "©2019 Baidu", "Copyright © 2005-2019": a footer printed when the page was served names that year.
_COPYRIGHT_YEAR = re.compile(r"(?:©|&copy;|&#169;|Copyright)\s*(?:(?:19|20)\d{2}\s*[-–—~]\s*)?((?:19|20)\d{2})(?!\d)", re.I)


def _year_for(month: int, day: int, url: str | None, meta: dict[str, str], html: str) -> int | None:
    """The year of a year-less "MM-DD" byline: the URL's year (/2019/0618/, t20190618_), else the latest
    year not after the page's modified stamp, else not after the end of the year its copyright line
    names (the page was served then; sites drop the current year), else not after today."""
    dated = url_date(url) if url else None
    if dated is not None:
        return dated.year
    now = datetime.now(SHANGHAI)
    ref = next((dt for k in _MODIFIED_KEYS if k in meta and (dt := parse_date(meta[k])) is not None), None)
    years = [int(y) for y in _COPYRIGHT_YEAR.findall(html) if 2000 <= int(y) <= now.year]
    if ref is None and years:
        ref = min(now, datetime(max(years), 12, 31, tzinfo=SHANGHAI))
    ref = ref or now
    try:
        return ref.year if datetime(ref.year, month, day).date() <= ref.date() else ref.year - 1
    except ValueError:
        return None


def yearless_byline(window: str, url: str | None, meta: dict[str, str], scripts: list[datetime],
                    html: str = "") -> datetime | None:
    """A year-less date with a time of day on the byline under the headline ("发布时间：08-14 16:05").

    It is what the reader sees, so it outranks script variables (which may be a recommended
    article's); a script time of the same month, day and minute gives it its year and seconds."""
    text = window  # "更新时间" already blanked out by the caller
    for m in _YEARLESS.finditer(text[:120]):
        before = text[:m.start()]
        if re.search(r"[。！？，,]", before) or re.search(r"(?:19|20)\d{2}\s*[-/.年]", before):
            return None
        if _EDITED.search(before):  # "修改于07-09 17:00" (雪球): when the post was edited, not published
            continue
        mo, d, h, mi = map(int, m.groups())
        same = [dt for dt in scripts if (dt.month, dt.day, dt.hour, dt.minute) == (mo, d, h, mi)]
        if same:
            return same[0]
        year = _year_for(mo, d, url, meta, html)
        if year is not None and (dt := parse_date(f"{year}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}")) is not None:
            return dt
    return None


# A time of day standing apart from any date ("记者 某某 18:05"; not "08:30-09:00", "1:2", "12:30:45.6").
_BARE_CLOCK = re.compile(r"(?<![\d:：.\-/])([01]?\d|2[0-3])[:：]([0-5]\d)(?:[:：]([0-5]\d))?(?![\d:：.\-])")


def header_stamp(lines: list[str]) -> datetime | None:
    """The publish time shown in the headline's own block (`header_lines`), its date lines read one by one.

    A standfirst sentence may come before the byline ("…问题仍未绝迹。" then "第一财经 2022-06-30 19:40"),
    and a day and a clock time printed apart are one time: "2020年06月18日" over the headline and
    "记者 某某 18:05" under it give 2020-06-18 18:05. Long lines are not read, and a sentence after the
    day ends the header: a short article's text may follow it, then a related item's "09:12"."""
    day: datetime | None = None
    clock: re.Match[str] | None = None
    for line in lines:
        if re.search(r"[。！？]", line):
            if day is not None:
                break
            clock = None  # a day and its clock stand on the same side of the standfirst
            continue
        if len(line) > 60:
            continue
        if day is None and (dt := find_date(line)) is not None:
            day = dt
        if clock is None and not _YEARLESS.search(line):
            clock = _BARE_CLOCK.search(_TITLE_STAMP.sub(" ", line))
    if day is not None and clock is not None and (day.hour, day.minute, day.second) == (0, 0, 0):
        h, mi, s = clock.groups()
        return day.replace(hour=int(h), minute=int(mi), second=int(s or 0))
    return day


# `<p class="pub-time">`, `<em id="authorposton123">发表于 2026-3-1 22:17</em>` (Discuz!): an element named
# for the publish time, wherever the page prints it (a news app's share page puts it under the text).
_STAMP_NAME = re.compile(r"(?:pub|publish|post|release|art|article|news|detail|content)[-_]?(?:time|date)|authorposton", re.I)


# Unlike `in_furniture`, a "bottom" or info bar under the text may carry the article's own time.
_ASIDE = re.compile(r"(?:^|[-_ ])(?:footer|foot|copyright|related|relate|recommend|rank|hot|nav|menu|sidebar|side|"
                    r"comments?|cmt|reply|xglj|list)(?:[-_ ]|$)", re.I)


def _aside(el: etree._Element) -> bool:
    return any(node.tag in ("footer", "nav", "aside") or _ASIDE.search(f"{node.get('class') or ''} {node.get('id') or ''}")
               for node in (el, *el.iterancestors()))


def _shown_date(el: etree._Element, limit: int) -> datetime | None:
    """The full date (year written) an element shows, when its whole text is at most `limit` characters."""
    text = re.sub(r"\s+", " ", el.text_content()).strip()
    return find_date(text) if len(text) <= limit and re.search(r"(?:19|20)\d{2}", text) else None


def named_stamp(doc: etree._Element) -> datetime | None:
    """The full date shown by the first element whose class or id names the publish time, outside furniture."""
    for el in doc.xpath("//body//*[@class or @id]"):
        if not _STAMP_NAME.search(f"{el.get('class') or ''} {el.get('id') or ''}") or _aside(el):
            continue
        if (dt := _shown_date(el, 60)) is not None:
            return dt
    return None


# A class or id that says only "time" or "date", a short prefix allowed ("m-time", "time", "news-date"): a
# mobile page's meta line under the text ("海州市公安局反诈中心 2026-01-06 08:50 阅读 3.4万"). Weaker than
# `_STAMP_NAME` (comments and lists name their times so too), so read after every other page source.
_PLAIN_STAMP_NAME = re.compile(r"(?:^|\s)(?:[A-Za-z]{1,8}[-_])?(?:time|date)(?:\s|$)", re.I)


def plain_named_stamp(doc: etree._Element) -> datetime | None:
    """A full date with its time of day, alone in the first element classed just "time" outside furniture."""
    for el in doc.xpath("//body//*[@class or @id]"):
        if not _PLAIN_STAMP_NAME.search(f" {el.get('class') or ''} {el.get('id') or ''} ") or _aside(el) \
                or in_furniture(el):
            continue
        if (dt := _shown_date(el, 30)) is not None:
            return dt
    return None


# An e-paper (数字报) page: its edition navigation ("第A05版：经济", 本版标题导航, 往期回顾, 上一期).
_EPAPER = re.compile(r"第\s*[A-Z]?\s*\d{1,3}\s*版|版面导航|版面目录|标题导航|本版标题|往期回顾|今日报纸|数字报|电子报"
                     r"|[上下前后]一期|[上下]一版|PDF版|PDF下载")
_ISSUE_DAY = re.compile(r"(?:19|20)\d{2}\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}(?!\d))")


def issue_date(doc: etree._Element) -> datetime | None:
    """The issue date an e-paper prints at the top of its page ("2026年03月13日 星期五", "2025-10-30"), far
    above the article: the day its articles were published. Only on a page with two marks of an
    edition's navigation, and only a date among the page's first 300 characters of text."""
    body = doc.find(".//body")
    if body is None:
        return None
    text = " ".join(t for t in body.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]"))
    if len(set(_EPAPER.findall(text))) < 2:
        return None
    m = _ISSUE_DAY.search(re.sub(r"\s+", " ", text).strip()[:300])
    return find_date(m.group(0)) if m else None


def opening_stamp(post: etree._Element) -> datetime | None:
    """When a forum thread's opening post was written: the first full date on a short line of its own
    header or footer ("1楼 2026-03-29 08:05 来自 Android客户端"), not in its paragraphs."""
    for el in post.iter():
        if not isinstance(el.tag, str) or el.tag == "p" or any(a.tag == "p" for a in el.iterancestors()):
            continue
        if (dt := _shown_date(el, 60)) is not None:
            return dt
    return None
