"""The Discuz! X parsers on pages written for the project: a P2P complaints board, a search for
鑫盛贷, a two-page 提现 thread, and the pages a crawl must not mistake for content."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from crawlers.errors import BlockedError, ParseError
from crawlers.parsers.forum import parse_thread, parse_thread_list
from crawlers.textutil import decode_html
from pipeline.schema import Post

FORUM = Path(__file__).parent.parent / "fixtures" / "crawlers" / "forum"
SITE_URL = "http://bbs.p2pdemo.example/"
CST = timezone(timedelta(hours=8))
NOW = datetime(2019, 3, 6, 12, 0, tzinfo=CST)
FETCHED = datetime(2019, 3, 6, 4, 0, 5, tzinfo=UTC)


def page(name: str) -> bytes:
    return (FORUM / name).read_bytes()


def thread(name: str = "viewthread_1.html", url: str = SITE_URL + "thread-31877-1-1.html", **kw):
    data = kw.pop("data", None) or page(name)
    return parse_thread(data, url, site="p2pdemo", fetched_at=FETCHED, now=NOW, query=kw.pop("query", "鑫盛贷"))


def as_gbk(data: bytes, *, declare: bool = True) -> bytes:
    text = data.decode("utf-8").replace("charset=utf-8", "charset=gbk" if declare else "")
    return text.encode("gbk")


# --- board lists -----------------------------------------------------------------------------------


def test_board_list_has_the_sticky_and_seven_threads_but_no_announcement_or_separator():
    listing = parse_thread_list(page("forumdisplay.html"), SITE_URL + "forum-12-1.html")
    tids = [t.tid for t in listing.threads]
    assert tids == ["30001", "31877", "31902", "31911", "31920", "31925", "31931", "31940"]
    assert [t.sticky for t in listing.threads] == [True] + [False] * 7


def test_board_row_carries_title_counts_author_and_times():
    listing = parse_thread_list(page("forumdisplay.html"), SITE_URL + "forum-12-1.html")
    first = next(t for t in listing.threads if t.tid == "31877")
    assert first.title == "鑫盛贷提现一直显示“处理中”，已经第十天了"  # the [提现] type label is not in it
    assert first.url == SITE_URL + "thread-31877-1-1.html"
    assert (first.replies, first.views) == (12, 2310)
    assert first.author == "老韭菜2018"
    assert first.last_post == "2019-3-6 11:20"  # the absolute time behind "半小时前"
    assert first.posted == "2019-3-2"


def test_board_row_oddities_wan_counts_anonymous_authors_plain_last_post():
    threads = {t.tid: t for t in parse_thread_list(page("forumdisplay.html"), SITE_URL).threads}
    assert threads["31931"].views == 12000  # "1.2万"
    assert threads["31940"].author == "匿名"
    assert threads["31925"].replies == 0
    assert threads["31925"].last_post == "2019-3-1 23:07"


def test_board_list_next_page_is_the_xia_yi_ye_link_made_absolute():
    listing = parse_thread_list(page("forumdisplay.html"), SITE_URL + "forum.php?mod=forumdisplay&fid=12")
    assert listing.next_page == SITE_URL + "forum-12-2.html"


def test_last_board_page_has_no_next_page_and_dynamic_urls_give_tids():
    listing = parse_thread_list(page("forumdisplay_page2.html"), SITE_URL + "forum-12-2.html")
    assert listing.next_page is None
    assert [t.tid for t in listing.threads] == ["31702", "31688", "31650"]
    assert listing.threads[0].url == SITE_URL + "forum.php?mod=viewthread&tid=31702&extra=page%3D2"
    assert listing.threads[1].title == "金橙贷标的全线逾期，客服说“正在催收”"


def test_relative_links_resolve_against_the_base_href_not_the_request_path():
    listing = parse_thread_list(page("forumdisplay.html"), SITE_URL + "some/rewritten/path/list.html")
    assert listing.threads[0].url == SITE_URL + "thread-30001-1-1.html"
    assert listing.next_page == SITE_URL + "forum-12-2.html"


def test_a_board_without_threads_is_an_empty_list_not_an_error():
    html = re.sub(r"<tbody id=\"normalthread_.*?</tbody>", "", page("forumdisplay_page2.html").decode(), flags=re.S)
    listing = parse_thread_list(html, SITE_URL + "forum-12-2.html")
    assert listing.threads == []


# --- search results --------------------------------------------------------------------------------


def test_search_results_for_a_platform_name():
    listing = parse_thread_list(page("search.html"), SITE_URL + "search.php?mod=forum&searchid=88")
    assert [t.tid for t in listing.threads] == ["31877", "31920", "31533", "30964"]
    hit = listing.threads[0]
    assert hit.title == "鑫盛贷提现一直显示“处理中”，已经第十天了"  # highlight markup flattened
    assert (hit.replies, hit.views) == (12, 2310)
    assert hit.author == "老韭菜2018"
    assert hit.posted == "2019-3-2 21:14"
    assert hit.last_post is None
    assert hit.url == SITE_URL + "forum.php?mod=viewthread&tid=31877"  # highlight= dropped
    assert listing.threads[3].author == "匿名"
    assert listing.threads[3].replies == 0


def test_search_next_page_keeps_the_search_id_and_keyword():
    listing = parse_thread_list(page("search.html"), SITE_URL + "search.php?mod=forum&searchid=88")
    assert listing.next_page == (
        SITE_URL + "search.php?mod=forum&searchid=88&orderby=lastpost&ascdesc=desc"
        "&searchsubmit=yes&kw=%E9%91%AB%E7%9B%9B%E8%B4%B7&page=2"
    )


# --- thread pages ----------------------------------------------------------------------------------


def test_thread_page_one_has_floor_one_and_nine_replies():
    result = thread()
    assert (result.tid, result.page, result.last_page) == ("31877", 1, 2)
    assert result.next_page == SITE_URL + "thread-31877-2-1.html"
    assert (result.replies, result.views) == (12, 2310)
    assert result.title == "鑫盛贷提现一直显示“处理中”，已经第十天了"
    assert len(result.posts) == 10


def test_floor_one_is_the_thread_post_with_subject_and_counts():
    first = thread().posts[0]
    assert first["id"] == "forum:p2pdemo:31877"
    assert first["parent_id"] is None
    assert first["title"] == "鑫盛贷提现一直显示“处理中”，已经第十天了"
    assert first["author"] == {"id": "10086", "name": "老韭菜2018"}
    assert first["published_at"] == "2019-03-02T21:14:00+08:00"
    assert first["metrics"] == {"reposts": 0, "comments": 0, "likes": 0, "replies": 12, "views": 2310}
    assert first["url"] == SITE_URL + "thread-31877-1-1.html#pid510001"
    assert first["source"] == "forum" and first["site"] == "p2pdemo"
    assert first["query"] == "鑫盛贷"
    assert first["fetched_at"] == "2019-03-06T04:00:05Z"


def test_floor_one_text_drops_edit_note_jammer_and_hidden_spans_but_not_the_words():
    text = thread().posts[0]["text"]
    assert text == (
        "3月1日在鑫盛贷APP上发起提现，金额12万，到今天状态还是“处理中”。\n"
        "客服电话一直占线，在线客服只会回复“请耐心等待，资金正在清算”。\n"
        "有同样情况的朋友吗？大家的提现是哪天申请的？到账了没有？"
    )
    assert "本帖最后由" not in text and "k7Qm" not in text and "出借需谨慎" not in text  # signature


def test_replies_point_at_the_thread_and_have_no_title_or_counts():
    replies = thread().posts[1:]
    assert [p["id"] for p in replies[:2]] == ["forum:p2pdemo:31877-510007", "forum:p2pdemo:31877-510012"]
    for post in replies:
        assert post["parent_id"] == "forum:p2pdemo:31877"
        assert post["title"] is None
        assert post["metrics"]["replies"] == 0 and post["metrics"]["views"] == 0
        assert post["url"].endswith("#pid" + post["id"].rsplit("-", 1)[1])


def test_a_quoting_reply_keeps_only_its_own_words():
    quoting = next(p for p in thread().posts if p["id"].endswith("-510033"))
    assert quoting["text"] == (
        "别信公告。去年宏图在线出事前也是这么说的，一个礼拜后直接清退。\n"
        "建议大家现在就把合同、充值流水、和客服的聊天记录全部截图保存！"
    )
    assert "发表于" not in quoting["text"] and "存管银行系统升级" not in quoting["text"]


def test_times_absolute_from_title_relative_against_now_all_at_plus_eight():
    posts = {p["id"].rsplit("-", 1)[-1]: p for p in thread().posts}
    assert posts["510041"]["published_at"] == "2019-03-04T09:12:00+08:00"  # "前天 09:12" with a title
    assert posts["510055"]["published_at"] == "2019-03-05T18:30:00+08:00"  # "昨天 18:30", no title
    assert all(p["published_at"].endswith("+08:00") for p in posts.values())


def test_anonymous_and_attachment_floors():
    posts = {p["id"].rsplit("-", 1)[-1]: p for p in thread().posts}
    assert posts["510062"]["author"] == {"id": None, "name": "匿名"}
    assert posts["510070"]["text"] == "这是我的提现记录截图，申请日期2月25日：\n心累"  # no 下载附件 box
    assert posts["510020"]["author"] == {"id": "10086", "name": "老韭菜2018"}  # 楼主 replying


def test_every_floor_is_a_valid_schema_v1_post():
    for post in thread().posts + thread("viewthread_2.html", SITE_URL + "thread-31877-2-1.html").posts:
        assert Post.from_dict(post).to_dict() == post
        assert post["schema"] == 1


def test_thread_page_two_is_the_last_and_has_only_replies():
    result = thread("viewthread_2.html", SITE_URL + "thread-31877-2-1.html")
    assert (result.tid, result.page, result.last_page, result.next_page) == ("31877", 2, 2, None)
    assert [p["id"] for p in result.posts] == [
        "forum:p2pdemo:31877-510301", "forum:p2pdemo:31877-510315", "forum:p2pdemo:31877-510322"]
    assert all(p["parent_id"] == "forum:p2pdemo:31877" for p in result.posts)
    assert result.posts[1]["text"].startswith("提醒一下：报案材料")  # quoted 集合 call left out
    assert result.posts[2]["published_at"] == "2019-03-06T11:30:00+08:00"  # "半小时前"


def test_tid_comes_from_dynamic_urls_too():
    result = thread(url=SITE_URL + "forum.php?mod=viewthread&tid=31877&extra=page%3D1")
    assert result.tid == "31877"
    assert result.posts[0]["url"] == SITE_URL + "forum.php?mod=viewthread&tid=31877&extra=page%3D1#pid510001"


def test_floor_one_found_without_floor_labels():
    html = re.sub(r'id="postnum\d+"', "", page("viewthread_1.html").decode())
    posts = thread(data=html.encode()).posts
    assert posts[0]["id"] == "forum:p2pdemo:31877"
    assert posts[1]["parent_id"] == "forum:p2pdemo:31877"


# --- charsets --------------------------------------------------------------------------------------


def test_gbk_page_declared_in_meta_http_equiv():
    data = as_gbk(page("forumdisplay.html"))
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    listing = parse_thread_list(data, SITE_URL)
    assert listing.threads[1].title == "鑫盛贷提现一直显示“处理中”，已经第十天了"
    assert listing.threads[1].author == "老韭菜2018"


def test_gbk_thread_page_without_any_charset_declaration_falls_back_to_gb18030():
    result = thread(data=as_gbk(page("viewthread_1.html"), declare=False))
    assert result.title == "鑫盛贷提现一直显示“处理中”，已经第十天了"
    assert result.posts[4]["text"].startswith("别信公告。")


def test_decode_html_prefers_the_declared_charset_then_utf8():
    assert decode_html('<meta charset="gb2312"><p>逾期</p>'.encode("gbk")).endswith("<p>逾期</p>")
    assert decode_html("<p>维权</p>".encode()) == "<p>维权</p>"
    assert decode_html('<meta charset="utf-8"><p>提现</p>'.encode("gbk")).endswith("<p>提现</p>")  # wrong meta


# --- blocked and foreign pages ---------------------------------------------------------------------


def message_page(message: str, *, login_box: bool = True) -> bytes:
    html = page("login_required.html").decode().replace("抱歉，您尚未登录，没有权限访问该版块", message)
    if not login_box:
        html = html.replace('<div id="messagelogin"></div>', "")
    return html.encode()


def test_login_wall_is_blocked_login_for_lists_and_threads():
    with pytest.raises(BlockedError) as listed:
        parse_thread_list(page("login_required.html"), SITE_URL + "forum-12-1.html")
    assert listed.value.reason == "login"
    with pytest.raises(BlockedError) as viewed:
        thread("login_required.html")
    assert viewed.value.reason == "login"


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("抱歉，您输入的验证码有误，请返回重新填写", "captcha"),
        ("抱歉，您所在的用户组(游客)无法进行此操作", "forbidden"),
        ("抱歉，您的 IP 地址不在被允许的范围内，禁止访问", "forbidden"),
        ("抱歉，您没有权限访问该版块", "forbidden"),
        ("抱歉，您两次发表间隔少于 15 秒，刷新过于频繁", "rate_limit"),
    ],
)
def test_discuz_message_pages_name_why_we_were_refused(message: str, reason: str):
    with pytest.raises(BlockedError) as exc:
        parse_thread_list(message_page(message, login_box=False), SITE_URL)
    assert exc.value.reason == reason


def test_a_seccode_form_without_a_message_is_a_captcha():
    html = page("not_discuz.html").decode().replace(
        "<main>", '<main><form action="search.php?mod=forum"><input name="seccodeverify" id="seccodeverify_SA0"/></form>')
    with pytest.raises(BlockedError) as exc:
        parse_thread_list(html, SITE_URL + "search.php?mod=forum")
    assert exc.value.reason == "captcha"


def test_a_deleted_thread_message_is_a_parse_error_not_a_block():
    with pytest.raises(ParseError, match="主题不存在"):
        thread(data=message_page("抱歉，指定的主题不存在或已被删除或正在被审核", login_box=False))


@pytest.mark.parametrize("data", [page("not_discuz.html"), b"", b"<html><body>502 Bad Gateway</body></html>"])
def test_pages_that_are_not_discuz_are_parse_errors(data: bytes):
    with pytest.raises(ParseError, match="not a Discuz"):
        parse_thread_list(data, SITE_URL)
    with pytest.raises(ParseError, match="not a Discuz"):
        thread(data=data or b" ")
