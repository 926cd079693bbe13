"""Where a call asks people to gather (find_place): a place as written, only when it is a place.

Feeds the detector's place features and gathering.py. A place is an admin division, an office or
organ, a named building, square, street or landmark, or the platform's own office (公司楼下),
optionally followed by 门口/楼下/门前/附近; also a named compound, shop or firm (翡翠湾小区门口,
滨江路那家咖啡馆楼上, 城南花园那套房子), a building given by floor or room (公寓一楼大厅, 创业大厦1206)
and an address in brackets (律所（中山路58号3楼）), which is taken as the place; a landmark (村口,
礼堂, 地铁站B出口, 软件园D座, a crossing; a school, hospital or shop only at its door), a spot beside
one (社保局旁边那栋楼, 新华书店对面那个麦当劳二楼) and a room given by its floor alone (三楼会议室). It is
taken where a call puts one: after a movement verb (去/到/在/喺 … 集合地点:, 【地点】) or framed alone
between a time and a separator or gathering verb ("下周一上午10点，东莞市金融工作局门口，…"), or
restated after 是 (还是区检察院门口). Anything glued to a sentence piece (配资跑路,
找不到斐讯路, 实施监管韩国政府), a foreign government, a bare company or a bare 门口 is refused:
the call detector is sometimes wrong, so the place itself must hold; so is anything written with
codes or punctuation (00472.HK, 下载次数: 0).
"""

from __future__ import annotations

import functools
import re

from nlp.organizing.cues import VENUE
from nlp.organizing.places import admin_spans, is_county_short_name
from nlp.organizing.placewords import BUILDING, FREE_BODY, LANDMARK, OFFICE_UNIT, PLACE_BODY
from nlp.regex_shape import alternatives, guarded

