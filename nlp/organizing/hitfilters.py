"""Reading cue hits in context, before they are scored (organizing detector, after the scan).

A cue word is not always a cue: a digit run may be a date, a word inside #topic# names the topic,
一起 after a named companion tells who went along, and a whole text may be written in a register
(article, notice, advertisement) that is never a call; and a post built as a call (a day, a place,
咱去) counts its going as a gather cue though no cue word is written. detector.py applies these in order.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date, datetime, timedelta, timezone
from typing import Any

from nlp.organizing.cues import OFFICE
from nlp.organizing.decode import Decoded
from nlp.organizing.venue import find_place
from nlp.regex_shape import guarded

Hits = dict[str, list[tuple[int, int, str]]]


def keep_hits(hits: Hits, name: str, kept: list[tuple[int, int, str]]) -> None:
    """What a filter leaves of one category: `kept`, or the category gone when nothing is left."""
    if kept:
        hits[name] = kept
    else:
        hits.pop(name, None)
_CST = timezone(timedelta(hours=8))
# A number followed by a unit is a quantity (24小时, 2019年), not a QQ or phone number.
_UNIT_AFTER = re.compile(r"\s?(?:小时|分钟|年|月|日|号|点|元|块|万|亿|%|％|人|个|天|家|笔|期|倍|次|位|名|条|岁|米|公里)")
# Dates, and 400/800 service lines (a company's hotline, not a group's number).
_DATE_LIKE = re.compile(r"(?:19|20)\d\d[-/. ]\d{1,2}|[48]00[- ]?\d{3}[- ]?\d{4}")
# 和室友一起去 tells a story about company; 大家一起去 asks people to come.
# 把大家的复印件一起带过去: 一起 after a thing carried gathers the things, not the people.
_COMPANION = re.compile(r"(?:和|跟|与|同|带(?![上好齐])着?|陪着?)(?!大家|我们|你们|咱们|各位|所有)[^，。！？!?,;；\s]{1,9}$|"
                        r"把[^，。！？!?,;；\s]{0,8}的[^，。！？!?,;；\s]{1,6}$")
_TOPIC = re.compile(r"#[^#\n]{1,40}#")
_DAYLESS_TIME = re.compile(r"[上下]午|早上|早晨|晚上|中午|\d{1,2}[点:：]|[一二三四五六七八九十两]{1,3}点")


def drop_company(hits: Hits, view: str) -> None:
    """和室友一起去, 陪爸妈一起去: 一起 after a named companion tells who went along, it asks nobody
    to come; those 一起 (and the gather cues built on them) are dropped."""
    together = [h for h in hits.get("together", ()) if h[2] in ("一起", "一块", "一同")]
    company = [h for h in together if _COMPANION.search(view[max(0, h[0] - 10):h[0]])]
    if not company:
        return
    for name in ("together", "gather"):
        if name in hits:
            kept = [h for h in hits[name] if not any(c[0] <= h[0] < c[1] for c in company)]
            keep_hits(hits, name, kept)


def count_once(hits: Hits) -> None:
    """One phrase is one piece of evidence: 一起去 is a gather cue, and the 一起 inside it does not
    count again as addressing people."""
    acts = [h for k in ("gather", "petition", "group", "campaign") for h in hits.get(k, ())]
    if not acts:
        return
    for name in ("mobilize", "imperative"):
        if name in hits:
            kept = [h for h in hits[name] if not any(a[0] <= h[0] and h[1] <= a[1] for a in acts)]
            keep_hits(hits, name, kept)


def drop_told_people(hits: Hits) -> None:
    """不想麻烦大家, 有结果回来跟大家说: people named inside a lone errand are told about it, not
    addressed to come, so that 大家 is no mobilizing word."""
    spans = [(h[0], h[1]) for h in hits.get("single", ())]
    if not spans or "mobilize" not in hits:
        return
    kept = [h for h in hits["mobilize"] if not any(a <= h[0] and h[1] <= b for a, b in spans)]
    keep_hits(hits, "mobilize", kept)


def drop_topic_names(hits: Hits, dec: Decoded, text: str) -> None:
    """Evidence inside a #topic# is the topic's name (#北京爆料#, #小资钱包抱团[超话]#), not the
    author asking anyone to act; the words around the tag still count."""
    if "#" not in text:
        return
    spans = [(m.start(), m.end()) for m in _TOPIC.finditer(text)]
    if not spans:
        return

    def inside(hit: tuple[int, int, str]) -> bool:
        start, end = dec.span(hit[0], hit[1])
        return any(s <= start and end <= e for s, e in spans)

    for name in list(hits):
        kept = [h for h in hits[name] if not inside(h)]
        keep_hits(hits, name, kept)


def drop_quantities(hits: Hits, view: str) -> None:
    """Drop digit runs that are dates or quantities from the group cues (a contact number stands alone)."""
    found = hits.get("group")
    if not found:
        return
    kept = [h for h in found if not h[2][0].isdigit()
            or not (_DATE_LIKE.match(h[2]) or _UNIT_AFTER.match(view, h[1]))]
    keep_hits(hits, "group", kept)


def drop_forbidden(hits: Hits) -> None:
    """先别都去, 别进那个群: the going or joining a warning forbids is not asked for; evidence that
    starts inside a warning's span (gather, together, mobilize, group) is dropped."""
    spans = [(h[0], h[1]) for h in hits.get("warning", ())]
    if not spans:
        return
    for name in ("gather", "together", "mobilize", "group"):
        if name in hits:
            kept = [h for h in hits[name] if not any(a <= h[0] < b for a, b in spans)]
            keep_hits(hits, name, kept)


