"""The words places are made of, as regular-expression parts for venue.py: offices and the units
inside them, private buildings, landmarks, divisions, and the tails that say where at a place
(门口, 三楼会议室, 旁边那栋楼). A place body is a core with what may precede and follow it.
"""

from __future__ import annotations

from nlp.organizing.cues import OFFICE, VENUE

__all__ = ["ADMIN", "BUILDING", "FREE_BODY", "LANDMARK", "OFFICE_UNIT", "PLACE_BODY", "PLACE_CORE", "PLACE_TAIL"]

# Offices and organs, with the units people name inside them (经侦大队, 执行局, 立案大厅).
OFFICE_UNIT = (
    r"(?:第?[一二三四五]?中级(?:人民)?法院|高级(?:人民)?法院|基层(?:人民)?法院|人民法院|人民法庭|司法所|"
    # Grassroots offices where disputes are heard (综治中心, 矛调中心, 党群服务中心).
    r"(?:综治|矛调|调解|社会治理|矛盾纠纷调处化解|党群服务|便民服务|为民服务)中心|人民检察院|(?:地方)?金融(?:监督|监管)?管理局|"
    rf"(?:地方)?金融监管局|{OFFICE}|监管局|分局|支队|大队|执行局|管委会|街道办|民政局|检察院|金融工作办公室|"
    r"立案大厅|接待大厅|来访接待大厅|(?:联合|群众)?接待中心|教育局|人社局|社保局|住建局|房管局|税务局|商务局|司法局|财政局|卫健委|发改委|"
    r"扫黑办|处非办|打非办|维稳办|综治办|国资委|市场监督管理局|"
    # Any bureau or office whose door is named (文旅局门口, 扫黑除恶办公室楼下).
    r"[\u4e00-\u9fff]{2}(?:局|办)(?=门口|大门|楼下|门前|[东西南北]门|旁边|对面)|"
    r"(?<=[省市区县])[a-z]{2,4}(?=门口|$))"
)
# Named buildings and compounds beyond the cue list: where a boss lives (翡翠湾小区, 城南花园),
# a shop upstairs (那家咖啡馆楼上), a law firm or cooperative office. Each needs a name or a floor.
BUILDING = (
    r"(?:小区|花园|公寓|家园|山庄|别墅|咖啡馆|咖啡厅|茶楼|茶馆|饭店|酒楼|餐厅|会所|律所|律师事务所|合作社|村委会|居委会)"
)
# Landmarks people meet at (老年大学门口, 村文化礼堂, 新华书店, 体育中心站B出口, 天堂软件园D座).
LANDMARK = (
    # Schools, hospitals, libraries and shops are where everyday life happens: only their door
    # or a spot beside them is a meeting point (老年大学门口, 新华书店对面).
    r"(?:(?:大学|学院|中学|小学|学校|幼儿园|校区|医院|图书馆|博物馆|展览馆|书店|超市|电影院|影城)"
    r"(?=门口|大门|[东西南北]门|门前|楼下|对面|旁边|附近|隔壁|住院部|门诊)|"
    # Malls named by their brand alone (湖滨银泰门口, 吾悦北门).
    r"(?:银泰|吾悦|宝龙|天街|来福士|太古里|凯德|印象城|万象汇|苏宁广场)(?:城|中心|广场)?(?=门口|大门|[东西南北]门|门前)|"
    r"礼堂|文化礼堂|祠堂|活动中心|服务中心|文化中心|社区中心|体育中心|体育场|会展中心|软件园|产业园|创业园|"
    # A bank faced by its door: the custodian bank, the rural bank that sold the product (农商银行门口, 高新支行楼下).
    r"(?:银行|支行|分行|农商行|信用社)(?=门口|大门|[东西南北]门|正门|门前|楼下|营业厅|大厅)|"
    # Market places: a market day brings the whole township (集市口, 农贸市场门口).
    r"集市口|集市|大集|菜市场|农贸市场|(?<=[\u4e00-\u9fff]{2})市场(?=门口|大门|[东西南北]门|门前)|"
    r"工业园|创新港|村口|桥头|码头|地铁站|(?<=[\u4e00-\u9fff]{2})站(?=[A-Za-z]?\d?号?出口)|麦当劳|肯德基|星巴克|"
    r"营业厅|售楼部|营销中心|工地|项目部|(?<=[\u4e00-\u9fff]{2})[A-Za-z\d]{1,2}[座栋幢]|"
    # A crossing (人民路和解放路交叉口, 中山路口) and a works or shop faced by its door (纺织厂大门).
    r"(?<=路|街|道)(?:与|和)[\u4e00-\u9fff]{2,4}(?:路|街|大道)(?:交叉口|交汇处|十字路口|路口|口)|(?<=[\u4e00-\u9fff]{2}[路街])口|"
    r"(?<=[\u4e00-\u9fff]{2})[厂店](?=门口|大门|楼上|楼下|门前))"
)
ADMIN = r"(?:[\u4e00-\u9fff]{2,8}?(?:省|市|自治区|自治州|地区|新区|开发区|高新区|区|县|镇|街道))"
PLACE_CORE = (
    rf"(?:{OFFICE_UNIT}|{VENUE}|{BUILDING}|{LANDMARK}|(?<=[\u4e00-\u9fff]{{2}})[东西南北]门|"
    # A road, or a crossing of two (中华北大街和裕华路交叉口): the crossing is the spot when it is told.
    rf"[\u4e00-\u9fffA-Za-z0-9]{{1,10}}?(?:路|街|大道)\d*号?(?:[与和][\u4e00-\u9fff]{{2,4}}?(?:路|街|大道)(?:交叉口|交汇处|十字路口|路口))?|人民广场|市民广场|"
    # A shopping complex is named by its brand (万象城, 大悦城); only its door or front is a place.
    r"[\u4e00-\u9fff]{2,4}(?:城|汇|天地|购物中心|商场)(?=门口|大门|楼下|[东西南北]门|门前))"
)
PLACE_TAIL = (
    r"(?:(?:(?:旁边|对面|隔壁|附近)的?(?:(?:那栋|那座|那幢)楼|(?:那个|那家)?[\u4e00-\u9fff]{0,4}?(?:大楼|大厦|麦当劳|肯德基|星巴克|银行|超市|酒店|宾馆|茶楼|饭店|广场|公园|停车场)))|"
    r"(?:第[一二三四五六七八九十\d]{1,3}|[一二三四五六七八九十\d]{1,2}号)?(?:审判庭|法庭)|(?:[东西南北]侧)?停车场|正门|侧门|后门|(?:原来|以前|之前)的(?:办公室|办公楼|门店|仓库)|旧址|原址|前广场|[A-Za-z]?\d?号?出口|[\u4e00-\u9fff]{0,4}?(?:树下|底下)|大堂|大?会议室|大院|[东西南北]侧|楼前|住院部|门诊楼|门诊部|(?:信访|接待|办事|服务)?窗口|[\u4e00-\u9fff]{0,4}?(?:那里|那边|那儿)|\d{1,2}#楼|\d{1,2}号楼|"
    r"(?:(?:他|她|老板|老总)的?)?家门口|(?:那套|这套)房子|\d{3,4}(?:室|房)?(?!\d)|[一二三四五六七八九十\d]{1,2}[楼层]大厅|楼上|门口|大门口|大门|门前|楼下|广场|对面|旁边|附近|[东西南北]门|[一二三四五六七八九十\d]{1,2}[楼层](?:会议室|大厅)?|[A-Za-z\d]{1,2}[座栋幢]|大厅|会议室|前面|外面|外){0,3}"
)
PLACE_BODY = (
    rf"(?:{ADMIN}{{0,3}}[\u4e00-\u9fffA-Za-z0-9]{{0,10}}?{PLACE_CORE}(?:{OFFICE_UNIT}|{VENUE}){{0,2}}{PLACE_TAIL})"
)
FREE_BODY = (
    rf"(?:(?:{ADMIN}|[省市区县]){{1,3}}[\u4e00-\u9fffA-Za-z0-9]{{0,10}}?{PLACE_CORE}"
    rf"(?:{OFFICE_UNIT}|{VENUE}){{0,2}}{PLACE_TAIL}|"
    # A street address with its number (金融街15号楼下): only a number makes a road a place here.
    rf"[\u4e00-\u9fff]{{1,6}}(?:路|街|大道)\d+号{PLACE_TAIL}|"
    # A room given by its floor alone (三楼会议室), where the post names no building.
    r"[一二三四五六七八九十\d]{1,2}[楼层](?:大?会议室|大厅|大堂)|"
    # A gate of an estate or mall named by its brand (碧桂园凤凰城南门).
    rf"[\u4e00-\u9fff]{{2,6}}(?:城|园|苑)(?=[东西南北]门|门口|大门){PLACE_TAIL}|"
    rf"[\u4e00-\u9fffA-Za-z0-9()（）]{{0,14}}?(?:{OFFICE_UNIT}|{VENUE}|{BUILDING}|{LANDMARK}|人民广场|市民广场|火车站|高铁站|汽车站|客运站|地铁站|酒店|宾馆)"
    rf"(?:{OFFICE_UNIT}|{VENUE}){{0,2}}{PLACE_TAIL})"
)
