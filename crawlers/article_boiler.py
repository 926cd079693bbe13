"""Boilerplate a site writes around an article, recognised by its register, for `crawlers.article_edges`:
staff lines, promos, provenance and rights notices at a body's edges, and the next item of a rolling feed.

Sites differ in wording and markup but not in register: a staff line is roles and names without a
sentence ("每经记者 李明 每经编辑 陈强", "初审：吴敏 复审：钱江 终审：赵立"); a promo addresses the reader
with an action on the site's own channels ("点击上方蓝字关注", "下载XX官方APP"); a rights notice speaks of
the site and its authors (稿酬, 撤稿, 不代表本站立场, 转载请注明). A warning that tells the reader NOT to scan
or download ("不要扫码下载陌生APP") is article prose, so a promo never carries a negation.

A feed page (telegraph, 快讯, 7×24 滚动) prints the article as the first of several dated items. The
article ends where the next item starts: a feed heading ("最新电报", "全球财经快讯"), a time stamp that
opens an item ("09:45:03", "2022-03-08 14:02:11" alone on its line or before "【…】" or a wire
dateline; before plain text only when several such lines follow, newest first), or a second wire
dateline ("【…】快报财经10月15日电"). Time stamps that rise line after line are
a live report's timeline inside one article, not a feed, and are left alone; under a live report's
headline ("图文直播｜…") every time stamp opens an entry of its timeline, which mostly runs newest first.
"""

from __future__ import annotations

import re

_ROLE = (r"(?:见习|特约|首席|实习|驻[\u4e00-\u9fff]{1,4})?(?:记者|责任编辑|编辑|责编|实习生|通讯员|校对|审核|审校|审稿"
         r"|初审|复审|终审|一审|二审|三审|摄影|摄像|撰稿|供稿|作者|文字|图片|视频|排版|美编|设计|制图|监制|统筹|策划"
         r"|主编|出品人|出品|编审|编校|翻译|编译)")
# A staff line split at its separators: each piece a role (an outlet may prefix it: "每经记者"), a name
# or an office ("出品：某县融媒体中心", with the staff code some CMSs append: "张三_NN1234", "SF001"),
# or a closing "深圳报道". One-character roles ("文｜郑可", "图/李某") count only as a whole piece,
# so "公司文化建设" is no staff line.
# The outlet may be named with digits or Latin letters ("21世纪经济报道记者", "IT之家编辑"), joined from a
# portal and its channel ("大众网·海报新闻记者"), or followed by its web address in brackets
# ("华夏时报（www.chinatimes.net.cn）记者").
_ROLE_PIECE = re.compile(rf"(?:[\u4e00-\u9fffA-Za-z0-9·]{{0,12}}?(?:[（(][A-Za-z0-9.\-]{{4,40}}[)）])?)?{_ROLE}|文|图|摄")
_NAME_PIECE = re.compile(r"[\u4e00-\u9fff·]{2,10}(?:_?[A-Z]{1,4}\d{2,6})?|[A-Za-z][A-Za-z0-9_.]{0,20}")
_STAFF_SEP = re.compile(r"[\s、，,/|｜丨:：]+")
# A promo pushes the reader to act; a line that reports what was done with an app ("已下载的客户端无法登录",
# "应用被下架") is news about it, whatever verbs it shares with a promo.
_NOT_PROMO = re.compile(r"不要|不得|切勿|勿|谨防|警惕|小心|当心|诱导|骗|冒充|虚假|陌生|来路不明|非法"
                        r"|(?:已经?|曾经?|被)(?:下载|安装|打开|关注)|(?:下载|安装|打开)(?:了|的|过)|下架|无法(?:登录|打开|使用|提现)"
                        # the story's own app: a lender's or platform's, not the outlet's ("打开某P2P平台App")
                        r"|(?:平台|借款|贷款|借贷|理财|投资|网贷)\s*(?:APP|App|app)")