# 两会期间别去，等两会结束…: a warning that only defers names when to go.
_DEFER = re.compile(r"[，,]?等[^，,。！!？?\n]{0,8}(?:结束|过了|过去|之后|以后)")


def drop_deferrals(hits: Hits, view: str) -> None:
    """A warning followed by 等…结束 (wait until) puts the going off; it does not argue against it."""
    if "warning" not in hits:
        return
    kept = [h for h in hits["warning"] if not _DEFER.match(view, h[1], h[1] + 16)
            and not _DEFER.match(view, h[1] + 1, h[1] + 16)]
    keep_hits(hits, "warning", kept)


def genre_of(hits: Hits) -> str | None:
    """"article", "notice" or "ad" when the text is written in that register, else None.

    The desk reads calls as posts addressed to fellow victims. A published article (byline, source,
    wire dateline), an official notice or court report, and an advertisement (selling words, two or
    more) are not calls whatever they report or quote, so they are not scored at all: a news story
    about a planned 上访 is news for the desk, and an ad's "加我微信" recruits customers."""
    if "byline" in hits:
        return "article"
    if "notice" in hits:
        return "notice"
    if len({h[2] for h in hits.get("commerce", ())}) >= 2:
        return "ad"
    return None


# "We go" addressed to fellow victims (咱去, 咱们都过去, 大伙儿一块去, 跟着我, 能来的都来, 我在门口等大家):
# with a future time and a place this is a call though no cue word is written. "我们去" counts only
# with a cause or an office (below): alone it is as often a family's plan.
_WE_GO = guarded(
    r"(?:咱们?|大家|大伙儿?|兄弟们|姐妹们|我们)(?:就|都|一起|一块儿?|一齐)?(?:过|上|赶)?去|"
    # 周三上午十点区金融办门口，谁去？ asks who goes.
    r"(?:有)?谁(?:一起|和我|跟我)?去[?？]|"
    # 大家到平台原来的办公室去看看: the going split around its place.
    r"(?:咱们?|大家|大伙儿?|兄弟们|姐妹们)(?:就|都|一起|一块儿?|一齐)?到[^,，。!！?？\n]{2,12}?去(?![了过])|"
    r"跟着我(?:走|去|来)?(?=[,，。!！\s]|$)|(?:见|碰)个面|都(?:过|上)?(?:来|去|到)(?![了过])|都上(?=[^,，。!！?？\n]{0,10}(?:门口|楼下|大门|政府|信访|局|委|院|办))|"
    r"能(?:来|到|去)的|多来(?:几个|点|些)|(?:我|咱)[^,，。!！?？\n]{0,12}等(?:你们|大家|各位)"
)
# What makes the going a call rather than an outing: a grievance, someone to face, money owed.
_CAUSE = guarded(r"(?:他|她)家|老板|老总|法人|实控人|董事长|负责人|总监|财务|还钱|还我|退钱|退款|退费|押金|要钱|要回|说法|兑付|本金|血汗钱|账|下落")
_DOOR = guarded(r"门口|楼下|大门|门前|[东西南北]门|总部|售楼|办公|政府|信访|金融|法院|公安|经侦|检察|[局委]|街道办|村委")
# A terse appointment opens the post (or a line) with its day and place: "下周一上午十点，区政府门口，还钱为止".
_HEAD = 30
_TERSE = 120
# The place of a schedule stands in its own slot ("，区政府门口，"); a place that opens a sentence
# (北京市公安局海淀分局对…立案侦查) or a date with its year (2019年4月26日) is a record, not an appointment.
_SLOT = re.compile(r"([^，,。！!？?；;\n\s]{0,8})(?:[，,。！!？?；;\n\s]|$)")
_RECORD = re.compile(r"对|将|已|于|发布|通报|立案|称|表示|召开|举行|开展|成立")
_YEAR = re.compile(r"\d{4}年\s*$")


