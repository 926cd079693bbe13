"""Publish dates on Chinese news pages: ISO stamps, "2019年4月3日 10:23", "2019/4/3", epoch
seconds and dates in URLs (/2019-04-03/, /20190403/, t20190403_, /art/2020/9/14/). Naive times are China
time; dates before 2000 or after tomorrow are implausible and ignored. A 12-hour clock with its half-day
word ("下午3:05", "晚上8时") is read on the 24-hour clock, and a date in Chinese numerals
("二〇一九年四月二十六日", as official notices sign) is read like its Arabic form. A month written "2015年12月"
names a day only when its day number follows directly or is marked 日: the day cells of a calendar under a
month caption ("2015年12月 1 2 3") are no date."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")  # no DST since 1991: a fixed offset is exact
_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?"
    r"(?:\s*T?\s*(上午|中午|下午|晚上|傍晚|夜间|夜里|凌晨|早上|早晨|AM|PM|am|pm)?\s*(\d{1,2})\s*[:：时点]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?"
    r"(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[-/_]?(\d{2})[-/_]?(\d{2})(?:/|_|\d)|/t((?:19|20)\d{6})_"
                       r"|/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/")  # /art/2020/9/14/: 大汉 CMS on gov.cn
# Half-day words that put a 12-hour clock in the afternoon or evening ("下午3:05" is 15:05).
_AFTERNOON = frozenset(("下午", "晚上", "傍晚", "夜间", "夜里", "PM", "pm"))
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "Ｏ": 0, "O": 0}
_CN_DATE = re.compile(r"([〇○零Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")


def _cn_number(text: str) -> int:
    """"十二" → 12, "二十六" → 26, "三十" → 30 (day and month numerals only)."""
    if "十" not in text:
        return _CN_DIGIT[text]
    tens, _, ones = text.partition("十")
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)


def arabic_dates(text: str) -> str:
    """`text` with Chinese-numeral dates written in Arabic digits ("二〇一九年四月二十六日" → "2019年4月26日")."""
    if "年" not in text or not _CN_DATE.search(text):
        return text
    return _CN_DATE.sub(lambda m: f"{''.join(str(_CN_DIGIT[c]) for c in m.group(1))}年{_cn_number(m.group(2))}月"
                        f"{_cn_number(m.group(3))}日", text)


def _plausible(dt: datetime) -> datetime | None:
    """Aware in +08:00, or None for dates before 2000 or in the future (template years, typos)."""
    dt = dt.replace(tzinfo=SHANGHAI) if dt.tzinfo is None else dt.astimezone(SHANGHAI)
    return dt if datetime(2000, 1, 1, tzinfo=SHANGHAI) <= dt <= datetime.now(SHANGHAI) + timedelta(days=1) else None


def _from_match(m: re.Match[str]) -> datetime | None:
    y, mo, d, half, h, mi, sec, tz = m.groups()
    if re.search(r"月\s", m.string[m.end(2):m.start(3)]) and not re.match(r"\s*日", m.string[m.end(3):]):
        return None  # "2015年12月" over a calendar's day cells "1 2 3": a month, not a day
    hour = int(h or 0)
    if half in _AFTERNOON and hour < 12:
        hour += 12
    elif half in ("凌晨", "AM", "am") and hour == 12:
        hour = 0
    try:
        dt = datetime(int(y), int(mo), int(d), hour, int(mi or 0), int(sec or 0))
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
    m = _DATE.search(arabic_dates(value))
    return _from_match(m) if m else None


def find_date(text: str) -> datetime | None:
    """The first plausible date in running text, preferring one that carries a time of day."""
    found = [(m, dt) for m in _DATE.finditer(arabic_dates(text)) if (dt := _from_match(m)) is not None]
    timed = [dt for m, dt in found if m.group(5)]
    return timed[0] if timed else (found[0][1] if found else None)


def url_date(url: str) -> datetime | None:
    """Date in an article URL: /2019-04-03/, /20190403/, /2019/04/03/, t20190403_ (xinhua, people), /2020/9/14/."""
    for m in _URL_DATE.finditer(url):
        if m.group(1):
            y, mo, d = m.group(1), m.group(2), m.group(3)
        elif m.group(4):
            y, mo, d = m.group(4)[:4], m.group(4)[4:6], m.group(4)[6:]
        else:
            y, mo, d = m.group(5), m.group(6), m.group(7)
        try:
            dt = _plausible(datetime(int(y), int(mo), int(d)))
        except ValueError:
            continue
        if dt is not None:
            return dt
    return None
