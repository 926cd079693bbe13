"""What the demo replay site serves, rendered from the story: Discuz!-style board lists and thread
pages, m.weibo.cn-style search and long-text JSON, and a news portal's RSS feed, list and article
pages — the formats crawlers/parsers already read. Pure functions; site.py serves their output.
Post text is escaped everywhere it enters HTML or XML.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from email.utils import format_datetime
from html import escape
from typing import Any
from urllib.parse import quote

from pipeline.demo.story import Story, StoryPost, author_id

FORUM_NAME = "钱塘理财社区"
PORTAL_NAME = "钱江财经网"
THREADS_PER_PAGE = 20
FLOORS_PER_PAGE = 10
WEIBO_PER_PAGE = 10
LONG_TEXT = 140  # Weibo cuts the text shown in lists after this many characters
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_DAYS = "Mon Tue Wed Thu Fri Sat Sun".split()
FICTION_NOTE = "演示站点：本站全部内容为 yuqing 演示虚构，平台、人物、账号均不存在。"


def html_page(title: str, body: str, base: str | None = None) -> str:
    head = f'<base href="{escape(base)}" />' if base else ""
    return (f'<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />'
            f"<title>{escape(title)}</title>{head}</head><body>{body}"
            f'<div id="ft" class="wp cl"><p class="xg1">{FICTION_NOTE}</p></div></body></html>')


def _lines(text: str) -> str:
    return "<br />\n".join(escape(line) for line in text.split("\n"))


# --- forum (Discuz! X) ---------------------------------------------------------------------------


def discuz_time(at: datetime, now: datetime) -> str:
    """Discuz prints recent times as "3 小时前" with the exact one in a title attribute."""
    exact = f"{at.year}-{at.month}-{at.day} {at:%H:%M}"
    minutes = int((now - at).total_seconds() // 60)
    days = (now.date() - at.date()).days
    if minutes < 60:
        shown = f"{max(minutes, 1)} 分钟前"
    elif days == 0:
        shown = f"{minutes // 60} 小时前"
    elif days in (1, 2):
        shown = f"{'昨天' if days == 1 else '前天'} {at:%H:%M}"
    elif days < 7:
        shown = f"{days} 天前"
    else:
        return exact
    return f'<span title="{exact}">{shown}</span>'


def forum_threads(story: Story, board: int) -> list[tuple[StoryPost, list[StoryPost]]]:
    """The board's threads with their replies, the most recently answered first (as Discuz lists them)."""
    replies: dict[str, list[StoryPost]] = {}
    for post in story.of("forum"):
        if post.parent:
            replies.setdefault(post.parent, []).append(post)
    threads = [(p, replies.get(p.key, [])) for p in story.of("forum") if p.parent is None and p.board == board]
    return sorted(threads, key=lambda t: (t[1] or [t[0]])[-1].published_at, reverse=True)


def _pager(current: int, last: int, href: Any) -> str:
    if last <= 1:
        return ""
    links = "".join(f"<strong>{n}</strong>" if n == current else f'<a href="{href(n)}">{n}</a>'
                    for n in range(1, last + 1))
    nxt = f'<a href="{href(current + 1)}" class="nxt">下一页</a>' if current < last else ""
    return f'<div class="pg">{links}<label><span title="共 {last} 页"> / {last} 页</span></label>{nxt}</div>'