_MOVE = re.compile(r"去|到|赴|前往|奔|冲|杀到|围|都上|齐上|一起上")
_OFFICE_RX = re.compile(OFFICE)
_FACED = re.compile(OFFICE + r"|门口|楼下|大门|门前|总部|售楼处")


def named_office(hits: Hits) -> tuple[str, int] | None:
    """The office a post names as where to go when find_place cannot frame it: under a layout's
    place label (地点：信访局门口那棵大榕树), or after a movement verb (都上区政府门口, 去市监局三楼)."""
    if "layout" in hits:
        offices = [h for h in hits.get("place", ()) if _FACED.search(h[2])]
        if offices:
            return offices[0][2], offices[0][0]
    moves = [h for h in hits.get("petition", ()) if _MOVE.match(h[2]) and _OFFICE_RX.search(h[2])]
    return (moves[0][2], moves[0][0]) if moves else None


def has_cause(view: str) -> bool:
    """The post names money owed or someone to face (老板, 还钱, 门口): going there is not an outing."""
    return bool(_CAUSE.search(view))


def plain_call(hits: Hits, scan: Any, view: str) -> bool:
    """A post whose structure is a call gets it as evidence though no cue word is written.

    Two structures: a day, a place and people told to go there together ("下周四早上九点，老板办公室
    （创业大厦1206），咱去…", counted as a gather cue); and a schedule that opens the post or a line
    with a day and a place side by side ("万豪花园3栋楼下，后天早上六点半，…" — the register of an
    appointment passed among people who know why, counted as a "schedule" cue). Either way the time
    must name a day and lie within a clause or two of the place, and the place must be faced (a door,
    an office) or the post must name a cause; past tense and notices still count against it in the
    score and the filters."""
    # Cheap tests first. A schedule with no going word is a terse post: a few lines at most.
    go = _WE_GO.search(view)
    if go is None and len(view) > _TERSE:
        return False
    cause = bool(_CAUSE.search(view) or scan.hits(("grievance",)))
    if not cause and not _DOOR.search(view):
        return False
    times = [h for h in scan.hits(("time",)).get("time", ()) if not _DAYLESS_TIME.fullmatch(h[2])]
    if not times:
        return False
    starts = [0] + [m.end() for m in re.finditer(r"\n", view)]

    def head(pos: int) -> bool:
        return any(0 <= pos - s0 <= _HEAD for s0 in starts)

    if go is None and not any(head(t[0]) for t in times):
        return False
    place = find_place(view)
    if place is None:
        # An office named inside a longer address (市监局三楼投诉大厅) is still the place faced.
        offices = [h for h in hits.get("place", ()) if _DOOR.search(h[2])]
        place = (offices[0][2], offices[0][0]) if offices else None
    if place is None or not any(abs(t[0] - place[1]) <= 40 for t in times):
        return False
    if not (cause or _DOOR.search(place[0])):
        return False  # 周六咱们去万达广场看电影: an outing
    if go is not None and abs(go.start() - place[1]) <= 40:
        hits["gather"] = [(go.start(), go.end(), go.group(0))]
        return True
    # A bare schedule must say why or to whom (还钱为止, 都来, 务必); told in the past tense or of
    # one's own errand (我自己去, 我老公的案子开庭) it is a diary, not an appointment.
    if not (cause or any(k in hits for k in ("mobilize", "together", "imperative"))) \
            or scan.hits(("past", "single")):
        return False
    near = [t for t in times if abs(t[0] - place[1]) <= 20 and head(t[0]) and not _YEAR.search(view[:t[0]])]
    slot = _SLOT.match(view, place[1] + len(place[0]))
    if near and head(place[1]) and slot is not None and not _RECORD.search(slot.group(1)):
        hits["schedule"] = [(min(near[0][0], place[1]), max(near[0][1], place[1] + len(place[0])), place[0])]
        return True
    return False


