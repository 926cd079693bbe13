"""When and where a call asks people to gather: a concrete time resolved against the post's
publication time (明早8点 → tomorrow 08:00); the place is found by venue.py.

Time expressions are parsed by jionlp (loaded lazily: only calls reach this module) after
rewriting forms it misses (明早, 12.1; lunar dates via lunar.py, festivals and days such as 节后第一个周一
or 月底那个周六 via holidays.py; 2号线, 1号楼 and 中山路11号 are no days). A call is about the future: a weekday or clock time that
already passed is moved to its next occurrence, a date without a year to its nearest one (so a
date a few days back stays past and gives no gathering), and a written year is kept as written.
A time told with what already happened (去了, 已经) or called off (…的事取消了) is dropped, so is a
deadline (10月31号前, 5月12日…在此之前: by when, not when people meet), and so is
one that passed more than an hour before the post (a call forwarded after its hour: people
may still join a gathering under way, not one long over). A date without a clock time spans
the whole day (start 00:00, end 23:59:59).
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

from nlp.organizing.cues import PATTERNS
from nlp.organizing.holidays import rewrite_holidays
from nlp.organizing.lunar import rewrite_lunar
from nlp.organizing.venue import find_place

__all__ = ["TimeFound", "combine", "find_place", "find_times", "to_cst"]

log = logging.getLogger(__name__)
CST = timezone(timedelta(hours=8))

_REWRITES = [
    (re.compile(r"明早"), "明天早上"), (re.compile(r"今早"), "今天早上"), (re.compile(r"明日"), "明天"),
    (re.compile(r"后早"), "后天早上"), (re.compile(r"后日"), "后天"), (re.compile(r"朝早"), "早上"),
    (re.compile(r"明儿个|明儿"), "明天"), (re.compile(r"今朝"), "今天早上"), (re.compile(r"听朝"), "明天早上"), (re.compile(r"听日"), "明天"),
    # Spoken filler between a part of the day and its clock time (明天下午那个两点钟, 上午就是九点).
    (re.compile(r"(?<=[午上晚天早])\s*(?:那个|就是|大概|差不多|大约)\s*(?=[\d一二三四五六七八九十两])"), ""),
    # 1月17日小年那天上午9点 (a lunar date rewritten): the day restated before its clock time.
    (re.compile(r"(?<=[日号])[\u4e00-\u9fff]{0,3}?那一?天(?=\s*(?:[上下中]午|早上|早晨|晚上|凌晨|\d|[一二三四五六七八九十两]))"), ""),
    # 这周末(周六): a weekend narrowed to its day in brackets.
    (re.compile(r"((?:这|本|下)?个?)周末\s*[(（]\s*(?:周|星期|礼拜)([六日天])\s*[)）]"), r"\1周\2"),
    # 周五(25号) / 元旦(1月1日): the bracketed date is the precise one; a bracketed weekday adds nothing.
    (re.compile(r"[(（]\s*(?:周|星期|礼拜)[一二三四五六日天]\s*[)）]"), ""),
    (re.compile(r"(?:(?:下?周|星期|礼拜)[一二三四五六日天]?|元旦|圣诞节?|平安夜|国庆|假期结束第一天|节后第一天)?[(（]\s*((?:\d{1,2}月)?\d{1,2}[日号])\s*[)）]"), r" \1"),
    # 20号周六: the day of the month is the date; the weekday after it only confirms it.
    (re.compile(r"(?<=[\d一二三四五六七八九十][号日])\s*(?:周|星期|礼拜)[一二三四五六日天](?![\u4e00-\u9fff]?[号日])"), " "),
    # 9月30号（国庆节前一天）上午8点半: a gloss in brackets between a date and its clock time.
    (re.compile(r"(?<=\d[号日])\s*[(（][^()（）\n\d]{1,12}[)）]\s*(?=[上下中]午|早上|早晨|晚上|凌晨|\d{1,2}[点:：])"), ""),
    (re.compile(r"(?<![\d.])(1[0-2]|0?[1-9])[./](3[01]|[12]\d|0?[1-9])(?![\d.%万元亿kKwW])"), r"\1月\2日"),
    # 3·15那天: a middle dot dates a day only when the day is then told; 3·15晚会 is a name.
    (re.compile(r"(?<![\d.])(1[0-2]|0?[1-9])·(3[01]|[12]\d|0?[1-9])(?=那天|当天|当日|[上下中]午|早|晚|\s)"), r"\1月\2日"),
    (re.compile(r"(\d{1,2})[：](\d{2})"), r"\1:\2"),
    # A line, a building, a gate or a seat numbered 号 (2号线, 1号楼, 3号门) is no day of the month.
    (re.compile(r"(?<=[路街道巷弄园村苑院])(\d{1,4})号"), r"\1#"),  # 万柳中路11号, 公园16号 are houses
    (re.compile(r"(?<=\d)[号](?=线|楼|门|院|厅|馆|口|出口|窗口|位|车厢|房|室|仓|库|地块|桥)"), "#"),
    (re.compile(r"平安夜"), "12月24日"), (re.compile(r"圣诞节?(?![老树])"), "12月25日"), (re.compile(r"元旦"), "1月1日"),
    (re.compile(r"统一时间|一时间|同一时"), "  "),
    # English times in mixed posts (Tomorrow 9am …).
    (re.compile(r"(?i)\btomorrow\b"), "明天"), (re.compile(r"(?i)\btonight\b"), "今晚"),
    (re.compile(r"(?i)(?<![\dA-Za-z])(\d{1,2})\s?am\b"), r"上午\1点"), (re.compile(r"(?i)(?<![\dA-Za-z])(\d{1,2})\s?pm\b"), r"下午\1点"),
]
_WEEKDAY = re.compile(r"^(?:这|本)?(?:个)?(?:周|星期|礼拜)[一二三四五六日天末]")
_MONTH_DAY = re.compile(r"\d{1,2}月\d{1,2}|元旦|国庆|春节|中秋|五一|清明|端午")
_DAY_ONLY = re.compile(r"^\d{1,2}[号日]")
_HAS_DAY = re.compile(r"今|明|后天|昨|前天|周[一二三四五六日天末]|星期.|礼拜.|\d{1,2}[号日]|[一二三四五六七八九十]{1,3}[号日]|节|元旦")
_CLOCK = re.compile(r"\d{1,2}\s*[点:时]|[一二三四五六七八九十两]{1,3}\s*点")
_SPAN = re.compile(r"[到至~\-－]")
_PAST_WORDS = re.compile(r"^(?:昨|前天|上周|上个|去年|上星期|上礼拜)")
_YEAR = re.compile(r"\d{2,4}\s*年|[今去前]年|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|[〇零一二三四五六七八九]{4}年")
# A time told with what happened then ("昨天在市政府门口聚集了", "今天下午在软件大楼召开了",
# "已于4月26日"): not a planned gathering. Only the words right around the time count, since a
# call may say elsewhere that its writer "已经在路上了".
_PAST_BEFORE = re.compile(r"已经|已于|(?<![而早])已|曾经|(?<![不未])曾|日前|当时")
_PAST_AFTER = re.compile(
    _PAST_BEFORE.pattern + r"|获悉|据悉|(?:去|到|来|聚集|集合|围|堵|拉|举|坐|访|维权|报案|投案|召开|举行|发布|通报|宣布|"
    r"立案|落幕|上线|签署|开展|抓获|成立)了|取消|作废"
)
# A deadline (10月31号前, 5月12日…在此之前) says by when, not when people meet.
_DEADLINE = re.compile(r"\s*(?:之|以)?前(?![面边头排门])|[^。！!？?\n]{0,16}?在(?:此|这|那)之?前")
_AFTERNOON = re.compile(r"下午|晚上|傍晚|今晚|明晚")
_DAY_PART = re.compile(r"[上下中]午|早|晚|凌晨|夜")
_NEAR = 40  # characters between a gathering's time and its place; 30 at most in the desk's sets
_CLAUSE = re.compile(r"[^，,。！!？?；;\n]+")
_TIME_CUE = PATTERNS["time"]

@dataclass(frozen=True, slots=True)
class TimeFound:
    start: datetime
    end: datetime | None
    text: str
    offset: int


class _DropJionlpRecords(logging.Filter):
    """jionlp logs full tracebacks on the root logger for strings it cannot parse; they are expected."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "jionlp" not in record.pathname


