"""Article body on a news page, the part of `crawlers.extract` that picks the block of text.

Three candidates: the container a known CMS marks (WeChat #js_content, gov.cn #zoom / .TRS_Editor,
博达 #vsb_content ...), trafilatura's text, and the densest block (text per block, link text penalised).
`pick_body` weighs them by sentence text net of furniture (footers, related lists, tools).
"""

from __future__ import annotations

import re

from lxml import etree

# Containers that CMSs and platforms put the article text in. A page may carry several (gov.cn nests
# .TRS_Editor in #zoom); the one with the most sentence text wins.
KNOWN_CONTAINERS = (
    "//*[@id='js_content']",  # WeChat 公众号
    "//*[@id='artibody']", "//*[@id='endText']", "//*[contains(@class,'post_body')]",  # 新浪, 网易
    "//*[contains(concat(' ',@class,' '),' news_txt ')]",  # 澎湃
    "//*[@data-testid='article']",  # 百家号 (2020 layout)
    "//*[@id='zoom' or @id='Zoom']", "//*[contains(@class,'TRS_Editor')]", "//*[@id='UCAP-CONTENT']",
    "//*[contains(concat(' ',@class,' '),' pages_content ')]",  # government sites (TRS, 开普云 CMS)
    "//*[contains(@class,'wp_articlecontent')]", "//*[@id='vsb_content']",
    "//*[contains(@class,'v_news_content')]",  # universities: WebPlus, 博达 VSB
    "//*[contains(concat(' ',@class,' '),' article-content ')]",  # 百家号 (2019), many CMSs
)
_KNOWN_XPATH = " | ".join(KNOWN_CONTAINERS)
BLOCK_TAGS = frozenset(("p", "div", "td", "th", "section", "li", "article", "blockquote", "pre", "dd", "dt",
                        "ul", "ol", "table", "tbody", "tr", "form", "main", "center", "header", "footer",
                        "h1", "h2", "h3", "h4", "h5", "h6", "body", "dl", "aside", "nav"))
_SENTENCE = re.compile(r"[，。！？；,;!?]")
# Lines of page furniture: site footers (主办单位, 网站标识码, ICP备案), page tools, neighbour links,
# counters, breadcrumbs, WeChat follow prompts. Only short lines without a full stop count, so an
# article sentence naming them survives.
FURNITURE_LINE = re.compile(
    r"(?:主办单位|承办单位|主办[:：]|承办[:：]|技术支持|网站标识码|ICP[备证]|公网安备|版权所有|Copyright|All Rights Reserved|"
    r"上一篇|下一篇|前一篇|后一篇|上一条|下一条|上一页|下一页|尾页|共\d+页|相关链接|相关文章|相关推荐|相关阅读|相关新闻|推荐阅读|热点推荐|"
    r"打印本页|打印此页|关闭窗口|【打印】|【关闭】|扫一扫|当前位置|您的位置|您当前的位置|"
    r"点击数|浏览次数|阅读次数|访问量|字号\s*[:：【\[]|【字体|举报/反馈|喜欢此内容的人还喜欢|阅读原文|网站地图|联系我们|"
    r"二维码|关注我们|蓝字|点赞|在看|转发|分享|"
    r"(?:发布|发表|更新)(?:时间|日期)|(?:作者|来源|阅读|点击|编辑|审核|责编|供稿|撰稿)\s*[:：])", re.I)


# The heading of a related-links block ("相关文章", "推荐阅读", "大家都在看"): the article is over.
RELATED_HEADING = re.compile(r"^\s*(?:相关(?:文章|链接|新闻|阅读|推荐|报道|稿件|内容)|推荐阅读|延伸阅读|热点推荐|热门推荐|热门文章"
                             r"|更多(?:相关)?(?:新闻|文章|报道)|猜你喜欢|大家都在看|你可能感兴趣|精彩推荐|往期(?:回顾|推荐|精彩))\s*[:：>》]*")


# The date or time a related item shows beside its link ("2022-06-28 18:06", "06-28", "18:06"), spaces removed.
_ITEM_DATE = re.compile(r"(?:(?:19|20)\d{2}[-/.年])?\d{1,2}[-/.月]\d{1,2}日?(?:\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
                        r"|\d{1,2}[:：]\d{2}")


def is_related_block(el: etree._Element) -> bool:
    """A block that opens with a related-links heading and is mostly links after it, the dates its items
    show aside (gov.cn `xgwz` lists whose class names nothing we know; "相关阅读" over
    "<li><a>多家支付机构年内被罚</a><span>2022-06-28 18:06</span></li>")."""
    text = re.sub(r"\s+", "", el.text_content())
    head = RELATED_HEADING.match(text)
    if not head or len(text) == head.end():
        return False
    links = sum(len(re.sub(r"\s+", "", a.text_content())) for a in el.iter("a"))
    return links >= 0.5 * len(_ITEM_DATE.sub("", text[head.end():]))