_QUOTED = re.compile(r"[“\"「『‘]([^”\"」』’\n]{1,12})[”\"」』’]")
_THIS_TIME = re.compile(r"这次|这回|这一次|这一回")
_LAST_TIME = ("上次", "上回", "之前", "那次")
_MANNER = re.compile(r"理性|依法|合法|安全|携带|危险|过激|冲突|秩序")
_CLAUSE = re.compile(r"[^，,。！!？?；;\n]+")


def drop_ironies(hits: Hits, view: str) -> None:
    """Words that seem to speak against a call but point the other way. A pastime in scare quotes
    (各位“同学”, “同学会”) is the cover a call hides behind, not the pastime; an organiser's own
    conduct rules (请理性维权) are part of the call; details still to fix count only where people are
    addressed (兄弟们…地方到时候再商量, not 周末吃饭…时间再商量); and the past told to set up "this time"
    (上次去的人太少，这次每家来一个) argues for going again, not a diary."""
    if "benign" in hits:
        # Once the pastime is named as a cover, its other words (同学聚会 after 各位“同学”) are the cover too.
        quoted = [m.span(1) for m in _QUOTED.finditer(view)]
        if any(a <= h[0] and h[1] <= b for a, b in quoted for h in hits["benign"]):
            del hits["benign"]
    # An organiser's conduct rules for an appointment (a time, a place, we) — 请理性维权, 不要携带危险
    # 物品 — say how to go, not whether to: with no warning against the going itself, they are part of the call.
    appointment = "together" in hits and "time" in hits and "place" in hits
    if "warning" in hits and appointment and all(_MANNER.search(h[2]) for h in hits["warning"]):
        del hits["warning"]
        kept = [h for h in hits.get("report", ()) if h[2] != "携带"]
        keep_hits(hits, "report", kept)
    # Details still to fix (地点再商量) tell of an agreed going only when people are addressed.
    if "pending" in hits and "mobilize" not in hits:
        del hits["pending"]
    if "past" in hits:
        if _THIS_TIME.search(view) is None:
            return
        # The clauses that tell the last time, before or after "this time".
        told = [m.span() for m in _CLAUSE.finditer(view) if any(w in m.group(0) for w in _LAST_TIME)]
        if told:
            kept = [h for h in hits["past"] if not any(a <= h[0] < b for a, b in told)]
            keep_hits(hits, "past", kept)


# Whom a post may speak to: people by the kind of harm or bond they share (受害人, 兄弟伙, 你们).
_ADDRESSEES = re.compile(
    r"你们|大家|大伙|各位|诸位|兄弟|姐妹|老乡|乡亲|家人们|朋友们|同胞|难友|受害|出借人|投资人|债权人|业主|工友|"
    r"同事们|家长们|老铁|街坊|跟着我|跟我(?:去|来|走|一起)"
)
_ME = re.compile(r"(?<![还给让叫找骗坑害帮])(?:我|俺)(?!们)|本人")  # 还我本金 is a slogan, not a speaker
_ADDRESSING = ("mobilize", "together", "group", "campaign", "imperative")
# Verbs only a group can do (集合, 碰头, 门口见): whoever writes 我 beside them still calls others.
# 不来的 and 人凑不齐 count the others who are to come.
COLLECTIVE = re.compile(r"集合|集结|聚集|碰头|会合|汇合|不见不散|见$|到齐|人齐|凑齐|聚一|不来的|凑不齐|人不齐")