@lru_cache(maxsize=1)
def _jio() -> Any:
    # Heavy, so imported only when a call needs its time resolved. Its import prints a banner on
    # stdout, which would corrupt `yuqing analyze` output: swallow it.
    with contextlib.redirect_stdout(io.StringIO()):
        import jionlp
    logging.getLogger().addFilter(_DropJionlpRecords())
    return jionlp


def to_cst(base: datetime) -> datetime:
    return base.astimezone(CST) if base.tzinfo else base.replace(tzinfo=CST)


def find_times(text: str, published: datetime) -> list[TimeFound]:
    """Future time expressions in `text`, resolved against `published` (aware)."""
    base = to_cst(published)
    rewritten = rewrite_holidays(rewrite_lunar(text, base), base)
    for rx, repl in _REWRITES:
        rewritten = rx.sub(repl, rewritten)
    found = []
    # Clause by clause: one odd clause makes jionlp drop every time in the text.
    for m in _CLAUSE.finditer(rewritten):
        if not _TIME_CUE.search(m.group(0)):
            continue
        try:
            items = _jio().ner.extract_time(m.group(0), time_base=base.replace(tzinfo=None), with_parsing=True)
        except Exception as exc:  # noqa: BLE001 - a parser bug on one post must not lose the post
            log.debug("time parser failed: %s", exc)
            continue
        clause = m.group(0)
        for item in items:
            at = (item.get("offset") or [0])[0]
            after = clause[at:at + len(item.get("text", "")) + 12]
            item["past"] = bool(_PAST_AFTER.search(after) or _PAST_BEFORE.search(clause[max(0, at - 6):at]))
            end = m.start() + at + len(item.get("text", ""))
            said = item.get("text", "")
            while said and said[-1] in "之以前":  # the parser keeps 前 with its date: 10月31号前
                said, end = said[:-1], end - 1
            # 9点前到 is when to be there; a day before which something must happen is a deadline.
            item["deadline"] = not _CLOCK.search(said) and bool(_DEADLINE.match(rewritten, end))
            if said != item.get("text", "") and _CLOCK.search(said):
                # jionlp reads 明天上午9点前 as the span from now until 9; people are to be there at 9.
                item.update(_reparsed(said, base) or {})
            item["offset"] = m.start() + at
            found.append(item)
    out: list[TimeFound] = []
    for item in found:
        expr = item.get("text", "")
        detail = (item.get("detail") or {}).get("time")
        if item.get("type") not in ("time_point", "time_span") or not detail or _PAST_WORDS.match(expr) or item["past"] or item["deadline"]:
            continue
        if not (_HAS_DAY.search(expr) or _CLOCK.search(expr)):
            continue  # 上午 / 晚上 alone is not a concrete time
        try:
            start = datetime.strptime(detail[0], "%Y-%m-%d %H:%M:%S").replace(tzinfo=CST)
            end = datetime.strptime(detail[1], "%Y-%m-%d %H:%M:%S").replace(tzinfo=CST)
        except (ValueError, TypeError, IndexError):
            continue
        start, end = _roll_forward(expr, start, end, base)
        if start < base - timedelta(hours=1):
            continue
        until: datetime | None = end
        if _CLOCK.search(expr) and not _SPAN.search(expr):
            until = None  # a clock time is a moment; jionlp's hour-long range is only its granularity
        elif not _CLOCK.search(expr):
            start = start.replace(hour=0, minute=0, second=0)
            until = start.replace(hour=23, minute=59, second=59)
        out.append(TimeFound(start, until, expr, item["offset"]))
    return out


