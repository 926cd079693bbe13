"""Chinese site times and Weibo HTML, read the way the desk needs them (aware, +08:00)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from crawlers.errors import ParseError
from crawlers.textutil import html_to_text, parse_time

CST = timezone(timedelta(hours=8))
NOW = datetime(2018, 11, 23, 10, 0, 0, tzinfo=CST)  # a Friday morning on the duty desk


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=CST)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("刚刚", at(2018, 11, 23, 10, 0)),
        ("30秒前", at(2018, 11, 23, 9, 59, 30)),
        ("5分钟前", at(2018, 11, 23, 9, 55)),
        ("半小时前", at(2018, 11, 23, 9, 30)),
        ("2小时前", at(2018, 11, 23, 8, 0)),
        ("3天前", at(2018, 11, 20, 10, 0)),
        ("今天 09:15", at(2018, 11, 23, 9, 15)),
        ("昨天 21:03", at(2018, 11, 22, 21, 3)),
        ("前天 00:30", at(2018, 11, 21, 0, 30)),
        ("11-20", at(2018, 11, 20)),
        ("11-20 08:07", at(2018, 11, 20, 8, 7)),
        ("2018-11-20", at(2018, 11, 20)),
        ("2018-11-20 12:00", at(2018, 11, 20, 12, 0)),
        ("2018-11-20 12:00:59", at(2018, 11, 20, 12, 0, 59)),
        ("2018-1-5 9:07", at(2018, 1, 5, 9, 7)),  # Discuz prints unpadded fields
        ("2018年11月20日 12:00", at(2018, 11, 20, 12, 0)),
        ("2018年1月5日", at(2018, 1, 5)),
        ("发表于 2018-11-20 12:00", at(2018, 11, 20, 12, 0)),
        ("发表于 昨天 21:03", at(2018, 11, 22, 21, 3)),
        ("  2018-11-20\u300012:00  ", at(2018, 11, 20, 12, 0)),
        ("Tue Nov 20 12:00:00 +0800 2018", at(2018, 11, 20, 12, 0)),
    ],
)
def test_every_printed_form_resolves_to_shanghai_time(text: str, expected: datetime) -> None:
    found = parse_time(text, NOW)
    assert found == expected
    assert found.utcoffset() == timedelta(hours=8)


def test_month_day_ahead_of_now_belongs_to_last_year() -> None:
    new_year = at(2019, 1, 2, 8, 0)
    assert parse_time("12-30", new_year) == at(2018, 12, 30)
    assert parse_time("12-30 23:10", new_year) == at(2018, 12, 30, 23, 10)
    assert parse_time("01-02 07:59", new_year) == at(2019, 1, 2, 7, 59)
    # later today is still "in the future": a post cannot be from a few hours ahead
    assert parse_time("01-02 09:00", new_year) == at(2018, 1, 2, 9, 0)


def test_weibo_api_time_keeps_its_offset_and_is_shown_in_shanghai() -> None:
    found = parse_time("Tue Nov 20 12:00:00 +0000 2018", NOW)
    assert found == at(2018, 11, 20, 20, 0)
    assert found.utcoffset() == timedelta(hours=8)
    assert parse_time("Mon Nov 19 23:30:00 -0500 2018", NOW) == at(2018, 11, 20, 12, 30)


def test_relative_times_count_back_in_shanghai_whatever_zone_now_is_in() -> None:
    # 2018-11-22 17:00 UTC is 2018-11-23 01:00 in Shanghai: 今天 and 昨天 are Shanghai days
    utc_now = datetime(2018, 11, 22, 17, 0, tzinfo=UTC)
    assert parse_time("今天 00:30", utc_now) == at(2018, 11, 23, 0, 30)
    assert parse_time("昨天 23:00", utc_now) == at(2018, 11, 22, 23, 0)
    assert parse_time("5分钟前", utc_now) == at(2018, 11, 23, 0, 55)
    assert parse_time("刚刚", utc_now).utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize(
    "text", ["", "很久以前", "2018-02-30", "25:00", "昨天 25:61", "Tue Foo 20 12:00:00 +0800 2018", "13-40"]
)
def test_unreadable_times_raise_parse_error_naming_the_text(text: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_time(text, NOW)
    assert repr(text) in str(info.value)


# --- html_to_text --------------------------------------------------------------------------------


def test_topic_and_mention_links_keep_their_text_and_emoji_keep_their_alt() -> None:
    html = (
        '<a href="https://m.weibo.cn/search?containerid=231522type%3D1%26q%3D%23x%23" data-hide="">'
        '<span class="surl-text">#善林金融#</span></a>还是提不了现'
        '<span class="url-icon"><img alt="[怒]" src="https://face.example/nu.png" /></span>'
        "，<a href='/n/维权小组'>@维权小组</a> 怎么办"
    )
    assert html_to_text(html) == "#善林金融#还是提不了现[怒]，@维权小组 怎么办"


def test_br_becomes_newline_and_entities_are_unescaped() -> None:
    html = "周六九点集合<br />带上合同 &amp; 转账记录<br/>&lt;不要&gt;相信代理维权&nbsp;"
    assert html_to_text(html) == "周六九点集合\n带上合同 & 转账记录\n<不要>相信代理维权"


def test_full_text_link_is_dropped_and_icons_without_alt_leave_nothing() -> None:
    html = (
        "提现卡了一个月 ...<a href=\"/status/4309999000000104\">全文</a>"
    )
    assert html_to_text(html) == "提现卡了一个月 ..."
    link = ("看这里<a href='http://t.cn/x'><span class='url-icon'><img src='//h5.sinaimg.cn/i.png'></span>"
            "<span class='surl-text'>网页链接</span></a>")
    assert html_to_text(link) == "看这里网页链接"


def test_plain_and_empty_input() -> None:
    assert html_to_text("  只是一句话  ") == "只是一句话"
    assert html_to_text("") == ""
    assert html_to_text("<br />") == ""
