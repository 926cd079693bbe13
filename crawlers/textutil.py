"""Text helpers shared by the page parsers: the times Chinese sites print (刚刚, 5分钟前, 昨天 21:03,
11-20, Weibo's "Tue Nov 20 12:00:00 +0800 2018") as aware Asia/Shanghai datetimes, and post HTML → text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

import lxml.html
from lxml import etree

from crawlers.errors import ParseError

# China has kept +08:00 without daylight saving since 1991, so a fixed offset is exact for the
# posts we see and needs no tz database on the host.
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")

_PREFIX = re.compile(r"^(?:发表于|发布于|发表时间[:：]?|更新于|编辑于)\s*")
_HMS = r"(\d{1,2}):(\d{2})(?::(\d{2}))?"
_MONTHS = {m: i for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1)}

_AGO = re.compile(r"^(\d+|半)\s*(秒|分钟|分|小时|个小时|天)前$")
_AGO_UNITS = {"秒": "seconds", "分钟": "minutes", "分": "minutes", "小时": "hours", "个小时": "hours", "天": "days"}
_DAY_WORD = re.compile(rf"^(今天|昨天|前天)\s*(?:{_HMS})?$")
_DAY_OFFSETS = {"今天": 0, "昨天": 1, "前天": 2}
_FULL = re.compile(rf"^(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}})(?:[ T]+{_HMS})?$")
_FULL_CN = re.compile(rf"^(\d{{4}})年(\d{{1,2}})月(\d{{1,2}})日\s*(?:{_HMS})?$")
_MONTH_DAY = re.compile(rf"^(\d{{1,2}})-(\d{{1,2}})(?:\s+{_HMS})?$")
_MONTH_DAY_CN = re.compile(rf"^(\d{{1,2}})月(\d{{1,2}})日\s*(?:{_HMS})?$")
_WEIBO_API = re.compile(
    r"^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$")


def parse_time(text: str, now: datetime) -> datetime:
    """A site's printed time → aware datetime at +08:00; relative forms count back from `now`.

    `now` may be aware in any zone (naive is taken as Shanghai time). Raises ParseError.
    """
    raw = text
    s = re.sub(r"\s+", " ", text.replace("：", ":").replace("\u3000", " ")).strip()
    s = _PREFIX.sub("", s)
    local_now = now.replace(tzinfo=SHANGHAI) if now.tzinfo is None else now.astimezone(SHANGHAI)
    try:
        for parse in _FORMS:
            found = parse(s, local_now)
            if found is not None:
                return found
    except ValueError as exc:  # a form matched but names an impossible date or time (02-30, 25:00)
        raise ParseError(f"impossible time {raw!r}: {exc}") from None
    raise ParseError(f"unrecognised time {raw!r}")


def _relative(s: str, now: datetime) -> datetime | None:
    if s == "刚刚":
        return now
    m = _AGO.match(s)
    if m is None:
        return None
    count, unit = m.groups()
    amount = 0.5 if count == "半" else int(count)
    return now - timedelta(**{_AGO_UNITS[unit]: amount})


def _day_word(s: str, now: datetime) -> datetime | None:
    m = _DAY_WORD.match(s)
    if m is None:
        return None
    day = now.date() - timedelta(days=_DAY_OFFSETS[m.group(1)])
    return _at(day, *m.groups()[1:])


def _full_date(s: str, now: datetime) -> datetime | None:
    m = _FULL.match(s) or _FULL_CN.match(s)
    if m is None:
        return None
    year, month, day = (int(g) for g in m.groups()[:3])
    return _at(date(year, month, day), *m.groups()[3:])


def _month_day(s: str, now: datetime) -> datetime | None:
    """MM-DD [HH:MM]: this year, unless that lies ahead of `now` (a post from last December)."""
    m = _MONTH_DAY.match(s) or _MONTH_DAY_CN.match(s)
    if m is None:
        return None
    month, day = int(m.group(1)), int(m.group(2))
    found = _at(date(now.year, month, day), *m.groups()[2:])
    if found > now:
        found = _at(date(now.year - 1, month, day), *m.groups()[2:])
    return found


def _weibo_api(s: str, now: datetime) -> datetime | None:
    m = _WEIBO_API.match(s)
    if m is None or m.group(1) not in _MONTHS:
        return None
    mon, day, hh, mm, ss, sign, oh, om, year = m.groups()
    offset = timedelta(hours=int(oh), minutes=int(om)) * (-1 if sign == "-" else 1)
    stamp = datetime(int(year), _MONTHS[mon], int(day), int(hh), int(mm), int(ss), tzinfo=timezone(offset))
    return stamp.astimezone(SHANGHAI)


def _iso(s: str, now: datetime) -> datetime | None:
    """ISO 8601 with an offset (news metadata, our own messages)."""
    if "T" not in s:
        return None
    try:
        stamp = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp.astimezone(SHANGHAI) if stamp.tzinfo else stamp.replace(tzinfo=SHANGHAI)


def _at(day: date, hh: str | None, mm: str | None, ss: str | None) -> datetime:
    return datetime(day.year, day.month, day.day, int(hh or 0), int(mm or 0), int(ss or 0), tzinfo=SHANGHAI)


_FORMS: tuple[Callable[[str, datetime], datetime | None], ...] = (
    _relative, _day_word, _full_date, _month_day, _weibo_api, _iso)


# --- HTML → text ---------------------------------------------------------------------------------

_DROPPED_TAGS = {"script", "style"}
_MORE_LINKS = {"全文", "展开全文", "显示全文"}


def html_to_text(html: str) -> str:
    """Weibo post HTML → plain text: emoji as their alt text ([哈哈]), #话题# and @user kept as link
    text, "全文" links dropped, <br> as newlines, entities unescaped, lines stripped."""
    if not html or not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    parts: list[str] = [root.text or ""]
    _walk(root, parts)
    lines = (line.strip() for line in "".join(parts).replace("\xa0", " ").split("\n"))
    return "\n".join(lines).strip()


def _walk(el: etree._Element, out: list[str]) -> None:
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""  # comments and PIs have no str tag
        if tag == "br":
            out.append("\n")
        elif tag == "img":
            out.append(child.get("alt") or "")
        elif tag in _DROPPED_TAGS or not tag:
            pass
        elif tag == "a" and child.text_content().strip() in _MORE_LINKS:
            pass
        else:
            if tag in {"p", "div"} and out and not out[-1].endswith("\n"):
                out.append("\n")
            out.append(child.text or "")
            _walk(child, out)
        out.append(child.tail or "")


def decode_html(raw: str | bytes) -> str:
    """Page bytes → text: BOM, then <meta charset> / http-equiv, then utf-8, then gb18030
    (a declared gb2312/gbk is read as its superset gb18030: portals use GBK characters anyway)."""
    if isinstance(raw, str):
        return raw
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if raw.startswith(bom):
            return raw[len(bom):].decode(enc, errors="replace")
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", raw[:4096], re.I)
    candidates = [m.group(1).decode("ascii").lower()] if m else []
    candidates += ["utf-8", "gb18030"]
    for enc in candidates:
        if enc in ("gb2312", "gbk", "x-gbk", "gb_2312-80"):
            enc = "gb18030"  # a superset: portals declaring gb2312 routinely use GBK characters
        try:
            return raw.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("utf-8", errors="replace")
