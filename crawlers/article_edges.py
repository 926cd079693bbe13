"""Edges of an article body, the last step of `crawlers.extract`: the lines a chosen block carries
before the first sentence and after the last (headline repeats, bylines, datelines, editor lines,
image captions, widget labels, reading-time notes, a portal's "返回搜狐，查看更多" glued to the last
paragraph, and the staff lines, promos and notices of `crawlers.article_boiler`) are trimmed, a feed page
is cut at its next item or a related heading ("往期推荐：A｜B"); an official notice's signature is kept.

A 警情通报 or 公告 ends with who issued it and when ("盐城市公安局 / 2019年9月2日"): that is part
of the document the desk archives, so it stays. A portal's "新京报2024-03-21 15:36" or
"（编辑：王某 2020-12-29）" after the text is page furniture and goes.
"""

from __future__ import annotations

import re
from datetime import datetime

from lxml import etree

from crawlers.article_body import RELATED_HEADING, is_noise_line
from crawlers.article_boiler import (
    LIVE_TITLE,
    feed_cut,
    feedback_line,
    promo_line,
    provenance_line,
    staff_line,
    statement_line,
    tag_line,
)
from crawlers.dates import find_date

QUOTES = str.maketrans("“”「」『』‘’＂", "\"\"\"\"\"\"''\"")
SOURCE_LABEL = re.compile(r"(?<![图片])(?:来源|来自|稿源|出处)\s*[:：]\s*([^\s:：|｜/]{2,30})")
_TAIL_NOISE = re.compile(
    r"^(?:责任编辑|编辑|校对|审核|关键词|标签|免责声明|声明|版权|本文来源|分享到|举报(?!电话|热线|邮箱|信箱|方式|途径|线索|平台|受理)|返回|打印|相关阅读|相关新闻"
    r"|.*未经授权不得转载|.*扫描二维码|.*报料|.{0,6}$)")
# "（编辑：王某 2020-12-29）", "(责编：赵某)", "【编辑:张某】", "文/张某 图/李某": staff lines in brackets.
_STAFF = re.compile(r"^[（(【\[]?\s*(?:责任编辑|责编|编辑|校对|审核|审校|记者|作者|撰稿|供稿|来源|文|图|摄影|通讯员)"
                    r"\s*[:：/]")
# Image captions: "图为讲座现场。", "图片来源：视觉中国", "（资料图）", "新华社记者 王某 摄".
_CAPTION = re.compile(r"^(?:[▲△▼↑↓]\s*|[（(【]?\s*(?:图为|图片来源|图片由|资料图|图源|配图|图\s*[:：/|｜])"
                      r"|.{0,30}(?:供图|摄影?)\s*[)）】]?$)")
_SIGN_DATE = re.compile(r"(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}"
                        r"|[〇○零一二三四五六七八九]{4}\s*年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)")
_ISSUER = re.compile(r"[\u4e00-\u9fff（）()·]{2,40}(?:局|厅|委|委员会|政府|办公室|办|院|中心|公司|大学|学院|学校|"
                     r"支队|大队|分局|派出所|法院|检察院|银行|协会|部|处|所|站|会|组|室|队|馆|行)")
# "（此件公开发布）", "（此件主动公开）": a government document's publicity note, the last line it prints.
_PUBLICITY = re.compile(r"[（(]\s*此件[^（(）)]{1,10}[）)]")
_CLOSING = re.compile(r"特此(?:公告|通告|通知|通报|函告|说明|声明|提示|告知|公示|证明|批复)[。！]?$")
# A site's statement under the text: "本文来源：…综合整理", "免责声明：本网站刊载的文章仅供参考…", "版权声明".
# From such a line near the end (less than 600 characters follow) the rest is the site's, not the article's.
_STATEMENT = re.compile(r"^[【\[]?(?:免责声明|郑重声明|版权声明|特别声明|声明|本文来源|文章来源|本文转自|本文转载自|转载自"
                        r"|稿件来源|原文来源)[】\]]?\s*[:：]")
