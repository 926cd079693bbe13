"""How a post frames the call words it uses (organizing detector, after the scan).

A post may hold every word of a call and still call no one, because of how it frames them:

- a call relayed by a third party, in quotation marks (有网民号召‘本周五…集合’, 群里有人喊话“周六
  都去…”): the quoted call is reported, not made (drop_relayed);
- a counterfactual (要是当初大家一起去报案…, 早知道当时…): a going wished for in the past is a
  regret, not a plan (drop_counterfactual);
- a past act reported with thanks (前天去检察院递了联名信…感谢大家签名): a story told to those who
  helped (thanked_story);
- resigned sarcasm (要不大家都去平台楼下喝西北风吧，反正钱也要不回来了): an absurd errand offered
  in despair (sarcastic);
- a warning against a fake or fee-charging group (打着…的名义拉群…大家千万不要进, 进群要收200元
  会费，别上当): the group named is the danger (warns_of_group);
- selling words quoted inside a warning (别信那些带你回血的老师) are not the post selling
  (drop_warned_ads);
- 我们 as the object of a verb (瞒着我们, 骗了我们) is whom something was done to, not a party
  setting out (drop_object_we);
- an action carried on (明天继续去，地方不变…互相通知) needs no cause restated: the readers know it
  (carried_on).
detector.py applies these beside hitfilters.py.
"""

from __future__ import annotations

import re

from nlp.organizing.cues import OFFICE
from nlp.organizing.hitfilters import Hits, _drop_inside, keep_hits

_OFFICE = re.compile(OFFICE)

# --- relayed calls --------------------------------------------------------------------------------
# Quotation marks, single curly quotes included (‘…’).
_QUOTE = re.compile(r"[“\"「『‘]([^”\"」』’\n]{2,80})[”\"」』’]")
# Who relays: a third party told about (有网民, 群里有人, 网传, 消息称), then what they did.
_RELAYER = re.compile(
    r"(?:有(?:网民|网友|人|投资人|出借人|受害人|受害者|群友|储户|债权人)|网民|网友|部分[^，。！？\n]{0,6}|一些[^，。！？\n]{0,6}|"
    r"网传|网上流传|流传|消息称|据称|群里有人|有人在)"
    r"[^。！？!?\n“\"「『‘]{0,24}?(?:号召|呼吁|喊话|发布|发出|发起|约|称|说|写着|提出|倡议|召集|煽动)"
    r"[^。！？!?\n“\"「『‘]{0,8}$"
)


def drop_relayed(hits: Hits, view: str) -> None:
    """有网民在群中号召‘本周五下午两点省金融办门口集合’: the call inside quotation marks that a
    third party is said to have made is reported, not made by the writer; its evidence (and its
    time and place) is dropped. The writer's own words around it still count (…我觉得可以，兄弟们
    周日九点经侦大队门口见)."""
    spans = [m.span(1) for m in _QUOTE.finditer(view) if _RELAYER.search(view, max(0, m.start() - 40), m.start())]
    _drop_inside(hits, spans)


# --- counterfactuals ------------------------------------------------------------------------------
# 要是当初 / 如果那时候 / 早知道: the going that follows is wished for in the past.
_WHAT_IF = re.compile(
    r"(?:(?:要是|如果|假如|假使|倘若|若是|要)(?:当初|当时|那时候?|那会儿?|早点|早些|一开始)|早知道|当初要是|当时要是|当初如果|当时如果)"
)
# Where the musing ends: the sentence, or a turn to now (这次, 现在, 明天 …).
_TURN = re.compile(r"[。！!？?\n]|(?<=[，,；;])\s*(?:这次|这回|现在|所以|今天|明天|后天|下周|本周|这周|周[一二三四五六日天末])")


def drop_counterfactual(hits: Hits, view: str) -> None:
    """要是当初所有人一起去报案，是不是结局会不一样: evidence from a counterfactual word to the end
    of its sentence (or a turn to now: 这次, 明天) is dropped; a call written after the regret
    (…就好了。现在也不晚，明天大家一起去) still counts."""
    spans = []
    for m in _WHAT_IF.finditer(view):
        end = _TURN.search(view, m.end())
        spans.append((m.start(), end.start() if end else len(view)))
    _drop_inside(hits, spans)


