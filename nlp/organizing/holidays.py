"""Festival and calendar-relative dates in calls (端午节那天, 冬至, 国庆后第一个工作日, 节后第一个周一,
月底那个周六, 月底最后一天, 后儿个) rewritten as Gregorian month/day before gathering.py's time parser reads them.

A festival is its next occurrence not more than a day past (lunar ones through lunar.py). A festival
named as a season (春节期间, 中秋节前) is left alone: only one standing as a day is rewritten. "X后第一个
周一/工作日" counts from the holiday's last day off (国庆 7 October, 五一 5 May, 春节 初七, others the
festival day); a bare 节后 or 假期后 counts from the end of a long holiday (春节, 国庆, 五一) under way
or within a fortnight, else from the publication day, since the holiday is the one just had. Make-up working days (调休) are not known and not read. 月底/月初 name the current month, or the
next one when that day already passed. The year is written out (2026年6月19日), since the date is
already the next occurrence and must not be pulled back to the nearest one. A festival told as past
(去年冬至) is left alone.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from nlp.organizing.lunar import next_lunar

_LUNAR = {"春节": (1, 1), "元宵节": (1, 15), "元宵": (1, 15), "端午节": (5, 5), "端午": (5, 5), "七夕": (7, 7),
          "中秋节": (8, 15), "中秋": (8, 15), "重阳节": (9, 9), "腊八节": (12, 8), "腊八": (12, 8)}
_SOLAR = {"国庆节": (10, 1), "国庆": (10, 1), "劳动节": (5, 1), "五一": (5, 1), "儿童节": (6, 1), "教师节": (9, 10),
          "妇女节": (3, 8), "情人节": (2, 14), "植树节": (3, 12), "元旦": (1, 1)}
# Solar terms: day = floor(Y * 0.2422 + C) - floor(Y / 4) for Y = year % 100 (21st century; (Y - 1) / 4 in Jan/Feb).
_TERMS = {"立春": (2, 3.87), "春分": (3, 20.646), "清明": (4, 4.81), "立夏": (5, 5.52), "夏至": (6, 21.37),
          "立秋": (8, 7.5), "秋分": (9, 23.042), "立冬": (11, 7.438), "冬至": (12, 21.94)}
_LAST_OFF = {"国庆节": 6, "国庆": 6, "五一": 4, "劳动节": 4, "春节": 6}  # days off after the festival day
_NAMES = "|".join(sorted({*_LUNAR, *_SOLAR, *_TERMS}, key=len, reverse=True))
_WEEKDAYS = "一二三四五六日天"
_DAYWORD = r"(?:周|星期|礼拜)([一二三四五六日天])|(工作日)"
# A festival standing as a day: followed by a part of the day, a clock time, 那天, or a separator.
_AS_DAY = r"(?=那天|当天|当日|[上下中]午|早上|早晨|晚上|傍晚|一早|夜里|\d|[一二三四五六七八九十两]{1,2}点|[,，。!！\s]|$)"
_FESTIVAL = re.compile(rf"(?<![前后])(?<!去年)(?<!前年)(?<!那年)(?<!上个)({_NAMES})(?:那天|当天|当日)?{_AS_DAY}")
# 三年后第一个月 and 节后第一个月 are no days: 年 must be the new year, and 第一个 needs a day word.
_AFTER = re.compile(
    rf"(?:({_NAMES})|节|假期|长假|放假|(?<![\d一二三四五六七八九十几两多明去今前])年)后(?:的)?第一(?:天|个(?:{_DAYWORD}))"
)
_MONTH_EDGE = re.compile(rf"(本月|这个月|下个?月)?(月底|月末|月初)(?:那个|最后一个|第一个|的)?(?:{_DAYWORD})")
# 月底最后一天, 这个月最后一天: the month's last calendar day.
_LAST_DAY = re.compile(r"(本月|这个月|下个?月)?(?:月底|月末|(?<=月)|(?<=个月))的?最后一天")
_COLLOQUIAL = [(re.compile(r"大后儿个?"), "大后天"), (re.compile(r"(?<!大)后儿个?"), "后天"),
               (re.compile(r"今儿个?"), "今天"), (re.compile(r"听晚|聽晚"), "明晚"), (re.compile(r"今晚黑"), "今晚"),
               (re.compile(r"下昼"), "下午")]


def _term(name: str, year: int) -> date:
    month, c = _TERMS[name]
    y = year % 100
    return date(year, month, int(y * 0.2422 + c) - ((y - 1) // 4 if month <= 2 else y // 4))


def _festival(name: str, base: datetime) -> date | None:
    """The next occurrence of festival `name`, not more than a day before `base`."""
    floor = base.date() - timedelta(days=1)
    if name in _LUNAR:
        found = next_lunar(*_LUNAR[name], base)
        return found.date() if found else None
    for year in (base.year, base.year + 1):
        day = _term(name, year) if name in _TERMS else date(year, *_SOLAR[name])
        if day >= floor:
            return day
    return None


def _first_after(start: date, weekday: str | None, workday: bool) -> date:
    """The first day after `start` that is the named weekday (or a Monday–Friday)."""
    day = start + timedelta(days=1)
    if not weekday and not workday:
        return day
    want = _WEEKDAYS.index(weekday) if weekday else None
    while (day.weekday() != min(want, 6) if want is not None else day.weekday() >= 5):
        day += timedelta(days=1)
    return day


def _month_edge(month_word: str | None, edge: str, weekday: str | None, base: datetime) -> date:
    year, month = base.year, base.month
    if month_word and month_word.startswith("下"):
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    for _ in range(2):
        first = date(year, month, 1)
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        want = _WEEKDAYS.index(weekday) if weekday else None
        days = [first + timedelta(days=i) for i in range((nxt - first).days)]
        days = [d for d in days if (d.weekday() == min(want, 6) if want is not None else d.weekday() < 5)]
        found = days[-1] if edge in ("月底", "月末") else days[0]
        if found >= base.date():
            return found
        year, month = nxt.year, nxt.month
    return found


def rewrite_holidays(text: str, base: datetime) -> str:
    """`text` with festival and calendar-relative days written as M月D日; other text unchanged."""
    for rx, repl in _COLLOQUIAL:
        text = rx.sub(repl, text)
    if "节" not in text and "后第一" not in text and "月" not in text and not any(n in text for n in _TERMS):
        return text

    def after(m: re.Match[str]) -> str:
        start = base.date()
        if m.group(1):
            day = _festival(m.group(1), base - timedelta(days=10)) or start
            start = day + timedelta(days=_LAST_OFF.get(m.group(1), 0))
        elif m.group(0).startswith("年"):
            day = _festival("春节", base - timedelta(days=10)) or start
            start = day + timedelta(days=6)
        else:
            # A bare 节后: the long holiday under way or a fortnight ahead, if any, else the one just had.
            for name in ("春节", "国庆", "五一"):
                near = _festival(name, base - timedelta(days=10))
                if near is not None and near <= base.date() + timedelta(days=14):
                    start = max(start, near + timedelta(days=_LAST_OFF[name]))
        found = _first_after(max(start, base.date() - timedelta(days=1)), m.group(2), bool(m.group(3)))
        return f"{found.year}年{found.month}月{found.day}日"

    def edge(m: re.Match[str]) -> str:
        found = _month_edge(m.group(1), m.group(2), m.group(3), base)
        return f"{found.year}年{found.month}月{found.day}日"

    def last_day(m: re.Match[str]) -> str:
        year, month = base.year, base.month
        if m.group(1) and m.group(1).startswith("下"):
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        found = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
        return f"{found.year}年{found.month}月{found.day}日"

    def festival(m: re.Match[str]) -> str:
        found = _festival(m.group(1), base)
        return f"{found.year}年{found.month}月{found.day}日" if found else m.group(0)

    text = _AFTER.sub(after, text)
    text = _MONTH_EDGE.sub(edge, _LAST_DAY.sub(last_day, text))
    return _FESTIVAL.sub(festival, text)
