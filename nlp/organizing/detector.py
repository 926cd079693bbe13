"""Collective-organizing detector: does a post try to get several people to act together?

Evidence cues (gather, petition, group, campaign, mobilize, euphemism) raise a logistic score;
context (news/police register, past tense, warnings against gathering, benign group fun, one
person's own errand, plain questions, demands addressed to authorities) lowers it. The weights are
fitted (weights.py) on the project's labelled fixture sets. `is_call` = score ≥ threshold (config,
default 0.5). Some texts are not scored at all: articles, official notices and ads (hitfilters.
genre_of), and pastimes with nothing to face (_pastime): a call is addressed to fellow victims.
A contact request (私信我, 加我微信) that names no group and nothing to face is one person's,
and a part of the day with a place (下午, 公司楼下) tells a story unless an action or a day goes with it.
For calls, gathering.py resolves the concrete time and place when both are given; it reads the
decoded view first, then the text as written, where a space still separates time from place.
A gather verb naming whom it faces (a banner, the boss's home) is not idle talk.
A call is also recognised by its register with no call word at all: an appointment laid out as a
notice (时间：… 地点：…, ⏰/📍 lines) or a bare schedule opening the post ("下周一上午十点，区政府门口，
还钱为止", hitfilters.plain_call); both score as a gather cue.
Whom a post speaks to decides as much as its words: one person's own plan or threat (我明天再去,
如果…我就去…拉横幅) and a letter to an official (尊敬的市长：) call nobody; a call quoted to deny it
(网传“…集合”系谣言) or told as dreamt is not asked for; a repost whose writer calls is read up to the
first //@; a date already behind the post dates a story (hitfilters: lone_plan, letter_to_office,
drop_denied, drop_dreamt, own_words_end, drop_passed_dates).
How a post frames its call words can also call no one (framing.py): a call quoted from a third
party (有网民号召‘…’), a counterfactual (要是当初…), a past act thanked, resigned sarcasm, a warning
against a fake or fee-charging group, a gathering called off (the other side's promised day is no
new date), a joke taken back (开玩笑的) or an ironic what-if, a complaint the writer already made.
A pasted group chat (name: text lines) is read from the line that settles the plan (transcript.py).
A second reader (textmodel.py, a character model fitted on the same sets plus everyday chatter) may
still hear a call where the cues heard none or too little: only in short posts that the negative
filters above let through, that speak to several people about money lost, and that tell no story of
what was already done (_rescued).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from nlp.organizing.cues import ACTION, CONTEXT, EVIDENCE, OFFICE, SCANNER
from nlp.organizing.decode import decode, mask_names
from nlp.organizing.framing import (
    called_off,
    carried_on,
    drop_counterfactual,
    drop_crowd_seen,
    drop_fake_warnings,
    drop_forbidden_tail,
    drop_object_we,
    drop_own_done,
    drop_redirected,
    drop_relayed,
    drop_warned_ads,
    sarcastic,
    thanked_story,
    warns_of_group,
)
from nlp.organizing.gathering import combine, find_place, find_times
from nlp.organizing.hitfilters import (
    COLLECTIVE,
    count_once,
    drop_company,
    drop_deferrals,
    drop_denied,
    drop_dreamt,
    drop_forbidden,
    drop_forgone,
    drop_ironies,
    drop_passed_dates,
    drop_place_names,
    drop_quantities,
    drop_requests,
    drop_told_people,
    drop_topic_names,
    exclaimed,
    genre_of,
    has_cause,
    letter_to_office,
    lone_plan,
    named_office,
    own_words_end,
    plain_call,
)
from nlp.organizing.places import locate
from nlp.organizing.textmodel import TextCallModel, load_text_model
from nlp.organizing.transcript import settled_from
from nlp.organizing.venue import is_private_place
from nlp.organizing.weights import load_weights

# Categories whose presence is a feature (time and place only feed the derived features).
FEATURE_CATEGORIES = frozenset({
    "layout", "schedule", "gather", "petition", "group", "campaign", "mobilize", "together", "imperative", "euphemism", "pending", "euphemism_weak",
    "grievance", "report", "past", "warning", "benign", "single", "abstain", "question",
    "appeal",
})
_GROUP_JOIN = ("加", "进", "入", "拉", "建", "扫", "私", "群号", "二维码", "v我", "V我", "会议号", "转移", "新群", "二群", "三群",
               "搜", "在这", "门牌", "简介", "主页", "置顶", ":", "：")
_STRONG_GROUP = ("维权", "受害", "债权人", "出借人", "投资人", "报案", "登记", "追损", "挽损", "自救", "群号", "扫码", "二维码",
                 "拉你", "私信拉", "私聊拉", "会议号")
_OFFICE = re.compile(OFFICE)
_TARGET = re.compile(r"还款|还贷|停贷|断供|缴费|交费|供楼|不交|不还|不缴|别交|别还|停交|律师|官司|123\d\d|热线|信箱|留言|记者|媒体|报|电话|投诉|@|话题|热搜|联名|信|投稿|捅出去|曝光|登记|请愿|回执")
# Protest itself names what is faced: a banner, a sit-in, a blocked door.
# The next step settled once people are there (人齐了再说下一步) belongs to an action under way.
_PROTEST = re.compile(r"再来?(?:说|定|商量|决定)下一步|横幅|举牌|牌子|静坐|堵|守着|蹲守|条幅|老板|老总|法人|实控人|董事长|家门口|说法|公道|维权|声援|旁听|递交|讨|听证|开庭|庭审|宣判|"
                      r"集体行动|一个都别少|一个都不能少|一个不能少|拧成一股绳|单打独斗|没人听|没人理|没人管|没用|散着不行")
_GROUPISH = re.compile(r"群|会议|联盟|小组|互助会|委员会|组织|直播间")
# A floor of a named building (公司18楼) is an office one goes to face.
_FACED = re.compile(OFFICE + r"|门口|楼下|大门|门前|总部|售楼处|\d{1,2}(?:楼|层)")
# A part of the day or a clock time alone (下午, 三点) may be today, already past: it names no day.
_DAYLESS = re.compile(r"[上下]午|早上|早晨|晚上|中午|\d{1,2}[点:：]|[一二三四五六七八九十两]{1,3}点")
# Keycap digits (1️⃣0️⃣点, 🔟点) are digits written as emoji.
_KEYCAP = re.compile(r"(\d)\uFE0F?\u20E3")
_THEIRS = re.compile(r"(?:他们|她们|平台|骗子|老板)的?(?:公司|办公室|总部|门店|办公楼|办公地点|新地址)")
_FAMILY = re.compile(r"老婆|老公|爱人|媳妇|妈|爸|父母|家人|孩子|女儿|儿子|老人")
_SYMBOLS = re.compile(r"\s*[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D]+\s*")
_PAST_TIME = re.compile(r"(?:昨天|前天|上周|上个?星期|上个?礼拜|上个?月|去年)[^，,。！!？?；;\n]{0,6}")
LONG_TEXT = 300  # characters; articles and pasted pages run long, calls are a few lines
# The second reader (textmodel.py) is asked only about posts that speak to several people about money
# lost: alone it hears calls in fan chatter and outings. Threshold chosen on blind set 9 and the tune
# halves of the real data (0.6: recall up, no new false call on 4,961 Weibo posts).
TEXT_THRESHOLD = 0.6
_DONE = re.compile(r"(?:已经?|刚刚?)(?:到|去|在|递交|提交|交|办|签|报)")
_AHEAD = re.compile(r"明天|明早|明晚|后天|下周|下星期|下礼拜|下个?月|这周|本周|这个?星期|周末|今晚|到时候|月底")
# 流程分享给大家, 供大家参考: what the writer has done, offered as a how-to, not a call to come along.
_COME = re.compile(r"快来|速来|快过来|赶紧(?:过)?来|都来|都过来|马上(?:过)?来|现在(?:过)?来")
_SHARED = re.compile(r"(?:流程|经验|过程|步骤|材料清单)(?:分享|供|给)|分享给大家|分享一下|供大家参考|给大家参考|仅供参考|给大家(?:做个|提供)?参考")
_ADDRESSED = re.compile(r"大家|大伙|各位|兄弟|姐妹|家人们|亲们|全体|统一|都来|都去|都出来|都转|一起|一块|集体|联名|谁不来|别缺席"
                        r"|报名|接龙|约起|不见不散|集合|到场|人越多|群里|群公告|(?:出借人|投资人|受害人|储户|债权人)们")
# Money lost, or a platform named the way platforms are ("国鼎投资", "金谷财富", "#鸿运资本理财#").
_LOSS = re.compile(r"被骗|出借人|投资人|受害|债权人|储户|维权|爆雷|暴雷|跑路|失联|逾期|本金|血汗钱|集资|理财|骗子|兑付|还钱|退钱"
                   r"|要钱|钱|[\u4e00-\u9fff]{2}(?:投资|财富|金服|金融|资本|资产|理财|银行|[贷宝])")
# An appointment's layout (时间：… 地点：…) and a bare schedule (下周一上午十点，区政府门口) do what a
# gather verb does; they are scored as one, so every set's gather calls teach their weight.
_AS_FEATURE = {"layout": "gather", "schedule": "gather", "pending": "euphemism"}
_WHEN = ("时间", "具体时间", "日子", "日期", "哪天", "几号")
_AS_USUAL = frozenset({"老规矩", "老样子"})
_COUNTED = {"report": 3, "past": 2, "gather": 2, "campaign": 2, "mobilize": 2, "imperative": 2, "benign": 2}


@dataclass(slots=True)
class OrganizingResult:
    score: float
    is_call: bool
    cues: list[dict[str, Any]] = field(default_factory=list)
    gathering: dict[str, Any] | None = None
    features: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "is_call": self.is_call, "cues": self.cues, "gathering": self.gathering}


class OrganizingDetector:
    def __init__(self, threshold: float = 0.5, text_model: TextCallModel | None | bool = True,
                 text_threshold: float = TEXT_THRESHOLD) -> None:
        """`text_model`: the second reader (True: the packaged one; None or False: rules only)."""
        self.threshold = threshold
        self.text_model = load_text_model() if text_model is True else (text_model or None)
        self.text_threshold = text_threshold

    def features(self, text: str, published: datetime, names_platform: bool = False) -> dict[str, float]:
        """The feature values the score is computed from (empty when no evidence at all)."""
        return self.detect(text, published, names_platform, want_gathering=False).features

    def detect(self, text: str, published: datetime, names_platform: bool = False,
               want_gathering: bool = True) -> OrganizingResult:
        """Score one normalized text; `published` (aware) anchors relative times. `names_platform`:
        the post names a watched platform (from the linker), which gives a gathering its cause."""
        if not text:
            return OrganizingResult(0.0, False)
        # Names are masked before decoding, which joins characters across spaces and # signs.
        masked, handles = mask_names(text)
        dec = decode(masked)
        view = dec.text
        own_end = own_words_end(view, SCANNER, ACTION) if "//" in view else None
        if own_end is not None:  # a repost whose writer calls: read their own words only
            view = view[:own_end]
            masked = masked[:dec.span(own_end, own_end)[0]]
        # A pasted group chat: read from the line that settles the plan (transcript.py).
        base = settled_from(view) or 0
        if base:
            view = view[base:]
            masked = masked[dec.span(base, base)[0]:]
        scan = SCANNER.scan(view)
        hits = scan.hits(EVIDENCE + ("together",))
        drop_quantities(hits, view)
        drop_requests(hits, view)
        drop_topic_names(hits, dec, text)
        drop_denied(hits, view)
        drop_dreamt(hits, view)
        drop_relayed(hits, view)
        drop_counterfactual(hits, view)
        drop_object_we(hits, view)
        drop_crowd_seen(hits, view)
        drop_own_done(hits, view)
        count_once(hits)
        drop_company(hits, view)
        exclaimed(hits, view)
        # 具体哪天投票决定, 时间另行通知: the going is agreed but its day is not, so no gathering has one.
        undecided = any(h[2].startswith(_WHEN) for h in hits.get("pending", ()))
        plain = not any(k in hits for k in ACTION) and plain_call(hits, scan, view)
        # A place word alone (公司, 政府) starts nothing; with people addressed it may be a bare
        # "time, place, 都来" call.
        quiet = not any(k in hits for k in ACTION) and not (
            "place" in hits and any(k in hits for k in ("mobilize", "imperative", "together")))
        if quiet and not self._may_rescue(view):
            return OrganizingResult(0.0, False)
        hits.update(scan.hits(c for c in CONTEXT if c != "together"))
        drop_warned_ads(hits, view)
        if genre_of(hits) is not None or letter_to_office(hits, view):
            return OrganizingResult(0.0, False)
        if quiet:  # no call word: only the second reader may still hear a call
            return self._rescued(hits, view, published, want_gathering and not undecided) or OrganizingResult(0.0, False)
        drop_forgone(hits)
        drop_redirected(hits, view)
        drop_denied(hits, view)  # again, for the time and place quoted
        drop_dreamt(hits, view)
        drop_relayed(hits, view)
        drop_counterfactual(hits, view)
        drop_passed_dates(hits, view, published)
        drop_place_names(hits, view)
        drop_ironies(hits, view)
        drop_told_people(hits)
        drop_deferrals(hits, view)
        drop_forbidden(hits)
        drop_forbidden_tail(hits)
        drop_fake_warnings(hits, view)
        feats = self._features(hits, view, plain, masked if view != masked else None)
        if handles:
            feats["mentions"] = 1.0 if handles < 3 else 1.5
        if len(view) > LONG_TEXT:
            feats["long"] = 1.0
        if names_platform:
            feats.pop("no_cause", None)
            feats.pop("idle", None)
        if _pastime(hits, feats, names_platform) or lone_plan(hits, view) or _shared_experience(hits, view) \
                or _framed_away(hits, view):
            return OrganizingResult(0.0, False)
        bias, weights = load_weights()
        z = bias + sum(weights.get(k, 0.0) * v for k, v in feats.items())
        score = 1.0 / (1.0 + math.exp(-z))
        cues: list[dict[str, Any]] = []
        for name in EVIDENCE:
            if name in ("place",):
                continue
            for start, end, _txt in hits.get(name, ())[:5]:
                o_start, o_end = dec.span(base + start, base + end)
                cues.append({"type": name, "text": text[o_start:o_end], "start": o_start, "end": o_end})
        cues.sort(key=lambda c: c["start"])
        is_call = score >= self.threshold
        if not is_call and (rescued := self._rescued(hits, view, published, want_gathering and not undecided)) is not None:
            return OrganizingResult(rescued.score, True, cues, rescued.gathering, feats)
        gathering = None
        if is_call and want_gathering and not undecided:
            # Decoding joins words across spaces; terse calls use a space as their comma
            # ("12号早上8点半 省委信访接待大厅 人越多越好"), so the text as written is read too.
            gathering = self._gathering(view, published) or (self._gathering(masked, published) if view != masked else None)
        return OrganizingResult(round(score, 4), is_call, cues, gathering, feats)

    @staticmethod
    def _features(hits: dict[str, list[tuple[int, int, str]]], view: str, plain: bool = False,
                  written: str | None = None) -> dict[str, float]:
        """Feature values: 1 per category present, more for repeated ones (capped in _COUNTED)."""
        feats: dict[str, float] = {}
        counts: dict[str, int] = {}
        for name, found in hits.items():
            if name in FEATURE_CATEGORIES:
                feature = _AS_FEATURE.get(name, name)
                counts[feature] = counts.get(feature, 0) + len(found)
        for feature, n in counts.items():
            feats[feature] = 1.0 + 0.5 * (min(n, _COUNTED.get(feature, 1)) - 1)
        if "group" in hits:
            texts = "".join(h[2] for h in hits["group"])
            if not any(j in texts for j in _GROUP_JOIN) and not any(_number(h[2]) for h in hits["group"]):
                feats["group_mention"] = 1.0  # talks about a group, asks nobody to join it
            numbers = any(_number(h[2]) for h in hits["group"])
            words = any(not _number(h[2]) for h in hits["group"])
            distinct = {h[2] for h in hits["group"] if not _number(h[2])}
            if any(s in texts for s in _STRONG_GROUP) or (numbers and words) or len(distinct) >= 2:
                feats["group_strong"] = 1.0
            elif not words:
                feats.pop("group")  # a bare number is not a group
        if "warning" in hits and all(any(w in h[2] for w in ("一个人", "一个一个", "一个个", "零散", "分散", "自己", "单独")) for h in hits["warning"]):
            feats.pop("warning")  # 不要一个人去 argues *for* going together
        # 区政府门口碰头，我先去把横幅拉好: beside a verb only a group does, 我先去 goes ahead of the others.
        # A party named as the writer's family (我和我爸…碰头) stays one person's errand.
        if "single" in hits and ("together" in hits or (any(COLLECTIVE.search(h[2]) for h in hits.get("gather", ()))
                                                        and not any(_FAMILY.search(h[2]) for h in hits["single"]))):
            feats.pop("single")
        action = any(k in hits for k in ("layout", "schedule", "gather", "petition", "euphemism", "pending", "euphemism_weak"))
        # A time told as past (昨天下午, 上周一) dates a story, not an appointment.
        past_spans = [m.span() for m in _PAST_TIME.finditer(view)] if "past" in hits else []
        timed = any(not any(a <= h[0] < b for a, b in past_spans) for h in hits.get("time", ()))
        # As for the gathering, a space the decoded view dropped may be what frames the place.
        where = find_place(view) or (find_place(written) if written else None) or named_office(hits)
        placed = where is not None and (plain or "grievance" in hits or not is_private_place(where[0]) or has_cause(view))
        if action and timed:
            feats["time_with_action"] = 1.0
        if action and placed:
            feats["place_with_action"] = 1.0
        # A time and a park is a day out; a time and an office (or an action there) is an appointment.
        # 他们公司, 平台办公室: the premises of those who owe are faced, though the word alone is not.
        faced = any(_FACED.search(h[2]) for h in hits.get("place", ())) or _THEIRS.search(view) is not None
        # Without an action word, "下午, 公司楼下, 我们" tells what happened as often as it plans:
        # the time must name a day.
        dated = any(not _DAYLESS.fullmatch(h[2]) for h in hits.get("time", ()))
        if timed and placed and (action or (faced and dated)):
            feats["time_place"] = 1.0
            # A time and a place addressed to people (能来的都来, 大家) is a call without a verb.
            if any(k in hits for k in ("mobilize", "together")):
                feats["time_place_people"] = 1.0
        # Ordinary outings (school trips, tours) gather too: a call needs a grievance or an office to face.
        # A bare 公司 or 广场 is where ordinary life happens; an office, or a company's door, is faced.
        if not faced and not has_cause(view) and not any(k in hits for k in ("grievance", "petition", "euphemism", "campaign")):
            feats["no_cause"] = 1.0
        # Fans 刷屏 and 举报 too: a campaign faces someone when it targets an office, a hotline or the press.
        targeted = any(_TARGET.search(h[2]) for h in hits.get("campaign", ()))
        joins = "group" in feats and "group_mention" not in feats
        # 私信我 / 加我微信 with nothing to face is one person's contact, not a group to join.
        if joins and not faced and not any(k in hits for k in ("grievance", "petition", "euphemism")) \
                and not _GROUPISH.search(view) and not any(_number(h[2]) for h in hits["group"]):
            joins = False
        protest = any(_PROTEST.search(h[2]) for h in hits.get("gather", ()))
        # Logistics (two distinct acts: a trip and a head count, a sign-up and a bus) addressed to
        # people organise even when the cause is left to the thread the post answers.
        acts = {h[2] for k in ("gather", "petition", "campaign", "group") for h in hits.get(k, ())}
        organised = (len(acts) >= 2 and any(k in hits for k in ("mobilize", "together"))) or carried_on(hits, view)
        if not faced and not targeted and not joins and not placed and not protest and not organised \
                and not any(k in hits for k in ("grievance", "petition", "euphemism", "pending")):
            feats["idle"] = 1.0
        feats.pop("place", None)
        feats.pop("time", None)
        return feats

    def _may_rescue(self, view: str) -> bool:
        return (self.text_model is not None and len(view) <= LONG_TEXT and _ADDRESSED.search(view) is not None
                and _LOSS.search(view) is not None)

    def _rescued(self, hits: dict[str, list[tuple[int, int, str]]], view: str, published: datetime,
                 want_gathering: bool = True) -> OrganizingResult | None:
        """A call the cues missed, heard by the second reader (textmodel.py): a short post, spoken to
        several people (大家, 一起, 谁不来 …) about money lost to a platform (被骗, 本金, 维权 …), that
        the character model reads as a call with probability ≥ `text_threshold`. News, notices,
        letters, one person's plans and pastimes were already turned away by the rules."""
        # A forwarded chain (//@) is left to the rules: the second reader was fitted on single posts,
        # and a chain of comments speaks to many about money lost without calling anyone.
        if not self._may_rescue(view) or lone_plan(hits, view) or "benign" in hits or "//@" in view \
                or _framed_away(hits, view):
            return None
        # told as done (上周三…一起去了, 已到法院递交了): a story, unless a day still ahead is named
        if ("past" in hits or _DONE.search(view)) and not _AHEAD.search(view):
            return None
        assert self.text_model is not None
        p = self.text_model.probability(view)
        if p < self.text_threshold:
            return None
        gathering = self._gathering(view, published) if want_gathering else None
        return OrganizingResult(round(p, 4), True, [], gathering, {})

    @staticmethod
    def _gathering(text: str, published: datetime) -> dict[str, Any] | None:
        """Time and place of a call, from the decoded view (so 去zf门口 still yields 政府门口)."""
        # Emoji and symbols separate like a space (周六上午十点 🏛️市政府广场 集合).
        text = _SYMBOLS.sub(" ", _KEYCAP.sub(r"\1", text).replace("\U0001F51F", "10"))
        place = find_place(text)
        if place is None:
            return None
        times = find_times(text, published)
        if not times:
            return None
        best = combine(times, place[1])
        if best is None:
            return None
        province, city = locate(place[0])
        if province is None and city is None:
            province, city = locate(text)
        return {
            "start": best.start.isoformat(),
            "end": best.end.isoformat() if best.end else None,
            "place": place[0],
            "province": province,
            "city": city,
        }