# --- a past act, thanked ------------------------------------------------------------------------
_THANKS = re.compile(r"(?:感谢|谢谢|多谢|辛苦(?:了)?)(?:一下)?(?:大家|各位|所有|群里|兄弟|姐妹|家人们|每一位|你们)")
_DONE = re.compile(r"(?:已经?|刚刚?)(?:到|去|在|递交|提交|交|办|签|报|寄|送|收)|(?:收到|收下|寄到|送到|交了|递了|交上去了|送上去了)")
# A day or an act still ahead: what is thanked for leads on to a call.
_AHEAD = re.compile(r"明天|明早|明晚|后天|下周|下星期|下礼拜|下个?月|这周|本周|这个?星期|周末|今晚|到时候|月底|下次|下一步|再去|继续|接着|还要|还得")


def thanked_story(hits: Hits, view: str) -> bool:
    """前天去区检察院递了联名信，检察官收了…感谢大家签名: a past act reported with thanks to
    those who helped is a story, not a call, when nothing ahead is named (no day, no 下一步, no
    再去) and nobody is bidden (务必, 记得)."""
    if not _THANKS.search(view) or _AHEAD.search(view) or "imperative" in hits:
        return False
    return "past" in hits or _DONE.search(view) is not None


# --- resigned sarcasm ---------------------------------------------------------------------------
# Errands no one means: wait for hunger or death, pray, queue to wish.
_ABSURD = re.compile(r"喝西北风|吃西北风|喝风|吃土|等死|排队许愿|许愿|烧香拜佛|抱头痛哭|哭一场|躺平|跳楼|买彩票|中彩票|刮彩票")
# The writer takes it back: 开玩笑的, 别当真, 当我没说 (not 不是开玩笑, 没开玩笑).
_JOKE = re.compile(r"(?<!不是)(?<!没)(?<!没有)(?<!不)(?:开(?:个)?玩笑(?:的|而已|啦|哈)?|说着?玩的|别当真|不要当真|莫当真|当我没说|玩笑话)")
_NOT_JOKING = re.compile(r"不是开玩笑|没开玩笑|没有开玩笑|不开玩笑|认真的")
# Whatif with everyone in it and a guessed outcome (要是每个被骗的人都去…估计能排到火车站吧，呵呵).
_IF_ALL = re.compile(r"(?:要是|如果|假如|假设|倘若|若是)[^。！？!?\n]{0,12}?(?:每个|所有|全部|全国|全体)[^。！？!?\n]*")
_TRAIL = re.compile(r"[\W_]+$")  # punctuation and faces after the last word
_GUESS = re.compile(r"估计|怕是|恐怕|没准|说不定|能排到|排到|绕[^。！？!?\n]{0,6}圈")
_IRONIC = re.compile(r"🙃|🤡|😅|\[doge\]|\[允悲\]|\[二哈\]|\[笑cry\]|呵呵")
_RESIGNED = re.compile(r"反正[^。！？!?\n]{0,12}(?:要不回来|拿不回来|回不来|追不回|没用|白搭|没戏|没希望|完了)|认命|算了吧|白搭|没戏了|没救了")
# A protest still named beside the irony (讨个说法, 拉横幅) keeps the call in doubt.
_MEANT = re.compile(r"说法|横幅|讨|维权|报案|上访|集合|不见不散|门口见")