# What a site says of what it reprints, whatever the label: "不构成投资建议", "如有侵权请联系删除".
_DISCLAIMER = re.compile(r"不构成(?:任何)?投资建议|仅供参考|风险自[负担]|不代表本(?:站|网|平台|号)|与本(?:站|网)立场无关|理财有风险|投资有风险|投资需谨慎|入市需谨慎|打开.{1,10}[，,]\s*(?:查看|阅读)更多"
                         r"|如有侵权|联系(?:我们|本站|本网)?删除|转载请注明|未经(?:书面)?授权[，,]?(?:任何|不得)")
# "……远离非法集资。（编辑 王某）": a staff note glued to the last sentence. A wire story's end mark
# "。（完）" stays: the agency wrote it as part of the text, as the desk reads it.
_GLUED_STAFF = re.compile(r"(?<=[。！？!?”\"）)】\]])\s*[（(【\[]\s*(?:责任编辑|责编|编辑|见习记者|记者|通讯员|实习生|作者"
                          r"|校对|审核|来源|编译)[^）)】\]]{0,30}[）)】\]]\s*$")
_SENTENCE_END = re.compile(r"[。！？!?；;，,]")
_CAPTION_CLASS = re.compile(r"caption|pictext|imgtxt|(?:img|image|pic|photo|figure)[-_]?(?:desc|txt|text|title|note|intro"
                            r"|info|explain|shuoming|sm)", re.I)
# A caption's register: after the picture's one sentence, who took it ("…仪式。 韩冰 摄",
# "…投资人。 澎湃新闻记者 吴佳怡 图", "（新华社记者 王某 摄）"). The credit needs a role or a space before
# 摄/图, so prose ending "请勿拍摄" is no caption.
_NAMES = r"[\u4e00-\u9fff·]{2,4}(?:\s+[\u4e00-\u9fff·]{2,4}){0,2}"
_CREDIT = re.compile(rf"(?:^|[。！？!?\s（(])\s*(?:[\u4e00-\u9fffA-Za-z0-9]{{0,12}}(?:记者|通讯员|摄影师?)\s*{_NAMES}\s*"
                     rf"|{_NAMES}\s+)(?:摄|摄影|图|供图)\s*[)）]?$")
_IMAGE_NOTE = re.compile(r"(?:^|[。！？\s（(])(?:资料图(?:片)?|图片来源\s*[:：][^。！？]{1,30}|图源\s*[:：][^。！？]{1,30}"
                         r"|(?:网络|视频|监控)截图|受访者供图|供图"
                         # a stock agency's credit: "共享充电宝。视觉中国 资料"
                         r"|(?:视觉中国|东方IC|图虫创意|人民视觉|CFP|IC\s*photo)(?:\s*(?:资料图?片?|供图|图))?)\s*[)）]?$")
# An ad or sponsored line inside the text ("广告：某银行信用卡 新户首刷礼", "【推广】…"): page furniture.
_AD_LINE = re.compile(r"^[【\[（(]?\s*(?:广告|推广|赞助|Advertisement|AD)\s*(?:[】\]）)]\s*|[:：|｜]|$)", re.I)
# "广大市民朋友：", "各投资人：": the salutation a notice opens with is its first line, not a label.
_SALUTATION = re.compile(r"^(?:各|广大|尊敬的|亲爱的)[\u4e00-\u9fff、（）()]{1,24}[：:]$")


# An editor's summary box over the text (东方财富 "摘要", "内容提要", "核心提示"): a label line then the
# summary, or both on one line. It restates the article; the article starts after it.
_SUMMARY_LABEL = re.compile(r"^[【\[]?(?:内容)?(?:摘要|提要|导读|核心提示)[】\]]?\s*[:：]?")


def caption_line(line: str) -> bool:
    """A picture's caption by its register: credited to whoever took it, or marked as a stock image."""
    return len(line) < 100 and bool(_CREDIT.search(line) or _IMAGE_NOTE.search(line))


def ad_line(line: str) -> bool:
    """An ad slot's text inside the article ("广告：…", "【推广】…")."""
    return len(line) < 80 and bool(_AD_LINE.match(line))