# Movement verbs, not the same characters inside other words (得到, 找不到, 失去, 后来, 周围,
# 案发地点, 联系地址). 在/于 only say where something happens, so they need the act after the place.
_MOVE = (
    r"(?:(?<![得收看找想听遇受达提感做直报签迟说谈接拿见用轮涉办月日号年天今])到|"
    r"(?<![失过出下死离除拿抢进上回])去|赴|前往|赶往|赶到|(?<![原后以近未起出本从向看将过回带])来|集合地点|集合地|(?<![案发动建览册公营业])地点|"
    r"(?<![系司册公讯寄室店厂营局])地址|集合点|集结点|碰头地点|见面地点|📍|(?<=[都就])上|(?<=一起|直接)上|在哪儿?[？?]|(?<=都)切|相约|约在|汇合于|集合于|聚集于|齐聚|(?<![周范包氛外])围)"
)
_AT = r"(?:(?<![现正存所实好自潜内外])在|喺|(?<![位册立基由对关至])于)"
_SEP = r"[，,。；;！!？?\s(（]|$"
_ACT = (
    r"[见集碰聚静散喝占递讨等排拉守围汇开旁全坐堵蹲整唠宣交]|会[合面]|报到|签到|上访|请愿|维权|举(?:牌|横幅|起)|约起|约好|大家|所有|全体|各位|受害|出借|"
    r"投资人|债权|我们|咱们|兄弟|老乡|一起|一块|一齐|都来|都去|\d{1,2}[点:]|[明今后]天|明早|[上下]午|早上|上车|坐车|乘车|出发"
)
# Lookahead groups, so that candidates may overlap (在兰州的受害人到城关区信访局门口). Guarded
# (regex_shape): the same matches, without trying every verb at every position.
_ANCHORED = guarded(rf"{_MOVE}(?=[】\]]?[：:是为]?\s*(?P<place>{PLACE_BODY}))")
_LOCATED = guarded(rf"{_AT}(?=\s*(?P<place>{PLACE_BODY})(?:\s?(?P<act>{_ACT})|{_SEP}))")
# A place standing alone: right after a time ("明早8点杭州市人民政府门口…"), or between a
# separator and a separator or the act or people it calls ("，东莞市金融工作局门口，团贷的都来",
# "，银保监分局见"). Only a following act lets a bare office (，经侦大队见) count.
_TIME_END = (
    r"(?:\d[点:]\d{0,2}|(?<=[\d一二三四五六七八九十两])点(?:半|钟)?|(?<=[一二三四五六七八九十])[时号日]|"
    r"(?<=[^\d路街道巷]\d)[时号日]|(?<=[^\d路街道巷]\d\d)[时号日]|"  # 文三路188号 is a house
    r"(?<=[今明后当全])天|(?<=[明今清])早|(?<=[今明当])晚|(?<=[上中下])午)"
)
# After a clock time a comma may stand between them ("后天上午十点，合肥市公安局门口，…"); after a
# date it may not, since news opens so ("3月17日，温州鹿城区政府门前出现…").
_CLOCK_END = r"(?:\d[点:]\d{0,2}|(?<=[\d一二三四五六七八九十两])点(?:半|钟)?)"
_AFTER_TIME = re.compile(rf"(?:{_TIME_END}\s?|{_CLOCK_END}[\s,，]{{1,2}})(?=(?P<place>{FREE_BODY}))")
_FRAMED = re.compile(
    # 仍然是区检察院门口 / 就是文三路软件园D座: a place restated after 是 is framed too.
    rf"(?:^|[，,。；;！!\s:：📍】\]—–→]|(?<=[仍还就依照]是)|(?<=[仍依]然是|照样是|地点是|这次是|这回是)|"
    # 全体债权人市市场监管局门口见: the people called, then where.
    rf"(?<=出借人|投资人|债权人|受害人|受害者))(?=(?P<place>{FREE_BODY})(?:\s?(?P<act>{_ACT})|{_SEP}|[【\[]))"
)
# What follows an organ in a news sentence rather than in a call ("西湖区公安分局发布通告",
# "人民银行开展逆回购", "金融办公地点").
_NEWS_NEXT = re.compile(
    r"[ \t]*(?:的|之|和|与|及|等(?=[\d一二三四五六七八九十几多]|部门|单位|机构)|发布|开展|召开|通报|通告|宣布|表示|称|"
    r"对|向|将|已|会同|联合|公开|正式|依法|执法|约谈|开发|"
    r"签署|举行|举办|上线|落幕|公布|披露|证实|查封|受理|审理|判决|监管|人员|负责人|官员|领导|主席|局长|部门|指出|"
    r"认为|要求|出台|印发|下发|批准|成立|注册|位于|召集|牵头|介入|调查|侦查|抓获|逮捕|刑拘|拘留|关注|网站|官网|数据|"
    r"(?:投诉|举报|服务|咨询)?(?:热线|电话)|信箱|公众号|官微|留言板|"
    r"利率|决定|会议|记者|投案|自首|就职|工作|任职|挂牌|开业|上市|协助|引导|会(?![合面])|宣传|站台|购买|举报|官方)"
)
_PLACE_HINT = rf"{OFFICE_UNIT}|{VENUE}|{BUILDING}|{LANDMARK}|会议室|大厅|大堂|[东西南北]门|路|街|城门口|大道|人民广场|市民广场|火车站|高铁站|汽车站|客运站|地铁站|酒店|宾馆"
# Asked of _PLACE_HINT as one regex, Python's re tries its ~190 alternatives at every position
# (~50 µs a post). Its plain words as one regex (re skips to the characters they start with) and
# each other alternative on its own give the same answer in a few µs.
_HINT_WORDS = [a for a in alternatives(_PLACE_HINT) if re.escape(a) == a]
_PLACE_HINTS = [re.compile("|".join(_HINT_WORDS))] + [
    re.compile(a) for a in alternatives(_PLACE_HINT) if re.escape(a) != a]
# Words that cannot be part of a place name and may stand before one (times, people addressed):
# a candidate is cut after the last of them.
_PLACE_JUNK = re.compile(
    r".*(?:大家|一起|我们|咱们|他们|明天|后天|今天|上午|下午|早上|晚上|\d+点|[一二三四五六七八九十两]+点|点半|集合|都去|准时|直接|"
    r"打|寄给|交给|给|各自的|今晚|明晚|周[一二三四五六日天末]|星期[一二三四五六日天]|礼拜[一二三四五六日天]|"
    r"(?<![\d路街道])\d{1,2}[号日](?![楼线门院A-Za-z\d])|[一二三四五六七八九十]{1,3}[号日](?![楼线门院]))"
)
# Words that join parts of one place description ("区法院对面那家肯德基", "文三路平台旧址楼下").
_CONNECT = re.compile(r"(?<=[路街道])[与和](?=[\u4e00-\u9fff#]{2,4}(?:路|街|大道))|(?<=[路街])的(?=[\u4e00-\u9fff@#])|(?<=叉口|汇处|路口)的(?=[\u4e00-\u9fff@#])|(?:他|她|老板|老总)的?家(?=门口)|那里|那儿|那个|那家|那套|那栋|那棟|那座|那边|这边|(?:旁边|对面|附近)的?|(?:原来|以前|之前)的|旧址|舊址|原址|里面|(?<=[市区县])里|"
    # 县城东边的金鼎酒店, 镇上老刘家: a spot told by its side of town.
    r"(?:[东西南北](?:边|面|头)|边上)的?|(?<=[镇乡村县城])[上里](?=[\u4e00-\u9fff]{2})")
