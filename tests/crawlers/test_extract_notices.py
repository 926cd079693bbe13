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


def test_a_forum_threads_body_is_its_opening_post_dated_by_its_own_floor() -> None:
    floors = "".join(
        f"<div class='floor'><div class='floor-user'><span>{who}</span></div><div class='floor-content'><p>{text}</p></div>"
        f"<div class='floor-foot'><span>{n}楼</span><span class='floor-time'>2026-03-29 {hm}</span></div></div>"
        for n, who, text, hm in ((1, "东门老街坊 楼主", "。".join(PARAS), "08:05"),
                                 (2, "小巷猫", "我们小区也有好几个老人买了，听说那个老板上个月就出国了", "08:17"),
                                 (3, "临川法律人", "这种承诺固定高收益的公司基本都没有资质，建议尽快报案，保留好合同。", "09:42")))
    html = ("<html><head><meta charset='utf-8'><title>金誉理财是不是跑路了 - 临川社区</title></head><body>"
            "<div class='thread-wrap'><div class='thread-head'><div class='thread-title'>金誉理财是不是跑路了</div></div>"
            f"{floors}</div></body></html>")
    art = extract_article(html)
    assert "老板上个月就出国了" not in art.text and PARAS[0].rstrip("。") in art.text, art.text
    assert art.published_at == datetime.fromisoformat("2026-03-29T08:05:00+08:00")


def test_a_wordpress_entry_footer_dates_the_post_but_comment_footers_do_not() -> None:
    html = ("<html><head><meta charset='utf-8'><title>定融产品的坑 – 理财笔记</title></head><body><main>"
            "<article class='post'><header><h1 class='entry-title'>定融产品的坑</h1></header>"
            "<div class='entry-content'>" + "".join(f"<p>{p}</p>" for p in PARAS) + "</div>"
            "<footer class='entry-footer'><span class='posted-on'>发布于 <time class='entry-date published' "
            "datetime='2025-10-12T21:30:00+08:00'>2025年10月12日</time></span></footer></article>"
            "<div class='comments-area'><article class='comment-body'><footer class='comment-meta'>"
            "<time datetime='2025-10-13T08:22:10+08:00'>2025年10月13日</time></footer><p>说得太对了。</p></article></div>"
            "</main><footer class='site-footer'><time datetime='2026-01-01T00:00:00+08:00'>2026</time></footer></body></html>")
    assert extract_article(html).published_at == datetime.fromisoformat("2025-10-12T21:30:00+08:00")


def test_a_share_pages_time_under_the_text_named_news_time() -> None:
    below = "<div class='news_time_m'><span>2026-01-29 16:48</span><span>来源：澎湃号</span></div>"
    assert extract_article(_undated(below)).published_at == datetime.fromisoformat("2026-01-29T16:48:00+08:00")


def test_a_title_naming_only_the_college_does_not_cut_the_headline_to_its_name() -> None:
    heading = "经济管理学院举办数字普惠金融与县域发展学术沙龙"
    assert extract_article(_page("经济管理学院", heading)).title == heading


def test_a_risk_disclaimer_and_an_apps_read_on_prompt_end_no_article() -> None:
    extra = ("<p>风险提示：理财有风险，投资需谨慎。</p><p>打开今日头条，查看更多精彩内容</p>"
             "<p>成都警方发布暑期反诈提示 1.2万评论</p><p>银行卡“被冻结”？别慌，先看这篇 红星新闻</p>")
    art = extract_article(_page("理财风险提示", "理财风险提示", extra=extra))
    assert art.text.endswith(PARAS[-1]), art.text
