"""Boilerplate around a news body recognised by its register (`crawlers.article_boiler`), and what
stays: the desk reads anti-fraud articles whose own last sentences talk of scanning and downloading."""

from __future__ import annotations

import pytest

from crawlers.article_boiler import (
    LIVE_TITLE,
    feed_cut,
    feedback_line,
    promo_line,
    provenance_line,
    staff_line,
    statement_line,
)
from crawlers.article_edges import tidy

LEAD = "某理财平台近日无法提现，当地金融监管部门已会同公安机关核查该平台的经营和资金情况。"
LAST = "监管部门提醒投资者，对承诺保本高息的产品保持警惕，发现线索及时举报。"


@pytest.mark.parametrize("line", [
    "每经记者 李明 每经编辑 陈强", "本报记者 张三 实习生 李四 杭州报道", "编辑 陈默 校对 刘敏",
    "初审：吴敏 复审：钱江 终审：赵立", "文｜郑可 编辑｜顾雨", "责任编辑：张某 SF001",
    # an outlet joined from portal and channel, or followed by its web address
    "江淮网·晨讯新闻记者 孙悦 通讯员 葛明 芜湖报道", "南方商报（www.nfsb-news.com）记者 邵宁 广州报道",
])
def test_staff_lines_are_recognised(line: str) -> None:
    assert staff_line(line)


@pytest.mark.parametrize("line", ["记者从市公安局获悉，该案已移送检察机关审查起诉。", "公司文化建设",
                                  "记者调查：清退平台回款为何这么慢"])
def test_sentences_and_headings_naming_a_role_are_not_staff_lines(line: str) -> None:
    assert not staff_line(line)


@pytest.mark.parametrize("line", ["↑点击上方“平安清河”关注我们", "每经AI快讯，有兴趣的朋友可以关注。",
                                  "下载海峡证券报官方APP，或关注官方微信公众号，即可随时了解股市动态。",
                                  "觉得有用，请点个“在看”再走吧", "您的浏览器不支持video标签。"])
def test_promos_are_recognised(line: str) -> None:
    assert promo_line(line)


@pytest.mark.parametrize("line", ["警方提醒，不要扫码下载陌生APP，更不要向陌生账户转账。",
                                  "骗子诱导受害人下载一款名为“速贷”的APP。", "对此，本报将持续关注。"])
def test_a_warning_about_scanning_or_downloading_is_prose(line: str) -> None:
    assert not promo_line(line)


@pytest.mark.parametrize("line", ["近日，多名用户反映，此前已下载的“某某宝”客户端无法登录，余额也取不出来。",
                                  "该APP已从各大应用商店下架，安装了客户端的用户收到停服通知。"])
def test_news_about_what_happened_to_an_app_is_prose(line: str) -> None:
    assert not promo_line(line)


def test_a_sites_feedback_contact_is_furniture_but_a_request_for_comments_in_a_notice_is_not() -> None:
    assert feedback_line("本网意见反馈 电话：010-12345678，欢迎批评指正")
    assert feedback_line("新闻纠错邮箱：jiucuo@example.cn")
    assert not feedback_line("请有关单位于9月30日前将反馈意见报送市金融办，欢迎批评指正。")


def test_rights_notices_and_provenance_lines() -> None:
    assert statement_line("温馨提醒：本站部分图片来自网络，请作者与本站联系领取稿酬。如您不希望作品在本站刊发，可联系我们撤稿。")
    assert statement_line("*文章为作者独立观点，不代表潮汐网立场")
    assert not statement_line("他说，原文链接已经失效了。")
    assert provenance_line("本文来自微信公众号：银发观察（ID：yinfa2018），作者：郑可")
    assert not provenance_line("来源于群众举报的线索显示，该平台早在去年就已出现逾期。")


def test_an_article_keeps_a_closing_warning_but_loses_the_promo_and_notice_under_it() -> None:
    warning = "警方提醒：不要扫码下载陌生APP，发现被骗请及时报警。"
    text = "\n".join(["点击上方蓝字关注我们", "记者 王某 通讯员 李某", LEAD, warning, "编辑 陈默 校对 刘敏",
                      "长按识别二维码关注我们", "声明：本文仅代表作者观点，不代表本站立场。"])
    assert tidy(text, "标题") == f"{LEAD}\n{warning}"


def test_a_telegraph_page_ends_the_article_at_the_next_items_time_stamp() -> None:
    lines = ["财联社4月26日电，" + LEAD, "10:30:12", "【央行开展逆回购操作】财联社4月26日电，央行今日开展逆回购操作。",
             "10:28:40 【沪指午前翻红】财联社4月26日电，沪指午前翻红。"]
    assert feed_cut(lines) == 1


def test_a_second_wire_dateline_starts_the_next_item() -> None:
    lines = ["快报财经10月15日电，" + LEAD, "【两市早盘走低】快报财经10月15日电，沪指早盘震荡走低。"]
    assert feed_cut(lines) == 1
    assert feed_cut(["新华社北京4月26日电，" + LEAD, "据新华社4月25日电，央行表示将继续加强监管。", LAST]) is None