def board_page(story: Story, board: int, page: int, base: str) -> str | None:
    threads = forum_threads(story, board)
    last = max(1, -(-len(threads) // THREADS_PER_PAGE))
    if not 1 <= page <= last:
        return None
    rows = []
    for thread, replies in threads[(page - 1) * THREADS_PER_PAGE: page * THREADS_PER_PAGE]:
        tid, latest = thread.native_id, (replies or [thread])[-1]
        rows.append(
            f'<tbody id="normalthread_{tid}"><tr><td class="icn"><a href="thread-{tid}-1-1.html">'
            f'<img src="static/image/common/folder_common.gif" /></a></td>'
            f'<th class="common"><a href="thread-{tid}-1-1.html" onclick="atarget(this)" class="s xst">'
            f"{escape(thread.title or '')}</a></th>"
            f'<td class="by"><cite><a href="space-uid-{author_id(thread.author, 6)}.html">{escape(thread.author)}'
            f"</a></cite><em>{discuz_time(thread.published_at, story.now)}</em></td>"
            f'<td class="num"><a href="thread-{tid}-1-1.html" class="xi2">{len(replies)}</a>'
            f"<em>{thread.metrics.get('views', 0)}</em></td>"
            f'<td class="by"><cite><a href="space-uid-{author_id(latest.author, 6)}.html">{escape(latest.author)}'
            f"</a></cite><em>{discuz_time(latest.published_at, story.now)}</em></td></tr></tbody>")
    name = story.boards[board]
    pager = _pager(page, last, lambda n: f"forum-{board}-{n}.html")
    body = (f'<div id="pt" class="bm cl"><a href="./">{FORUM_NAME}</a> &rsaquo; <a href="forum-{board}-1.html">'
            f'{escape(name)}</a></div><div id="pgt" class="bm bw0 pgs cl">{pager}</div>'
            f'<div id="threadlist" class="tl bm bmw"><table summary="forum_{board}" id="threadlisttableid">'
            f'{"".join(rows)}</table></div><div class="bm bw0 pgs cl">{pager}</div>')
    return html_page(f"{name} - {FORUM_NAME} - Powered by Discuz!", body, base)


def thread_page(story: Story, thread: StoryPost, replies: list[StoryPost], page: int, base: str) -> str | None:
    floors = [thread, *replies]
    last = max(1, -(-len(floors) // FLOORS_PER_PAGE))
    if not 1 <= page <= last:
        return None
    tid = thread.native_id
    items = []
    for number, post in enumerate(floors[(page - 1) * FLOORS_PER_PAGE: page * FLOORS_PER_PAGE],
                                  start=(page - 1) * FLOORS_PER_PAGE + 1):
        label = "楼主" if number == 1 else f"{number}<sup>#</sup>"
        uid, pid = author_id(post.author, 6), post.pid
        items.append(
            f'<div id="post_{pid}"><table id="pid{pid}" class="plhin" summary="pid{pid}"><tr>'
            f'<td class="pls" rowspan="2"><div class="pi"><div class="authi"><a href="space-uid-{uid}.html" '
            f'target="_blank" class="xw1">{escape(post.author)}</a></div></div></td>'
            f'<td class="plc"><div class="pi"><strong><a href="forum.php?mod=viewthread&amp;tid={tid}" '
            f'id="postnum{pid}">{label}</a></strong><div class="pti"><div class="authi">'
            f'<em id="authorposton{pid}">发表于 {discuz_time(post.published_at, story.now)}</em></div></div></div>'
            f'<div class="pct"><div class="pcb"><div class="t_fsz"><table><tr><td class="t_f" id="postmessage_{pid}">'
            f"{_lines(post.text)}</td></tr></table></div></div></div></td></tr></table></div>")
    title = thread.title or ""
    pager = _pager(page, last, lambda n: f"thread-{tid}-{n}-1.html")
    body = (f'<div id="pt" class="bm cl"><a href="./">{FORUM_NAME}</a> &rsaquo; <a href="forum-{thread.board}-1.html">'
            f"{escape(story.boards[thread.board or 0])}</a></div>"
            f'<div id="pgt" class="pgs mbm cl"><div class="pgt">{pager}</div></div><div id="postlist" class="pl bm">'
            f'<table><tr><td class="pls ptn pbn"><div class="hm ptn"><span class="xg1">查看:</span> '
            f'<span class="xi1">{thread.metrics.get("views", 0)}</span><span class="pipe">|</span>'
            f'<span class="xg1">回复:</span> <span class="xi1">{len(replies)}</span></div></td>'
            f'<td class="plc ptm pbn vwthd"><h1 class="ts"><span id="thread_subject">{escape(title)}</span></h1></td>'
            f'</tr></table>{"".join(items)}</div><div class="pgs mtm mbm cl">{pager}</div>')
    return html_page(f"{title} - {story.boards[thread.board or 0]} - {FORUM_NAME} - Powered by Discuz!", body, base)


# --- weibo (m.weibo.cn API) ----------------------------------------------------------------------

_TOPIC = re.compile(r"#([^#\n]{1,30})#")
_EMOJI = re.compile(r"\[([\u4e00-\u9fffA-Za-z]{1,6})\]")
_MENTION = re.compile(r"@([\u4e00-\u9fffA-Za-z0-9_\-]{1,20})")


def weibo_time(at: datetime) -> str:
    """The API's created_at: "Tue Nov 20 12:00:00 +0800 2018" (English names whatever the locale)."""
    return f"{_DAYS[at.weekday()]} {_MONTHS[at.month - 1]} {at:%d %H:%M:%S} +0800 {at.year}"


def weibo_html(text: str) -> str:
    """Plain post text → the HTML m.weibo.cn sends: topics and @names as links, emoji as images."""
    html = escape(text, quote=False)
    html = _TOPIC.sub(lambda m: (f'<a href="https://m.weibo.cn/search?containerid=231522type%3D1%26q%3D'
                                 f'{quote("#" + m.group(1) + "#")}"><span class="surl-text">#{m.group(1)}#</span></a>'), html)
    html = _MENTION.sub(lambda m: f"<a href='/n/{quote(m.group(1))}'>@{m.group(1)}</a>", html)
    html = _EMOJI.sub(lambda m: (f'<span class="url-icon"><img alt="[{m.group(1)}]" '
                                 f'src="https://face.t.sinajs.cn/t4/appstyle/expression/ext/normal/{len(m.group(1))}.png" '
                                 f'style="width:1em; height:1em;" /></span>'), html)
    return html.replace("\n", "<br />")


def mblog(post: StoryPost, original: StoryPost | None = None) -> dict[str, Any]:
    mid, uid = post.native_id, int(author_id(post.author, 10))
    long_text = len(post.text) > LONG_TEXT
    shown = weibo_html(post.text[:LONG_TEXT]) + (f'...<a href="/status/{mid}">全文</a>' if long_text else "")
    blog: dict[str, Any] = {
        "visible": {"type": 0, "list_id": 0}, "created_at": weibo_time(post.published_at), "id": mid,
        "mid": mid, "can_edit": False, "text": shown, "textLength": len(post.text.encode("gbk", "replace")),
        "source": "iPhone客户端", "favorited": False, "pic_ids": [], "is_paid": False,
        "user": {"id": uid, "screen_name": post.author, "profile_url": f"https://m.weibo.cn/u/{uid}",
                 "verified": post.author.endswith(("官方", "财经")), "followers_count": str(uid % 5000)},
        "reposts_count": post.metrics.get("reposts", 0), "comments_count": post.metrics.get("comments", 0),
        "attitudes_count": post.metrics.get("likes", 0), "isLongText": long_text, "bid": f"N{mid[-8:]}",
        "region_name": "发布于 浙江",
    }
    if original is not None:
        blog["retweeted_status"] = mblog(original)
    return blog


def weibo_search(story: Story, posts: list[StoryPost], keyword: str, page: int) -> bytes:
    """A getIndex search answer: `posts` (already matched, newest first), one page of them."""
    chunk = posts[(page - 1) * WEIBO_PER_PAGE: page * WEIBO_PER_PAGE] if page >= 1 else []
    if not chunk:
        return _json({"ok": 0, "msg": "这里还没有内容", "data": {"cards": []}})
    keys = story.by_key()
    cards: list[dict[str, Any]] = []
    if page == 1:
        cards.append({"card_type": 11, "show_type": 0, "card_group": [
            {"card_type": 4, "desc": f"实时热搜：{keyword}",
             "scheme": f"https://m.weibo.cn/search?containerid=106003type%3D25%26q%3D{quote(keyword)}"}]})
    for post in chunk:
        original = keys.get(post.parent) if post.parent else None
        cards.append({"card_type": 9, "show_type": 1, "itemid": "", "mblog": mblog(post, original),
                      "scheme": f"https://m.weibo.cn/status/{post.native_id}"})
    info = {"containerid": f"100103type=1&q={keyword}", "page": page, "total": len(posts), "page_type": "searchall"}
    return _json({"ok": 1, "data": {"cardlistInfo": info, "cards": cards}})


def weibo_extend(post: StoryPost) -> bytes:
    return _json({"ok": 1, "data": {"ok": 1, "longTextContent": weibo_html(post.text),
                                    "reposts_count": post.metrics.get("reposts", 0),
                                    "comments_count": post.metrics.get("comments", 0),
                                    "attitudes_count": post.metrics.get("likes", 0)}})


def _json(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


# --- news portal ---------------------------------------------------------------------------------


def article_path(post: StoryPost) -> str:
    return f"/finance/wangdai/{post.published_at:%Y-%m-%d}/doc-inhx{post.native_id}{post.published_at:%H%M}.shtml"


def news_feed(story: Story, base: str) -> bytes:
    items = "".join(
        f"<item><title>{escape(p.title or '')}</title><link>{escape(base + article_path(p))}</link>"
        f"<pubDate>{format_datetime(p.published_at)}</pubDate><source>{escape(p.author)}</source>"
        f"<description>{escape(p.text.split(chr(10))[0][:80])}</description></item>"
        for p in sorted(story.of("news"), key=lambda p: p.published_at, reverse=True))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>{PORTAL_NAME}-网贷频道</title>'
            f"<link>{escape(base)}/finance/wangdai/</link><description>网贷行业新闻</description>"
            f"<language>zh-cn</language>{items}</channel></rss>").encode()


def news_list(story: Story) -> str:
    rows = "".join(f'<li><a href="{article_path(p)}">{escape(p.title or "")}</a><span>{p.published_at:%m-%d %H:%M}'
                   "</span></li>" for p in sorted(story.of("news"), key=lambda p: p.published_at, reverse=True))
    return html_page(f"网贷_{PORTAL_NAME}", f'<div class="news-list"><h2>网贷</h2><ul>{rows}</ul></div>')


def news_article(post: StoryPost) -> str:
    when = post.published_at
    paras = "".join(f"<p>{escape(line)}</p>" for line in post.text.split("\n"))
    body = (f'<div class="nav"><a href="/">{PORTAL_NAME}</a> &gt; <a href="/finance/wangdai/">网贷</a></div>'
            f'<div class="article-main"><h1 class="main-title">{escape(post.title or "")}</h1>'
            f'<div class="date-source"><span class="date">{when.year}年{when:%m}月{when:%d}日 {when:%H:%M}</span>'
            f' <span class="source">来源：{escape(post.author)}</span></div>'
            f'<div class="article" id="article">{paras}</div>'
            f'<div class="statement">（责任编辑：王敏）</div></div>')
    page = html_page(f"{post.title}_网贷_{PORTAL_NAME}", body)
    meta = (f'<meta property="article:published_time" content="{when.isoformat()}" />'
            f'<meta name="source" content="{escape(post.author)}" />')
    return page.replace("</title>", "</title>" + meta, 1)
