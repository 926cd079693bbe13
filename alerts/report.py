"""The duty desk's HTML briefing: ReportData (alerts.report_data) in, one self-contained page out.

Pure. Everything taken from posts and alerts is attacker-written: it is cleaned (control and
format characters dropped, whitespace folded, length cut) and escaped; only http(s) URLs become links.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, timezone

from alerts import render
from alerts.render import LEVEL_NAMES, safe_url
from alerts.report_data import GatheringRow, PlatformRow, PostRow, ReportData
from pipeline.schema import Alert

CST = timezone(timedelta(hours=8), "北京时间")  # Asia/Shanghai has kept +08:00 without DST since 1991
SENTIMENT_NAMES = {"negative": "负面", "neutral": "中性", "positive": "正面"}
CHANNEL_NAMES = {"log": "日志", "webhook": "Webhook", "dingtalk": "钉钉", "wecom": "企业微信",
                 "feishu": "飞书", "email": "邮件"}
_STYLE = """
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:24px;color:#222;
background:#fafafa;line-height:1.5}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-left:4px solid #b22;padding-left:8px}
.meta{color:#666;font-size:13px}.nodata{background:#fff3cd;padding:10px 14px;border-radius:4px;margin:12px 0}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin-top:14px}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 16px;min-width:110px}
.card b{display:block;font-size:22px}.card span{color:#666;font-size:13px}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}
th,td{border:1px solid #ddd;padding:5px 8px;text-align:left;vertical-align:top}th{background:#f0f0f0}
td.n{text-align:right;white-space:nowrap}.empty{color:#888}
.lv{display:inline-block;padding:0 7px;border-radius:3px;color:#fff;font-weight:bold}
.lv-high{background:#c0392b}.lv-medium{background:#e67e22}.lv-low{background:#2980b9}
.ok{color:#27822c}.fail{color:#c0392b}.spark rect{fill:#c0392b}.spark rect.z{fill:#ddd}
.ex{max-width:560px;word-break:break-all}
"""


def clean(value: object, limit: int = 200) -> str:
    """Displayable, escaped text: the channels' cleaning (no control/format characters, whitespace
    folded, at most `limit` chars), then HTML-escaped."""
    return html.escape(render.clean(None if value is None else str(value), limit), quote=True)


def link(url: str | None, label: str) -> str:
    """An escaped link to `url`, or the URL as plain text when it is not http(s); `label` is already escaped."""
    href = safe_url(url)
    if href is None:
        return clean(url, 120) if url else '<span class="empty">—</span>'
    return f'<a href="{html.escape(href, quote=True)}" rel="noopener noreferrer nofollow" target="_blank">{label}</a>'


def local(when: datetime, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return when.astimezone(CST).strftime(fmt)


def level_badge(level: str | None) -> str:
    if level not in LEVEL_NAMES:
        return '<span class="empty">—</span>'
    return f'<span class="lv lv-{level}">{LEVEL_NAMES[level]}</span>'


def sparkline(series: Sequence[int], starts: Sequence[datetime], bucket: timedelta) -> str:
    """Inline SVG bars (no script, no external assets); each bar's tooltip names its hour and count."""
    if not series:
        return '<span class="empty">—</span>'
    top, bar, height = max(max(series), 1), 4 if len(series) <= 48 else 2, 24
    hours = round(bucket / timedelta(hours=1))
    bars = []
    for i, (n, t) in enumerate(zip(series, starts, strict=True)):
        h = max(1, round(height * n / top))
        zero = ' class="z"' if n == 0 else ""
        tip = f"{local(t, '%m-%d %H:%M')} 起 {hours} 小时：{n} 条"
        bars.append(f'<rect{zero} x="{i * bar}" y="{height - h}" width="{bar - 1}" '
                    f'height="{h}"><title>{tip}</title></rect>')
    width = bar * len(series)
    return (f'<svg class="spark" role="img" aria-label="发帖量走势" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}">{"".join(bars)}</svg>')


def _bucket_name(bucket: timedelta) -> str:
    hours = round(bucket / timedelta(hours=1))
    return "每小时" if hours == 1 else f"每{hours}小时"


def _table(headers: Iterable[str], rows: list[str], empty: str = "无数据") -> str:
    if not rows:
        return f'<p class="empty">{empty}</p>'
    head = "".join(f"<th>{h}</th>" for h in headers)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _names(names: Sequence[str]) -> str:
    return "、".join(clean(n, 40) for n in names) or '<span class="empty">—</span>'


def _platform_row(r: PlatformRow, data: ReportData) -> str:
    share = "—" if r.negative_share is None else f"{r.negative_share:.0%}"
    return (f"<tr><td>{clean(r.name, 40)}</td><td class=n>{r.posts}</td><td class=n>{share}</td>"
            f"<td class=n>{r.calls}</td><td>{sparkline(r.series, data.bucket_starts, data.bucket)}</td>"
            f"<td>{level_badge(r.latest_alert)}</td></tr>")


def _delivery(alert: Alert) -> str:
    latest: dict[str, tuple[datetime, bool, str | None]] = {}
    for d in alert.delivery:
        if d.channel not in latest or d.at >= latest[d.channel][0]:
            latest[d.channel] = (d.at, d.sent, d.error)
    if not latest:
        return '<span class="empty">未投递</span>'
    parts = []
    for channel, (_at, sent, error) in sorted(latest.items()):
        name = clean(CHANNEL_NAMES.get(channel, channel), 30)
        state = '<span class="ok">已送达</span>' if sent else f'<span class="fail">失败：{clean(error or "未知原因", 80)}</span>'
        parts.append(f"{name} {state}")
    return "<br>".join(parts)


def _alert_row(a: Alert) -> str:
    evidence = " ".join(link(e.url, f"证据{i}") for i, e in enumerate(a.evidence, 1) if safe_url(e.url))
    return (f"<tr><td>{local(a.fired_at)}</td><td>{level_badge(a.level)}</td>"
            f"<td>{clean(a.platform, 40) if a.platform else '全部'}</td>"
            f"<td class=ex>{clean(a.reason, 300)} {evidence}</td><td>{_delivery(a)}</td></tr>")


def _gathering_row(g: GatheringRow, now: datetime) -> str:
    when = local(g.start) + (f" 至 {local(g.end, '%H:%M')}" if g.end else "")
    status = "已过" if (g.end or g.start) < now else "未到"
    region = " ".join(clean(x, 20) for x in (g.province, g.city) if x) or "—"
    more = f"（{g.posts} 条帖子）" if g.posts > 1 else ""
    return (f"<tr><td>{when}<br><span class=empty>{status}</span></td><td>{clean(g.place, 60)}</td>"
            f"<td>{region}</td><td>{_names(g.platforms)}</td><td>{link(g.url, '原帖')}</td>"
            f"<td class=ex>{clean(g.excerpt, 160)}{more}</td></tr>")


def _post_row(p: PostRow) -> str:
    sentiment = SENTIMENT_NAMES.get(p.sentiment or "", "—")
    if p.negative is not None:
        sentiment += f" {p.negative:.2f}"
    excerpt = (f"<b>{clean(p.title, 80)}</b> " if p.title else "") + clean(p.text, 200)
    author = clean(p.author, 30) if p.author else "—"
    call = " 【召集】" if p.is_call else ""
    return (f"<tr><td>{local(p.published_at)}</td><td>{_names(p.platforms)}</td><td class=n>{p.engagement}</td>"
            f"<td>{sentiment}{call}</td><td class=ex>{excerpt}</td><td>{author}</td>"
            f"<td>{link(p.url, '原帖')}</td></tr>")


def render_report(data: ReportData) -> str:
    """The whole briefing as one HTML document (inline CSS, no scripts, works offline)."""
    period = f"{local(data.start)} 至 {local(data.end)}（北京时间）"
    levels = data.alert_levels
    cards = [("帖子", data.posts), ("负面帖子", data.negative), ("召集帖子", data.calls),
             ("高级预警", levels["high"]), ("中级预警", levels["medium"]), ("低级预警", levels["low"])]
    nodata = f'<p class="nodata">本时段（{period}）无数据。</p>' if data.empty else ""
    more_alerts = f'<p class="meta">仅列出最近 {len(data.alerts)} 条预警。</p>' if data.alerts_truncated else ""
    body = [
        "<h1>舆情简报：互联网金融风险</h1>",
        f'<p class="meta">统计时段：{period}<br>生成时间：{local(data.generated_at)}（北京时间）</p>',
        nodata,
        '<div class="cards">' + "".join(f"<div class=card><b>{n}</b><span>{label}</span></div>"
                                         for label, n in cards) + "</div>",
        f"<h2>各平台热度</h2><p class=meta>走势：{_bucket_name(data.bucket)}发帖量</p>",
        _table(["平台", "帖子数", "负面占比", "召集帖子", "走势", "最近预警"],
               [_platform_row(r, data) for r in data.platforms]),
        "<h2>预警</h2>" + more_alerts,
        _table(["时间", "级别", "平台", "原因", "推送"], [_alert_row(a) for a in data.alerts]),
        "<h2>聚集活动</h2>",
        _table(["计划时间", "地点", "省/市", "平台", "链接", "摘要"],
               [_gathering_row(g, data.generated_at) for g in data.gatherings]),
        "<h2>热门帖子</h2>",
        _table(["发布时间", "平台", "互动量", "情感", "摘要", "作者", "链接"], [_post_row(p) for p in data.top_posts]),
    ]
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            "<meta name=\"referrer\" content=\"no-referrer\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>舆情简报 {local(data.end, '%Y-%m-%d %H:%M')}</title><style>{_STYLE}</style></head>\n"
            f"<body>{''.join(body)}</body></html>\n")