def _after_image(el: etree._Element) -> bool:
    """`el` follows an image directly (only <br> between): where a CMS puts the picture's caption."""
    prev = el.getprevious()
    while prev is not None and prev.tag == "br" and not (prev.tail or "").strip():
        prev = prev.getprevious()
    if prev is None or not isinstance(prev.tag, str) or (prev.tail or "").strip():
        return False
    return prev.tag in ("img", "amp-img", "picture") or (
        not re.sub(r"\s+", "", prev.text_content()) and any(True for _ in prev.iter("img", "amp-img")))


def drop_captions(doc: etree._Element) -> None:
    """Remove image captions: <figcaption>, caption-classed elements, and a short block right after an
    image that has no full stop ("讲座现场", "揭牌仪式现场（摄影 刘某）") or reads as a caption
    ("7月31日，门店外聚集的投资人。 澎湃新闻记者 某某 图")."""
    for el in list(doc.iter("figcaption", "p", "div", "span", "center", "font", "em", "td")):
        if el.getparent() is None:
            continue
        text = re.sub(r"\s+", "", el.text_content())
        if el.tag == "figcaption" or _CAPTION_CLASS.search(el.get("class") or ""):
            if len(text) < 80:
                el.drop_tree()
            continue
        if 0 < len(text) < 100 and _after_image(el) and (
                len(text) < 40 and not re.search(r"[。！？；]", text) or caption_line(el.text_content().strip())):
            el.drop_tree()


def _is_label(line: str) -> bool:
    """A byline, button or widget heading ("石佳/中国青年报", "字号", "新浪财经公众号"), not a sentence."""
    return len(line) <= 16 and not re.search(r"[。！？；，]", line)


def _signed(lines: list[str]) -> bool:
    """The text ends with a notice's signature: an issuer line then a bare date, or both on one line."""
    last = lines[-1]
    if _SIGN_DATE.fullmatch(last):  # under the issuer, or straight under "特此公告。"
        return len(lines) >= 2 and bool(_ISSUER.fullmatch(lines[-2]) or _CLOSING.search(lines[-2]))
    m = _SIGN_DATE.search(last)
    return bool(m and m.end() == len(last) and _ISSUER.fullmatch(last[:m.start()].strip()))


def signature_date(text: str) -> datetime | None:
    """The date a notice is signed with ("临州市公安局" over "2025年10月22日" at its end): when nothing else
    dates the page, it dates it better than a date inside the notice's sentences (a deadline, an event)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if len(lines) > 1 and _PUBLICITY.fullmatch(lines[-1]):
        lines = lines[:-1]
    if not lines or not _signed(lines):
        return None
    m = _SIGN_DATE.search(lines[-1])
    return find_date(m.group(0)) if m else None


def _dateline(line: str) -> bool:
    """"新京报2024-03-21 15:36", "2019-07-12 21:18 来源：网易": a line that dates the page, not prose."""
    return len(line) < 50 and not _SENTENCE_END.search(line) and find_date(line) is not None


def _caption(line: str) -> bool:
    return len(line) < 60 and bool(_CAPTION.match(line)) or caption_line(line)


# Between paragraphs only the unmistakable captions go ("▲受害人展示转账记录", "图片来源：视觉中国"): a short
# line ending in "摄" may be prose there ("现场禁止拍摄"), a "▲" item ending in a stop is a list.
_INNER_CAPTION = re.compile(r"[▲△▼↑]\s*\S|[（(【]?\s*(?:图为|图片来源|图片由|资料图|图源|配图)")


# A row of short switches between the paragraphs ("正序 | 倒序" on a live page, "大 | 中 | 小"): widget text.
_TAB_ROW = re.compile(r"[^\s|｜/。，]{1,6}(?:\s*[|｜/]\s*[^\s|｜/。，]{1,6}){1,5}(?:\s+[^\s|｜/。，]{1,4})?")


def _inner_noise(line: str) -> bool:
    """A line between paragraphs that is no prose: a picture's caption, an ad's text, a widget's switches."""
    return (len(line) < 60 and bool(_INNER_CAPTION.match(line)) and not re.search(r"[。！？；;]$", line)
            or caption_line(line) or ad_line(line) or len(line) < 40 and bool(_TAB_ROW.fullmatch(line)))


