"""The news extractor on the page shapes the desk meets besides portals: WeChat 公众号, Baidu 百家号,
government (*.gov.cn) and university (*.edu.cn) CMS pages, a plain blog — each page written for the project.

A small scorer checks title, body and publish time per page; a page counts only when all three are right.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import lxml.html
import pytest

from crawlers.article_stamps import attribute_date, header_stamp
from crawlers.extract import Article, extract_article

SHAPES = Path(__file__).parents[1] / "fixtures" / "crawlers" / "news" / "shapes"
CASES: dict[str, dict] = {k: v for k, v in json.loads((SHAPES / "cases.json").read_text("utf-8")).items()
                          if not k.startswith("_")}
# Page furniture no article body should carry: footers, related lists, navigation, page tools.
FURNITURE = ("主办单位", "网站标识码", "ICP备", "公网安备", "版权所有", "相关链接", "相关推荐", "上一篇", "下一篇",
             "上一条", "下一条", "打印本页", "关闭窗口", "喜欢此内容的人还喜欢", "推荐阅读", "举报/反馈", "当前位置",
             "首页", "浏览次数", "点击数", "发布时间", "发布日期", "微信扫一扫", "近期文章", "评论")


@dataclass
class Score:
    """Which parts of one page the extractor got right."""

    title: bool
    body: bool
    time: bool

    @property
    def full(self) -> bool:
        return self.title and self.body and self.time


def score(art: Article, expected: dict) -> Score:
    """Title exact; body holds the first and last sentences and no furniture; time exact with its offset.

    Cases marked "edges" demand more: the body starts with the first sentence and ends with the last
    (a notice's signature included), as the desk reads it."""
    noise = [f for f in (*FURNITURE, *expected.get("furniture", ())) if f in art.text]
    first, last = expected["body_first"], expected["body_last"]
    if expected.get("edges"):
        body = art.text.startswith(first) and art.text.endswith(last) and not noise
    else:
        body = first in art.text and last in art.text and not noise
    want = datetime.fromisoformat(expected["published_at"])
    time = art.published_at is not None and art.published_at == want and art.published_at.utcoffset() == want.utcoffset()
    return Score(title=art.title == expected["title"], body=body, time=time)


@pytest.mark.parametrize("name", sorted(CASES))
def test_real_page_shape_is_fully_right(name: str) -> None:
    expected = CASES[name]
    art = extract_article((SHAPES / name).read_bytes(), expected.get("url"))
    result = score(art, expected)
    assert result.full, (result, art.title, art.published_at, art.text)


@pytest.mark.parametrize("name", sorted(n for n in CASES if "source" in CASES[n]))
def test_real_page_shape_source(name: str) -> None:
    art = extract_article((SHAPES / name).read_bytes(), CASES[name].get("url"))
    assert art.source == CASES[name]["source"]


def test_scorer_rejects_furniture_and_wrong_times() -> None:
    expected = CASES["gov_zoom.html"]
    good = extract_article((SHAPES / "gov_zoom.html").read_bytes(), expected["url"])
    footer = Article(good.title, good.text + "\n主办单位：临江市人民政府办公室", good.published_at, good.source)
    year_only = Article(good.title, good.text, datetime.fromisoformat("2008-01-01T00:00:00+08:00"), good.source)
    assert score(good, expected).full
    assert not score(footer, expected).body
    assert not score(year_only, expected).time


BODY = "".join(f"<p>{s}</p>" for s in (
    "本月以来，多名投资人反映某理财平台无法提现，客服电话长期无人接听，平台网站也已无法打开。",
    "当地金融监管部门表示，已关注到相关情况，正会同公安机关核查该平台的经营和资金情况。",
    "监管部门提醒投资者，通过正规渠道理性投资，对承诺保本高息的产品保持警惕，发现线索及时举报。",
))


def page(head: str = "", above: str = "", below: str = "", title: str = "某理财平台无法提现 监管部门介入核查") -> str:
    return (f"<html><head><meta charset='utf-8'><title>{title}</title>{head}</head><body>"
            f"<div class='top'>{above}</div><h1>某理财平台无法提现 监管部门介入核查</h1>"
            f"<div class='main'>{BODY}</div><div class='footer'>{below}</div></body></html>")


def test_header_clock_copyright_years_and_server_time_do_not_date_an_article() -> None:
    html = page(head="<script>var svr_time = \"1764900000\" * 1;</script>", above="今天是2019年5月1日 星期三",
                below="<p>©2008 Baidu 使用百度前必读</p><p>Copyright 2009-2019 版权所有</p>")
    assert extract_article(html).published_at is None


def test_dates_in_comments_and_hot_lists_after_the_text_do_not_date_an_article() -> None:
    art = extract_article((SHAPES / "comment_dates_only.html").read_bytes(), "https://www.example.com/p/3321")
    assert art.published_at is None
    assert art.text.startswith("不少朋友问") and art.text.endswith("及时向监管部门反映。"), art.text


def test_a_date_in_the_articles_own_sentences_still_dates_a_page_without_any_other() -> None:
    html = page().replace("本月以来，", "2021年10月18日，")
    assert extract_article(html).published_at == datetime.fromisoformat("2021-10-18T00:00:00+08:00")


@pytest.mark.parametrize("byline", ["<span>10:20</span> | <span>2018-03-01</span>", "发布于 10:20 / 2018年03月01日"])
def test_a_time_of_day_printed_before_the_date_is_the_dates_time(byline: str) -> None:
    html = page().replace("</h1>", f"</h1><div class='info'>{byline} 来源：滨江日报</div>")
    assert extract_article(html).published_at == datetime.fromisoformat("2018-03-01T10:20:00+08:00")


@pytest.mark.parametrize(("shown", "dated"), [("3小时前", True), ("昨天 07:35", True), ("2023-4-11", False)])
def test_a_title_attribute_dates_a_relative_byline_only(shown: str, dated: bool) -> None:
    doc = lxml.html.fromstring(f"<html><body><div class='meta'><span title='2023-04-11 07:35:12'>{shown}</span></div></body></html>")
    assert attribute_date(doc) == (datetime.fromisoformat("2023-04-11T07:35:12+08:00") if dated else None)


def test_two_digit_year_after_the_publish_label() -> None:
    html = page(above="", below="").replace("</h1>", "</h1><div><span>发布时间：19-05-14</span><span>18:42</span></div>")
    assert extract_article(html).published_at == datetime.fromisoformat("2019-05-14T18:42:00+08:00")


def test_gov_cn_first_published_time_is_china_time() -> None:
    html = page(head="<meta name='firstpublishedtime' content='2019-04-22-10:30:00'>")
    assert extract_article(html).published_at == datetime.fromisoformat("2019-04-22T10:30:00+08:00")


def test_a_date_only_meta_takes_the_time_from_the_line_under_the_title() -> None:
    html = page(head="<meta name='PubDate' content='2019-04-22'>").replace(
        "</h1>", "</h1><div>发布时间：2019-04-22 10:30 来源：市金融办</div>")
    assert extract_article(html).published_at == datetime.fromisoformat("2019-04-22T10:30:00+08:00")


def test_headline_is_used_when_the_title_tag_names_only_the_site() -> None:
    assert extract_article(page(title="石湾区人民政府")).title == "某理财平台无法提现 监管部门介入核查"


def test_paragraphs_that_are_only_links_stay_out_of_the_body() -> None:
    link = "<p><a href='/zt/1.html'>专题：网贷风险处置进展，点击查看更多报道</a></p>"
    html = page().replace("</p><p>", f"</p>{link}<p>", 1).replace("</p></div>", "</p><p><a href='/'>返回首页，查看更多</a></p></div>")
    art = extract_article(html)
    assert "客服电话长期无人接听" in art.text and "发现线索及时举报" in art.text
    assert "点击查看更多报道" not in art.text and "返回首页" not in art.text


def test_a_related_lists_timed_date_does_not_replace_a_day_only_header() -> None:
    html = page(below="<ul><li><a href='/2.html'>另一平台清退进展</a> 2021-10-18 09:12</li></ul>").replace(
        "</h1>", "</h1><div>2021-10-19 来源：金融周刊</div>")
    assert extract_article(html).published_at == datetime.fromisoformat("2021-10-19T00:00:00+08:00")


def test_an_update_time_beside_the_publish_time_does_not_date_the_article() -> None:
    html = page().replace("</h1>", "</h1><div>2021-10-19 08:05 更新时间：2021-10-20 17:30</div>")
    assert extract_article(html).published_at == datetime.fromisoformat("2021-10-19T08:05:00+08:00")


def test_app_promos_and_past_issue_lists_under_the_text_are_not_body() -> None:
    tail = ("<p>海量资讯、精准解读，尽在钱江财经APP</p><p>往期推荐</p>"
            "<p><a href='/1.html'>又一平台宣布清退，出借人该怎么办？</a></p>"
            "<p>网贷平台良性退出的三种路径，看完心里有数了，推荐转给身边的出借人朋友们</p>")
    art = extract_article(page().replace("</p></div>", "</p>" + tail + "</div>"))
    assert art.text.endswith("发现线索及时举报。"), art.text


def test_a_notice_keeps_its_closing_date_but_a_portal_dateline_goes() -> None:
    notice = page().replace("</p></div>", "</p><p>特此公告。</p><p style='text-align:right'>2019年9月2日</p></div>")
    portal = page().replace("</p></div>", "</p><p>滨江日报 2019-09-02 18:20</p></div>")
    assert extract_article(notice).text.endswith("特此公告。\n2019年9月2日")
    assert extract_article(portal).text.endswith("发现线索及时举报。")


@pytest.mark.parametrize("url", ["https://www.example.com/news/2019/0618/123.html",
                                 "https://www.example.com/news/20190618/123.html",
                                 "https://www.example.com/news/t20190618_123.html"])
def test_a_year_less_byline_takes_its_year_from_the_url(url: str) -> None:
    html = page().replace("</h1>", "</h1><div><span>06-18 09:35</span><span>来源：滨江日报</span></div>")
    assert extract_article(html, url).published_at == datetime.fromisoformat("2019-06-18T09:35:00+08:00")


def test_a_year_less_byline_takes_year_and_seconds_from_a_script_time_of_that_minute() -> None:
    html = page(head="<script>var pageData = {\"publishTime\": \"2020-08-14 16:05:27\"};</script>").replace(
        "</h1>", "</h1><div>发布时间：08-14 16:05</div>")
    assert extract_article(html, "https://www.example.com/a/88712").published_at == datetime.fromisoformat(
        "2020-08-14T16:05:27+08:00")


def test_a_year_less_byline_outranks_a_recommended_articles_script_time() -> None:
    html = page(head="<meta property='article:modified_time' content='2021-12-03T20:00:00+08:00'>"
                     "<script>var rec = [{\"publishTime\": \"2021-11-28 08:00:00\"}];</script>").replace(
        "</h1>", "</h1><div>12-03 15:20 来源：财经周刊</div>")
    assert extract_article(html, "https://www.example.com/a/88712").published_at == datetime.fromisoformat(
        "2021-12-03T15:20:00+08:00")


def test_a_year_less_chinese_byline_without_a_space_before_the_time() -> None:
    html = page().replace("</h1>", "</h1><div>6月18日09:35 来源：滨江日报</div>")
    assert extract_article(html, "https://www.example.com/2019/0618/1.html").published_at == datetime.fromisoformat(
        "2019-06-18T09:35:00+08:00")


def test_a_pagination_bar_under_the_text_is_not_body() -> None:
    bar = "<div class='page'>共5页 <a href='#'>上一页</a> 1 <a href='#'>2</a> <a href='#'>3</a> <a href='#'>4</a> "\
          "<a href='#'>5</a> <a href='#'>下一页</a> <a href='#'>尾页</a> 跳转到第 页</div>"
    art = extract_article(page().replace("</p></div>", "</p>" + bar + "</div>"))
    assert art.text.endswith("发现线索及时举报。"), art.text


def test_a_unix_stamp_in_the_bylines_data_attribute_dates_the_article() -> None:
    html = page().replace("</h1>", "</h1><div><span class='time' data-time='1586312400'></span> 来源：观潮财经</div>")
    assert extract_article(html).published_at == datetime.fromisoformat("2020-04-08T10:20:00+08:00")


def test_a_site_disclaimer_under_the_text_is_not_body() -> None:
    tail = "<p>风险提示：文中观点仅代表作者个人意见，不构成投资建议，据此操作，风险自负。</p>"
    art = extract_article(page().replace("</p></div>", "</p>" + tail + "</div>"))
    assert art.text.endswith("发现线索及时举报。"), art.text


def test_a_label_after_the_headline_does_not_cut_the_headline_short() -> None:
    html = page(title="某理财平台无法提现 监管部门介入核查_滨江日报").replace(
        "核查</h1>", "核查 视频</h1>").replace("</h1>", "</h1><div>2021-10-19 08:05</div>")
    assert extract_article(html).title == "某理财平台无法提现 监管部门介入核查"


def test_an_unlabelled_summary_box_over_the_text_is_not_body() -> None:
    box = "<div class='article-summary'><p>多名投资人反映某理财平台无法提现，监管部门已介入核查。</p></div>"
    art = extract_article(page().replace("<div class='main'>", "<div class='main'>" + box))
    assert art.text.startswith("本月以来"), art.text


def test_a_short_flash_in_a_block_named_summary_is_still_the_body() -> None:
    flash = "<div class='flash-summary'>快报财经10月15日电，某省今日通报，前三季度全省共排查涉嫌非法集资线索860条，移送公安机关立案142起，涉案金额合计23亿元，同比分别下降12%和8%。</div>"
    html = page().replace(f"<div class='main'>{BODY}</div>", flash)
    assert extract_article(html).text.startswith("快报财经10月15日电"), extract_article(html).text


def test_an_epaper_names_the_site_before_the_headline_and_tags_it_founder_title() -> None:
    headline = "某理财平台无法提现 监管部门介入核查"
    html = (f"<html><head><meta charset='utf-8'><title>临江晚报数字报-{headline}</title></head><body>"
            "<table class='title-list'><tr><td>本版新闻</td></tr><tr><td><a href='c1.htm'>" + headline + "</a></td></tr>"
            "<tr><td><a href='c2.htm'>交警护航开学季 校园周边秩序井然</a></td></tr></table>"
            f"<table><tr><td><founder-title>{headline}</founder-title></td></tr>"
            f"<tr><td><founder-content>{BODY}</founder-content></td></tr></table></body></html>")
    art = extract_article(html, "http://epaper.example.cn/html/2023-09/18/content_345678.htm")
    assert art.title == headline
    assert art.text.startswith("本月以来")


def test_a_script_show_time_gives_the_seconds_of_the_byline_minute() -> None:
    html = page(head="<script>var articleInfo = {\"Art_ShowTime\":\"2024-02-20 08:41:27\"};</script>").replace(
        "</h1>", "</h1><div class='time'>2024年02月20日 08:41</div>")
    assert extract_article(html).published_at == datetime.fromisoformat("2024-02-20T08:41:27+08:00")


def test_a_site_only_title_takes_the_headline_from_the_pages_link_to_itself() -> None:
    headline = "某理财平台无法提现 监管部门介入核查"
    html = ("<html><head><meta charset='utf-8'><title>临江日报－临江网</title></head><body><table><tr>"
            "<td><b>本版导航</b><a href='A01.htm'>全市秋粮收购进度过半</a><br><a href='A03.htm'>" + headline + "</a></td>"
            f"<td><table><tr><td class='font02'>{headline}</td></tr><tr><td>{BODY}</td></tr></table></td>"
            "</tr></table></body></html>")
    art = extract_article(html, "http://epaper.example.cn/ljrb/content/20190603/A03.htm")
    assert art.title == headline
    assert "全市秋粮收购进度过半" not in art.text


def test_a_baijiahao_content_publish_time_gives_the_bylines_seconds() -> None:
    html = page(head="<script>window.jsonData = {\"profitLog\":{\"contentPublishTime\":1600136556000}};</script>"
                ).replace("</h1>", "</h1><div class='info'><span>发布时间：09-15</span><span>10:22</span></div>")
    art = extract_article(html, "https://baijiahao.baidu.com/s?id=1677899123456789012")
    assert art.published_at == datetime.fromisoformat("2020-09-15T10:22:36+08:00")


def test_a_story_sentence_about_opening_a_platforms_app_is_not_the_sites_app_promo() -> None:
    lead = "8月初，李先生像往常一样打开某网贷平台App，准备把到期的投资提现。然而，提现申请迟迟没有到账。"
    html = page().replace("<div class='main'>", f"<div class='main'><p>{lead}</p>")
    assert extract_article(html).text.startswith("8月初，李先生")


def test_an_epaper_heading_block_with_kicker_and_subtitle_gives_the_headline_alone() -> None:
    headline = "某理财平台无法提现 监管部门介入核查"
    html = ("<html><head><meta charset='utf-8'><title>临江商报电子版</title></head><body>"
            "<table><tr><td><a href='content_632145.htm'>" + headline + "</a></td></tr></table><table><founder-title>"
            "<tr><td class='font02'>涉案资金已冻结</td></tr><tr><td class='font01'>" + headline + "</td></tr>"
            "<tr><td class='font02'>请出借人按期登记</td></tr></founder-title>"
            f"<tr><td><founder-content>{BODY}</founder-content></td></tr></table></body></html>")
    art = extract_article(html, "http://epaper.example.cn/html/2018-08/09/content_632145.htm")
    assert art.title == headline


def test_a_founder_enpproperty_comment_names_the_headline() -> None:
    headline = "某理财平台无法提现 监管部门介入核查"
    html = ("<html><head><meta charset='utf-8'><title>临江晚报数字报</title>"
            "<!--enpproperty <articleid>1072345</articleid><date>2022-06-14 00:00:00:0</date>"
            f"<title>{headline}</title><subtitle>涉案资金已冻结</subtitle><introtitle>防范非法集资</introtitle>/enpproperty-->"
            "</head><body><div class='bt'><p>防范非法集资</p><h3>" + headline + "</h3><p>涉案资金已冻结</p></div>"
            f"<div id='ozoom'>{BODY}</div></body></html>")
    assert extract_article(html).title == headline


def test_an_ad_slot_marked_only_by_click_tracking_stays_out_of_the_body() -> None:
    slot = ("<div class='new_style_article' data-sudaclick='ad_content_top'><p>“只有潮水退了才知道谁在裸泳”，一张榜单尽显"
            "年度经济大事！年度人物评选火热进行中！【<a href='/vote'>点击投票</a>】</p></div>")
    art = extract_article(page().replace("<div class='main'>", slot + "<div class='main'>"))
    assert art.text.startswith("本月以来") and "评选" not in art.text


@pytest.mark.parametrize(("above", "below"), [("（原标题：理财平台停摆调查）", ""), ("", "（原题为《理财平台停摆调查》）")])
def test_the_headline_a_story_first_ran_under_is_not_body_text(above: str, below: str) -> None:
    html = page().replace("<div class='main'>", f"<div class='main'><p>{above}</p>").replace("</div><div class='footer'>", f"<p>{below}</p></div><div class='footer'>")
    art = extract_article(html)
    assert art.text.startswith("本月以来") and art.text.endswith("及时举报。"), art.text


def test_a_stock_agency_credit_under_a_picture_is_no_paragraph() -> None:
    html = page().replace("<div class='main'>", "<div class='main'><p><img src='a.jpg'></p><p>共享充电宝。视觉中国 资料</p>")
    assert extract_article(html).text.startswith("本月以来")


def test_a_time_printed_after_a_hit_counter_script_still_dates_the_page() -> None:
    byline = ("<div class='sub'>作者：刑一庭 文章来源：临江市中级人民法院 点击数：<script src='GetHits.asp?ArticleID=5821'>"
              "</script> 更新时间：2018-3-26 16:12:05</div>")
    html = page().replace("</h1>", "</h1>" + byline)
    assert extract_article(html).published_at == datetime.fromisoformat("2018-03-26T16:12:05+08:00")


def test_a_byline_under_the_article_labelled_fa_bu_dates_it() -> None:
    foot = "<div class='art-foot'><p>来源：临江日报 | 作者：记者 周倩 | 发布：2019-01-12 09:30</p></div>"
    html = page(above="<span>2019年1月12日 星期六</span>").replace("<div class='footer'>", foot + "<div class='footer'>")
    assert extract_article(html, "http://www.example.gov.cn/sh/201901/t20190112_2874600.html").published_at == \
        datetime.fromisoformat("2019-01-12T09:30:00+08:00")


def test_a_related_lists_dated_items_do_not_date_an_article_whatever_its_class() -> None:
    related = ("<div class='m-box'><h3>相关阅读</h3><ul>"
               "<li><a href='/1.html'>另一平台清退进展</a><span>2021-10-18 09:12</span></li>"
               "<li><a href='/2.html'>出借人登记指引</a><span>2021-10-16 18:40</span></li></ul></div>")
    html = page().replace("</div><div class='footer'>", "</div>" + related + "<div class='footer'>")
    assert extract_article(html).published_at is None


def test_a_script_publish_time_named_with_a_leading_underscore() -> None:
    html = page(head="<script>var _newsid = \"101459871\"; var _pubtime = \"2022-06-30 19:40\";</script>")
    assert extract_article(html).published_at == datetime.fromisoformat("2022-06-30T19:40:00+08:00")


@pytest.mark.parametrize(("lines", "want"), [
    (["首页 > 金融", "2020年06月18日", "记者 某某 深圳报道", "18:05"], "2020-06-18T18:05:00+08:00"),
    (["某报 2020.06.18 星期四 | 18:05"], "2020-06-18T18:05:00+08:00"),
    (["客户备付金集中交存已满三年，违规挪用问题仍未绝迹。", "作者：某某", "某报 2022-06-30 19:40"], "2022-06-30T19:40:00+08:00"),
    # a clock after the article's own text (a related item's, a comment's) or before a standfirst is not the day's
    (["2021-10-19", "某区今日通报一起非法集资案，涉案金额3000余万元。", "09:12"], "2021-10-19T00:00:00+08:00"),
    (["09:12", "某区今日通报一起非法集资案。", "2021-10-19"], "2021-10-19T00:00:00+08:00"),
    (["08:30-09:00", "2021-10-19"], "2021-10-19T00:00:00+08:00"),  # a span of hours, not a publish time
    (["06-18 09:35", "来源：某报"], None),  # a year-less byline: `yearless_byline` reads it
])
def test_a_day_and_a_clock_time_shown_apart_in_the_header_are_one_time(lines: list[str], want: str | None) -> None:
    assert header_stamp(lines) == (datetime.fromisoformat(want) if want else None)
