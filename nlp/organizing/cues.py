"""The organizing detector's vocabulary: what calls to act together, and what speaks against one.

Each category is one compiled regex over the decoded text (see decode.py). Evidence categories
(gather, petition, group, campaign, mobilize, euphemism) become cues with spans; context
categories (report, warning, benign, single, grievance, time, question) only move the score.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick

# Offices people petition and places they gather.
OFFICE = (
    r"(?:人民政府|政府|中院|高院|信访局|信访办|信访大厅|信访接待(?:中心|室)|信访|金融办|金融局|金融工作局|金融监管局|"
    r"地方金融监督管理局|金融监督管理局|证监局|证监会|银保监局|银保监会|银保监|银监局|银监会|人民银行|央行|"
    r"公安局|公安分局|公安厅|派出所|经侦支队|经侦大队|经侦总队|经侦|检察院|法院|市委|省委|区委|县委|纪委|"
    r"管委会|国务院|人大|网信办|市场监管局|工商局|市长信箱|市民中心|行政服务中心|政务中心|政务服务中心|金融服务中心|"
    r"行政中心|来访接待中心|市府|区府|政府大院)"
)
VENUE = r"(?:总部|公司|售楼处|大厦|大楼|写字楼|广场|门店|营业部|办事处|办公室|会议中心|体育馆|公园|门口|楼下|大门|门前)"
_NOT_CLAUSE = r"[^，。！？!?,;；\n]"

_PATTERNS: dict[str, str] = {
    "gather": (
        r"集合|集结|聚集|聚一聚|碰头|会合|汇合|集中(?!精力|注意|力量|营销|采购|整治|处理|开展|清理)|不见不散|"
        r"现场维权|线下维权|拉横幅|打横幅|挂横幅|举横幅|横幅|举牌|标语|静坐|围堵|堵门|堵住|讨说法|讨个说法|"
        r"要说法|要个说法|讨回公道|讨公道|讨要|蹲守|守在|去现场|到现场|造声势|声势|"
        r"门口见|楼下见|现场见|那里见|那儿见|老地方见|老地方|一起去|一块去|一同前往|同去|组团去|结伴去|约起来|走一趟|"
        r"烛光守夜|守夜|点蜡烛|旁听|声援|占位置|到场|签到|递交|集体递交|不走了|坐等|再去一次|再去|继续去|接着去|"
        r"这次直接去|改成|改到|改去|换到|去送|全体到齐|到齐|人到齐|一个都别少|一个不能少|不来的|需要人|人手不够|"
        r"有个说法|给个说法|堵人|堵他|包车|大巴|拼车过来|去省会|组织一次|再组织|一次大的|时间地点|另行通知|走起|"
        r"继续|不能停|坚持住|接着来|都去|准时到|前到|全体行动|统一行动|等通知|聚一下|聚一聚|碰个头|商量下一步|下一步怎么|"
        r"举起牌子|举牌子|全部到场|到场旁听|冲"
    ),
    "petition": (
        r"上访|信访|进京|请愿|反映诉求|反映情况|反映问题|递交材料|递材料|交材料|提交材料|报案材料|集体报案|"
        r"集体起诉|集体诉讼|起诉|报案|报警|找领导|见领导|找说法|讨薪|"
        r"(?:去|到|找|赴|前往|跑|奔|冲|杀到|进|围)" + _NOT_CLAUSE + r"{0,10}?" + OFFICE
    ),
    "group": (
        r"(?:维权|受害人|受害者|投资人|出借人|债权人|讨债|追款|互助|自救|报案|登记|追损|挽损|家属)群|"
        r"(?:QQ|qq|Qq|微信|企鹅|钉钉|tg|TG|电报)群|群号|群聊|加群|进群|入群|拉群|建群|建了(?:个|一个)?群|"
        r"拉你|拉进群|拉(?:大家|你们)进|私信(?:我)?拉|私聊(?:我)?|私我|私信我|扫码|二维码|扫一扫|"
        r"加我(?:微信|QQ|qq|vx|好友)?|加(?:微信|QQ|qq|vx|Q|q|V|v)|[vV]我|会议号|腾讯会议|钉钉会议|直播间|"
        r"新群|二群|三群|老群|群满|群被封|群主|转移过来|拉我|建一个|都进来|进来|加薇|加威|加微|搵我|入群|进[^，。！？\n]{0,8}群|"
        r"[零〇一二三四五六七八九幺两]{6,11}|(?<!\d)\d(?:[ \-]?\d){5,11}(?!\d)"
    ),
    "campaign": (
        r"统一话术|统一口径|统一发声|统一行动|统一时间|统一着装|刷话题|带话题|带上话题|上热搜|冲热搜|刷屏|刷评论|"
        r"控评|集体打|打爆|轰炸|打热线|市长热线|(?<!\d)12345(?!\d)|联名信|联名|签名|万人|一起转发|转发扩散|帮忙转发|扩散|"
        r"互相转告|转告|集体投诉|一起投诉|集体举报|一起举报|一起@|@\S{1,12}(?:媒体|新闻|日报|晚报|卫视|发布|电视台)|"
        r"留言板|人民网留言|领导留言|评论区留言|去评论区|统一发|统一给|统一回复|写信|寄信|每人至少|"
        r"一人一封|模板|投票|打分|一星|差评|评论区刷|刷[\"“'‘]|官微|每天.{0,6}准时|复制|发到.{0,8}(?:朋友圈|群)|"
        r"让更多人知道|客服热线|打一遍|一人打|轮流打|打到他们|打电话给|越多越好|一起发|发给他|写个.{0,6}字|爆料|签名按手印|"
        r"按手印|统一寄|一起寄|联系(?:上|好)?.{0,6}记者|记者那边|投稿|捅出去|同一个时间|同一时间|统一这么说|越统一越好|"
        r"凑够|人大代表|转到.{0,4}群|统一去|黑猫投诉|投诉的人多|同一段话|同时发|文案|直播间刷|去直播间"
    ),
    "mobilize": (
        r"大家|各位|所有(?:的)?(?:投资人|出借人|受害人|受害者|债权人|人|朋友|兄弟)|兄弟们|姐妹们|兄弟姐妹|家人们|"
        r"朋友们|战友们|老乡们|受害者们|投资人们|出借人们|同胞们|伙伴们|一起|一块|一同|共同|集体|组团|团结|抱团|"
        r"联合起来|行动起来|站出来|速来|速度来|都来|都去|都到|能来的|能去的|有空的|有时间的|在.{1,4}的(?:朋友|兄弟)|"
        r"有没有人|有人一起|谁(?:一起|去|愿意|能去|有空)|约起|约好|相约|报名|接龙|统计人数|我们要|咱们|我们一起|"
        r"号召|呼吁|倡议|召集|多叫|多带|叫上|喊上|带上家人|拖家带口|全体|所有人|每个人|每人|(?:的|人)都(?:来|去|到|要)|"
        r"能来|能到|能去|尽量来|直接来|快来|还有谁|谁来|进来|都通知|通知到|转一下|能转的|扣1|评论区扣|老乡们|受害人们|"
        r"出借人们|一群人|人多|都过来|过来|一齐|互相通知|通知一下|评论扣|扣[\"“'‘]|私我|报名的|人越多越好|人多力量大|"
        r"(?:业主|员工|工友|家长|股民|车主|村民|老人|阿姨)们|都嚟|名单|人不够|还差.{0,4}人|请假|"
        r"谁不去|不去的|别掉链子|掉链子|搞快点|等齐人|齐人|整齐了|到齐了|一路切|都切|咱都|老铁们|老少爷们|街坊|"
        r"乡亲们|父老乡亲|大伙|大伙儿|各位老哥|兄弟姐妹们|所有受害者|转到各个群|让所有|一路去|喊起|请个假|去得了的"
    ),
    "imperative": (
        r"务必|一定要|必须|别忘了|记得|带上|带好|带齐|准时|别迟到|不要迟到|提前|准备好|赶紧|抓紧|尽快|速|"
        r"请各位|请大家|请互相|请.{0,6}(?:出借人|投资人|受害人)|多穿点|小板凳|横幅我来|唔好迟到|迟到|"
        r"别忘了|说好的|空出来|留出时间|报个到|报到|别磨叽|抓紧"
    ),
    "euphemism": (
        r"懂的都懂|懂的来|懂的私|你们懂的|不懂的别问|别在群里说|自己人都知道|别说太明白|有人在看|老规矩|不要发朋友圈|"
        r"[\"“'‘「『](?:散步|喝茶|逛逛|逛一逛|坐坐|坐一坐|旅游|看风景|参观|溜达|走走|转转|聚餐|吃饭|打卡|团建|聚聚|遛弯)"
        r"[\"”'’」』]"
    ),
    "euphemism_weak": (
        rf"(?:{OFFICE}|{VENUE})[^。！？!?\n]{{0,8}}?(?:散步|喝茶|逛逛|逛一逛|坐坐|坐一坐|看风景|参观|溜达|走走|转转|遛弯|聚餐|"
        r"吃饭|送.{0,3}礼物|打卡)"
    ),
    "place": rf"{OFFICE}|(?:公司|总部|售楼处|大厦|大楼|广场|管委会)(?:门口|楼下|大门|门前)?|火车站|广场",
    # --- context -------------------------------------------------------------------------------
    "report": (
        r"据报道|据悉|据了解|据介绍|记者|本报讯|通讯员|讯[)）]|通报|警情|经查|经初步|公安机关|我局|本局|"
        r"(?<!@..)(?<!@.)(?<!@)警方|犯罪嫌疑人|嫌疑人|刑事拘留|行政拘留|被拘|已被|已于|此前|(?<![周日月号\d])日前|近日|昨日|前日|事发|"
        r"劝离|疏散|处置|报道|消息称|获悉|声明|(?<!群)公告|相关部门|有关部门|截至|涉案|一审|判决|宣判|庭审|被告|"
        r"传唤|发帖人|煽动|带头的|组织者|有人在群里|有网友|网传|【复盘】|复盘|回顾|盘点|年前后|高峰期|接待了|安排专人|"
        r"有人说|有人喊|听说|民警|劝导|散去|自行离开|陆续离开|到场处置|现场秩序|数十名|百余名|约\d+名|\d+余名|"
        r"部分(?:出借人|投资人|群众|人员)|少数人员|告诉记者|接受采访|受访|现场视频|维持秩序|围着|据.{0,6}报道|情况汇报|汇报|有关人员|自称|情况说明|情况通报|经核实|今\(\d{1,2}\)日|涉嫌|"
        r"携带|身份证件|工作日|办公时间|受理|窗口|接访|记者调查|调查[:：]|暗语|疏导|依法侦办|已全部接收|正在依法|"
        r"流程分享|分享给大家"
    ),
    "past": (
        r"昨天|前天|上周|上星期|上个月|去年|那天|那次|当时|曾经|之前|已经(?:去|到)过|(?<![未没])去过|我也去了|都去了|参加了|站了|被劝|劝回|一共去了|上次|一个人去了|上热搜了|点进去|回忆|那时候|[们人个]去了|接待的人|让回去等|说会|又在.{0,8}看到|看到那个|聚集了|集合了|上访了|"
        r"拉了横幅|围堵了|静坐了|见到了|接待了|回复了"
    ),
    "warning": (
        r"(?:(?<!要)不要|别|切勿|勿|谨防|严禁|禁止|不得|不能|不可|拒绝|抵制|不建议|不参与|不会去|没必要|千万别)"
        r"(?:" + _NOT_CLAUSE
        + r"{0,8}?(?:聚集|集合|上访|参与|加入|进群|加群|去|拉横幅|静坐|扩散|转发|相信|信|被骗|私信)|进|交|理)|"
        r"辟谣|谣言|不信谣|不传谣|耐心等|澄清一下|不是我们群|别被带节奏|带节奏|从来没组织|消息不实|不实|网上流传|以官方.{0,4}为准|大多没用|与其|有意思吗|劝都不听|非要去|怎么劝|"
        r"都是骗子|是骗局|都是诈骗|二次诈骗|维权费|会费|解冻费|手续费|先交钱|收.{0,3}费|反诈|提醒|冷静|当枪使|劝大家|"
        r"理性维权|依法维权|合法维权|依法理性|合法途径|合法渠道|正当途径|非法聚集|聚众扰乱|扰乱.{0,4}秩序|寻衅滋事|"
        r"依法处理|依法追究|依法查处|依法处置|依法打击|警惕|谨防|提醒广大|请广大|温馨提示|骗子群|假群|冒充"
    ),
    "benign": (
        r"组团(?:旅游|旅行|出游|去玩|游|开黑|打游戏|打|上分|刷|看|追星|听|吃|逛|自驾|爬山|露营|健身|学习|考研|购|买)|"
        r"开黑|上分|拼团|团购|拼单|团建|同学会|年会|演唱会|音乐节|应援|粉丝|球赛|看球|马拉松|广场舞|旅行团|"
        r"旅游团|跟团|自驾游|婚礼|生日|唱k|K歌|k歌|火锅|剧本杀|狼人杀|游戏|王者|吃鸡|副本|公会|战队|优惠券|领券|"
        r"抢购|秒杀|福利群|红包群|薅羊毛|羊毛|返利|兼职|招聘|加盟|课程|读书会|跑团|骑行|徒步|钓鱼|家长群|班级群|业主群|"
        r"志愿者|宣传活动|宣讲|讲座|培训|红马甲|民宿|景区|景点|机票|门票|攻略|出游|旅行|音乐喷泉|晚饭后|饭后|"
        r"驴友|AA制|爬山|(?<![\"“'‘])旅游|带娃|遛娃|银杏|真好看|太美|海底捞|烧烤|KTV|全组|同事|绩效|考研|考公|资料共享|"
        r"学习群|活动福利|产品信息|最新产品|官方群|\(官方\)|本平台|举办|开放日|欢迎.{0,8}(?:莅临|参观|到场|前来)|莅临|见面会|定于|"
        r"发售|球鞋|联名款|专属福利|领取|体验金|新人注册|注册送|还剩\d+个?名额|名额有限|爬\S{0,3}山|温泉|泳衣|山庄|五排|"
        r"开黑|缺一|两天一夜|各部门|报给行政|清理|楼道|物业|垃圾袋|手套|大堂|训练营|名师直播|名师|宗亲|祭祖|拜拜|冬泳|业委会|"
        r"业主大会|选举|筹备会|净滩|捡垃圾|资料包|限时免费|前\d+名|秋游|春游|家长|学校|同学们|集体照|校服|上车|[一两三]日游|接送|拼车群|顺风车|律师事务所|承接|免费咨询|"
        r"咨询电话|成功率|办(?:居住证|证|社保|护照|身份证|营业执照|业务)|哈哈|出境游|自由行|度假"
    ),
    "single": (
        r"(?:^|[，。！？!?\s])(?:我|本人|俺)" + _NOT_CLAUSE + r"{0,8}?"
        r"(?:去|到|找|在|打)" + _NOT_CLAUSE + r"{0,10}?(?:" + OFFICE[3:-1] + r"|报案|报警|投诉|举报|热线|电话)|"
        r"自己去|自己请|自己一个人|看情况|陪她去|陪他去|我要去|帮我(?:妈|爸|家人|父母)|一个人坐|"
        r"我自己|一个人去|独自|本人已|(?:我|本人)(?:和|跟|带着?)我?(?:老婆|老公|爱人|媳妇|妈|爸|父母|家人|孩子|女儿|儿子)"
    ),
    "abstain": r"大家不用跟|不用跟|不用陪|去不了|不去了|我就不去|我也去|祝我好运|我退了|退群了|已退群",
    "grievance": (
        r"维权|被骗|受骗|受害|本金|血汗钱|养老钱|救命钱|投资人|出借人|债权人|暴雷|爆雷|跑路|逾期|提现|兑付|清退|"
        r"清盘|立案|非法集资|集资|诈骗|骗局|骗子|平台|失联|套路贷|催收|追回|挽损|退款|赔偿|欠款|欠薪|拖欠|还钱|"
        r"退钱|血本无归|倾家荡产|家破人亡|讨债|兑付|良退|理财|受害|被坑|坑了|开发商|交房|烂尾|拆迁|欠薪|工资|还钱|说法|"
        r"血汗钱|诉求|立案|被呃|呃钱|被骗的|bei pian"
    ),
    "time": (
        r"明天|明早|明晚|明日|后天|大后天|下周|本周|这周|这个周|周[一二三四五六日天末]|星期[一二三四五六日天]|"
        r"礼拜[一二三四五六日天]|\d{1,2}(?:月\d{1,2}[日号]?|\.\d{1,2}(?!\d)|[号日](?!前)|[点:：])|[上下]午|早上|早晨|"
        r"晚上|中午|[一二三四五六七八九十两]{1,3}点|元旦|国庆|春节|中秋|今晚|今天下午|今天上午"
    ),
    "question": r"有人知道|怎么(?:报案|维权|办|处理|加)|请问|求助|咨询一下|如何(?:报案|维权|处理)|有用吗|有没有用|能追回吗|靠谱吗|"
    r"多少[？?]|是多少|在哪[？?]|要带什么|需要带|带啥|要不要提前|预约|能说说|有没有.{0,10}群[？?]|是真的吗|来着|"
    r"本人到场吗|能不能代办|怎么办啊",
}

# Mobilizers that ask people to move *together* (as opposed to only addressing them: 大家, 各位).
_PATTERNS["together"] = (
    r"都过来|一起|一齐|一块|一同|集体|组团|我们|咱们|都来|都去|都到|的都|有没有人|有人一起|谁(?:一起|去|来)|全体|所有人|一群人"
)
PATTERNS = {name: re.compile(rx) for name, rx in _PATTERNS.items()}
EVIDENCE = ("gather", "petition", "group", "campaign", "mobilize", "imperative", "euphemism", "euphemism_weak", "place")
# Evidence that can start a call by itself; without any of these a post is not scored further.
ACTION = ("gather", "petition", "group", "campaign", "euphemism", "euphemism_weak")
CONTEXT = ("report", "past", "warning", "benign", "single", "abstain", "grievance", "time", "question", "together")



Hit = tuple[int, int, str]
_META = set(".^$*+?{}[]()|\\")


def _split_top(rx: str) -> list[str]:
    """Split a regex at its top-level `|` (outside groups and character classes)."""
    parts, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(rx):
        c = rx[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(rx[start:i])
            start = i + 1
        i += 1
    parts.append(rx[start:])
    return parts


def _required_literal(alt: str) -> str | None:
    """The longest plain run of characters every match of `alt` must contain, or None.

    Only runs at the top level of the alternative count, and not those a quantifier makes
    optional (the last character before `?`, `*` or `{0,` is dropped from the run)."""
    best, run, depth, in_class, i = "", "", 0, False, 0

    def close(r: str) -> None:
        nonlocal best
        if depth == 0 and len(r) > len(best):
            best = r

    while i < len(alt):
        c = alt[i]
        if c == "\\":
            close(run)
            run = ""
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            close(run)
            run, in_class = "", True
        elif c in "(":
            close(run)
            run, depth = "", depth + 1
        elif c == ")":
            depth -= 1
            # A group followed by a quantifier may vanish; its absence does not matter for runs.
        elif c in "?*{":
            close(run[:-1])
            run = ""
            if c == "{":  # skip the quantifier's body: {0,6}
                i = alt.index("}", i)
        elif c in ".^$+|":
            close(run)
            run = ""
        elif depth == 0:
            run += c
        i += 1
    close(run)
    return best or None


def _leading_group_anchors(alt: str) -> list[str] | None:
    """For an alternative that opens with a group of alternatives — (?:政府|信访局|...)门口 —
    the literals one of which every match must contain; None when that cannot be said."""
    if alt.startswith("[") and "]" in alt and alt[alt.index("]") + 1:].startswith("(?:"):
        alt = alt[alt.index("]") + 1:]  # a leading character class (an opening quote) adds no anchor
    if not alt.startswith("(?:"):
        return None
    depth, i = 0, 0
    while i < len(alt):
        c = alt[i]
        if c == "\\":
            i += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                break
        i += 1
    if i + 1 < len(alt) and alt[i + 1] in "?*{":
        return None  # the group is optional
    anchors: list[str] = []
    for sub in _split_top(alt[3:i]):
        if sub and not any(ch in _META for ch in sub):
            anchors.append(sub)
            continue
        lit = _required_literal(sub)
        nested = [lit] if lit else _leading_group_anchors(sub)
        if not nested:
            return None
        anchors.extend(nested)
    return anchors


class CueScanner:
    """All categories in one pass: plain-word alternatives go into one Aho-Corasick automaton;
    alternatives that need regex features stay regexes, and each such regex runs only when the
    automaton saw a literal it requires (Python's `re` tries every alternative at every
    position, which made the word lists the detector's main cost)."""

    def __init__(self, patterns: dict[str, str]) -> None:
        self._auto = ahocorasick.Automaton()
        literals: dict[str, list[str]] = {}
        self._always: dict[str, re.Pattern[str]] = {}
        # Each anchored alternative is its own regex, run only when one of its anchors occurs.
        self._anchored: list[tuple[str, re.Pattern[str]]] = []
        for name, rx in patterns.items():
            always = []
            for alt in _split_top(rx):
                if alt and not any(ch in _META for ch in alt):
                    literals.setdefault(alt, []).append(name)
                    continue
                anchor = _required_literal(alt)
                anchors = [anchor] if anchor else _leading_group_anchors(alt)
                if anchors:
                    key = f"@{len(self._anchored)}"
                    self._anchored.append((name, re.compile(alt)))
                    for a in set(anchors):
                        literals.setdefault(a, []).append(key)
                else:
                    always.append(alt)
            if always:
                self._always[name] = re.compile("|".join(always))
        for word, names in literals.items():
            self._auto.add_word(word, (len(word), tuple(names)))
        self._auto.make_automaton()

    def scan(self, text: str) -> Scan:
        """One automaton pass over `text`; regex categories are matched on demand by Scan.hits()."""
        found: dict[str, list[Hit]] = {}
        triggered: dict[str, set[int]] = {}
        for end, (length, cats) in self._auto.iter(text):
            start = end + 1 - length
            for name in cats:
                if name[0] == "@":
                    idx = int(name[1:])
                    triggered.setdefault(self._anchored[idx][0], set()).add(idx)
                else:
                    found.setdefault(name, []).append((start, end + 1, text[start:end + 1]))
        return Scan(self, text, found, triggered)


class Scan:
    """The literal hits of one text, and the regex categories its anchors made worth running."""

    def __init__(self, scanner: CueScanner, text: str, found: dict[str, list[Hit]],
                 triggered: dict[str, set[int]]) -> None:
        self._scanner, self._text, self._found, self._triggered = scanner, text, found, triggered

    def hits(self, names: Iterable[str]) -> dict[str, list[Hit]]:
        """Non-overlapping hits per category (longest first at each position), in text order."""
        out: dict[str, list[Hit]] = {}
        sc, text = self._scanner, self._text
        for name in names:
            found = list(self._found.get(name, ()))
            regexes = [sc._anchored[i][1] for i in sorted(self._triggered.get(name, ()))]
            if name in sc._always:
                regexes.append(sc._always[name])
            for rx in regexes:
                found.extend((m.start(), m.end(), m.group(0)) for m in rx.finditer(text) if m.end() > m.start())
            if not found:
                continue
            found.sort(key=lambda h: (h[0], h[0] - h[1]))
            kept: list[Hit] = []
            for hit in found:
                if not kept or hit[0] >= kept[-1][1]:
                    kept.append(hit)
            out[name] = kept
        return out


SCANNER = CueScanner(_PATTERNS)