_PROMO = re.compile(
    r"(?:AI|智能)(?:快讯|播报|写稿|生成|辅助)|有兴趣的(?:朋友|读者)"
    r"|(?:点击|长按|扫描?|识别)[^。！？]{0,12}(?:关注|二维码|订阅|下载|阅读原文|蓝字|名片|专题|查看|进入|观看|收听)"
    r"|(?:上方|下方|文末|底部)[^。！？]{0,12}(?:关注|蓝字|二维码|订阅|阅读原文|点赞|在看|名片|星标)|设为星标"
    # a video player's own text: "您的浏览器不支持video标签", "视频加载中，请稍候"
    r"|浏览器(?:版本过低|不支持)|视频加载中|请升级(?:您的)?浏览器"
    r"|(?:可以|欢迎|敬请|请|记得|一键|点击)关注|关注(?:我们|本号|本公众号|公众号|官方微信|微信公众号|官方微博|视频号)"
    r"|点个?(?:赞|“?在看”?)|(?:尽在|下载|打开|安装|订阅|关注)[^。！？]{0,20}(?:APP|App|app|客户端|公众号|视频号)"
    r"|更多(?:精彩|资讯|内容|财经|新闻|深度|原创|干货)")
# What a site says about what it publishes: fees and take-down requests, rights, its own stance.
STATEMENT = re.compile(
    r"不构成(?:任何|实质性)?投资建议|仅供参考|风险自[负担]|据此操作|不代表本(?:站|网|平台|号)|与本(?:站|网)立场无关"
    r"|不代表.{0,12}(?:立场|观点)|仅代表(?:作者|个人)|作者独立观点|信息(?:发布|存储空间)(?:平台|服务)"
    r"|如有侵权|联系(?:我们|本站|本网)?删除|转载(?:此文)?请|未经(?:书面)?(?:授权|许可|允许|同意)[，,]?(?:任何|不得|严禁|禁止)"
    r"|稿酬|稿费|撤稿|撤下|删稿|(?:与|联系)本(?:站|网|平台|号)|版权(?:归|属于)|著作权归"
    r"|授权.{0,20}(?:发表|发布|转载)|(?:原文|本页)链接\s*[:：]")
# "本文来自微信公众号：银发观察（ID：…），作者：…", "来源 | 某市公安局": where the text was taken from.
_PROVENANCE = re.compile(r"[*＊（(【\[]?(?:(?:本文|文章|此文|稿件)(?:来自|转自|转载自|来源于|来源|原载于?|首发于|经.{0,12}授权)"
                         r"|(?:来源|来自|转自|出处|原文|素材来源|内容来源)\s*[:：|｜丨])")
_SENTENCE_STOP = re.compile(r"[。！？!?]")


def staff_line(line: str) -> bool:
    """Roles and names only: "东湖财经记者 周晓 东湖财经编辑 吴涵", "编辑 陈默 校对 刘敏", "文｜郑可"."""
    if len(line) >= 60 or _SENTENCE_STOP.search(line):
        return False
    pieces = [p for p in _STAFF_SEP.split(line.strip("（()）【】[]□■◎●◆▲★▍ ")) if p]
    if not pieces or not _ROLE_PIECE.fullmatch(pieces[0]):
        return False
    if len(pieces) > 2 and re.fullmatch(r"[\u4e00-\u9fff]{0,6}报道", pieces[-1]):
        pieces.pop()
    names = [p for p in pieces if not _ROLE_PIECE.fullmatch(p)]
    return bool(names) and all(_NAME_PIECE.fullmatch(p) for p in names) and names[-1] == pieces[-1]


def promo_line(line: str) -> bool:
    """The site advertising its channels to the reader ("点击上方蓝字关注我们", "下载…官方APP")."""
    return len(line) < 120 and bool(_PROMO.search(line)) and not _NOT_PROMO.search(line)


def statement_line(line: str) -> bool:
    """A site's rights, fee or stance notice ("请作者与本站联系领取稿酬", "不代表本网立场")."""
    return len(line) < 300 and bool(STATEMENT.search(line))


# The site asking readers to report mistakes ("意见反馈留言板 电话：…", "欢迎批评指正", "新闻纠错"): the page's
# furniture under the text, never a sentence of it (a notice asking for "反馈意见。" ends with a full stop).
_FEEDBACK = re.compile(r"意见反馈|反馈(?:邮箱|电话|渠道)|欢迎(?:读者|网友|广大读者)?批评指正|(?:新闻|稿件|内容|我要)纠错|纠错(?:邮箱|电话)")