def sarcastic(view: str) -> bool:
    """要不大家明天都去平台楼下喝西北风吧，反正钱也要不回来了: an absurd errand (喝西北风, 等死,
    排队许愿, 买彩票) offered in resignation, or an ironic face beside resignation with nothing meant to be
    faced, is despair voiced, not a call. So is a proposal the writer takes back as a joke (开玩笑的,
    别当真), and a what-if about every victim going with a guessed, ironic outcome (要是每个被骗的人都去
    金融办门口站一站，估计能排到火车站吧，呵呵)."""
    if _JOKE.search(view) and not _NOT_JOKING.search(view):
        return True
    musing = _IF_ALL.search(view)
    if musing and _GUESS.search(musing.group(0)) and (_IRONIC.search(view) or _TRAIL.sub("", musing.group(0)).endswith("吧")):
        return True
    if not _RESIGNED.search(view) and not _ABSURD.search(view):
        return False
    if _ABSURD.search(view):
        return not _MEANT.search(view)
    return bool(_IRONIC.search(view)) and not _MEANT.search(view)


# --- warnings against a group -------------------------------------------------------------------
# The group is a trap: posing as something (打着…的名义, 冒充), a new scam, or a fee to get in.
_FAKE = re.compile(
    r"打着[^，。！？\n]{0,24}(?:名义|旗号|幌子)|冒充|假冒|假群|山寨|所谓|实际上是|其实是|二次(?:诈骗|收割|被骗|伤害)|收割|套路|骗局|骗子|"
    r"都是假的|是假的|割韭菜|自称"
)
_FEE = re.compile(r"会费|入群费|律师费|登记费|服务费|报名费|手续费|收(?:取)?[^，。！？\n]{0,6}(?:费|钱)|(?:交|付|转)[^，。！？\n]{0,4}(?:元|块|费|钱)|\d+元|转账")
_WARN = re.compile(r"(?:千万|一定|可)?(?:不要|别|勿|切勿|不能|不可)(?:再)?(?:进|加|交|付|转|信|相信|上当|被骗|理)|别上当|不要上当|谨防|当心|小心|警惕|提醒|注意")
# What the writer offers instead: the genuine group, free, by number or by message.
_GENUINE = re.compile(r"(?:真正的|正规的?|我们的|咱们的)[^，。！？\n]{0,6}群|本群|群[^，。！？\n]{0,6}(?:不收|免费)|群号|私信我|私我|主页|加我")
_CLAUSE = re.compile(r"[^，,。！!？?；;\n]+")
_FOOLED = re.compile(r"(?:别|不要|千万别|千万不要)(?:上当|被骗|信|相信)")


def warns_of_group(hits: Hits, view: str) -> bool:
    """有人打着‘…受害者互助’的名义拉群，实际上是新的套路贷，大家千万不要进; 进维权群要收200元
    会费，大家别上当: a group named as a trap and warned against is the danger the post reports,
    not one it asks people into. True unless the writer also offers a genuine group or an action
    of their own (a going, a petition) outside the warned clauses."""
    if "group" not in hits or not _WARN.search(view) or not (_FAKE.search(view) or _FEE.search(view)):
        return False
    if _GENUINE.search(view):
        return False
    warned = [m.span() for m in _CLAUSE.finditer(view) if _WARN.search(m.group(0)) or _FAKE.search(m.group(0)) or _FEE.search(m.group(0))
              or any(m.start() <= h[0] < m.end() for h in hits.get("warning", ()))]
    own = [h for k in ("gather", "petition", "layout", "schedule") for h in hits.get(k, ())
           if not any(a <= h[0] < b for a, b in warned)]
    return not own


def drop_fake_warnings(hits: Hits, view: str) -> None:
    """假群都在收费，真正的出借人群是免费的，群号在我主页: when the writer offers the genuine group,
    the warning words about the fake one (假群, 收费, 别上当) tell which group not to join, not that
    no group should be joined; those warning hits are dropped."""
    if "warning" not in hits or "group" not in hits or not _GENUINE.search(view):
        return
    fake = [m.span() for m in _CLAUSE.finditer(view) if _FAKE.search(m.group(0)) or _FEE.search(m.group(0)) or _FOOLED.search(m.group(0))]
    _drop_inside(hits, fake, ("warning",))


# --- ads inside warnings ------------------------------------------------------------------------
_DISTRUST = re.compile(r"别信|不要信|不要相信|别相信|谨防|当心|小心|警惕|都是骗子|是骗子|骗人的|假的")


