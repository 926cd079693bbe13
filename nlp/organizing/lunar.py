"""Lunar-calendar dates in calls (正月十六, 农历初八, 腊月二十, 初八上午十点) rewritten as Gregorian month/day
before gathering.py's time parser reads them, resolved against the post's publication time.

The conversion uses jionlp's lunar table (already loaded for time parsing; it agrees with the
known new-year dates 2015–2030, see tests). A day without a month (农历初八) is in the current
lunar month, or the next one when that day already passed; a month and day without a year is
the next occurrence not more than a day past. Leap months are not read (their posts are rare).
"""

from __future__ import annotations

import contextlib
import io
import re
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

_MONTHS = {"正": 1, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
           "十一": 11, "冬": 11, "十二": 12, "腊": 12}
_DIGITS = "一二三四五六七八九"
_DAY = r"(初[一二三四五六七八九十]|十[一二三四五六七八九]|二十[一二三四五六七八九]?|廿[一二三四五六七八九]|三十)"
_MONTH_DAY = re.compile(rf"(?:农历|阴历)?(十一|十二|[正一二三四五六七八九十冬腊])月{_DAY}[日号]?")
# 大年 goes only with 初X: 大年三十 is the last day of the old year.
_DAY_ONLY = re.compile(rf"(?:农历|阴历){_DAY}(?!月)[日号]?|大年(初[一二三四五六七八九十])")
# 初八 alone is a lunar day when a part of the day or a clock time follows (初八上午十点); not 初三学生.
_BARE_DAY = re.compile(r"(?<![月年最当起之])(初[一二三四五六七八九十])(?=[日号]?(?:那天|当天|[上下中]午|早上|晚上|一早|\d|[一二三四五六七八九十两]{1,2}点))")


def _day_number(word: str) -> int:
    if word.startswith("初"):
        return 10 if word[1] == "十" else _DIGITS.index(word[1]) + 1
    if word.startswith("廿"):
        return 20 + _DIGITS.index(word[1]) + 1
    if word == "三十":
        return 30
    if word.startswith("二十"):
        return 20 + (_DIGITS.index(word[2]) + 1 if len(word) > 2 else 0)
    return 10 + _DIGITS.index(word[1]) + 1  # 十一 … 十九


@lru_cache(maxsize=1)
def _table() -> Any:
    with contextlib.redirect_stdout(io.StringIO()):  # jionlp prints a banner on import
        from jionlp.gadget.lunar_solar_date import LunarSolarDate
    return LunarSolarDate()


def to_solar(year: int, month: int, day: int) -> datetime | None:
    """The Gregorian date of lunar year/month/day, or None when that day does not exist (三十 of a short month)."""
    try:
        return _table().to_solar_date(year, month, day, False)
    except (ValueError, IndexError):
        return None


def next_lunar(month: int | None, day: int, base: datetime) -> datetime | None:
    """The first lunar `month`/`day` on or after the day before `base` (month None: any month)."""
    year, cur_month, _cur_day, _leap = _table().to_lunar_date(base.replace(tzinfo=None))
    floor = base.replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0) - timedelta(days=1)
    candidates = [(year, month)] if month else [(year, cur_month), (year + (cur_month == 12), cur_month % 12 + 1)]
    if month:
        candidates.append((year + 1, month))
    for y, m in candidates:
        found = to_solar(y, m, day)
        if found is not None and found >= floor:
            return found
    return None


def rewrite_lunar(text: str, base: datetime) -> str:
    """`text` with lunar dates written as Gregorian ones (正月十六 → 3月4日); other text unchanged."""
    if "月" not in text and "农历" not in text and "阴历" not in text and "大年" not in text and "初" not in text:
        return text

    def month_day(m: re.Match[str]) -> str:
        found = next_lunar(_MONTHS[m.group(1)], _day_number(m.group(2)), base)
        return f"{found.month}月{found.day}日" if found else m.group(0)

    def day_only(m: re.Match[str]) -> str:
        # 大年初五 is always in the first month; 农历初八 in the month the post is written in.
        found = next_lunar(1 if m.group(2) else None, _day_number(m.group(1) or m.group(2)), base)
        return f"{found.month}月{found.day}日" if found else m.group(0)

    def day_only_bare(word: str) -> str:
        found = next_lunar(None, _day_number(word), base)
        return f"{found.month}月{found.day}日" if found else word

    # Only lunar month names count: 十二月二十 could be Gregorian, so a bare numeral month needs 农历.
    out = _MONTH_DAY.sub(lambda m: month_day(m) if m.group(0)[:2] in ("农历", "阴历") or m.group(1) in "正冬腊" else m.group(0), text)
    out = _DAY_ONLY.sub(day_only, out)
    return _BARE_DAY.sub(lambda m: day_only_bare(m.group(1)), out) if "初" in out else out