def lone_plan(hits: Hits, view: str) -> bool:
    """我明天再去信访局, 区法院门口等我，我陪你去立案, 如果再不给说法我就去公司楼下拉横幅: one person's
    own plan (or a threat, or an errand with one companion) names its going but addresses nobody,
    so it calls no one. True when the writer speaks as 我 and no word asks people to come (大家,
    一起, 进群, 务必, or a verb only a group does: 集合, 门口见) nor names those it speaks to (受害人,
    兄弟们, 你们)."""
    if any(k in hits for k in _ADDRESSING) or any(COLLECTIVE.search(h[2]) for h in hits.get("gather", ())):
        return False
    return bool(_ME.search(view)) and not _ADDRESSEES.search(view)


# A post that calls what it quotes false: 网传“…集合”系谣言, “…”的消息不实, 本群从未发布过,
# 所谓“维权群”收费入群都是骗子.
_DENIAL = guarded(r"谣言|辟谣|不实|假消息|假通知|所谓|骗子|骗局|假群|冒充|(?:纯属|系)(?:捏造|编造|虚构)|(?:从未|从来没有?|没有|并未)(?:发布|发出|组织|发起|号召)过?")
_QUOTE = re.compile(r"[“\"「『‘]([^”\"」』’\n]{2,80})[”\"」』’]")


def drop_denied(hits: Hits, view: str) -> None:
    """网传“本周五全体到市政府集合”系谣言: a call quoted in order to deny it is not asked for; the
    evidence inside the quotation marks of a post that speaks of a rumour or a false notice is
    dropped (the words around the quote still count)."""
    if not _DENIAL.search(view):
        return
    _drop_inside(hits, [m.span(1) for m in _QUOTE.finditer(view)])


def _drop_inside(hits: Hits, spans: list[tuple[int, int]], names: tuple[str, ...] | None = None) -> None:
    """Drop every hit (of `names`, or of any category) lying wholly inside one of `spans`."""
    if not spans:
        return
    for name in [n for n in hits if names is None or n in names]:
        kept = [h for h in hits[name] if not any(a <= h[0] and h[1] <= b for a, b in spans)]
        keep_hits(hits, name, kept)


# 梦见大家周五在平台总部楼下集合, 梦里的平台总部楼下集合: what follows, to the end of the sentence, was dreamt.
_DREAMT = re.compile(r"(?:梦见|梦到|梦里|梦中|做了(?:个|一个)梦)[^。！!？?\n]*|"
                     # 要是大家都去省里，会不会有用？我就是随便想想: a musing, owned as one.
                     r"[^。！!\n]*?(?:随便想想|随口说说|随便说说|想想而已|说说而已|就是想想|只是想想|瞎想想)")


def drop_dreamt(hits: Hits, view: str) -> None:
    """A gathering told as dreamt (昨晚梦见大家…集合，老板当场退钱) is a joke or a wish, not an
    appointment: the cues from a dream word to the end of its sentence are dropped; so are those of
    a musing its writer owns as one (…会不会有用？我就是随便想想)."""
    if "梦" in view or "想想" in view or "说说" in view:
        _drop_inside(hits, [m.span() for m in _DREAMT.finditer(view)])


_OFFICIAL = r"(?:书记|市长|省长|州长|县长|区长|镇长|局长|厅长|部长|主任|院长|检察长|领导|代表|委员)"
# A post written as a letter to an office or an official: 致省公安厅的一封公开信：, 尊敬的市长：, 市委书记您好.
_LETTER = re.compile(
    r"^\s*(?:@\S+\s*)*(?:致[^，。！？:：\n]{0,16}?(?:" + OFFICE + "|" + _OFFICIAL + r")(?:的(?:一封)?[^，。！？:：\n]{0,4}信)?\s*[:：]|"
    r"尊敬的[^，。！？:：\n]{0,12}?(?:" + OFFICE + "|" + _OFFICIAL + r")[^，。！？\n]{0,4}?[:：,，]|"
    r"[^，。！？\n]{0,10}?" + _OFFICIAL + r"(?:您好|你好))"
)
# Fellow victims addressed inside such a letter (大家, 各位出借人) turn it into a call after all.
_PEERS = re.compile(r"大家|大伙|各位(?!领导)|兄弟|姐妹|难友|家人们|朋友们|老乡们|乡亲们")