def feedback_line(line: str) -> bool:
    """A site's feedback or correction contact under the text ("新闻纠错 邮箱：…", "欢迎批评指正")."""
    return len(line) < 80 and not re.search(r"[。！？!?]$", line) and bool(_FEEDBACK.search(line))


_HASHTAGS = re.compile(r"(?:[#＃][^#＃\s，。]{1,20}[#＃]?\s*){2,}")


def tag_line(line: str) -> bool:
    """A row of topic tags under a post: "#非法集资 #养老诈骗 #平安清河"."""
    return len(line) < 200 and bool(_HASHTAGS.fullmatch(line))


def provenance_line(line: str) -> bool:
    """Where the text was taken from, over the article ("本文来自微信公众号：…", "来源 | 某某")."""
    return len(line) < 120 and bool(_PROVENANCE.match(line))


_FEED_HEADING = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{0,6}(?:快讯|电报|滚动(?:新闻|播报|资讯)?"
                           r"|7\s*[x×X*]\s*24(?:小时)?(?:快讯|直播|资讯|播报|滚动|全球直播)?)(?:列表|推荐|更多)?\s*[>》]*")
_STAMP = re.compile(r"(?:(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*|\d{1,2}\s*[-/月]\s*\d{1,2}(?:\s*日\s*|\s+))?"
                    r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?!\d)")
_WIRE = re.compile(r"(?:【[^】]{2,60}】)?\s*(?!据|另据|又据|此前|早前)[\u4e00-\u9fffA-Za-z（）()]{2,16}?\d{1,2}月\d{1,2}日(?:电|讯)")


def _item_stamp(line: str) -> tuple[int, int, int] | None:
    """The time of day a feed item opens with, when the line is that item's start."""
    m = _STAMP.match(line)
    if not m:
        return None
    rest = line[m.end():].strip()
    if rest and not (rest.startswith(("【", "[")) or _WIRE.match(rest)):
        return None
    h, mi, s = m.groups()
    return int(h), int(mi), int(s or 0)


def _stamps(lines: list[str]) -> list[tuple[int, int, int]]:
    return [(int(h), int(mi), int(s or 0)) for ln in lines if (m := _STAMP.match(ln)) for h, mi, s in [m.groups()]]


def _rising(lines: list[str]) -> bool:
    """Two or more lines open with a time of day, each later than the one before: a live report."""
    stamps = _stamps(lines)
    return len(stamps) >= 2 and all(a < b for a, b in zip(stamps, stamps[1:], strict=False))


# The headline of a live report: "图文直播｜…", "直播｜…", "【直播】…", "…滚动直播". A story about live streaming
# ("直播带货退款难") is no live report.
LIVE_TITLE = re.compile(r"^[【\[]?(?:图文|文字|视频|滚动|现场)?直播\s*[】\]｜|丨:：]|(?:图文|文字|滚动)直播")


def feed_cut(lines: list[str], live: bool = False) -> int | None:
    """Index of the line where the next feed item starts, or None (see the module docstring).

    On a `live` report (`LIVE_TITLE`) a time stamp opens its next entry, mostly newest first
    ("11:42 / 论坛进入圆桌讨论环节。/ 11:05 / …"), not a feed's next item; a feed heading or a second wire
    dateline still ends it."""
    wired = bool(lines) and bool(_WIRE.match(lines[0]))
    prose = False
    for i, line in enumerate(lines):
        if prose:
            if len(line) <= 14 and _FEED_HEADING.fullmatch(line):
                return i
            if wired and _WIRE.match(line):
                return i
            if live:
                continue  # a time stamp here opens the report's next entry (prose is already seen)
            if _item_stamp(line) is not None:
                return None if _rising(lines) else i
            # "10:28 央行开展…" (time and text in one line): a feed when several follow, newest first
            later = _stamps(lines[i:]) if _STAMP.match(line) else []
            if len(later) >= 2 and all(a > b for a, b in zip(later, later[1:], strict=False)):
                return i
        prose = prose or bool(_SENTENCE_STOP.search(line))
    return None