def _retitled(line: str) -> bool:
    """"原标题：…", "（原题为《…》）": the headline the story first ran under, above or below the text."""
    return len(line) < 100 and line.lstrip("（(【[ ").startswith(("原标题", "原题"))


def _head_noise(line: str, title: str) -> bool:
    if _SALUTATION.match(line):
        return False
    # a short dated line is a dateline, unless it is a sentence ("2026年2月9日起，有群众…反映。")
    return (line.translate(QUOTES).strip("【】[] ") == title
            or (len(line) < 40 and find_date(line) is not None and not re.search(r"，.*[。！？]$", line))
            or bool(SOURCE_LABEL.search(line)) and len(line) < 50 or _is_label(line) or is_noise_line(line)
            or _caption(line) or _retitled(line)
            or staff_line(line) or promo_line(line) or provenance_line(line) or reading_time_line(line))


def _tail_noise(line: str, title: str) -> bool:
    return (bool(_TAIL_NOISE.match(line)) or _retitled(line) or line.startswith(("- ", "|")) or _is_label(line) or is_noise_line(line)
            or line.translate(QUOTES) == title or _dateline(line) or _caption(line)
            or len(line) < 60 and bool(_STAFF.match(line))
            or len(line) < 200 and bool(_DISCLAIMER.search(line))
            or staff_line(line) or promo_line(line) or statement_line(line) or provenance_line(line)
            or tag_line(line) or feedback_line(line))


# "……谨慎对待。（北岸网记者 孟凡 实习生 邹琪）", "（文/图：经济学院 陈可 审核：周立）", "（本文来源：东江日报）",
# "（本文不构成投资建议）": a staff line, provenance or site notice in brackets after the last sentence.
_GLUED_BRACKET = re.compile(r"(?<=[。！？!?”\"])\s*[（(【\[]([^（(【\[）)】\]]{2,50})[）)】\]]\s*$")


_BRACKET_HEADLINE = re.compile(r"[【\[]([^】\]]{4,120})[】\]]\s*")


def bracket_set_apart(doc: etree._Element, title: str) -> bool:
    """The page prints "【title】" as an element of its own (`<strong>【…】</strong>`), or not at all."""
    want = re.sub(r"\s+", "", title.translate(QUOTES))
    found = False
    for el in doc.xpath("//body//*[starts-with(normalize-space(.), '【') or starts-with(normalize-space(.), '[')]"):
        text = re.sub(r"\s+", "", el.text_content()).translate(QUOTES)
        m = _BRACKET_HEADLINE.match(text)
        if m is None or re.sub(r"\s+", "", m.group(1)) != want:
            continue
        if m.end() == len(text):
            return True
        found = True
    return not found


# "……自担风险。返回搜狐，查看更多": a link back to the portal a CMS appends to the last paragraph.
_GLUED_NAV = re.compile(r"(?<=[。！？!?”\"）)])\s*(?:返回[\u4e00-\u9fffA-Za-z]{1,8}[，,\s]*)?"
                        r"(?:查看更多|阅读更多|更多精彩|返回首页|返回顶部|点击查看)\s*[>》]*\s*$")
# "全文约2600字，阅读约需6分钟", "本文共3200字，预计阅读8分钟": a reading-time note over a post, not its text.
_READING_TIME = re.compile(r"(?:(?:全文|本文|正文)(?:共|约|大约)?\s*[\d,]+\s*字|(?:阅读|读完)(?:全文|本文)?(?:约|大约)?"
                           r"(?:需要?|时间|时长|用时)?\s*[:：]?\s*(?:约|大约)?\s*\d+(?:\.\d+)?\s*分钟)")