def letter_to_office(hits: Hits, view: str) -> bool:
    """尊敬的市长：…恳请您亲自过问; 致省公安厅的一封公开信：…: a demand written to an authority speaks
    for victims but calls none of them to act. True when the post opens as a letter to an office or
    an official and addresses no fellow victims nor asks anyone into a group (我们 is the writers)."""
    if not _LETTER.match(view) or "group" in hits:
        return False
    return not any(_PEERS.search(h[2]) for h in hits.get("mobilize", ()))


# 出借人群的人已经能组个足球队了, 维权群里的人都说, 群里有卧底: the members of a group are talked about.
_MEMBERS = re.compile(r"里?的?人|里面?有")
# 求拉群, 求个群号, 有群的拉我一下: the writer asks to be let in.
_ASKED = re.compile(r"求(?:个|一个|大佬|好心人)?$")


def drop_requests(hits: Hits, view: str) -> None:
    """求拉群, 有群的拉我: a group the writer asks to be let into is not one they invite people to
    join, nor is one whose members are talked about (群里的人都说); those group cues are dropped
    (an offer in the same post, 没有的话我建一个, still counts)."""
    found = hits.get("group")
    if not found:
        return
    kept = [h for h in found if not (h[2].startswith(("拉我", "带我")) or _ASKED.search(view[max(0, h[0] - 4):h[0]])
                                     or (h[2].endswith("群") and _MEMBERS.match(view, h[1])))]
    keep_hits(hits, "group", kept)


_MONTH_DAY = re.compile(r"(\d{1,2})月(\d{1,2})[日号]?")
_RESCHEDULED = re.compile(r"原定|原计划|本来定|改期|推迟|延期|改到|改成|顺延")
_DAY = re.compile(r"(\d{1,2})[日号]")


def _nearest_day(published: date, month: int | None, day: int) -> date | None:
    """The occurrence of month/day (or of the day alone, in a month around `published`) nearest to
    `published`: a date without a year, or a day without a month, means that one."""
    options = []
    for step in (-1, 0, 1):
        if month is None:  # last, this or next month
            year, mon = divmod(published.year * 12 + published.month - 1 + step, 12)
            args = (year, mon + 1, day)
        else:
            args = (published.year + step, month, day)
        with contextlib.suppress(ValueError):
            options.append(date(*args))
    return min(options, key=lambda d: abs((d - published).days)) if options else None


def drop_passed_dates(hits: Hits, view: str, published: datetime) -> None:
    """4月20号那天去省信访局的兄弟姐妹们辛苦了, written on 4月22日: a date whose nearest occurrence
    is already behind the post dates a story, not an appointment. Such time cues move to the past
    cues (as gathering.py already refuses them as a gathering's time). A day put off (原定7月1日的
    行动改期) stays: the going it was set for still stands."""
    found = hits.get("time")
    if not found:
        return
    today = (published.astimezone(_CST) if published.tzinfo else published).date()
    passed = []
    for h in found:
        m = _MONTH_DAY.fullmatch(h[2]) or _DAY.fullmatch(h[2])
        if m is None:
            continue
        month, day = (int(m.group(1)), int(m.group(2))) if m.re is _MONTH_DAY else (None, int(m.group(1)))
        when = _nearest_day(today, month, day)
        # 原定7月1日的行动改期: the day set is put off, the going still stands.
        if when is not None and when < today and not _RESCHEDULED.search(view[max(0, h[0] - 4):h[1] + 12]):
            passed.append(h)
    if not passed:
        return
    kept = [h for h in found if h not in passed]
    keep_hits(hits, "time", kept)
    hits["past"] = sorted(hits.get("past", []) + passed)


