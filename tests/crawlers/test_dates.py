"""Publish-time reading in `crawlers.dates`: the forms real bylines and notices print besides ISO stamps."""

from __future__ import annotations

from datetime import datetime

import pytest

from crawlers.article_dates import labelled_date
from crawlers.dates import find_date, parse_date, url_date
from crawlers.extract import extract_article


def at(value: str) -> datetime:
    return datetime.fromisoformat(value)


@pytest.mark.parametrize(("text", "expected"), [
    ("2019-04-26 下午3:05", "2019-04-26T15:05:00+08:00"),
    ("2019年4月26日 晚上8时30分", "2019-04-26T20:30:00+08:00"),
    ("2019-04-26 上午10:05", "2019-04-26T10:05:00+08:00"),
    ("2019-04-26 中午12:10", "2019-04-26T12:10:00+08:00"),
    ("2019-04-26 凌晨12:20", "2019-04-26T00:20:00+08:00"),
    ("2019-04-26 下午15:05", "2019-04-26T15:05:00+08:00"),  # already on the 24-hour clock
])
def test_a_half_day_word_puts_a_12_hour_clock_on_the_24_hour_clock(text: str, expected: str) -> None:
    assert parse_date(text) == at(expected)
    assert find_date(f"发布时间：{text} 来源：某某日报") == at(expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("二〇一九年四月二十六日", "2019-04-26T00:00:00+08:00"),
    ("二○二○年十二月三十日", "2020-12-30T00:00:00+08:00"),
    ("二〇二一年十月九日", "2021-10-09T00:00:00+08:00"),
    ("二〇二二年一月十日", "2022-01-10T00:00:00+08:00"),
])
def test_a_date_in_chinese_numerals_is_read(text: str, expected: str) -> None:
    assert parse_date(text) == at(expected)
    assert find_date(f"某县公安局 {text}") == at(expected)


def test_a_calendars_month_caption_and_day_cells_are_no_date() -> None:
    assert find_date("往期回顾 2016年3月 1 2 3 4 5 6 7") is None
    assert find_date("2016 年 3 月 18 日") == at("2016-03-18T00:00:00+08:00")
    assert find_date("2016年3月18 日 09:30") == at("2016-03-18T09:30:00+08:00")


def test_a_documents_signing_date_gives_way_to_the_publish_date_beside_it() -> None:
    assert labelled_date("成文日期：2021-05-28 发布日期：2021-06-01") == at("2021-06-01T00:00:00+08:00")
    assert labelled_date("成文日期：2021年05月28日") == at("2021-05-28T00:00:00+08:00")  # all the page gives


def test_a_gov_cn_url_with_one_digit_month_and_day_gives_its_date() -> None:
    assert url_date("http://www.example.gov.cn/art/2020/9/14/art_1229_5891.html") == at("2020-09-14T00:00:00+08:00")
    assert url_date("http://www.example.gov.cn/art/2020/10/3/art_1229_5891.html") == at("2020-10-03T00:00:00+08:00")


_BODY = ("<p>近期，有不法分子冒充处非办工作人员，以“代为登记”“优先退款”为名向集资参与人收取费用。</p>"
         "<p>现提醒广大群众，登记工作不收取任何费用，请通过官方渠道办理，谨防上当受骗。</p>")


def _notice(byline: str) -> str:
    return (f"<html><head><meta charset='utf-8'><title>关于谨防冒充处非办收费的提醒</title></head><body>"
            f"<h1>关于谨防冒充处非办收费的提醒</h1><div class='info'>{byline}</div>"
            f"<div class='content'>{_BODY}</div></body></html>")


def test_an_afternoon_byline_dates_the_article_in_the_afternoon() -> None:
    art = extract_article(_notice("发布时间：2019-04-26 下午3:05 来源：县处非办"))
    assert art.published_at == at("2019-04-26T15:05:00+08:00")


def test_a_byline_in_chinese_numerals_dates_the_article() -> None:
    art = extract_article(_notice("发布日期：二〇一九年四月二十六日"))
    assert art.published_at == at("2019-04-26T00:00:00+08:00")


def test_a_date_inside_the_text_does_not_outrank_the_urls_date() -> None:
    html = _notice("信息来源：县处非办").replace(
        "<p>现提醒", "<p>登记时间为2021年3月8日至4月30日，工作日上午9时至下午5时。</p><p>现提醒")
    art = extract_article(html, "http://www.example.gov.cn/art/2021/3/5/art_1_2.html")
    assert art.published_at == at("2021-03-05T00:00:00+08:00")


def test_a_date_inside_the_text_is_still_read_when_nothing_else_dates_the_page() -> None:
    html = _notice("信息来源：县处非办").replace(
        "<p>现提醒", "<p>2021年3月5日，县处非办接到多名群众反映。</p><p>现提醒")
    assert extract_article(html, "http://www.example.gov.cn/info/1234.html").published_at == at(
        "2021-03-05T00:00:00+08:00")