def test_a_feed_heading_ends_the_article() -> None:
    assert feed_cut([LEAD, LAST, "全球财经快讯", "2022-03-08 14:02:11", "证监会就修订信息披露规则征求意见。"]) == 2


def test_a_live_reports_rising_timeline_is_one_article() -> None:
    lines = [LEAD, "09:30", "警方到达平台办公地点，现场已人去楼空。", "10:15", "投资人陆续赶到，警方现场登记。", LAST]
    assert feed_cut(lines) is None


def test_time_led_lines_newest_first_are_a_feed_but_a_single_one_is_not() -> None:
    assert feed_cut([LEAD, "10:28 央行开展200亿元逆回购操作。", "10:15 沪指高开。"]) == 1
    assert feed_cut([LEAD, "10:15 警方赶到现场，开始登记。", LAST]) is None


@pytest.mark.parametrize("glued", ["（东江晚报记者 孟凡 实习生 邹琪）", "（文/图：经济学院 陈可 审核：周立）", "（本文来源：东江日报）",
                                   "（本文不构成投资建议，据此操作风险自担）"])
def test_a_note_glued_after_the_last_sentence_goes(glued: str) -> None:
    assert tidy(f"{LEAD}\n{LAST}{glued}", "标题") == f"{LEAD}\n{LAST}"


def test_a_bracket_that_belongs_to_the_text_stays() -> None:
    assert tidy(f"{LEAD}\n{LAST}（详见附件）", "标题").endswith("（详见附件）")


def test_a_row_of_topic_tags_under_the_text_goes() -> None:
    assert tidy(f"{LEAD}\n{LAST}\n#非法集资 #养老诈骗 #防范电信网络诈骗 #平安清河", "标题") == f"{LEAD}\n{LAST}"


@pytest.mark.parametrize("tail", ["本文来自微信公众号“银发观察”（ID：yinfa2018），作者：郑可，潮汐网经授权发布。",
                                  "24小时滚动播报最新的财经资讯和视频，更多粉丝福利扫描二维码关注（cjzx）",
                                  "（本文来自东江新闻，更多原创资讯请下载“东江新闻”APP）"])
def test_reprint_and_channel_notes_under_the_text_go(tail: str) -> None:
    assert tidy(f"{LEAD}\n{LAST}\n{tail}", "标题") == f"{LEAD}\n{LAST}"


def test_a_telegraphs_bracketed_headline_is_not_body() -> None:
    title = "某地警方：“养老项目”集资诈骗案追赃挽损1.2亿元"
    assert tidy(f"【{title}】快报财经3月2日电，{LEAD}", title) == f"快报财经3月2日电，{LEAD}"
    assert tidy(f"【{title}】\n{LEAD}", title) == LEAD
    assert tidy(f"【案例一】{LEAD}", title) == f"【案例一】{LEAD}"


def test_captions_between_paragraphs_go_but_list_items_and_prose_stay() -> None:
    text = f"{LEAD}\n▲受害人展示转账记录（受访者供图）\n图片来源：视觉中国\n现场禁止拍摄\n▲ 不要轻信高息承诺；\n{LAST}"
    assert tidy(text, "标题") == f"{LEAD}\n现场禁止拍摄\n▲ 不要轻信高息承诺；\n{LAST}"


@pytest.mark.parametrize("stamp", ["4月26日10:30", "04-26 10:30", "2019年4月26日 10:30"])
def test_a_dated_stamp_alone_on_its_line_starts_the_next_item(stamp: str) -> None:
    assert feed_cut([LEAD, stamp, "央行今日开展200亿元逆回购操作。"]) == 1


def test_a_live_reports_timeline_newest_first_is_one_article_but_a_feed_heading_still_ends_it() -> None:
    lines = [LEAD, "11:42", "论坛进入圆桌讨论环节。", "10:21 监管部门人士发言。", "09:35", "论坛正式开始。"]
    assert feed_cut(lines) == 1
    assert feed_cut(lines, live=True) is None
    assert feed_cut([*lines, "全球财经快讯", "2022-03-08 14:02:11", "证监会就修订信息披露规则征求意见。"], live=True) == 6


@pytest.mark.parametrize(("title", "live"), [("图文直播｜“金穗系”集资诈骗案一审宣判", True), ("直播｜2022陆家嘴论坛", True),
                                             ("【直播】某省非法集资新闻发布会", True), ("某省新闻发布会滚动直播", True),
                                             ("直播带货退款难：消费者投诉集中在哪些环节", False),
                                             ("网红直播间“秒杀”理财课涉嫌非法集资", False)])
def test_a_live_reports_headline_but_not_a_story_about_live_streaming(title: str, live: bool) -> None:
    assert bool(LIVE_TITLE.search(title)) is live
