"""The news extractor on pages shaped like the portals the desk reads (网易, 新浪, 澎湃, 腾讯, 界面 ...)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawlers.errors import ParseError
from crawlers.extract import decode_html, extract_article, find_date, parse_date, strip_site, url_date
from pipeline.cli import cli

NEWS = Path(__file__).parents[1] / "fixtures" / "crawlers" / "news"
CST = timezone(timedelta(hours=8))
BOILERPLATE = ("网友评论", "跟贴", "楼主", "版权所有", "相关新闻", "责任编辑", "热门推荐", "关于我们", "首页")

CASES = {
    "netease_like.html": ("杭州警方对\"融信宝\"平台立案侦查 涉案金额超30亿元", datetime(2019, 4, 3, 10, 23, 45),
                          "证券时报网", "已对网络借贷平台“融信宝”涉嫌非法吸收公众存款案立案侦查"),
    "sina_like.html": ("深圳一网贷平台宣布清退 承诺三年内兑付", datetime(2019, 4, 8, 9, 15, 32),
                       "每日经济新闻", "承诺在36个月内分期兑付全部出借人本金"),
    "thepaper_like.html": ("上海一理财平台实控人投案 警方成立专案组", datetime(2019, 5, 12, 14, 2),
                           "澎湃新闻", "实际控制人已于当日到公安机关投案自首"),
    "tencent_like.html": ("北京金融局：上半年已有百余家网贷机构退出", datetime(2019, 6, 20, 8, 30),
                          "中国证券报", "将及时移交公安机关立案查处"),
    "meta_only.html": ("多地警方提醒：警惕以“清退兑付”为名的二次诈骗", datetime(2019, 7, 1, 16, 45),
                       "界面新闻", "不会要求出借人预先缴纳任何费用"),
    "cn_date_text.html": ("广州一平台兑付方案获出借人投票通过", datetime(2019, 4, 3),
                          "中新网", "预计首批兑付比例不低于百分之十五"),
    "long_suffix.html": ("互金协会发布风险提示：谨防虚假“债权转让”骗局", datetime(2019, 9, 10, 17, 5),
                         "第一财经", "所谓的债权转让协议缺乏法律保障"),
    "gbk_page.html": ("我市通报一起非法吸收公众存款案 涉案平台已被查封", datetime(2019, 8, 15, 11, 20),
                      "滨江日报", "主要犯罪嫌疑人已被刑事拘留"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_portal_article_title_time_source_and_body(name: str) -> None:
    title, published, source, key_sentence = CASES[name]
    art = extract_article((NEWS / name).read_bytes())
    assert art.title == title
    assert art.published_at == published.replace(tzinfo=CST)
    assert art.published_at.utcoffset() == timedelta(hours=8)
    assert art.source == source
    assert len(art.text) >= 200
    assert key_sentence in art.text
    assert not [b for b in BOILERPLATE if b in art.text], art.text


def test_comment_threads_stay_out_of_the_body() -> None:
    art = extract_article((NEWS / "netease_like.html").read_text("utf-8"))
    assert "清退了半年只拿回来两千" not in art.text
    assert "依法维护自身权益" in art.text  # the last paragraph of the article survives


def test_gbk_page_declared_as_gb2312_is_decoded() -> None:
    raw = (NEWS / "gbk_page.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "鑫汇通" in decode_html(raw)


def test_undeclared_gbk_bytes_fall_back_to_gb18030() -> None:
    raw = "<html><body><p>网贷平台清退兑付</p></body></html>".encode("gb18030")
    assert "网贷平台清退兑付" in decode_html(raw)


def test_url_date_used_when_the_page_shows_none() -> None:
    html = (NEWS / "meta_only.html").read_text("utf-8").replace("article:published_time", "x-none")
    art = extract_article(html, url="https://www.jiemian.com/article/2019-07-02/3264512.html")
    assert art.published_at == datetime(2019, 7, 2, tzinfo=CST)


@pytest.mark.parametrize("name", ["index_page.html", "list_page.html"])
def test_index_pages_are_not_articles(name: str) -> None:
    with pytest.raises(ParseError):
        extract_article((NEWS / name).read_bytes())


@pytest.mark.parametrize("html", ["", "   ", b"\x00\x01garbage", "<html><body><p>短</p></body></html>"])
def test_empty_or_garbage_pages_raise_parse_error(html: str | bytes) -> None:
    with pytest.raises(ParseError):
        extract_article(html)


@pytest.mark.parametrize(("raw", "expected"), [
    ("60万账号外泄? 铁路部门辟谣|辟谣_新浪财经_新浪网", "60万账号外泄? 铁路部门辟谣"),
    ("共享充电宝涨价：是收割还是回归理性_10%公司_澎湃新闻-The Paper", "共享充电宝涨价：是收割还是回归理性"),
    ("网贷平台清退进展 - 澎湃新闻", "网贷平台清退进展"),
    ("网易财经-某平台兑付方案公布", "某平台兑付方案公布"),
    ("没有后缀的标题也原样返回", "没有后缀的标题也原样返回"),
])
def test_site_suffixes_are_removed_from_titles(raw: str, expected: str) -> None:
    assert strip_site(raw)[0] == expected


def test_removed_suffix_segments_are_returned_for_the_source_fallback() -> None:
    assert strip_site("某平台宣布清退_新浪财经_新浪网") == ("某平台宣布清退", ["新浪财经", "新浪网"])


@pytest.mark.parametrize(("value", "expected"), [
    ("2019-04-03T10:23:45+08:00", datetime(2019, 4, 3, 10, 23, 45)),
    ("2019-04-03T02:23:45Z", datetime(2019, 4, 3, 10, 23, 45)),
    ("2019年04月03日 10:23", datetime(2019, 4, 3, 10, 23)),
    ("2019/4/3", datetime(2019, 4, 3)),
    ("1554258225", datetime(2019, 4, 3, 10, 23, 45)),
])
def test_date_values_become_aware_shanghai_times(value: str, expected: datetime) -> None:
    assert parse_date(value) == expected.replace(tzinfo=CST)


def test_text_dates_prefer_a_time_and_reject_future_or_ancient_years() -> None:
    assert find_date("1999-12-31 08:00 旧闻 2019年4月3日 10:23 来源：新浪财经") == datetime(2019, 4, 3, 10, 23, tzinfo=CST)
    assert find_date("时间：2019/4/3") == datetime(2019, 4, 3, tzinfo=CST)
    assert find_date("会议定于2099-01-01 09:00召开") is None
    assert url_date("https://news.sina.com.cn/c/2019-04-03/doc-ihtxyzsm1.shtml") == datetime(2019, 4, 3, tzinfo=CST)
    assert url_date("http://www.xinhuanet.com/local/20190403/c_1124.htm") == datetime(2019, 4, 3, tzinfo=CST)
    assert url_date("http://www.gov.cn/xinwen/t20190403_55.html") == datetime(2019, 4, 3, tzinfo=CST)


def test_cli_prints_one_json_object() -> None:
    result = CliRunner().invoke(cli, ["extract", "news", str(NEWS / "sina_like.html"),
                                      "--url", "https://finance.sina.com.cn/roll/2019-04-08/doc-ihx1.shtml"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) == {"title", "text", "published_at", "source"}
    assert out["title"] == "深圳一网贷平台宣布清退 承诺三年内兑付"
    assert out["published_at"] == "2019-04-08T09:15:32+08:00"
    assert out["source"] == "每日经济新闻"


@pytest.mark.parametrize("target", ["index_page.html", "missing.html"])
def test_cli_exits_2_for_index_pages_and_unreadable_files(target: str) -> None:
    result = CliRunner().invoke(cli, ["extract", "news", str(NEWS / target)])
    assert result.exit_code == 2
    assert target in result.stderr
    assert result.stdout == ""