# Function words, pronouns and verbs: a place holding one is a sentence piece glued to a place word.
_GLUE = re.compile(
    r"[的了是被从对把给让与及或将就都也还又再才已曾而但却并即这那其此该我你他她它们咱谁吗呢吧啊呀没别得着过向由以为每各某怎么"
    r"和有在到去于等往自]|不|跑|走|找|搜|求|帮|控|注册|收购|监管|实施|推进|加入|通过|成立|位于|拥有|关闭|投资|举报|报案|起诉|"
    r"介入|立案|发布|通报|报送|多次|反复|[一两几某][栋座个家幢所间]"
)
# Governments that are not the desk's to watch, and offices that are no one place.
_NOT_HERE = re.compile(
    r"美国|韩国|日本|英国|法国|德国|俄罗斯|印度|澳大利亚|澳洲|加拿大|新加坡|泰国|越南|菲律宾|马来西亚|印尼|柬埔寨|缅甸|朝鲜|"
    r"意大利|西班牙|巴西|墨西哥|瑞士|荷兰|以色列|土耳其|伊朗|乌克兰|新西兰|外国|国外|境外|各国|西方|欧盟|奥巴马|特朗普|"
    r"地方|当地|各地|各级|有关|相关|上级|基层"
)
_DONE = re.compile(r"已经|已有|已于|(?<![而早])已|曾经|(?<![不未])曾")
# 就是市信访局, and spoken filler before a place (在那个县政府门口).
_COPULA = re.compile(r"^(?:还是|就是|也是|都是|是)?(?:那个|这个)?")
_STRONG_TAIL = re.compile(
    r"(?:门口|大门口|大门|门前|楼下|楼上|[东西南北]门|\d+楼|[一二三四五六七八九十]{1,2}楼|号楼|会议室|大堂|大厅|出口|[A-Za-z\d][座栋幢])$"
)
# A building named only by its kind is a place when a floor or room inside it is given (公寓一楼大厅).
_FLOORED = re.compile(
    r"^(?:公寓|大厦|大楼|写字楼|律所|律师事务所|合作社|公司)?(?:[一二三四五六七八九十\d]{1,2}[楼层](?:大厅|大?会议室|大堂)?|大厅|大?会议室|大堂)$"
)
# An organisation's own office (合作社办公室, 村委会办公室), when a time or a movement verb points to it.
_ORG_OFFICE = re.compile(r"^[\u4e00-\u9fff]{0,6}(?:合作社|村委会|居委会|律所|律师事务所|协会|商会)(?:办公室|会议室|[一二三四五六七八九十\d]{1,2}[楼层](?:会议室)?)?(?:门口|楼下|大门|门前)?$")
# An address in brackets after a place word (公司（国贸大厦23楼）, 律所（中山路58号3楼）): the bracket is the place.
_BRACKET = re.compile(r"[(（](?P<place>[^()（）\n]{3,24})[)）]")
_ROAD = re.compile(r"(?:路|街|大道|大街)(\d+号?)?")
_NOT_ROAD = re.compile(
    r"(?:跑|走|道|套|退|末|出|思|网|马|一|上|后|活|死|迷|让|带|赶|问|同|顺|半|歧|线|电|铁|公|逛|临|(?<![\u4e00-\u9fff]{2})大|老|小|这条|那条|条|长|"
    r"夜|回家|归|来|去|生|门|修|开|绕|引|领|前|心|财|销)(?:路|街|大道|大街)"
)
_NAMED = re.compile(
    r"(?:广场|大厦|大楼|公园|中心|公馆|写字楼|体育馆|会议中心|火车站|高铁站|地铁站|汽车站|客运站|酒店|宾馆|出站口|步行街|大院|金融岛|金融街|"
    r"科技园|商场|酒店|小区|花园|家园|山庄|别墅|咖啡馆|咖啡厅|茶楼|茶馆|饭店|酒楼|餐厅|会所|"
    r"(?<=..)(?:公寓|合作社|律所|律师事务所|礼堂|祠堂|体育中心|体育场|会展中心|"
    r"(?:大学|学院|中学|小学|学校|幼儿园|校区|医院|图书馆|博物馆|展览馆|书店|超市|电影院|影城)(?=门|[东西南北]门|楼下|~|住院部)|"
    r"(?:银行|支行|分行|农商行|信用社)(?=门|[东西南北]门|正门|楼下|营业厅|大厅)|"
    r"(?:银泰|吾悦|宝龙|天街|来福士|太古里|凯德|印象城|万象汇|苏宁广场)(?:城|中心|广场)?(?=门|[东西南北]门)|"
    r"软件园|产业园|创业园|工业园|创新港|村口|桥头|码头|集市口?|大集|菜市场|农贸市场|市场(?=门|[东西南北]门)|站|营业厅|星巴克|[A-Za-z\d]{1,2}[座栋幢]|"
    r"壹号|公馆|华府|华庭|名邸|府邸|名苑|雅苑|售楼部|营销中心|工地|项目部|交叉口|交汇处|路口|[厂店](?=门口|大门|楼上|楼下|门前))|(?<=..)城(?=门口|大门|楼下|[东西南北]门|门前)|[A-Z]{2,}|肯德基|麦当劳|[东西南北]门)"
)
# Development zones and parks named like divisions (苏州工业园区, 郑东新区, 高新区).
_AREA = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:新区|开发区|工业园区|园区|高新区|经开区|保税区)")
_COMPANY = re.compile(r"(?:公司|平台)")
# A road followed by a named building is an address (和平路星光大厦8楼): its name is no sentence piece.
_ADDRESS_ROAD = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,3}(?:路|街|大道)(?=[\u4e00-\u9fff]{2,6}(?:大厦|大楼|广场|中心|软件园|科技园|产业园|茶楼|茶馆|酒楼|饭店|酒店|宾馆|咖啡馆|餐厅|会所))")
# A firm named by its trade (鑫汇投资公司, 金谷财富集团): the trade word is part of the name, not a verb.
_FIRM = re.compile(r"[^\W\d的了是被从对把给让我你他她它们咱谁在到去和有要想都也就还没不]{2,4}?(?:投资|理财|金服|财富|资本)(?=(?:管理)?(?:有限)?(?:公司|集团))")
_OWN_OFFICE = re.compile(r"(?:总部|门店|营业部|办事处|售楼处)")
_OFFICE_RX = re.compile(OFFICE_UNIT)
# An office written to or phoned (寄给省金融监管局, 给市长信箱写信) is an addressee, not where people meet.
_MAILED_TO = re.compile(r"(?:寄给|寄到|寄往|邮寄给?|写给|写信给|发邮件给|打给|打电话给)$")
_BRACKET_PAST = re.compile(r"已|曾|了")
_LIVES = re.compile(r"(?:住|(?<![大人国])家|家里)就?在$|就住在?$")
_TOWARD = re.compile(r"[给往向]$")
_SENT = re.compile(r"[^，。！？,!?]{0,6}?(?:打电话|打一次|打\s?\d{3,}|拨打?\s?\d{3,}|打(?:热线|举报电话|投诉电话)|写信|写一封|写邮件|发邮件|留言|寄)")
# A place is written in words: stock codes (00472.HK), file sizes and credits (责任编辑:DF120) are not.
_NOT_IN_PLACE = re.compile(r"[:：{}.,，;；|/\\?？!！=]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# The door of a named person's home (老刘家门口, 王总家楼下, 他家门口 once _CONNECT has masked 他家).
_HOME = re.compile(r"^(?:[\u4e00-\u9fff]{0,3}?[镇村乡县城][上里])?(?:老[\u4e00-\u9fff]|[\u4e00-\u9fff]总|[\u4e00-\u9fff]?老板|老总|法人|实控人|董事长|他|她)"
                   r"的?家(?:门口|楼下|大门|门前)$")
# A town or street named before its own office (和平街道办事处): a name, not a sentence piece.
_LOCAL_NAME = re.compile(r"^[^的了是被从对把给让我你他她它们咱谁吗呢吧啊呀没别得着过去到在找跑走帮求\W\d]{2,4}(?=@*$|@+[^@])")
# Roads meeting at a crossing (滨江大道~解放路交汇处~, once _CONNECT has masked 与 and 的).
_CROSSING = re.compile(r"(?:[\u4e00-\u9fff#]{1,6}(?:路|街|大道|大街)~?){1,2}(?:交叉口|交汇处|十字路口|路口)~?")
_GENERIC = frozenset({"门口", "楼下", "大门", "附近", "对面", "公司", "老地方", "广场", "大厦", "大楼", "办公室", "门前", "门店"})
# How many times one goes (去一趟门店, 跑一次银行): a count of trips, no part of the place.
_TRIPS = re.compile(r"^(?:[一两几]?[趟次回下]|一遍)")


# Homes, shops, firms and gardens (城南花园那套房子, 那家咖啡馆): a day out or an errand as often as a
# meeting; only a door to face (小区门口) makes one the place of a plan by itself.
_PRIVATE = re.compile(rf"{BUILDING}|那套房子")
_ROOM = re.compile(r"(?:大厅|会议室|[一二三四五六七八九十\d]{1,2}[楼层]|\d{3,4}[室房]?)$")  # a hall or floor is a meeting spot


def is_private_place(place: str) -> bool:
    """True for a compound, shop, firm or garden named without a door to face: the detector does
    not count it as the place that makes talk a plan (周末一起去丽水花园看樱花) unless a grievance
    or a plain call (咱去 + a cause) goes with it."""
    return bool(_PRIVATE.search(place)) and not _STRONG_TAIL.search(place) and not _ROOM.search(place)


@functools.lru_cache(maxsize=512)
def find_place(text: str) -> tuple[str, int] | None:
    """The gathering place as written, and its offset; None without a place a call points to.
    Cached: the detector and two hit filters ask about the same post text in turn."""
    if not any(rx.search(text) for rx in _PLACE_HINTS):
        return None  # every place pattern below needs one of these words
    candidates: list[tuple[int, str, int]] = []
    for m in _ANCHORED.finditer(text):
        candidates.append((0, m.group("place"), m.start("place")))
    for m in _AFTER_TIME.finditer(text):
        candidates.append((0, m.group("place"), m.start("place")))
    for rx in (_LOCATED, _FRAMED):
        for m in rx.finditer(text):
            candidates.append((0 if m.group("act") else 1, m.group("place"), m.start("place")))
    if "(" in text or "（" in text:
        for m in _BRACKET.finditer(text):
            if _BRACKET_PAST.search(text[max(0, m.start() - 8):m.start()]):
                continue  # 一起去了律所（…）: where people went
            inner = _COPULA.sub("", m.group("place").strip())  # （就是乡政府对面那个供销社门口）
            if is_gathering_place(inner):
                return inner, m.end("place") - len(inner)
    for rank, place, offset in sorted(candidates, key=lambda c: (c[0], -len(c[1]))):
        cut = _PLACE_JUNK.match(place)
        if cut:
            offset += cut.end()
            place = place[cut.end():]
        lead = place.lstrip(" :：,，0123456789").lstrip("去到在赴往日号前")
        trips = _TRIPS.match(lead)  # 去一趟经侦: the count stands between the verb and a bare office
        stripped = _COPULA.sub("", lead[trips.end():] if trips else lead)  # 就是市信访局
        if text[offset - 1:offset] == "点":
            stripped = stripped.lstrip("半钟整")  # 8点半市中心医院: the half hour is the time's
        offset += len(place) - len(stripped)
        place = stripped.rstrip(" :：,，")
        if rank == 0 and _DONE.search(text[max(0, offset - 8):offset]):
            continue  # 已有多人去平台总部维权: where people went, not where they are called
        after = text[offset + len(place):]
        before = text[max(0, offset - 6):offset]
        if _LIVES.search(before):
            continue  # 他家就在碧水湾小区: where someone lives, told; the call's place is elsewhere
        if _MAILED_TO.search(before) or (_TOWARD.search(before) and _SENT.match(after)):
            continue
        if _NEWS_NEXT.match(after) or (place.endswith("办") and after.startswith("公")):
            continue  # 金融办公地点: the office word was 办公
        if is_gathering_place(place, anchored=(rank == 0 or bool(cut)) and not trips):
            return place, offset
    return None


def is_gathering_place(place: str, anchored: bool = False) -> bool:
    """True when `place` names somewhere to go. `anchored`: a movement verb or a time stands
    right before it, which lets a bare office (金融办, 经侦) or a company's 总部 count."""
    if len(place) < 2 or place in _GENERIC or _NOT_IN_PLACE.search(place) or not _CJK.search(place):
        return False
    if _HOME.search(place):
        return True  # 老刘家门口, 王总家楼下: the door of someone named, to face him there
    masked = _masked(place)
    local = _OFFICE_RX.search(place)
    if local and local.group(0).startswith(("街道", "镇", "乡")) and _LOCAL_NAME.match(masked[:local.start()] + "@"):
        masked = "#" * local.start() + masked[local.start():]
    if masked.startswith("~") or _GLUE.search(masked) or _NOT_HERE.search(masked):
        return False
    if _FLOORED.match(place) or (anchored and _ORG_OFFICE.match(place)):
        return True
    tail = bool(_STRONG_TAIL.search(place))
    office = _OFFICE_RX.search(place)
    if office:
        before = masked[:office.start()].strip(" ~")
        if not before:
            return anchored or tail
        extra = len(re.sub(r"[#~\s]", "", before))
        if "~" in before:
            # 天府广场旁边那个市金融局: an office told by a landmark beside it.
            parts = re.split(r"~+", before)
            if _CROSSING.fullmatch(before):
                return True  # 滨江大道与解放路交汇处的市民中心: an office told by the crossing it stands at
            last_ok = not parts[-1] or re.fullmatch(r"[省市区县]+", parts[-1]) is not None
            return last_ok and (bool(_NAMED.search(place[:len(parts[0])])) or "#" in parts[0])
        if "#" in before:
            return extra <= 4  # 北京市西城区金融街证监会, not 北京头号直通中纪委
        # 市政府, 国家信访局, 南山经侦 (a district without 区); not 电子政府 or 曝光台银监会
        # 州政府, 城关镇派出所: a prefecture, or a town, township or village named with its suffix;
        # 城南派出所, 东城法院: a quarter of the town named by its side.
        # 和平街道办事处, 东关街道办, 马集镇政府: a street office or town government named by its place.
        if office.group(0).startswith(("街道", "镇", "乡")) and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", before):
            return True
        return bool(re.fullmatch(r"[省市区县州旗盟镇乡村]+|国家|中央|[省市区县]?[\u4e00-\u9fff]{2,4}(?:镇|乡|街道|村)|"
                                 r"[省市区县]?(?:城[东西南北中]|[东西南北]城)区?", before)) \
            or is_county_short_name(before)
    road = _ROAD.search(place)
    if road:
        name = re.split(r"[#~\s]", masked[:road.start()])[-1]
        after = place[road.end():]
        # A road named after a division (中山路, 北京路) leaves no name outside the division mask.
        named_road = 1 <= len(name) <= 6 or (road.start() >= 2 and not masked[:road.start()].strip("#"))
        if named_road and not _NOT_ROAD.search(place[:road.end()]) and (
            road.group(1) or "#" in masked[:road.start()] or tail
            or _NAMED.search(after) or _COMPANY.search(after) or _OWN_OFFICE.search(after)
        ):
            return True
    named = _NAMED.search(place)
    if named:
        name = masked[:named.start()]
        return len(name.strip()) >= 2 or "#" in masked or named.group(0) in ("火车站", "高铁站", "汽车站", "客运站", "中心")
    if _OWN_OFFICE.search(place):
        return tail or anchored
    # 平台原来的办公室, 公司办公室: the firm's own office, where a movement verb points.
    return bool(_COMPANY.search(place)) and (tail or (anchored and place.endswith(("办公室", "办公楼", "旧址"))))


def _masked(place: str) -> str:
    """`place` with division and zone names as '#', offices as '@' and connecting words as '~', so
    the checks for glue words see neither 和平区, 地方金融监督管理局 nor 那家."""
    chars = list(place)
    for start, end in admin_spans(place):
        chars[start:end] = "#" * (end - start)
    for m in _AREA.finditer("".join(chars)):
        chars[m.start():m.end()] = "#" * (m.end() - m.start())
    for m in _OFFICE_RX.finditer(place):
        chars[m.start():m.end()] = "@" * (m.end() - m.start())
    for m in _FIRM.finditer("".join(chars)):
        chars[m.start():m.end()] = "#" * (m.end() - m.start())
    for m in _ADDRESS_ROAD.finditer(place):
        if not _NOT_ROAD.search(m.group(0)):
            chars[m.start():m.end()] = "#" * (m.end() - m.start())
    return _CONNECT.sub(lambda m: "~" * len(m.group(0)), "".join(chars))