def block_text(el: etree._Element) -> str:
    """Text of a block with one line per paragraph (block elements and <br> end a line)."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "noscript", "template"):
            return
        block = node.tag in BLOCK_TAGS
        if block and node is not el and _is_link_line(node):
            return  # "返回首页，查看更多", "阅读原文": a paragraph that is only a link is not prose
        if block:
            parts.append("\n")
        if node.tag == "br":
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(el)
    lines = (re.sub(r"[ \t\r\f\v\u3000\xa0]+", " ", ln).strip() for ln in "".join(parts).split("\n"))
    return "\n".join(ln for ln in lines if ln)


def _is_link_line(node: etree._Element) -> bool:
    text = re.sub(r"\s+", "", node.text_content())
    links = sum(len(re.sub(r"\s+", "", a.text_content())) for a in node.iter("a"))
    return 0 < len(text) < 50 and links >= 0.9 * len(text)


def is_noise_line(line: str) -> bool:
    """A line that is not article prose: furniture, or a short label without sentence punctuation."""
    if len(line) < 80 and FURNITURE_LINE.search(line) and not re.search(r"[。！？]", line):
        return True
    return len(line) < 15 and not _SENTENCE.search(line)


def quality(text: str) -> int:
    """Sentence characters minus twice the furniture characters: how much article a text holds."""
    good = bad = 0
    for line in text.splitlines():
        if line.startswith("|") or is_noise_line(line):  # "| a | b |" rows: a layout table flattened
            bad += len(line)
        elif _SENTENCE.search(line):
            good += len(line)
    return good - 2 * bad


def _link_density(el: etree._Element) -> float:
    text = len(el.text_content().strip()) or 1
    return sum(len(a.text_content().strip()) for a in el.iter("a")) / text


def known_containers(doc: etree._Element) -> list[etree._Element]:
    """Elements a known CMS marks as the article container, in document order."""
    return [el for el in doc.xpath(_KNOWN_XPATH) if el.tag not in ("body", "html")]


def density_block(doc: etree._Element) -> etree._Element | None:
    """The block that gathers the most punctuated, non-link text (readability-style scoring).

    Each leaf block (no block children) scores 1 + its punctuation + up to 3 for length; its parent
    gets the score, its grandparent half. A candidate's score is cut by the share of its text in links,
    so related lists and navigation lose to prose even when they are longer.
    """
    scores: dict[etree._Element, float] = {}
    blocks = list(doc.iter(*BLOCK_TAGS))
    containers = {a for el in blocks for a in el.iterancestors()}  # blocks holding other blocks
    for el in blocks:
        if el in containers:
            continue
        text = re.sub(r"\s+", "", el.text_content())
        if len(text) < 15 or _link_density(el) > 0.5:
            continue
        points = 1 + len(_SENTENCE.findall(text)) + min(len(text) / 100, 3)
        parent = el.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + points
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + points / 2
        if el.tag in ("td", "div", "section"):  # text laid out with <br> in one cell: the cell is the block
            scores[el] = scores.get(el, 0.0) + points
    if not scores:
        return None
    return max(scores, key=lambda k: scores[k] * (1 - _link_density(k)))


def _prose(text: str) -> int:
    return sum(len(ln) for ln in text.splitlines() if _SENTENCE.search(ln) and not is_noise_line(ln))


def _covered(general: str, dense: str) -> float:
    """Share of the general extractor's sentences (by characters) that the dense block also holds."""
    # spaces split too: trafilatura sometimes joins a page's paragraphs into one line with spaces
    pieces = [p.strip() for p in re.split(r"[。！？!?\s]", general) if len(p.strip()) >= 8]
    total = sum(map(len, pieces))
    return sum(len(p) for p in pieces if p in dense) / total if total else 0.0


def pick_body(containers: list[str], dense: str, general: str) -> str:
    """The article text: a CMS container's, else the densest block's or trafilatura's (`general`).

    A CMS container is trusted while its quality is at least 60% of the best other candidate
    (general extractors pick up promo lines and captions next to it). The densest block comes from
    the DOM with link-only paragraphs dropped and its lines intact, so it is preferred while it holds
    80% of trafilatura's sentences without being much longer (then it swallowed comments or lists);
    it also wins when it simply scores better (trafilatura took a footer or a link list).
    """
    mine, mine_q = "", -(10**9)
    for text in containers:
        if text and quality(text) > mine_q:
            mine, mine_q = text, quality(text)
    other_q = max(quality(dense) if dense else -(10**9), quality(general) if general else -(10**9))
    if mine and mine_q > 0 and mine_q >= 0.6 * other_q:
        return mine
    if dense and not general:
        return dense
    if dense and _covered(general, dense) >= 0.8 and _prose(dense) <= 1.3 * _prose(general) + 100:
        return dense
    if dense and quality(dense) > quality(general):
        return dense
    return general or mine


# A thread's posts are repeated blocks marked by floor: "1楼", "楼主", "沙发", "板凳", "#2".
_FLOOR = re.compile(r"(?:^|\s)(?:\d{1,5}\s*(?:楼|#)|#\s*\d{1,5}|楼主|沙发|板凳|地板)(?:\s|$)")


def thread_posts(doc: etree._Element) -> list[etree._Element]:
    """The posts of a forum thread page in order (the opening post first), or [] when the page holds
    no run of two or more sibling blocks sharing a class, most of them marked by floor."""
    for parent in doc.iter(*BLOCK_TAGS):
        kids = [k for k in parent if isinstance(k.tag, str) and k.tag in BLOCK_TAGS and k.get("class")]
        by_class: dict[str, list[etree._Element]] = {}
        for k in kids:
            by_class.setdefault((k.get("class") or "").split()[0], []).append(k)
        for run in by_class.values():
            marked = [k for k in run if _FLOOR.search(" ".join(k.itertext()))]
            if len(run) >= 2 and len(marked) >= max(2, len(run) // 2):
                first = next((k for k in kids if k in run), run[0])
                return [first, *[k for k in run if k is not first]]
    return []


def first_post(body: str, posts: list[etree._Element]) -> etree._Element | None:
    """The opening post, when the text picked as the article also took replies below it."""
    if len(posts) < 2:
        return None
    def sample(el: etree._Element) -> str:
        lines = [ln for ln in block_text(el).splitlines() if len(ln) >= 15]
        return lines[0] if lines else ""
    head, reply = sample(posts[0]), next((t for t in map(sample, posts[1:]) if t), "")
    return posts[0] if head and reply and head in body and reply in body else None
