"""Alert → message text for the duty officer: plain text, per-robot markdown, e-mail (pure, stateless).

Channels call these; everything that may come from posts is cleaned of invisible characters, escaped
for its target (each robot its own specials, HTML for e-mail) and length-limited per channel.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

from alerts.config import LEVEL_RANK
from pipeline.kibana import POSTS as POSTS_DATA_VIEW
from pipeline.schema import Alert, Window

Flavour = Literal["dingtalk", "wecom", "feishu"]
LEVEL_NAMES = {"high": "高", "medium": "中", "low": "低"}
SHANGHAI = ZoneInfo("Asia/Shanghai")

TEXT_LIMIT = 4000  # characters
DINGTALK_LIMIT = 18000  # UTF-8 bytes (the robot rejects ~20000)
WECOM_LIMIT = 4096  # UTF-8 bytes of markdown.content
WECOM_TEXT_LIMIT = 2048  # UTF-8 bytes of text.content
FEISHU_LIMIT = 30000  # characters
EMAIL_LIMIT = 100_000  # characters
MAX_EVIDENCE = 5
MAX_URL = 2000
_CAP = {"reason": 300, "name": 40, "place": 120, "id": 120}
ELLIPSIS = "…"
CUT_NOTE = "…（内容过长，已截断）"

# Chat robots have no reliable backslash escape, so their specials become full-width look-alikes
# (readable in Chinese text, inert as markup); Feishu markdown documents HTML-entity escapes.
_DINGTALK = {ord(c): chr(ord(c) + 0xFEE0) for c in "\\`*_[]()#<>~|@!"}
_WECOM = {ord(c): chr(ord(c) + 0xFEE0) for c in "\\`*_[]()#<>~|@"}
_FEISHU = {ord(c): f"&#{ord(c)};" for c in "&\\`*_[]()#<>~|@!"}
_TABLES = {"dingtalk": _DINGTALK, "wecom": _WECOM, "feishu": _FEISHU}
_URL_SAFE = ":/?#&=%+,;~.-_!$*@"


@dataclass(frozen=True, slots=True)
class Message:
    """What a channel is asked to deliver: one alert, or several low alerts as a digest."""

    alerts: tuple[Alert, ...]
    kibana_url: str | None = None
    roster: tuple[str, ...] = ()  # who to @-mention (chat) or name (e-mail)

    @property
    def is_digest(self) -> bool:
        return len(self.alerts) > 1


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a message: a trusted Chinese label and an untrusted, cleaned value (or link)."""

    label: str
    value: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Email:
    subject: str
    text: str
    html: str


def clean(text: str | None, limit: int | None = None) -> str:
    """Drop control, zero-width, bidi and other invisible characters, collapse whitespace to single
    spaces (one line), and cut to `limit` characters with "…"."""
    if not text:
        return ""
    if limit is not None:
        text = text[: limit * 4 + 64]  # nothing past this can survive; keeps 1 MB posts cheap
    out: list[str] = []
    marks = 0
    for ch in text:
        cat = unicodedata.category(ch)
        if cat[0] == "Z" or ch in "\t\n\r\x0b\x0c":
            out.append(" ")
        elif cat[0] == "C":
            continue  # Cc controls, Cf zero-width / bidi overrides, Co, Cs, Cn
        elif cat == "Mn":
            marks += 1
            if marks <= 2:  # a tower of combining marks is noise, not writing
                out.append(ch)
            continue
        else:
            out.append(ch)
        marks = 0
    result = " ".join("".join(out).split())
    if limit is not None and len(result) > limit:
        result = result[: limit - 1].rstrip() + ELLIPSIS
    return result


def escape(text: str, flavour: Flavour) -> str:
    """Neutralize `flavour`'s markdown specials (links, headings, emphasis, @ mentions, tags)."""
    # "://" is broken too, so a bare URL in a post is not turned into a link by the robot
    return text.translate(_TABLES[flavour]).replace("://", "&#58;//" if flavour == "feishu" else "：//")