_FORWARDED = re.compile(r"//\s*@")
# Passing a post on (扩散, 转发, 顶) supports the call forwarded; it is not a call of one's own.
_RELAY = re.compile(r"扩散|转发|转告|顶上去|帮转")
_SHORT_OWN = 12  # characters: a reply this short with no time or place of its own endorses what it forwards


def own_words_end(view: str, scanner: Any, action: tuple[str, ...]) -> int | None:
    """我们也该动起来了，周三上午十点区金融办门口，谁去？//@某新闻:【昨日…聚集后…】: in a repost the
    writer's own words come before the first //@, the post they answer after it. When the writer's
    own words hold a call (evidence other than passing the post on, or a plain call), the forwarded
    part is what they react to, and its news register, past tense and events are not theirs: the
    offset where it starts is returned and the post is read up to there. A bare relay
    (扩散//@…集合) keeps the call it forwards: None."""
    m = _FORWARDED.search(view)
    if m is None or m.start() == 0:
        return None
    own = view[:m.start()]
    scan = scanner.scan(own)
    hits = scan.hits(action)
    if len(own.strip()) <= _SHORT_OWN and not scan.hits(("time", "place")):
        return None  # 转发!大家都去//@…: going along with the call forwarded; its when and where are there
    if any(not _RELAY.search(h[2]) for found in hits.values() for h in found):
        return m.start()
    if not hits and plain_call(scan.hits(("mobilize", "together", "imperative", "place")), scan, own):
        return m.start()
    return None


_REGISTER = ("benign", "report")
_NAMED_BEFORE = re.compile(r"[^，,。！!？?；;\s]{2,16}[(（]$")


def drop_place_names(hits: Hits, view: str) -> None:
    """在天和律师事务所（国贸大厦17楼）会议室签委托书: a word that names the place people are called to
    (a law firm, a hotel, a stadium) says where, not that the post is an ad or an outing; register
    cues inside the gathering place are dropped."""
    if not any(k in hits for k in _REGISTER):
        return
    place = find_place(view)
    if place is None:
        return
    # A bracketed address stands for the place it follows (律所（中山路58号3楼）): both are the place.
    start, end = place[1], place[1] + len(place[0])
    if end < len(view) and view[end] in ")）":
        head = _NAMED_BEFORE.search(view, 0, start)
        start = head.start() if head else start
    _drop_inside(hits, [(start, end)], _REGISTER)


# 五一别出去玩了, 七夕别约会了: a day off given up for the action; the pastime named is what is forgone.
_FORGO = re.compile(r"(?:别|不要|莫|甭)(?:出去|去)?(?:玩|约会|旅游|逛街|睡懒觉|过节|走亲戚)了")


def drop_forgone(hits: Hits) -> None:
    """别出去玩了 asks people to give up their day for the gathering: the warning (别…去) and the
    pastime (出去玩) inside it argue for going, not against it."""
    spans = [(h[0], h[1]) for h in hits.get("mobilize", ()) if _FORGO.fullmatch(h[2])]
    if spans:
        _drop_inside(hits, spans, ("warning", "benign"))


# The end of a shouted command: 去省政府！, 明天都去！
_SHOUT = re.compile(r"(?:门口|楼下|大门)?\s*[!！]")
_TIMEWORD = re.compile(r"(?:明天|后天|今晚|周[一二三四五六日天末]|大家|大伙|咱们|我们|都)$")
_OPENS = "，,。！!？?；;\n \t"


def exclaimed(hits: Hits, view: str) -> None:
    """去省政府！去省政府！, 明天都去！: a going word that stands as its own sentence and ends in an
    exclamation mark is shouted at whoever reads it; it is counted as addressing people."""
    found = []
    for name in ("petition", "gather"):
        for h in hits.get(name, ()):
            before = view[h[0] - 1] if h[0] else "\n"
            if _SHOUT.match(view, h[1]) and (before in _OPENS or _TIMEWORD.search(view, max(0, h[0] - 3), h[0])):
                found.append((h[0], h[1], h[2]))
    if found:
        hits["mobilize"] = sorted(hits.get("mobilize", []) + found)