def drop_warned_ads(hits: Hits, view: str) -> None:
    """别信那些带你回血的老师，都是骗子: selling words inside a sentence that warns against them are
    the ad the post warns of, not the post selling; those commerce hits, and the warning against the
    seller, are dropped (the sentence up to the next full stop is the warning's reach)."""
    if "commerce" not in hits or not _DISTRUST.search(view):
        return
    spans = [m.span() for m in re.finditer(r"[^。！!？?\n]+", view) if _DISTRUST.search(m.group(0))]
    warned = [(a, b) for a, b in spans if any(a <= h[0] < b for h in hits["commerce"])]
    # The warning there (别信) is against the seller, not against acting together.
    _drop_inside(hits, warned, ("commerce", "warning"))


# --- 我们 as an object ----------------------------------------------------------------------------
_DONE_TO = re.compile(r"(?:瞒着|背着|骗了?|坑了?|害了?|欺骗了?|忽悠了?|套路了?|割了?)$")


def drop_object_we(hits: Hits, view: str) -> None:
    """老爸瞒着我们投了个什么宝, 平台骗了我们: 我们 after a verb done to them names the victims, not
    a party setting out; such 我们/咱们 are dropped from the together cues."""
    found = hits.get("together")
    if not found:
        return
    kept = [h for h in found if not (h[2] in ("我们", "咱们") and _DONE_TO.search(view, max(0, h[0] - 3), h[0]))]
    keep_hits(hits, "together", kept)


# --- an action carried on -----------------------------------------------------------------------
_CARRY_ON = re.compile(r"继续|接着|再去|照旧|照常")
_SAME = re.compile(r"(?:地方|地点|位置|时间)(?:还是|照旧|照常|不变|没变|一样)|老地方|老时间|还是(?:老|原来的?)")
_SPREAD = re.compile(r"互相通知|互相转告|转告|通知到|都通知|通知一下|扩散")


def carried_on(hits: Hits, view: str) -> bool:
    """家人们 明天继续去 地方不变 时间还是早上九点 互相通知下: going on with an action under way
    (继续去, 接着去) at the same place or hour, passed on among those who go (互相通知), needs no
    cause restated; its readers know it."""
    if not any(_CARRY_ON.search(h[2]) for h in hits.get("gather", ())):
        return False
    return bool(_SAME.search(view) or any(_SPREAD.search(h[2]) for h in hits.get("mobilize", ())))


# --- what a warning forbids, and crowds seen --------------------------------------------------------


def drop_forbidden_tail(hits: Hits) -> None:
    """不建议大家去聚集: the warning's words stop at 去, and the act right after it (聚集, 集合,
    上访) is what it forbids; a gather or petition cue that starts where a warning ends is dropped."""
    ends = {h[1] for h in hits.get("warning", ())}
    if not ends:
        return
    for name in ("gather", "petition"):
        if name in hits:
            kept = [h for h in hits[name] if h[0] not in ends]
            keep_hits(hits, name, kept)


_SCENE = re.compile(r"\s*(?:在|正在|围|堵|站|坐|聚|挤|举|拉|冲)")


def drop_crowd_seen(hits: Hits, view: str) -> None:
    """刚看了个视频，一群人在售楼处门口拉横幅: 一群人 doing something is a scene described, not
    people addressed; such 一群人 are dropped from the mobilizing and together cues."""
    for name in ("mobilize", "together"):
        found = hits.get(name)
        if not found:
            continue
        kept = [h for h in found if not (h[2] == "一群人" and _SCENE.match(view, h[1]))]
        keep_hits(hits, name, kept)