def safe_url(url: str | None) -> str | None:
    """An http(s) URL with a host that a browser or robot may follow, quoted for a link target; None
    for anything else. Whitespace or invisible characters anywhere reject it (browsers drop them
    inside a scheme, which is how `java\\nscript:` gets past naive checks)."""
    if not url or len(url) > MAX_URL:
        return None
    if any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(url, safe=_URL_SAFE)


def title(alert: Alert) -> str:
    """"【高】善林金融 舆情预警" (plain, cleaned)."""
    platform = clean(alert.platform, _CAP["name"])
    return f"【{LEVEL_NAMES[alert.level]}】{platform + ' ' if platform else ''}舆情预警"


def digest_title(alerts: Sequence[Alert]) -> str:
    return f"【{LEVEL_NAMES[min(alerts, key=lambda a: LEVEL_RANK[a.level]).level]}】舆情预警汇总（{len(alerts)} 条）"


def message_title(msg: Message) -> str:
    return digest_title(msg.alerts) if msg.is_digest else title(msg.alerts[0])


def local_time(dt: datetime, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return dt.astimezone(SHANGHAI).strftime(fmt)


def window_text(window: Window) -> str:
    start, end = window.start.astimezone(SHANGHAI), window.end.astimezone(SHANGHAI)
    end_fmt = "%H:%M" if start.date() == end.date() else "%m-%d %H:%M"
    return f"{local_time(start)} 至 {local_time(end, end_fmt)}（北京时间）"


def _utc(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def kibana_link(base: str | None, alert: Alert) -> str | None:
    """Kibana Discover on posts-* for the alert's platform and window (all parts URL-encoded)."""
    if not base:
        return None
    start, end = _utc(alert.window.start), _utc(alert.window.end)
    kql = f'published_at >= "{start}" and published_at < "{end}"'
    if alert.platform:
        name = alert.platform.replace("\\", "\\\\").replace('"', '\\"')
        kql = f'analysis.platforms.name : "{name}" and {kql}'
    rison_kql = kql.replace("!", "!!").replace("'", "!'")
    g = f"(time:(from:'{start}',to:'{end}'))"
    a = f"(index:'{POSTS_DATA_VIEW}',query:(language:kuery,query:'{rison_kql}'))"
    return safe_url(f"{base.rstrip('/')}/app/discover#/?_g={quote(g, safe='')}&_a={quote(a, safe='')}")


RULE_NAMES = {"heat": "热度上升", "trouble": "平台异常（提现/逾期/失联等）", "negative": "负面情绪激增",
              "organizing": "组织聚集号召", "new_term": "首次出现风险词", "source_silence": "采集来源中断"}


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def alert_lines(alert: Alert, kibana_url: str | None = None) -> list[Line]:
    """The facts of one alert, in the order the duty officer reads them."""
    f = alert.figures
    lines = [Line("原因", clean(alert.reason, _CAP["reason"])),
             Line("平台", clean(alert.platform, _CAP["name"]) or "（未指明）"),
             Line("规则", RULE_NAMES.get(alert.rule) or clean(alert.rule, _CAP["name"])),
             Line("时间窗口", window_text(alert.window)),
             Line("预警时间", local_time(alert.fired_at))]
    for label, value in (("数量", f.count), ("平时同期", f.baseline), ("发帖人数", f.authors),
                         ("组织性帖子", f.organizing_posts)):
        if value is not None:
            lines.append(Line(label, _number(value)))
    if f.ratio is not None:
        lines.append(Line("倍数", f"{_number(f.ratio)} 倍"))
    if f.negative_share is not None:
        lines.append(Line("负面占比", f"{f.negative_share * 100:.0f}%"))
    g = alert.gathering
    if g is not None:
        when = local_time(g.start) + (f" 至 {local_time(g.end, '%H:%M')}" if g.end else "")
        where = clean(" ".join(dict.fromkeys(p for p in (g.province, g.city, g.place) if p)), _CAP["place"])
        lines.append(Line("聚集", f"{when} {where}".strip()))
    for i, ev in enumerate(alert.evidence[:MAX_EVIDENCE], 1):
        lines.append(Line(f"证据{i}", clean(ev.id, _CAP["id"]), safe_url(ev.url)))
    link = kibana_link(kibana_url, alert)
    if link:
        lines.append(Line("Kibana", "在 Kibana 中查看相关帖子", link))
    return lines


def digest_lines(alerts: Sequence[Alert], kibana_url: str | None = None) -> list[Line]:
    """One line per alert (label "" marks a list item), newest first."""
    ordered = sorted(alerts, key=lambda a: a.fired_at, reverse=True)
    return [Line("", f"{clean(a.platform, _CAP['name']) or '（未指明平台）'}｜{local_time(a.fired_at, '%m-%d %H:%M')}｜"
                     f"{clean(a.reason, _CAP['reason'])}", kibana_link(kibana_url, a)) for a in ordered]


def message_lines(msg: Message) -> list[Line]:
    if msg.is_digest:
        return digest_lines(msg.alerts, msg.kibana_url)
    return alert_lines(msg.alerts[0], msg.kibana_url)


def fit(head: str, parts: Sequence[str], limit: int, measure: Callable[[str], int] = len,
        sep: str = "\n") -> str:
    """head + as many whole parts as fit in `limit`; a cut ends with CUT_NOTE (never mid-escape)."""
    out = head
    for i, part in enumerate(parts):
        candidate = out + sep + part
        room = limit - (measure(sep + CUT_NOTE) if i < len(parts) - 1 else 0)
        if measure(candidate) > room:
            return out + sep + CUT_NOTE
        out = candidate
    return out


def _text_line(line: Line) -> str:
    body = f"{line.value} {line.url}" if line.url else line.value
    return f"{line.label}：{body}" if line.label else f"· {body}"


def render_text(msg: Message, limit: int = TEXT_LIMIT, measure: Callable[[str], int] = len) -> str:
    """Plain text (console, log, webhook, e-mail, WeCom text)."""
    parts = [_text_line(x) for x in message_lines(msg)]
    if msg.roster:
        parts.append("值班：" + "、".join(clean(r, _CAP["name"]) for r in msg.roster))
    return fit(message_title(msg), parts, limit, measure)


def _md_line(line: Line, flavour: Flavour) -> str:
    value = escape(line.value, flavour)
    body = f"[{value}]({line.url})" if line.url else value
    return f"**{line.label}**：{body}" if line.label else f"- {body}"


def utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


def render_markdown(msg: Message, flavour: Flavour, mentions: str = "") -> str:
    """Markdown for one robot; `mentions` is the robot's own @ syntax, built by the channel."""
    limit, measure, sep = {"dingtalk": (DINGTALK_LIMIT, utf8_len, "\n\n"),
                           "wecom": (WECOM_LIMIT, utf8_len, "\n"),
                           "feishu": (FEISHU_LIMIT, len, "\n")}[flavour]
    head = "" if flavour == "feishu" else f"### {escape(message_title(msg), flavour)}"
    parts = [_md_line(x, flavour) for x in message_lines(msg)]
    if mentions:
        limit -= measure(sep + mentions)
    body = fit(head, parts, limit, measure, sep).lstrip("\n")
    return f"{body}{sep}{mentions}" if mentions else body


def render_email(msg: Message) -> Email:
    """Subject, plain text and an HTML body (everything html-escaped, links http(s) only)."""
    subject = message_title(msg)
    rows = []
    for line in message_lines(msg):
        value = html.escape(line.value)
        if line.url:
            value = f'<a href="{html.escape(line.url)}">{value}</a>'
        label = html.escape(line.label) or "·"
        rows.append(f"<tr><th align=\"left\">{label}</th><td>{value}</td></tr>")
    if msg.roster:
        names = "、".join(clean(r, _CAP["name"]) for r in msg.roster)
        rows.append(f"<tr><th align=\"left\">值班</th><td>{html.escape(names)}</td></tr>")
    body = fit(f"<html><body><h2>{html.escape(subject)}</h2><table>", rows, EMAIL_LIMIT - 30)
    return Email(subject, render_text(msg, EMAIL_LIMIT), body + "\n</table></body></html>")