def _reparsed(said: str, base: datetime) -> dict[str, Any] | None:
    """Type and parsed detail of `said` on its own (text and offset stay those of the whole match)."""
    try:
        items = _jio().ner.extract_time(said, time_base=base.replace(tzinfo=None), with_parsing=True)
    except Exception as exc:  # noqa: BLE001 - as in find_times
        log.debug("time parser failed: %s", exc)
        return None
    if len(items) != 1 or items[0].get("text") != said:
        return None
    return {"type": items[0].get("type"), "detail": items[0].get("detail")}


def combine(times: list[TimeFound], near: int) -> TimeFound | None:
    """The time that belongs to a place at offset `near`; a clock time written apart from its day
    (下周二，时间：上午9点) takes the day from the nearest day-only expression. None when no time
    is within _NEAR characters: a call states when and where together, while a report names an
    office in one sentence and a date in another. A time written before the place wins over one
    after it: a call gives its time first, and what follows is often a fallback (如果没人接待，
    7月7日上午9点 省政府)."""
    close = [t for t in times if abs(t.offset - near) <= _NEAR]
    if not close:
        return None
    before = [t for t in close if t.offset <= near]
    best = min(before or close, key=lambda t: abs(t.offset - near))
    if _HAS_DAY.search(best.text):
        # 下周四开庭！市中院第三法庭，上午9点: a day before the place, its clock time right after it.
        clocks = [t for t in close if t.offset > best.offset and _CLOCK.search(t.text) and not _HAS_DAY.search(t.text)]
        if _CLOCK.search(best.text) or not clocks:
            return best
        return _on_day(best, min(clocks, key=lambda t: t.offset))
    # The day is written before its clock time (下周二，时间：上午9点); a day named after it
    # ("今晚七点半 … 明天的行动今晚定") is another matter.
    days = [t for t in times if _HAS_DAY.search(t.text) and not _CLOCK.search(t.text) and t.offset < best.offset]
    if not days:
        return best
    return _on_day(min(days, key=lambda t: abs(t.offset - best.offset)), best)