def reading_time_line(line: str) -> bool:
    """A reading-time note ("全文约2600字，阅读约需6分钟", "阅读时长：5分钟"), not a sentence of the post."""
    return len(line) < 40 and bool(_READING_TIME.search(line)) and not re.search(r"[。！？!?]$", line)


_OPEN_APP = re.compile(r"打开[^，,。]{1,10}[，,]\s*(?:查看|阅读|看)更多")


def _related_line(line: str, first: bool) -> bool:
    """A related-links heading alone ("相关阅读"), or with its items on the same line ("往期推荐：A｜B"):
    the article is over. So is an app's prompt to read on in it ("打开今日头条，查看更多精彩内容")."""
    if not first and len(line) <= 24 and _OPEN_APP.match(line):
        return True
    m = None if first else RELATED_HEADING.match(line)
    if m is None:
        return False
    if m.end() == len(line):
        return len(line) <= 10
    return (len(line) < 150 and bool(re.search(r"[:：>》｜|]\s*$", line[:m.end()]))
            and not re.search(r"[。！？!?]", line))


def _unglued(line: str) -> str:
    """`line` without a staff note, end mark or portal link glued after its last sentence."""
    if _GLUED_STAFF.search(line):
        return _GLUED_STAFF.sub("", line)
    if _GLUED_NAV.search(line):
        return _GLUED_NAV.sub("", line)
    m = _GLUED_BRACKET.search(line)
    inner = m.group(1).strip() if m else ""
    return line[:m.start()] if m and (staff_line(inner) or provenance_line(inner) or statement_line(inner)) else line


def tidy(text: str, title: str, bracket_in_text: bool = False) -> str:
    """`text` without the non-article lines at its start and end (see the module docstring).

    A telegraph's headline in brackets glued to its first line goes, unless `bracket_in_text`: the page
    prints it inside the paragraph's own text ("<p>【headline】财联社3月3日电，…</p>"), not set apart in
    an element of its own (`<strong>【headline】</strong>`), so it is how the wire wrote the item."""
    # trafilatura writes list items as "- item": an item that is a sentence (a live page's timed entry)
    # is article text and loses the marker; a bare "- title" (a related list) keeps it and goes at the end
    lines = [ln[2:] if ln.startswith("- ") and len(ln) > 20 and _SENTENCE_END.search(ln[-1]) else ln
             for ln in (ln.strip() for ln in text.splitlines()) if ln]
    norm = title.translate(QUOTES)
    while lines:
        summary = _SUMMARY_LABEL.match(lines[0]) if len(lines) > 2 and len(lines[0]) < 300 else None
        if summary and summary.end():
            del lines[:1 if summary.end() < len(lines[0]) else 2]
        elif _head_noise(lines[0], norm):
            lines.pop(0)
        else:
            break
    # a telegraph opens with its headline in brackets: "【headline】快报财经3月2日电，…"
    head = _BRACKET_HEADLINE.match(lines[0]) if lines else None
    if (head and not bracket_in_text and head.end() < len(lines[0])
            and head.group(1).strip().translate(QUOTES) == norm):
        lines[0] = lines[0][head.end():]
    # a related-links heading standing alone ends the article, whatever follows it
    cut = next((i for i, ln in enumerate(lines) if _related_line(ln, first=not i)), None)
    lines = lines[:cut]
    lines = lines[:feed_cut(lines, live=bool(LIVE_TITLE.search(norm)))]
    tail = next((i for i, ln in enumerate(lines) if i and _STATEMENT.match(ln)
                 and sum(map(len, lines[i + 1:])) < 600), None)
    lines = lines[:tail]
    while lines:
        # a note glued after the last sentence goes first, so that sentence is judged on its own
        while (unglued := _unglued(lines[-1])) != lines[-1]:
            lines[-1] = unglued
        if (_signed(lines) or _CLOSING.fullmatch(lines[-1]) or _PUBLICITY.fullmatch(lines[-1])
                or not _tail_noise(lines[-1], norm)):
            break
        lines.pop()
    return "\n".join(ln for i, ln in enumerate(lines) if not (0 < i < len(lines) - 1 and _inner_noise(ln)))
