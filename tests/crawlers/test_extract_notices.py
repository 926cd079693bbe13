"""The news extractor on details of official and e-paper pages: a headline <title> shortens, a report
line that goes on into a sentence, a government document's publicity note, a Founder e-paper's date meta.
Every page is written for the project."""

from __future__ import annotations

from datetime import datetime

from crawlers.extract import extract_article

PARAS = (
    "近期，部分不法分子以“养老项目”为名向老年人推销高息理财产品，涉嫌非法集资。",
    "金融管理部门提醒，凡承诺保本保息、高额回报的投资项目，都应高度警惕，及时核实。",
)


def _page(title: str, heading: str, extra: str = "", head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAS) + extra
    return (f"<html><head><meta charset='utf-8'><title>{title}</title>{head}</head><body>"
            "<div class='nav'><a href='/'>首页</a> <a href='/zwgk/'>政务公开</a></div>"
            f"<h1>{heading}</h1><div class='info'>发布时间：2026-03-02 10:15</div>"
            f"<div class='content'>{body}</div>"
            "<div class='footer'>主办单位：滨江市人民政府办公室 版权所有</div></body></html>")


def test_a_heading_that_spells_out_the_shortened_title_is_the_headline() -> None:
    heading = "市地方金融管理局有关负责人就规范私募投资宣传答记者问"
    html = _page("市地方金融管理局就规范私募投资宣传答记者问_政策解读_滨江市人民政府", heading)
    assert extract_article(html).title == heading


def test_a_heading_with_a_different_story_is_not_taken_for_a_spelled_out_title() -> None:
    html = _page("滨江市开展防范非法集资宣传月活动_滨江市人民政府",
                 "滨江市开展防范非法集资宣传月活动").replace(
        "<div class='footer'>", "<div class='side'><h2>滨江市今年开展第二轮防范非法集资专项宣传月活动回顾</h2></div>"
        "<div class='footer'>")
    assert extract_article(html).title == "滨江市开展防范非法集资宣传月活动"


def test_a_report_line_that_goes_on_into_a_sentence_stays_in_the_body() -> None:
    last = "举报电话：0571-12345（工作日9:00—17:00）。请广大群众守护好自己的养老钱。"
    art = extract_article(_page("关于防范养老领域非法集资的风险提示", "关于防范养老领域非法集资的风险提示",
                                extra=f"<p>{last}</p><p>举报</p>"))
    assert art.text.endswith(last), art.text


def test_a_documents_publicity_note_ends_its_text() -> None:
    extra = "<p>滨江市人民政府办公室</p><p>2026年3月2日</p><p>（此件公开发布）</p>"
    art = extract_article(_page("滨江市防范非法集资工作方案", "滨江市防范非法集资工作方案", extra=extra))
    assert art.text.endswith("2026年3月2日\n（此件公开发布）"), art.text


def test_a_founder_epaper_date_meta_dates_the_page() -> None:
    html = _page("乡村信贷撬动百亿资金", "乡村信贷撬动百亿资金",
                 head="<meta name='founder-date' content='2026-04-08'>").replace(
        "<div class='info'>发布时间：2026-03-02 10:15</div>", "<div class='info'>第A03版：经济</div>")
    assert extract_article(html).published_at == datetime.fromisoformat("2026-04-08T00:00:00+08:00")


def _undated(extra_below: str, head: str = "") -> str:
    return _page("澜州首家金融服务中心开业", "澜州首家金融服务中心开业", head=head).replace(
        "<div class='info'>发布时间：2026-03-02 10:15</div>", "<div class='info'>来源：澜州融媒</div>").replace(
        "<div class='footer'>", f"{extra_below}<div class='footer'>")


def test_a_time_element_named_for_publishing_under_the_text_dates_the_page_not_the_comments() -> None:
    below = ("<div class='detail-bottom-info'><p>编辑：杨帆</p><p class='pub-time'>2026-03-17 21:05</p></div>"
             "<div class='detail-comment'><span class='time'>2026-03-18 07:55</span><p>支持！</p></div>")
    assert extract_article(_undated(below)).published_at == datetime.fromisoformat("2026-03-17T21:05:00+08:00")


def test_a_forum_thread_is_dated_by_its_first_post_not_the_profile_or_the_edit_note() -> None:
    html = ("<html><head><meta charset='utf-8'><title>P2P爆雷后我追回本金的经过 - 理财交流 - 澜州论坛</title></head><body>"
            "<div id='postlist'><table><tr><td class='pls'><div class='authi'><a>老陈</a></div>"
            "<dl><dt>注册时间</dt><dd>2014-5-20</dd></dl></td><td class='plc'>"
            "<h1><span id='thread_subject'>P2P爆雷后我追回本金的经过</span></h1>"
            "<div class='authi'><em id='authorposton9913201'>发表于 2026-3-1 22:17</em></div>"
            "<div class='t_fsz'><i class='pstatus'>本帖最后由 老陈 于 2026-3-2 09:40 编辑</i><br/>"
            + "".join(f"<p>{p}</p>" for p in PARAS) + "</div></td></tr></table>"
            "<table><tr><td class='plc'><em id='authorposton9913247'>发表于 2026-3-2 08:03</em>"
            "<div class='t_fsz'>谢谢分享，很有用。</div></td></tr></table></div></body></html>")
    assert extract_article(html).published_at == datetime.fromisoformat("2026-03-01T22:17:00+08:00")


def test_an_epaper_is_dated_by_the_issue_day_its_page_head_prints() -> None:
    head = ("<div class='ep-date'>2026年03月13日 星期五</div><div><a>今日报纸</a> | <a>往期回顾</a></div>"
            "<div class='ban'>第A05版：经济</div>")
    html = _undated("").replace("<div class='nav'>", f"{head}<div class='nav'>")
    assert extract_article(html).published_at == datetime.fromisoformat("2026-03-13T00:00:00+08:00")



def test_an_epaper_page_head_date_without_a_weekday_dates_it_too() -> None:
    head = "<div><span class='paper-date'>2025-10-30</span> 第 06 版：法治 <a>前一期</a> <a>PDF下载</a></div>"
    html = _undated("").replace("<div class='nav'>", f"{head}<div class='nav'>")
    assert extract_article(html).published_at == datetime.fromisoformat("2025-10-30T00:00:00+08:00")


def test_a_four_character_headline_that_is_a_segment_of_the_title() -> None:
    html = _page("警情通报 - 今日头条", "警情通报")
    assert extract_article(html).title == "警情通报"


def test_a_notice_is_dated_by_its_signature_not_by_a_deadline_inside_it() -> None:
    extra = ("<p>请集资参与人于2025年11月1日至2026年1月31日期间登记。</p><p>特此通告。</p>"
             "<p>临州市公安局</p><p>2025年10月22日</p>")
    html = _undated("").replace("</div><div class='footer'>", f"{extra}</div><div class='footer'>", 1)
    art = extract_article(html)
    assert art.text.endswith("2025年10月22日"), art.text
    assert art.published_at == datetime.fromisoformat("2025-10-22T00:00:00+08:00")