def _number(cue: str) -> bool:
    """A contact number, written in digits (738 290 114) or in words (七七八二三五一零九)."""
    return cue[0].isdigit() or (len(cue) >= 6 and all(c in "零〇一二三四五六七八九幺两" for c in cue))


def _shared_experience(hits: dict[str, list[tuple[int, int, str]]], view: str) -> bool:
    """本人今天上午已到区法院递交了起诉材料，流程分享给大家: the writer tells what they have done and
    offers it as a how-to; with no day still ahead and no bidding (一起去, 务必), it calls no one."""
    if not _SHARED.search(view) or _AHEAD.search(view) or _COME.search(view) or "imperative" in hits:
        return False
    return "past" in hits or _DONE.search(view) is not None


def _framed_away(hits: dict[str, list[tuple[int, int, str]]], view: str) -> bool:
    """Framing that calls no one (framing.py): a past act thanked, resigned sarcasm, a warning
    against a fake or fee-charging group, a gathering called off."""
    return thanked_story(hits, view) or sarcastic(view) or warns_of_group(hits, view) or called_off(hits, view)


def _pastime(hits: dict[str, list[tuple[int, int, str]]], feats: dict[str, float], names_platform: bool) -> bool:
    """Talk with nothing to face: no cause, and no time, place or group to join ("idle"); or an
    outing, a team or a fan drive (benign words) naming no grievance, office or platform. People
    gather, and drive votes, for fun and work all the time; the desk watches victims acting."""
    if "idle" in feats:
        return True
    faced = names_platform or any(_OFFICE.search(h[2]) for h in hits.get("place", ()))
    # A withheld detail (地点待定) is counted like a euphemism but does not make a 老乡会 a protest.
    # 还是老规矩 is how friends say "as usual"; only a real code (懂的来, 别外传) keeps an outing in doubt.
    coded = any(h[2] not in _AS_USUAL for h in hits.get("euphemism", ()))
    return "benign" in feats and not faced and not {"grievance", "petition"} & feats.keys() and not coded
