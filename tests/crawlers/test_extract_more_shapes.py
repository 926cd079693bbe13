"""The news extractor on more page shapes: a portal's link glued to the last paragraph, a telegraph whose
bracketed headline is part of its lead, a court's <h3> notice headline under a byline label, a police
notice titled by its kind over an office's name, a blog's camelCase comment box, a WeChat post's
reading-time and past-issue lines, a mobile page's time line under the text.
Every page is written for the project."""

from __future__ import annotations

from datetime import datetime

from crawlers.extract import extract_article

PARAS = (
    "近日，青禾县市场监管局联合公安机关对一家以“保健品体验”为名吸收老年人资金的门店进行了检查。",
    "经初步核查，该门店以每月返还购货款的方式吸引会员，涉及群众四百余人，相关情况已移交公安机关处理。",
)
TEXT = "".join(f"<p>{p}</p>" for p in PARAS)


def test_a_back_to_portal_link_glued_to_the_last_paragraph_is_not_body() -> None:
    html = ("<html><head><meta charset='utf-8'><title>青禾县查处一家保健品门店_某某新闻</title>"
            "<meta property='og:release_date' content='2026-02-11 09:20'></head><body>"
            "<h1>青禾县查处一家保健品门店</h1><article class='article'>"
            f"<p>{PARAS[0]}</p><p>{PARAS[1]}<a href='/'>返回某某，查看更多</a></p></article></body></html>")
    art = extract_article(html)
    assert art.text.endswith(PARAS[1]), art.text


def test_a_telegraphs_headline_in_its_own_lead_stays_but_one_set_apart_goes() -> None:
    title = "某省通报前两月涉嫌非法集资线索排查情况"
    lead = f"【{title}】快报财经3月4日电，{PARAS[1]}"
    page = ("<html><head><meta charset='utf-8'><title>{t} - 快报财经</title></head><body>"
            "<div class='detail-title'><span>{t}</span></div><div class='detail-time'>2026-03-04 16:10</div>"
            "<div class='detail-brief'><p>{lead}</p></div>"
            "<div class='detail-content'><p>{more}</p></div></body></html>")
    art = extract_article(page.format(t=title, lead=lead, more=PARAS[0]))
    assert art.text.startswith(lead), art.text
    apart = lead.replace(f"【{title}】", f"<strong>【{title}】</strong>")
    art = extract_article(page.format(t=title, lead=apart, more=PARAS[0]))
    assert art.text.startswith("快报财经3月4日电"), art.text


def test_a_courts_h3_notice_headline_not_the_byline_label_under_it() -> None:
    title = "青禾县人民法院关于“惠民养老”非法吸收公众存款案退赔款发放的公告"
    html = ("<html><head><meta charset='utf-8'>"
            f"<title>{title} - 青禾法院网</title></head><body>"
            "<div class='top'><span>青禾县人民法院</span></div>"
            f"<div class='detail'><div class='detail-head'><h3>{title}</h3>"
            "<p class='sub-info'><span>作者：立案庭</span> <span>发布时间：2026-01-20 15:32:08</span></p></div>"
            f"<div class='detail-body'>{TEXT}<p>特此公告。</p><p>青禾县人民法院</p><p>二〇二六年一月十九日</p></div>"
            "</div><div class='side-list'><h4>最新公告</h4><ul><li><a href='#'>关于调整诉讼服务时间的公告</a></li>"
            "</ul></div></body></html>")
    art = extract_article(html)
    assert art.title == title
    assert art.published_at == datetime.fromisoformat("2026-01-20T15:32:08+08:00")


def test_a_notice_titled_by_its_kind_over_an_office_is_dated_by_its_signature() -> None:
    first = "2026年2月9日起，陆续有群众到我局反映，某养生会所承诺的返利无法兑现。"
    html = ("<html><head><meta charset='utf-8'><title>情况通报 - 青禾县公安局</title></head><body>"
            "<div class='top'>2026年2月14日 星期六</div>"
            "<div class='menu'><a href='/'>首页</a> | <a href='/tb/'>情况通报</a></div>"
            "<div class='art'><div class='art_hd'>情况通报</div>"
            "<div class='art_src'>来源：青禾县公安局 点击：903</div>"
            f"<div class='art_txt'><p>{first}</p>{TEXT}<p>青禾县公安局</p><p>2026年2月12日</p></div></div>"
            "</body></html>")
    art = extract_article(html)
    assert art.title == "情况通报"
    assert art.published_at == datetime.fromisoformat("2026-02-12T00:00:00+08:00")


def test_a_blogs_camel_case_comment_box_and_neighbour_posts_are_not_body() -> None:
    html = ("<html><head><meta charset='utf-8'><title>聊聊“保本高息”这四个字_青禾笔记_某某博客</title></head><body>"
            "<div class='articleTitle'><h2>聊聊“保本高息”这四个字</h2><span class='time'>(2026-01-08 21:14:30)</span></div>"
            f"<div class='articleContent'>{TEXT}</div>"
            "<div class='prevNext'><div><span>前一篇：</span><a href='#'>我的年终理财小结</a></div>"
            "<div><span>后一篇：</span><a href='#'>存单到期后怎么续</a></div></div>"
            "<div class='allComm'><div class='commTitle'>评论</div><ul><li><span>网友甲</span>"
            "<span>2026-01-09 07:12:40</span><div>写得真好，已经转给家里人看了。</div></li></ul></div>"
            "</body></html>")
    art = extract_article(html)
    assert art.text.endswith(PARAS[1]), art.text
    assert art.published_at == datetime.fromisoformat("2026-01-08T21:14:30+08:00")


def test_a_wechat_posts_reading_time_and_past_issues_lines_are_not_body() -> None:
    html = ("<html><head><meta charset='utf-8'><meta property='og:title' content='保健品返利骗局的三个信号'>"
            "<title>保健品返利骗局的三个信号</title></head><body><div id='img-content'>"
            "<h1 class='rich_media_title'>保健品返利骗局的三个信号</h1><div id='js_content'>"
            "<p><span>本文共1800字，预计阅读5分钟</span></p>"
            f"{TEXT}<p><span>— END —</span></p><p><span>编辑 | 小禾</span></p>"
            "<p><span>往期推荐：退休金理财的三个误区｜养老驿站的钱谁来管</span></p></div></div>"
            "<script>var ct = \"1770346800\";</script></body></html>")
    art = extract_article(html)
    assert art.text == "\n".join(PARAS), art.text


def test_a_mobile_pages_time_line_under_the_text_gives_the_time_of_day() -> None:
    html = ("<html><head><meta charset='utf-8'><title>提醒｜“保健品返利”是骗局 - 青禾公安</title></head>"
            "<body><header class='m-head'><span>青禾公安</span></header><main class='m-detail'>"
            "<h2 class='m-title'>提醒｜“保健品返利”是骗局</h2>"
            f"<div class='m-body'>{TEXT}</div><div class='m-meta'><span>青禾县公安局</span>"
            "<span class='m-time'>2026-02-03 19:25</span><span>阅读 1.2万</span></div>"
            "<div class='m-more'><h3>往期提醒</h3><a href='#'><p>警惕虚假投资群</p><span>2026-01-27 10:00</span></a></div>"
            "</main></body></html>")
    assert extract_article(html).published_at == datetime.fromisoformat("2026-02-03T19:25:00+08:00")