# --- a gathering called off -------------------------------------------------------------------------
_CALLED_OFF = re.compile(r"取消|作废|不搞了|不去了|作罢|搁置")
_MOVED = re.compile(r"改到|改成|改在|改为|改去|换到|挪到|推到|顺延")
# What the other side promised (对方答应下周开会研究, 平台说下周开始兑付) is their day, not ours.
_PROMISED = re.compile(r"\s*(?:对方|他们|平台|领导|政府|公司|上面|官方|老板|法院|经侦|金融办|信访局)[^，,]{0,6}?(?:答应|承诺|说|表示|同意|保证|回复|通知)")
_GO = re.compile(r"去|来|到|集合|见|碰头|照常|照旧")


def called_off(hits: Hits, view: str) -> bool:
    """群主说明天上午九点集合的事取消了，大家别去了，等通知: a gathering reported as called off, with
    no new date (改到, 顺延) and no other day that comes with a going of its own (周五照常集合), calls
    nobody anywhere, though it asks people to pass the word. A day in a clause that warns (大家明天不要去了)
    or tells what the other side promised (对方答应下周书面回复) is no appointment."""
    off = [h for h in hits.get("warning", ()) if _CALLED_OFF.search(h[2])]
    if not off or _MOVED.search(view):
        return False
    warned = hits.get("warning", ())
    clauses = [m.span() for m in _CLAUSE.finditer(view) if any(m.start() <= h[0] < m.end() for h in warned)]
    acts = [h for k in ("gather", "petition", "layout", "schedule", "campaign") for h in hits.get(k, ())]
    for m in _CLAUSE.finditer(view):
        if any(a <= m.start() < b for a, b in clauses) or _PROMISED.match(m.group(0)):
            continue  # the cancelled act, 大家明天不要去了, or 对方答应下周开会研究
        has_time = any(m.start() <= t[0] < m.end() for t in hits.get("time", ()))
        if has_time and (any(m.start() <= h[0] < m.end() for h in acts) or _GO.search(m.group(0))):
            return False  # another day with a going of its own (周五照常集合)
    return True


# --- the writer's own act, done ---------------------------------------------------------------------
_OWN_DONE = re.compile(r"(?:^|(?<=[，,。！!？?；;\s]))(?:我|本人|俺)(?!们)[^，,。！!？?；;\n]{0,20}")
_DONE_MARK = re.compile(r"^[^，,。！!？?；;\n]*(?:已经?|(?<![为除])了$)")


def drop_own_done(hits: Hits, view: str) -> None:
    """我已经在12315投诉了, 我昨天报案了: a complaint or report the writer has already made tells what
    they did, it asks nobody to do it; campaign and petition cues inside such a clause are dropped
    (the clauses after it, 大家也去报案, still count), and so is its 我…投诉 as a lone plan."""
    if "campaign" not in hits and "petition" not in hits:
        return
    spans = [m.span() for m in _OWN_DONE.finditer(view) if _DONE_MARK.search(m.group(0))]
    if not spans:
        return
    # 我已经到区政府门口了: where the writer already is may still be where the others are to come.
    there = [h for h in hits.get("petition", ()) if _OFFICE.search(h[2])]
    # 我已经在12315投诉了 is no lone plan either: what is done is past, whatever follows.
    _drop_inside(hits, spans, ("campaign", "petition", "single"))
    if there:
        hits["petition"] = sorted(set(hits.get("petition", [])) | set(there))


# --- a going redirected ---------------------------------------------------------------------------
_NOT_THERE = re.compile(r"(?:别|不要|不用|甭)去")
_NEXT_COMMA = re.compile(r"[，,]")
_INSTEAD = re.compile(r"[，,]\s*(?:大家|都|咱们|我们)?(?:直接|改|而是|统一|全部)(?:去|到)")


def drop_redirected(hits: Hits, view: str) -> None:
    """明早九点别去广场了，直接到区金融办门口集合: 别去 that sends people elsewhere in the next clause
    redirects the going, it forbids none; such warning hits are dropped."""
    found = hits.get("warning")
    if not found:
        return
    kept = [h for h in found if not (_NOT_THERE.match(h[2]) and (comma := _NEXT_COMMA.search(view, h[1], h[1] + 12))
                                     and _INSTEAD.match(view, comma.start()))]
    keep_hits(hits, "warning", kept)
