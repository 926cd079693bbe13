"""m.weibo.cn search and long-text answers become schema-v1 Posts a duty officer can trust."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from crawlers.errors import ParseError
from crawlers.parsers.weibo import (
    WeiboPage,
    extend_url,
    parse_count,
    parse_extend,
    parse_search,
    replace_long_text,
    search_url,
)
from pipeline.schema import Post

WEIBO = Path(__file__).parents[1] / "fixtures" / "crawlers" / "weibo"
CST = timezone(timedelta(hours=8))
NOW = datetime(2018, 11, 23, 10, 0, tzinfo=CST)
FETCHED = datetime(2018, 11, 23, 2, 0, 5, tzinfo=UTC)
SITE = "m.weibo.cn"
LONG_MID = "4309999000000104"
NEWS_ID = "weibo:m.weibo.cn:4309999000000090"


def search(name: str, **kw: Any) -> WeiboPage:
    body = (WEIBO / name).read_bytes()
    return parse_search(body, keyword="网贷提现", site=SITE, fetched_at=FETCHED, now=NOW, **kw)


def by_id(page: WeiboPage) -> dict[str, dict[str, Any]]:
    return {p["id"]: p for p in page.posts}


@pytest.fixture(scope="module")
def page1() -> WeiboPage:
    return search("search_page1.json")


def fixture_mblogs(name: str) -> list[dict[str, Any]]:
    """The mblogs a reader of the fixture would count: top-level cards and card groups."""
    doc = json.loads((WEIBO / name).read_text("utf-8"))
    found = []
    for card in doc["data"]["cards"]:
        for holder in [card, *card.get("card_group", [])]:
            if "mblog" in holder:
                found.append(holder["mblog"])
    return found


# --- URLs ----------------------------------------------------------------------------------------


def test_search_url_carries_the_keyword_inside_the_containerid() -> None:
    url = search_url("http://127.0.0.1:8080/", "善林 提现", 3)
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("http", "127.0.0.1:8080", "/api/container/getIndex")
    query = parse_qs(parts.query)
    assert query["page"] == ["3"] and query["page_type"] == ["searchall"]
    containerid = query["containerid"][0]
    assert containerid.startswith("100103type=1&q=")
    assert unquote(containerid.split("q=", 1)[1]) == "善林 提现"


def test_extend_url() -> None:
    assert extend_url("https://m.weibo.cn", LONG_MID) == f"https://m.weibo.cn/statuses/extend?id={LONG_MID}"


# --- a search page -------------------------------------------------------------------------------


def test_one_valid_post_per_mblog_plus_the_retweeted_original_once(page1: WeiboPage) -> None:
    mids = [m["mid"] for m in fixture_mblogs("search_page1.json")]
    assert len(mids) == 10
    ids = [p["id"] for p in page1.posts]
    assert len(ids) == len(set(ids)) == 11  # ten posts + the news both reposts point at
    assert set(ids) == {f"weibo:{SITE}:{mid}" for mid in mids} | {NEWS_ID}
    for post in page1.posts:
        assert Post.from_dict(post).to_dict() == post
        assert post["source"] == "weibo" and post["site"] == SITE and post["query"] == "网贷提现"
        assert post["title"] is None
        assert post["url"] == f"https://m.weibo.cn/detail/{post['id'].rsplit(':', 1)[1]}"
        assert datetime.fromisoformat(post["fetched_at"]) == FETCHED


def test_a_withdrawal_complaint_keeps_text_author_counts_and_time(page1: WeiboPage) -> None:
    post = by_id(page1)[f"weibo:{SITE}:4309999000000101"]
    assert post["text"] == ("#唐小僧提现#申请提现快一个月了还是显示“处理中”，客服电话永远占线[怒] "
                            "有没有人知道现在怎么办？@唐小僧官方")
    assert post["author"] == {"id": "5012340001", "name": "江城老王"}
    assert post["metrics"] == {"reposts": 0, "comments": 3, "likes": 5, "replies": 0, "views": 0}
    assert post["published_at"] == "2018-11-23T10:00:00+08:00"  # 刚刚
    assert post["parent_id"] is None


def test_a_call_to_gather_keeps_its_line_breaks_and_string_counts(page1: WeiboPage) -> None:
    post = by_id(page1)[f"weibo:{SITE}:4309999000000102"]
    assert post["text"].split("\n") == [
        "善林金融的出借人注意了！",
        "本周六上午九点在区信访局门口集合，大家一起去维权，人多才有用",
        "还没进群的私信我，统一登记损失金额 & 合同编号",
    ]
    assert post["metrics"]["reposts"] == 2 and post["metrics"]["comments"] == 15 and post["metrics"]["likes"] == 33


@pytest.mark.parametrize(
    ("mid", "published"),
    [
        ("4309999000000101", "2018-11-23T10:00:00+08:00"),  # 刚刚
        ("4309999000000102", "2018-11-23T09:55:00+08:00"),  # 5分钟前
        ("4309999000000103", "2018-11-23T08:00:00+08:00"),  # 2小时前
        ("4309999000000104", "2018-11-23T09:15:00+08:00"),  # 今天 09:15
        ("4309999000000105", "2018-11-22T21:03:00+08:00"),  # 昨天 21:03
        ("4309999000000106", "2018-11-20T00:00:00+08:00"),  # 11-20
        ("4309999000000107", "2018-11-20T00:00:00+08:00"),  # 2018-11-20
        ("4309999000000108", "2018-11-20T12:00:00+08:00"),  # Tue Nov 20 12:00:00 +0800 2018
        ("4309999000000109", "2018-11-21T18:40:00+08:00"),  # 11-21 18:40
        ("4309999000000110", "2018-11-19T22:45:10+08:00"),  # Mon Nov 19 22:45:10 +0800 2018
        ("4309999000000090", "2018-11-17T16:00:00+08:00"),  # the retweeted news
    ],
)
def test_every_created_at_form_becomes_shanghai_time(page1: WeiboPage, mid: str, published: str) -> None:
    assert by_id(page1)[f"weibo:{SITE}:{mid}"]["published_at"] == published


def test_reposts_point_at_the_news_which_is_its_own_post(page1: WeiboPage) -> None:
    posts = by_id(page1)
    for mid in ("4309999000000103", "4309999000000109"):
        assert posts[f"weibo:{SITE}:{mid}"]["parent_id"] == NEWS_ID
    assert posts[f"weibo:{SITE}:4309999000000109"]["text"] == "转发微博"
    news = posts[NEWS_ID]
    assert news["author"] == {"id": "1642500001", "name": "财经快讯台"}
    assert news["parent_id"] is None and news["query"] == "网贷提现"
    assert news["text"].startswith("【警方提示】#网贷维权# 近期有人冒充“维权律师”")
    assert news["text"].endswith("不要向个人转账。网页链接")


def test_wan_counts_become_integers(page1: WeiboPage) -> None:
    news = by_id(page1)[NEWS_ID]
    assert news["metrics"]["reposts"] == 10_000  # "1万+"
    assert news["metrics"]["likes"] == 100_000  # "10万+"
    assert news["metrics"]["comments"] == 3582  # "3582"


def test_long_text_posts_are_listed_for_the_extend_call(page1: WeiboPage) -> None:
    assert page1.long_text == [LONG_MID]
    assert by_id(page1)[f"weibo:{SITE}:{LONG_MID}"]["text"].endswith("给同样被拖着的朋友参考 ...")


def test_oldest_counts_the_page_own_posts_not_the_old_news_they_repost(page1: WeiboPage) -> None:
    assert page1.oldest == datetime(2018, 11, 19, 22, 45, 10, tzinfo=CST)
    assert page1.blocked is None and page1.empty is False


def test_page_two_is_older_and_a_deleted_original_is_only_a_parent_id() -> None:
    page = search("search_page2.json")
    posts = by_id(page)
    assert len(page.posts) == 3
    assert page.oldest == datetime(2018, 11, 8, 20, 0, tzinfo=CST)
    assert posts[f"weibo:{SITE}:4309999000000202"]["parent_id"] == f"weibo:{SITE}:4309999000000050"
    assert f"weibo:{SITE}:4309999000000050" not in posts
    assert posts[f"weibo:{SITE}:4309999000000201"]["metrics"]["likes"] == 12_000  # "1.2万"
    labels = posts[f"weibo:{SITE}:4309999000000203"]["metrics"]  # "转发"/"评论" shown instead of 0
    assert (labels["reposts"], labels["comments"], labels["likes"]) == (0, 0, 4)


def test_post_urls_can_point_at_another_web_base() -> None:
    page = search("search_page1.json", web_base="http://127.0.0.1:9000/")
    assert page.posts[0]["url"] == "http://127.0.0.1:9000/detail/4309999000000101"


# --- end, walls, breakage ------------------------------------------------------------------------


def test_ok_zero_is_the_end_of_results() -> None:
    page = search("search_empty.json")
    assert page.empty is True and page.posts == [] and page.blocked is None and page.oldest is None


def test_ok_minus_100_is_a_login_wall() -> None:
    page = search("blocked_ok_-100.json")
    assert page.blocked == "ok=-100" and page.posts == []


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<!DOCTYPE html><html><head><title>安全验证</title></head><body>请输入验证码</body></html>", "captcha"),
        ("<html><body><div id='captcha-box'>Please verify</div></body></html>", "captcha"),
        ("<html><head><title>微博-登录</title></head><body><form action='https://passport.weibo.cn/sso/login'>"
         "</form></body></html>", "login"),
    ],
)
def test_html_walls_are_reported_by_kind(html: str, reason: str) -> None:
    page = parse_search(html.encode(), keyword="k", site=SITE, fetched_at=FETCHED, now=NOW)
    assert page.blocked == reason and page.posts == []


@pytest.mark.parametrize(
    "body",
    [
        (WEIBO / "truncated.json").read_bytes(),
        b"",
        b"<html><body>502 Bad Gateway</body></html>",
        b'["ok", 1]',
        b'{"ok": 1, "data": {"cards": {"not": "a list"}}}',
        b'{"ok": 1, "data": {"cards": [{"card_type": 9, "mblog": {"mid": "1", "text": "no time"}}]}}',
        b'{"ok": -1, "msg": "something else"}',
        b"\xff\xfe{}",
    ],
)
def test_broken_answers_raise_parse_error(body: bytes) -> None:
    with pytest.raises(ParseError):
        parse_search(body, keyword="k", site=SITE, fetched_at=FETCHED, now=NOW)


def test_a_card_without_mblogs_is_empty() -> None:
    body = '{"ok": 1, "data": {"cards": [{"card_type": 11, "card_group": [{"card_type": 4, "desc": "热搜"}]}]}}'
    page = parse_search(body, keyword="k", site=SITE, fetched_at=FETCHED, now=NOW)
    assert page.empty is True and page.posts == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [(7, 7), ("7", 7), ("1万+", 10_000), ("10万+", 100_000), ("100万+", 1_000_000), ("1.5万", 15_000),
     ("2亿", 200_000_000), ("1,234", 1234), (None, 0), ("", 0), ("赞", 0), (-3, 0)],
)
def test_parse_count(value: object, expected: int) -> None:
    assert parse_count(value) == expected


def test_unreadable_count_raises_parse_error() -> None:
    with pytest.raises(ParseError):
        parse_count("12千")


# --- long text -----------------------------------------------------------------------------------


def test_extend_answer_replaces_the_truncated_text(page1: WeiboPage) -> None:
    posts = [dict(p) for p in page1.posts]
    mid, text = parse_extend((WEIBO / f"extend_{LONG_MID}.json").read_bytes(), mid=LONG_MID)
    assert mid == LONG_MID
    assert text.startswith("在联璧金融投了八万")
    assert "\n一、去年十一月申请提现" in text and text.endswith("有问题可以私信我[心]")
    assert "全文" not in text and "<br" not in text
    replace_long_text(posts, mid, text)
    replaced = {p["id"]: p for p in posts}[f"weibo:{SITE}:{LONG_MID}"]
    assert replaced["text"] == text
    assert Post.from_dict(replaced).text == text
    untouched = [p for p in posts if p["id"] != f"weibo:{SITE}:{LONG_MID}"]
    assert all(p["text"] == by_id(page1)[p["id"]]["text"] for p in untouched)


def test_extend_answer_that_names_its_mid() -> None:
    body = json.dumps({"ok": 1, "data": {"mid": "42", "longTextContent": "第一行<br />第二行"}})
    assert parse_extend(body) == ("42", "第一行\n第二行")
    with pytest.raises(ParseError):
        parse_extend(body, mid="43")


@pytest.mark.parametrize(
    "body",
    [
        '{"ok": 1, "data": {"longTextContent": "no mid anywhere"}}',
        '{"ok": 0, "msg": "not found"}',
        '{"ok": 1, "data": {"reposts_count": 3}}',
        '{"ok": 1, "data": {"longTextContent": "cut',
    ],
)
def test_bad_extend_answers_raise_parse_error(body: str) -> None:
    with pytest.raises(ParseError):
        parse_extend(body)


def test_extend_behind_a_wall_is_a_parse_error_naming_the_wall() -> None:
    with pytest.raises(ParseError, match=r"ok=-100"):
        parse_extend((WEIBO / "blocked_ok_-100.json").read_bytes(), mid=LONG_MID)
    with pytest.raises(ParseError, match="captcha"):
        parse_extend("<html><body>请输入验证码</body></html>", mid=LONG_MID)


def test_replace_long_text_of_an_unknown_mid_is_a_key_error(page1: WeiboPage) -> None:
    with pytest.raises(KeyError):
        replace_long_text([dict(p) for p in page1.posts], "999", "text")
