"""Rendering: what the duty officer reads, and what a hostile post cannot make the robots do."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from alerts.render import (
    CUT_NOTE,
    DINGTALK_LIMIT,
    FEISHU_LIMIT,
    TEXT_LIMIT,
    WECOM_LIMIT,
    Message,
    clean,
    kibana_link,
    render_email,
    render_markdown,
    render_text,
    utf8_len,
)
from pipeline.schema import Alert

FIRED = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # 10:00 in Beijing
KIBANA = "http://127.0.0.1:5601"


def make_alert(**over: Any) -> Alert:
    doc: dict[str, Any] = {
        "id": "heat:善林金融:20261120T0100", "rule": "heat", "level": "high", "platform": "善林金融",
        "fired_at": FIRED, "window": {"start": FIRED - timedelta(hours=1), "end": FIRED},
        "reason": "善林金融 1 小时内 40 帖，平时约 3 帖，负面占六成",
        "figures": {"count": 40, "baseline": 3.0, "ratio": 13.3, "negative_share": 0.63,
                    "organizing_posts": 5, "authors": 31},
        "evidence": [{"id": "weibo:weibo:4990001", "url": "https://m.weibo.cn/detail/4990001"}],
    }
    doc.update(over)
    return Alert.from_dict(doc)


HOSTILE = ("兑付无望 [点我领取赔付](http://evil.example/phish) ![x](http://evil.example/p.png) @all "
           "<at id=all></at> <@all> <font color=\"info\">假</font> <script>alert(1)</script>\n# 假标题\n"
           "> 引用 **粗** `code` http://evil.example/bare \x07\x1b[31m \u202e反转\u202c \u200b\u200d\ufeff 结束")


def markdowns(msg: Message) -> dict[str, str]:
    return {f: render_markdown(msg, f) for f in ("dingtalk", "wecom", "feishu")}  # type: ignore[misc]


def test_a_heat_alert_reads_in_chinese_with_figures_window_and_links() -> None:
    text = render_text(Message((make_alert(),), KIBANA))
    assert text.startswith("【高】善林金融 舆情预警\n")
    for line in ("数量：40", "平时同期：3", "倍数：13.3 倍", "负面占比：63%", "组织性帖子：5", "发帖人数：31",
                 "时间窗口：2026-11-20 09:00 至 10:00（北京时间）",
                 "证据1：weibo:weibo:4990001 https://m.weibo.cn/detail/4990001"):
        assert line in text
    assert "Kibana：在 Kibana 中查看相关帖子 http://127.0.0.1:5601/app/discover#/?" in text


def test_a_gathering_shows_its_local_time_and_place() -> None:
    gathering = {"start": "2026-11-21T01:00:00+00:00", "place": "人民广场", "province": "上海市", "city": "上海市"}
    text = render_text(Message((make_alert(gathering=gathering),)))
    assert "聚集：2026-11-21 09:00 上海市 人民广场" in text


def test_the_kibana_link_filters_the_platform_and_window_on_posts() -> None:
    link = kibana_link(KIBANA + "/", make_alert())
    assert link is not None and link.startswith("http://127.0.0.1:5601/app/discover#/?_g=")
    assert not set("()[] '\"") & set(link), "markdown-safe: every rison bracket and quote is encoded"
    query = parse_qs(urlsplit(link).fragment.split("?", 1)[1])
    a, g = unquote(query["_a"][0]), unquote(query["_g"][0])
    assert "index:'yuqing-posts'" in a
    assert 'analysis.platforms.name : "善林金融"' in a
    assert 'published_at >= "2026-11-20T01:00:00.000Z" and published_at < "2026-11-20T02:00:00.000Z"' in a
    assert g == "(time:(from:'2026-11-20T01:00:00.000Z',to:'2026-11-20T02:00:00.000Z'))"
    assert kibana_link(None, make_alert()) is None
    assert "Kibana" not in render_text(Message((make_alert(),)))


def _links(markdown: str) -> list[str]:
    return re.findall(r"\]\(([^)]*)\)", markdown)


@pytest.mark.parametrize("flavour", ["dingtalk", "wecom", "feishu"])
def test_hostile_post_text_cannot_inject_links_headings_or_mentions(flavour: str) -> None:
    alert = make_alert(reason=HOSTILE, platform="善林金融](http://evil.example)")
    md = render_markdown(Message((alert,), KIBANA), flavour)  # type: ignore[arg-type]
    links = _links(md)
    assert links and all(u.startswith(("https://m.weibo.cn/", KIBANA + "/app/discover")) for u in links)
    assert "evil.example/phish" not in " ".join(links)
    for forbidden in ("[点我", "![x]", "@all", "<at", "<@", "<font", "<script", "**粗**", "`code`", "\x07",
                      "\x1b", "\u202e", "\u200b", "\ufeff", "http://evil.example/bare"):
        assert forbidden not in md, forbidden
    assert not re.search(r"^\s*(#|>)", md.split("\n", 1)[1], re.MULTILINE), "no heading or quote from the post"
    assert "兑付无望" in md and "结束" in md, "the words themselves stay readable"


def test_hostile_post_text_is_html_escaped_in_email() -> None:
    mail = render_email(Message((make_alert(reason=HOSTILE, evidence=[{"id": "x:y:1", "url": "javascript:alert(1)"}]),)))
    assert "<script>" not in mail.html and "&lt;script&gt;alert(1)&lt;/script&gt;" in mail.html
    assert "javascript:" not in mail.html, "only http(s) evidence becomes a link"
    assert "\u202e" not in mail.html + mail.text + mail.subject and "\x07" not in mail.text
    assert mail.subject == "【高】善林金融 舆情预警"


def test_clean_strips_invisibles_and_collapses_runaway_whitespace() -> None:
    assert clean("a\u200b\u200cb\u202e c\x00\x07\n\n\n\t   d\u2028e") == "ab c d e"
    assert clean("x" * 50, 10) == "x" * 9 + "…"
    assert clean("e" + "\u0301" * 50) == "e\u0301\u0301"


@pytest.mark.parametrize("flavour,limit,measure", [("dingtalk", DINGTALK_LIMIT, utf8_len), ("wecom", WECOM_LIMIT, utf8_len),
                                                   ("feishu", FEISHU_LIMIT, len)])
def test_a_megabyte_post_is_cut_cleanly_within_each_robots_limit(flavour: str, limit: int, measure: Any) -> None:
    huge = "暴雷" * 250_000 + "<[*&"  # 1 MB of text
    md = render_markdown(Message((make_alert(reason=huge, platform="平台*" * 100),), KIBANA), flavour)  # type: ignore[arg-type]
    assert measure(md) <= limit
    assert re.search(r"\*\*原因\*\*：(暴雷){100,}暴?…\n", md), "the reason is cut short with …"
    assert all(m.endswith(";") for m in re.findall(r"&#\d*;?", md)), "no entity is cut in half"


def _digest(n: int) -> Message:
    alerts = tuple(make_alert(id=f"term:{i}", level="low", rule="new_term", platform=f"平台{i:03d}",
                              reason=f"{'新风险词“提现困难”' * 30}[{i}](http://evil.example)",
                              fired_at=FIRED + timedelta(minutes=i),
                              evidence=[{"id": f"forum:bbs:{i}{k}", "url": "https://bbs.example/t/" + "x" * 1900}
                                        for k in range(5)]) for i in range(n))
    return Message(alerts, KIBANA, roster=("13800000000",))


@pytest.mark.parametrize("flavour,limit,measure", [("dingtalk", DINGTALK_LIMIT, utf8_len), ("wecom", WECOM_LIMIT, utf8_len),
                                                   ("feishu", FEISHU_LIMIT, len)])
def test_long_messages_stop_at_whole_lines_with_a_note(flavour: str, limit: int, measure: Any) -> None:
    for msg in (_digest(80), Message(_digest(1).alerts, KIBANA)):
        md = render_markdown(msg, flavour, mentions="@13800000000")  # type: ignore[arg-type]
        assert measure(md) <= limit
        assert md.endswith("@13800000000"), "the duty mention survives the cut"
        if msg.is_digest:
            assert CUT_NOTE in md
        assert all(u.startswith(("https://bbs.example/", KIBANA)) for u in _links(md))
    text = render_text(_digest(80))
    assert len(text) <= TEXT_LIMIT and text.endswith(CUT_NOTE)


def test_a_digest_lists_several_low_alerts_newest_first() -> None:
    text = render_text(_digest(3))
    assert text.splitlines()[0] == "【低】舆情预警汇总（3 条）"
    lines = [x for x in text.splitlines() if x.startswith("· ")]
    assert [x.split("｜")[0] for x in lines] == ["· 平台002", "· 平台001", "· 平台000"]
    assert "值班：13800000000" in text
    md = render_markdown(_digest(3), "wecom")
    assert md.startswith("### 【低】舆情预警汇总（3 条）") and md.count("\n- ") == 3
