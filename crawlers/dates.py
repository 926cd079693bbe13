"""Publish dates on Chinese news pages: ISO stamps, "2019年4月3日 10:23", "2019/4/3", epoch
seconds and dates in URLs (/2019-04-03/, /20190403/, t20190403_). Naive times are China time;
dates before 2000 or after tomorrow are implausible and ignored."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")  # no DST since 1991: a fixed offset is exact
_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?"
    r"(?:\s*T?\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?"
    r"(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[-/_]?(\d{2})[-/_]?(\d{2})(?:/|_|\d)|/t((?:19|20)\d{6})_")


def _plausible(dt: datetime) -> datetime | None:
    """Aware in +08:00, or None for dates before 2000 or in the future (template years, typos)."""
    dt = dt.replace(tzinfo=SHANGHAI) if dt.tzinfo is None else dt.astimezone(SHANGHAI)
    return dt if datetime(2000, 1, 1, tzinfo=SHANGHAI) <= dt <= datetime.now(SHANGHAI) + timedelta(days=1) else None


def _from_match(m: re.Match[str]) -> datetime | None:
    y, mo, d, h, mi, sec, tz = m.groups()
    try:
        dt = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(sec or 0))
    except ValueError:
        return None
    if tz:
        off = 0 if tz == "Z" else (int(tz[1:3]) * 60 + int(tz[-2:])) * (1 if tz[0] == "+" else -1)
        dt = dt.replace(tzinfo=timezone(timedelta(minutes=off)))
    return _plausible(dt)


def parse_date(value: str) -> datetime | None:
    """One date value (meta content, ISO 8601, "2019年04月03日 10:23", epoch seconds/ms) → aware datetime."""
    value = value.strip()
    if re.fullmatch(r"\d{10}|\d{13}", value):
        return _plausible(datetime.fromtimestamp(int(value[:10]), SHANGHAI))
    m = _DATE.search(value)
    return _from_match(m) if m else None


def find_date(text: str) -> datetime | None:
    """The first plausible date in running text, preferring one that carries a time of day."""
    found = [(m, dt) for m in _DATE.finditer(text) if (dt := _from_match(m)) is not None]
    timed = [dt for m, dt in found if m.group(4)]
    return timed[0] if timed else (found[0][1] if found else None)


def url_date(url: str) -> datetime | None:
    """Date in an article URL: /2019-04-03/, /20190403/, /2019/04/03/, t20190403_ (xinhua, people)."""
    for m in _URL_DATE.finditer(url):
        y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4)[:4], m.group(4)[4:6], m.group(4)[6:])
        try:
            dt = _plausible(datetime(int(y), int(mo), int(d)))
        except ValueError:
            continue
        if dt is not None:
            return dt
    return None
