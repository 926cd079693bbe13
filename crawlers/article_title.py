"""Headline of a news page, the part of `crawlers.extract` that reads the title.

References are <title> without its site suffix, og:title / ArticleTitle / WeChat's `var msg_title`;
the page element agreeing with them is preferred. When <title> names only the site or office (gov.cn,
edu.cn, courts), the headline is the heading a date line follows, or the block just above that line.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin

from lxml import etree

from crawlers.article_body import block_text
from crawlers.article_edges import QUOTES as _QUOTES
from crawlers.dates import find_date

BOILER = re.compile(
    r"(?:^|[-_])(?:comments?|comm|cmt|tie|reply|share|recommend|related|relate|footer|foot|nav|navbar|menu|"
    r"sidebar|side|aside|ads?|advert|banner|copyright|statement|disclaimer|disclaim|declare|mianze|shengming|rank|hot|jubao|qrcode|breadcrumb|crumb|"
    r"tools?|login|search|keywords?|tags?|hotnews|more|"
    r"xgwz|xglj|xgxw|xgyd|tjyd|xgtj)(?:[-_]|$)", re.I)  # pinyin initials: 相关文章/链接/新闻/阅读, 推荐阅读
_SEP = re.compile(r"\s*(?:_|\||｜|丨|--?|－|–|—|·)\s*")  # 丨 (a CJK stroke) serves as a bar on many sites; － full width
SITE_WORD = re.compile(r"网|新闻|日报|晚报|时报|周刊|财经|频道|在线|客户端|新浪|搜狐|腾讯|凤凰|央视|news|paper|\.com|\.cn", re.I)
# "烟台晚报数字报", "某某新闻网"; not a document's kind ("警情通报", "情况简报", "统计公报")
_SITE_END = re.compile(r"(?:网|(?<![通简公汇快情举预])报|新闻|在线|频道|客户端|电子版|官网)$")
_SITE_TITLE = re.compile(r"(?:人民政府|政府网|门户网站?|网站|官网|大学|学院|学校|新闻网|首页|新闻|动态|公告|要闻"
                         r"|局|厅|委员会|办公室|法院|检察院|派出所|支队)$")  # a site named after its office
_MSG_TITLE = re.compile(r"\bvar\s+msg_title\s*=\s*([\"'])(.{4,200}?)\1")
# Founder (方正) e-papers describe the article in a comment: <!--enpproperty …<title>…</title><subtitle>…-->
_ENP_TITLE = re.compile(r"<!--\s*enpproperty\b.{0,400}?<title>([^<]{4,200})</title>", re.S)


def text_of(el: etree._Element) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


def _lcs(a: str, b: str) -> str:
    """Longest common substring of a and b (quotes compared loosely), as it appears in a."""
    na, nb = a.translate(_QUOTES), b.translate(_QUOTES)
    best, end, prev = 0, 0, [0] * (len(nb) + 1)
    for i in range(1, len(na) + 1):
        cur = [0] * (len(nb) + 1)
        for j in range(1, len(nb) + 1):
            if na[i - 1] == nb[j - 1]:
                cur[j] = prev[j - 1] + 1
                if cur[j] > best:
                    best, end = cur[j], i
        prev = cur
    return a[end - best:end].strip()


def _expands(text: str, ref: str) -> bool:
    """`text` holds every character of `ref` in order, adding at most 30 and no date, label or sentence end."""
    if len(ref) < 8 or not len(ref) < len(text) <= len(ref) + 30 or re.search(r"[。！？:：|｜]", text):
        return False
    rest = iter(text.translate(_QUOTES))
    return all(ch in rest for ch in ref.translate(_QUOTES)) and find_date(text) is None


def strip_site(title: str) -> tuple[str, list[str]]:
    """Remove trailing (and site-like leading) segments such as "_新浪财经_新浪网" → (title, removed)."""
    parts = [p for p in _SEP.split(title.strip()) if p]
    removed: list[str] = []
    # "烟台晚报数字报-“高息揽储”骗走300余人血汗钱": e-papers and some CMSs put the site first; a short
    # site-like head before a longer segment that names no site is the site, not the headline's start
    if (len(parts) == 2 and len(parts[0]) <= 12 and _SITE_END.search(parts[0])
            and not SITE_WORD.search(parts[1]) and len(parts[1]) > len(parts[0])):
        removed.append(parts.pop(0))
    # a four-character headline sheds the site only when that names itself ("警情通报 - 某市公安局")
    while len(parts) > 1 and len(parts[-1]) <= 30 and len("".join(parts[:-1])) >= (
            4 if _SITE_TITLE.search(parts[-1]) or SITE_WORD.search(parts[-1]) else 6):
        removed.insert(0, parts.pop())
    if len(parts) > 1 and len(parts[0]) <= 12 and SITE_WORD.search(parts[0]):
        removed.append(parts.pop(0))
    if not removed:
        return title.strip(), []
    # keep the page's own separators inside what remains (e.g. "A：B - C" keeps "A：B")
    head = parts[0]
    start = title.find(head)
    last = parts[-1]
    stop = title.find(last, start) + len(last)
    return title[start:stop].strip(), removed


# "某某法院关于…的公告", "关于开展…工作的通知": a document's own headline names its kind after 关于…的.
_DOCUMENT_HEADLINE = re.compile(r"关于.{2,80}的(?:公告|通告|通知|通报|决定|意见|公示|批复|函|报告|说明|声明)$")
# "作者：执行局", "来源：本站": a byline label over the date line, never a headline.
_BYLINE_LABEL = re.compile(r"^(?:作者|来源|信息来源|文章来源|发布机构|发布单位|发布者|编辑|责任编辑|供稿|撰稿|点击|浏览)\s*[:：]")


def _is_site_title(title: str, site_names: set[str | None]) -> bool:
    """A <title> that names the site or a column ("清溪镇人民政府", "学院新闻"), not an article
    (an official document's headline, "…关于…的公告", ends like a column name but is none)."""
    if _DOCUMENT_HEADLINE.search(title):
        return False
    return title in site_names or len(title) <= 8 or bool(_SITE_TITLE.search(title))


def _in_boiler(el: etree._Element) -> bool:
    for node in (el, *el.iterancestors()):
        if node.tag in ("nav", "footer", "aside") or any(
                BOILER.search(m) for m in f"{node.get('class') or ''} {node.get('id') or ''}".split()):
            return True
    return False


def _above_date_line(doc: etree._Element) -> list[etree._Element]:
    """Headlines without a tag or class to find them by (table-layout gov.cn pages): the nearest text
    block above a "时间：2020年06月12日" line, when it reads like a headline (short, no full stop)."""
    found: list[etree._Element] = []
    for node in doc.xpath("//body//text()[contains(., '时间') or contains(., '日期')]")[:5]:
        holder = node.getparent()
        if holder is None or find_date(str(node)) is None and find_date(text_of(holder)) is None:
            continue
        for el in reversed(holder.xpath("preceding::*")[-12:]):
            text = text_of(el)
            if text and el.tag not in ("script", "style"):
                if 6 <= len(text) <= 80 and not re.search(r"[。！？]", text) and not _BYLINE_LABEL.match(text):
                    found.append(el)
                break
    return found


def _unlabelled(text: str, whole: str) -> str:
    """`text` less a short label at either end (up to 4 characters) when the rest appears whole in <title>."""
    norm = text.translate(_QUOTES)
    for k in range(1, 5):
        for rest, cut in ((norm[k:], text[k:]), (norm[:-k], text[:-k])):
            rest, cut = rest.strip(), cut.strip()
            at = whole.find(rest) if len(rest) >= 8 else -1
            # the rest is a whole segment of <title>, not a headline cut short
            if at >= 0 and _SEP.fullmatch(whole[:at] or "-") and _SEP.match(whole[at + len(rest):] or "-"):
                return cut
    return ""


def _self_linked(doc: etree._Element, url: str | None) -> tuple[str, etree._Element | None]:
    """The headline of a page whose <title> names only the site, read off a link to the page itself:
    an e-paper's 本版导航 or a CMS's column list names the open article. The element on the page showing
    the same text (outside links) is returned with it, so the byline under it can be read."""
    if not url:
        return "", None
    here = urldefrag(url)[0].rstrip("/")
    for a in doc.iter("a"):
        href = a.get("href")
        text = text_of(a)
        if (not href or not 6 <= len(text) <= 80 or re.search(r"[。！？]", text)
                or not re.search(r"[\u4e00-\u9fff]", text) or urldefrag(urljoin(url, href))[0].rstrip("/") != here):
            continue
        shown = next((el for el in doc.iter() if isinstance(el.tag, str) and el.tag not in ("a", "title", "option")
                      and not el.xpath("ancestor::a | .//a") and (el.text or "").strip() and text_of(el) == text), None)
        return text, shown
    return "", None


def find_title(doc: etree._Element, meta: dict[str, str], html: str,
               url: str | None = None) -> tuple[str, etree._Element | None, list[str]]:
    """(title, the element carrying it on the page, site segments removed from <title>).

    References: <title> without its site suffix, then og:title / gov.cn ArticleTitle / WeChat's
    `var msg_title` (WeChat leaves <title> empty); the headline element agreeing with them is preferred.
    When <title> names only the site, a heading under which a date line follows, then the text of the
    page's link to itself (`url`, an e-paper's 本版导航).
    """
    raw_title = text_of(doc.find(".//title")) if doc.find(".//title") is not None else ""
    page_title, removed = strip_site(raw_title)
    script_title = _MSG_TITLE.search(html)
    enp_title = _ENP_TITLE.search(html)
    meta_title = strip_site(meta.get("og:title") or meta.get("articletitle") or meta.get("title")
                            or meta.get("twitter:title") or (script_title.group(2) if script_title else "")
                            or (enp_title.group(1).strip() if enp_title else ""))[0]
    # <founder-title>: the headline tag of Founder (方正) e-paper systems behind most 数字报 sites
    whole = raw_title.translate(_QUOTES)
    heads = list(doc.iter("h1")) + list(doc.iter("h2")) + list(doc.iter("founder-title"))
    # court and gov.cn CMSs set the headline in an <h3> ("detail-head"), where sidebars head their boxes
    # ("新闻中心"): an <h3> counts only when <title> holds it whole
    heads += [h for h in doc.iter("h3") if len(t := text_of(h)) >= 8 and t.translate(_QUOTES) in whole]
    # "title", and the shorter "tit" / "biaoti" of gov.cn and court CMSs ("detail_tit", "art_tit")
    heads += doc.xpath("//*[contains(@class,'tit') or contains(@id,'tit') or contains(@class,'biaoti')"
                       " or contains(@class,'headline')][not(self::title)]")[:60]
    heads += _above_date_line(doc)
    best: tuple[int, str, etree._Element | None] = (0, "", None)
    spelled: etree._Element | None = None
    for h in heads:
        text = text_of(h)
        if not 4 <= len(text) <= 120:
            continue
        # the headline appears whole in <title>: keep it whole, even where "——" or " - " made
        # strip_site cut it ("“三全育人”进行时——学院开展讲座-某大学"); site names are not headlines
        # (a four-character headline, "警情通报", only as a whole segment: "警情通报 - 今日头条")
        if ((len(text) >= 5 and text.translate(_QUOTES) in whole or text in _SEP.split(raw_title.strip()))
                and text not in removed and len(text) > best[0]):
            best = (len(text), text, h)
            continue
        # a label glued to the headline ("原创", "独家", "视频") is not in <title>: the rest is the headline
        labelled = _unlabelled(text, whole)
        if labelled and labelled not in removed and len(labelled) > best[0]:
            best = (len(labelled), labelled, h)
            continue
        # <title> is often the headline shortened ("总局就…答记者问" for "总局有关司局负责人就…答记者问"):
        # the heading spelling it out around the same words in order, least padded, unless one is it exactly
        if any(_expands(text, ref) for ref in (page_title, meta_title)) and not _in_boiler(h):
            if spelled is None or len(text) < len(text_of(spelled)):
                spelled = h
            continue
        # a <title> naming only the site ("经济管理学院") shares its name with the headline, nothing more
        for ref in (r for r in (page_title, meta_title) if r and not _SITE_TITLE.search(r)):
            common = _lcs(text, ref)
            if len(common) >= 5 and len(common) >= 0.5 * min(len(text), len(ref)) and len(common) > best[0]:
                best = (len(common), common, h)
    if spelled is not None and not (best[1] and best[1] in (page_title, meta_title)):
        return text_of(spelled), spelled, removed
    if best[2] is not None:
        return best[1], best[2], removed
    site_names = {meta.get("sitename"), meta.get("og:site_name"), meta.get("columnname")}
    for cand in (meta_title, page_title):
        if len(cand) >= 4 and not _is_site_title(cand, site_names):
            return cand, None, removed
    # <title> names only the site or column (common on gov.cn / edu.cn CMSs): the page's own headline,
    # preferably the one a date line follows closely (a sidebar heading has none under it)
    found = [h for h in heads if 6 <= len(text_of(h)) <= 80 and re.search(r"[\u4e00-\u9fff]", text_of(h))
             and not _in_boiler(h)]
    linked, shown = _self_linked(doc, url)
    if found:
        h = min(found, key=lambda h: find_date(header_window(doc, h)[:120]) is None)
        # a heading block that also holds the kicker and subtitle (e-paper <founder-title>): the page's
        # link to itself names the headline alone
        if linked and linked in text_of(h) and linked != text_of(h):
            return linked, shown if shown is not None else h, removed
        return text_of(h), h, removed
    if linked:
        return linked, shown, removed
    for cand in (meta_title, page_title):
        if len(cand) >= 4:
            return cand, None, removed
    for h in doc.iter("h1"):
        if len(text_of(h)) >= 4:
            return text_of(h), h, removed
    return "", None, removed


def header_window(doc: etree._Element, title_el: etree._Element | None) -> str:
    """Text from the title element onward (about 600 characters): where 时间 and 来源 lines sit."""
    body = doc.find(".//body")
    if body is None:
        return ""
    chunks: list[str] = []
    started = title_el is None
    for el in body.iter():
        if el is title_el:
            started = True
        if not started or not isinstance(el.tag, str):
            continue
        # a script's own code is not text, but what follows it is ("点击数：<script…></script> 更新时间：…")
        own_text = None if el is title_el or el.tag in ("script", "style") else el.text  # the title is not context
        for piece in (own_text, el.tail):
            if piece and piece.strip():
                chunks.append(piece.strip())
        if sum(map(len, chunks)) > 600:
            break
    return " ".join(chunks)[:600]


def above_headline(doc: etree._Element, title_el: etree._Element | None) -> str:
    """The 150 characters of text just before the headline: some portals (新华网) date the article above it."""
    body = doc.find(".//body")
    if body is None or title_el is None:
        return ""
    ancestors = set(title_el.iterancestors())
    chunks: list[str] = []
    for el in body.iter():
        if el is title_el:
            break
        if not isinstance(el.tag, str) or el.tag in ("script", "style"):
            continue
        for piece in (el.text, None if el in ancestors else el.tail):
            if piece and piece.strip():
                chunks.append(piece.strip())
    return " ".join(chunks)[-150:]


_HEADER_EXTRA = 300  # characters a headline's block holds besides the headline: date, source, a standfirst


def header_lines(title_el: etree._Element | None) -> list[str]:
    """The lines of the headline's own block besides the headline, in page order: its largest ancestor
    holding at most 300 more characters, one sentence line (a standfirst) at most and no links to other
    articles (a link text of 8 characters or more, twice), so neither the article nor a related list.

    `<div class="head"><div>2020年06月18日</div><h1>…</h1><p>导语…。</p><div>记者 某某 18:05</div></div>`
    gives ["2020年06月18日", "导语…。", "记者 某某 18:05"]; a headline alone in the article's block gives []."""
    if title_el is None:
        return []
    own = set(block_text(title_el).splitlines())
    size = len(text_of(title_el))
    found: list[str] = []
    for anc in title_el.iterancestors():
        if (anc.tag in ("body", "html") or len(text_of(anc)) > size + _HEADER_EXTRA
                or sum(1 for a in anc.iter("a") if len(text_of(a)) >= 8) >= 2):
            break
        lines = [ln for ln in block_text(anc).splitlines() if ln not in own]
        if sum(1 for ln in lines if re.search(r"[。！？]", ln)) > 1:
            break
        found = lines
    return found