def _on_day(day: TimeFound, clock: TimeFound) -> TimeFound:
    """A clock time written apart from its day, put on that day."""
    hour = clock.start.hour
    # 这周五下午，两点钟: the part of the day, written with the day, sets the clock's half.
    if hour < 12 and _AFTERNOON.search(day.text) and not _DAY_PART.search(clock.text):
        hour += 12
    start = day.start.replace(hour=hour, minute=clock.start.minute, second=0)
    return TimeFound(start, None, day.text + clock.text, day.offset)


def _roll_forward(expr: str, start: datetime, end: datetime, base: datetime) -> tuple[datetime, datetime]:
    """Move an expression that already passed to its next occurrence (a call speaks of the future)."""
    if end >= base or _YEAR.search(expr):
        return start, end  # a written year is kept: 2019年4月26日 stays in 2019, even when past
    if _WEEKDAY.match(expr):
        step = timedelta(days=7)
    elif _MONTH_DAY.search(expr):
        return _nearest(start, end, _add_year(start), _add_year(end), base)
    elif _DAY_ONLY.match(expr):
        return _nearest(start, end, _add_month(start), _add_month(end), base)
    elif not _HAS_DAY.search(expr):
        step = timedelta(days=1)
    else:
        return start, end
    while end < base:
        start, end = start + step, end + step
    return start, end


def _nearest(start: datetime, end: datetime, next_start: datetime, next_end: datetime,
             base: datetime) -> tuple[datetime, datetime]:
    """A date without a year means its nearest occurrence: 4月15日 written on 4月22日 is last week
    (a report), 1月3日 written on 12月30日 is next week (a call)."""
    return (next_start, next_end) if next_start - base < base - end else (start, end)


def _add_year(dt: datetime) -> datetime:
    try:
        return dt.replace(year=dt.year + 1)
    except ValueError:
        return dt.replace(year=dt.year + 1, day=28)


def _add_month(dt: datetime) -> datetime:
    year, month = (dt.year + 1, 1) if dt.month == 12 else (dt.year, dt.month + 1)
    try:
        return dt.replace(year=year, month=month)
    except ValueError:
        return dt
