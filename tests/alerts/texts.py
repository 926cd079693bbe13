"""What the synthetic netizens write: templates and fragments per kind of post, and the filler.

Used by tests/alerts/histories.py. Each post is an opener, a core template, an optional extra
sentence and a closer; slots ({P} a platform mention, {amt} an amount, ...) are filled at random
and a share of posts get typos, netizen shorthand (kf, pt, 体现) and emoji.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

# --- platforms ---------------------------------------------------------------------------------

STEM_CHARS = "钜瀚沣铂翼骏鼎晟昊煜珑岚璟霖桓濠麟曜锦翔榕钧琨骐珈熠弘赟鑫融汇盈聚丰泰恒诚瑞宏嘉祥润卓邦"
# Pairs that are dictionary words (or real banks) would not read as a distinct brand.
STEM_WORDS = frozenset("融汇 汇聚 汇丰 聚鑫 丰盈 丰泰 丰润 恒丰 恒瑞 嘉泰 嘉祥 祥瑞".split())
SUFFIXES = ("贷", "金服", "财富", "宝", "网", "金融")
PLACES = (
    ("浙江省", "杭州", ("西湖区", "滨江区", "拱墅区")), ("广东省", "深圳", ("福田区", "南山区", "罗湖区")),
    ("上海市", "上海", ("浦东新区", "徐汇区", "静安区")), ("北京市", "北京", ("朝阳区", "海淀区", "东城区")),
    ("江苏省", "南京", ("建邺区", "鼓楼区", "玄武区")), ("山东省", "济南", ("历下区", "市中区")),
    ("四川省", "成都", ("高新区", "锦江区", "武侯区")), ("湖北省", "武汉", ("江汉区", "武昌区", "洪山区")),
    ("福建省", "厦门", ("思明区", "湖里区")), ("安徽省", "合肥", ("蜀山区", "包河区", "庐阳区")),
    ("河南省", "郑州", ("金水区", "郑东新区")), ("湖南省", "长沙", ("岳麓区", "天心区", "开福区")),
)
ROADS = ("解放路", "人民路", "中山路", "建设大道", "金融大街", "世纪大道", "科技路", "新华路")


@dataclass(frozen=True)
class Brand:
    """An invented platform: its full name, the 简称 people write, and where it is registered."""

    name: str
    stem: str
    company: str
    province: str
    city: str
    district: str

    @property
    def region(self) -> str:
        return self.province if self.province.startswith(self.city) else f"{self.province}{self.city}市"


def invent_brands(rng: random.Random, n: int) -> list[Brand]:
    """n distinct platform names; no two share a 简称, so a mention names exactly one platform."""
    brands: list[Brand] = []
    stems: set[str] = set()
    while len(brands) < n:
        a, b = rng.sample(STEM_CHARS, 2)
        stem = a + b
        if stem in STEM_WORDS or stem in stems or stem[::-1] in stems:
            continue
        stems.add(stem)
        suffix = rng.choice(SUFFIXES)
        province, city, districts = rng.choice(PLACES)
        company = f"{city}{stem}{rng.choice(('网络科技', '互联网金融信息服务', '金融信息服务'))}有限公司"
        brands.append(Brand(stem + suffix, stem, company, province, city, rng.choice(districts)))
    return brands


# --- core templates per kind -------------------------------------------------------------------

CHATTER = """{P}这个月回款都按时到了，复投了{amt}
今天{P}上了新标，年化{rate}，手快有手慢无
{P}的app更新了，界面比以前清爽多了
问下{P}的债转一般多久能转出去？
在{P}投了快{n}年了，目前还算稳
{P}客服回复挺快的，提现{n}小时就到账了
{P}新出的{n}个月标有人投吗，感觉利率还可以
{P}签到积分能换什么啊
晒一下{P}本月收益：{small}元，不多但稳定
{P}的存管是{bank}，查了下备案信息都齐全
{P}邀请好友返现活动还在吗
刚注册{P}，新手标怎么抢？
{P}提现到账速度可以，上午提下午到
有没有在{P}出借的，交流下经验
{P}今天回款{small}，继续复投
{P}的自动投标功能好用吗
{P}信息披露做得还行，每月都有运营报告
看了{P}{month}月的运营报告，逾期率挺低的
{P}的客服小姐姐态度很好，耐心解答了半天
{P}年化{rate}算高还是低？新手求科普
{P}app指纹登录终于支持了
复投{P}第{n}期，目前一切正常
{P}回款日是每月{day}号吗
准备把到期的钱继续放{P}
{P}的风险测评做完了，结果是稳健型
{P}充值限额是多少？{bank}的卡一次只能充{n}万
{P}今天的新标秒没
{P}出借满{n}个月了，收益{small}，还行吧
请问{P}提前退出要手续费吗
{P}的积分商城换了个充电宝，质量还可以
{P}官网改版了，找了半天入口
用{P}{n}年了，提现从来没出过问题
{P}周末也能提现吗？
{P}的电子合同在哪里下载
{P}{month}月数据出来了，累计成交额又涨了
分享下我的配置：{P}放了{amt}，其余在银行买理财
{P}最近有新活动吗？好久没看到加息了
{P}那个季度标还有额度吗
{P}上的车贷标有抵押，感觉相对放心点
{P}的电话客服几点下班
{P}今晚系统升级，{n}点后恢复，大家别着急
{P}的收益是先息后本还是等额本息？
昨天在{P}提了{small}，今天一早就到账了
{P}的银行存管账户怎么开通，步骤有点多
{P}小额分散做得不错，一个标才几百块
在{P}和余额宝之间犹豫，放哪个好
{P}的回款计划表在哪看
{P}又发运营月报了，借款人数在涨
{P}的出借人交流群有吗，想进去学习学习
{P}今天提现秒到，点赞
{P}的标的描述挺详细的，借款用途都写了""".splitlines()

GRUMBLE = """{P}最近标太少了，天天抢不到
{P}收益又降了，年化只剩{rate}，没意思
{P}的app又闪退了，能不能修修
{P}的推送短信天天发，烦死了
{P}积分规则改了，越来越抠
{P}的加息券门槛太高了吧
{P}新手标额度太小，塞牙缝都不够
{P}界面改得越来越难用了
{P}页面加载好慢，转半天圈
{P}的客服机器人答非所问，无语
{P}验证码老是收不到
{P}的标期限都是{n}个月以上的，太长了
吐槽一下{P}的活动规则，根本看不懂
{P}怎么又在维护，三天两头的
{P}邀请返现的红包到现在还没发给我
{P}的app广告越来越多了
{P}利率一降再降，准备慢慢撤了
{P}的新标利率越来越低，快赶上余额宝了
{P}签到积分清零了，提前也不通知
{P}的活动每次都是新用户的，老用户没份
{P}改了提现规则，每月只免费三次
{P}app更新后字体小得看不清
{P}的客服态度一般般，问啥都说不清楚
{P}债转折价太狠了
{P}老是给我推荐保险，烦""".splitlines()

COMPLAINT = """{P}提现{n}天了还没到账，什么情况？
{P}客服电话一直打不通，在线客服也不回
{P}回款比平时晚了一天，有人一样吗
{P}提现显示处理中，等了好久
在{P}申请的提现到现在还没到，有点慌
{P}这个月的利息怎么少了几块
{P}的在线客服是不是下班了，消息一直不回
{P}提现还要排队？第一次遇到
{P}债转挂了两天转不出去，急用钱
{P}到期的标怎么还没回款
{P}提现卡在银行处理中，是存管的问题吗
{P}客服排队{n}十个人，等不起
{P}回款日今天没到账，昨天还好好的
{P}提现失败退回了，也没说原因
{P}充值扣了钱余额没到，找客服半天没人理
{P}提现审核了一整天，平时几分钟就好
{P}的回款今天没按时到，下午再看看
{P}客服热线一直占线
{P}提现手续费怎么突然涨了
{P}标的到期了本金还没回来，客服说要等银行
{P}给客服留言三天没回复
{P}提现提示系统繁忙，试了好几次
{P}的提现记录显示失败，钱退回余额了
{P}这次回款拖了两天，以前从来不会
{P}人工客服找不到，机器人只会说请稍候
{P}的存管账户换绑卡换不了，提现卡住了
{P}提现到账比说好的晚了半天""".splitlines()

COMPLAINT_TAIL = ("", "", "", "后来客服说是银行系统维护", "晚上到了，虚惊一场", "等等看吧", "有点担心")

TROUBLE_EARLY = """{P}提现{n}天了一直在审核，有没有人一样？
{P}今天提现失败，显示银行处理中
{P}是不是出问题了？提现一直不到账
{P}的客服电话打了{n}次都没人接
{P}回款延迟了，说是借款人还款慢
{P}最近提现越来越慢，心里没底
有人在{P}提现成功吗？我的卡了{n}天了
{P}突然限额提现了，每天只能提{small}
{P}债转区全挂满了，根本转不出去，感觉不妙
{P}群里有人说提现不到账，真的假的
听说{P}的标大面积逾期了？有知情的吗
{P}官网这两天总是打不开
{P}客服说资金在清算，让等{n}个工作日
{P}提现到账从T+1变成T+{n}了，啥意思
{P}的在线客服全变成机器人了，人工根本找不到
{P}回款日到了一分没回，客服只说在处理
{P}是不是要出事，身边好几个人提现都没到
{P}的提现按钮变灰了，点不动
{P}今天的回款只到了一半，剩下的说下周
{P}充值通道关了，只能提现还提不出来
我在{P}的{amt}提了一周了，求个说法
{P}这几天的新标全是大额短期的，有点像借新还旧
{P}的债转打{n}折都没人接
{P}连续{n}天回款延迟，之前从没这样过""".splitlines()

TROUBLE_MID = """{P}官方发公告说延期兑付，分{n}个月还，这是要跑路的节奏吧
去{P}公司看了，办公室已经人去楼空
{P}所有标的全部逾期了，本金{amt}还在里面
{P}客服彻底失联了，电话关机，微信不回
{P}的老板联系不上了，有人知道情况吗
{P}宣布良性退出，谁信谁傻
{P}逾期{n}天了，一分钱没回
{P}app登不上去了！！
{P}官网关了，估计是要爆
{P}法人变更了，这是要跑？
{P}全部提现冻结了，出借人都懵了
{P}发了个清退方案，每月还{pct}，要还到猴年马月
{P}的借款人也联系不上了，都是假标吧
{P}办公地址门口贴了封条
{P}高管集体辞职，这还能好？
{P}说要转型助贷，本金先展期{n}个月
我在{P}有{amt}，已经逾期{n}天，睡不着
{P}的项目全是一个借款人换马甲，自融实锤
{P}客服说老板在处理资产，让我们别闹
{P}公众号停更了，群也解散了
{P}在{city}的办公室有人去看过吗？据说搬走了
{P}把标的逾期说成系统升级，骗谁呢
{P}这次是真的不行了，逾期越来越多
{P}宣布停止发标，只做回款，回款在哪呢
{P}要求出借人签债转协议，签了就等于认亏""".splitlines()

TROUBLE_LATE = """{P}暴雷了，{amt}血汗钱没了
{P}的出借人看过来，维权QQ群：{qq}，进群备注投资金额
{P}受害人请尽快到{city}经侦报案，带好身份证、银行流水、出借合同
{P}已被{city}警方立案侦查，大家去登记
确认了，{P}爆雷，实控人被控制了
{P}维权群已经{n}百人了，还没进的私信我
统计一下{P}的出借人，请在群里报金额
{P}的投资人们，团结起来，不要相信什么良性退出
{P}跑路了，老板卷款{n}个亿
{P}涉嫌非法集资，公安已经介入
{P}的出借人加微信群，{wx}，拉你进维权群
全家的积蓄都在{P}，{amt}，现在怎么办
{P}报案回执拿到了，没报的抓紧
{P}立案了，经侦让在网上登记，网址群里有
{P}暴雷受害者，一起写联名信给{city}市政府
{P}这个骗子平台，坑了我{amt}
{P}的事上新闻了，涉及出借人几万人
{P}的老板被抓了，钱能追回来多少？
{P}爆了，我老婆还不知道，不敢说
{P}出借人维权登记表，自己填好发群里
{P}暴雷第{n}天，还是没有任何消息
{P}的钱估计是要不回来了，认栽
求{P}维权群！！！有人拉一下吗
{P}的经侦登记开始了，{city}本地的可以直接去""".splitlines()

GATHERING = """{P}的出借人{gtime}在{place}集合，一起去反映情况，人越多越好！
通知：{gtime}{place}门口，{P}受害者集体维权，带上合同和身份证
{P}投资人{gtime}去{place}，拉横幅要说法
{gtime}，{place}，{P}的兄弟姐妹们都来，不来钱就真没了
{P}维权的{gtime}一起去{place}，统一穿白衣服
{P}出借人注意：{gtime}{place}见，提前到的在门口等
号召{P}所有受害人{gtime}到{place}，要求立案、追赃
{gtime}{place}，{P}维权，外地的能来尽量来，住宿群里统计
{gtime}，{place}，{P}的出借人一起去讨个说法，别再等了
{P}的朋友们，{gtime}{place}见，只是反映诉求，理性维权
{gtime}在{place}门口集合，{P}维权，带上打印好的材料
重要！{P}出借人{gtime}去{place}登记，人多好办事
{P}的，{gtime}{place}，能请假的都请假
{place}，{gtime}，{P}受害人集合，有车的可以拼车
{P}维权通知：{gtime}，{place}，不见不散
{gtime}{place}！！{P}的钱不能就这么算了""".splitlines()

CROSS = """{P}暴雷了，还好{Q}还能正常提现
{P}出事了，{Q}不会也有问题吧？赶紧提出来了
{P}跟{Q}是不是一个老板？有人说是，心慌
刚从{Q}撤了一半，{P}的事吓到我了
{P}暴雷以后我把{Q}的钱也全提了，以防万一
群里有人说{Q}和{P}是一个系的，真的假的
{P}凉了，{Q}这边目前回款正常，继续观察
{P}出事以后{Q}提现的人多了，到账慢了一点""".splitlines()

PROMO_USER = """{P}{act}来了！冲
抢到了{P}的加息券，加息{small_rate}，美滋滋
{P}{act}，转发抽iPhone，求中奖
{P}的{act}怎么参加？
有一起参加{P}{act}的吗，组队
{P}这次{act}力度挺大的
{P}{act}第一天，新标全被秒了
感谢{P}，{act}中了个小米手环
{P}{act}的红包已领，顺便复投了{amt}
{P}{act}，邀请好友双倍返现，需要的私
{P}今天真热闹，{act}
{P}{act}的规则看明白了，投{n}万以上额外加息
转发支持{P}{act}！
{P}{act}，老用户也有份吗？
{P}{act}的抽奖结果出来了吗
{P}不错，{act}说到做到
听说{P}{act}要到月底，还有机会
{P}的{act}页面做得挺好看
{P}{act}，今天新标加息{small_rate}，已投
参加了{P}{act}，送了张京东卡
{P}{act}每天签到都能领红包
{P}{act}开始了吗？还没看到入口
{P}{act}邀请了三个朋友，奖励到账了
{P}{act}的加息标半分钟就没了
{P}{act}，给老用户也发了加息券，良心""".splitlines()

PROMO_GRUMBLE = """{P}{act}根本抢不到，拼手速
{P}{act}的加息券不能叠加，差评
{P}{act}一开始app就卡死了""".splitlines()

PROMO_OFFICIAL = {
    "anniversary": "【{name}{n}周年庆】感恩一路相伴！即日起出借享{small_rate}加息，转发本微博抽{n}位送iPhone！",
    "coupon": "【加息券限时发放】{name}{month}月福利来啦，今天{hour}点起登录app领取{small_rate}加息券，数量有限先到先得！",
    "newbie": "【新手专享】{name}新手标年化{rate}，注册即送{n}88元红包，邀请好友再得现金奖励！",
    "listing": "喜讯！{name}母公司今日正式在港交所挂牌上市，感谢每一位出借人的信任与支持！",
    "depository": "【重要公告】{name}与{bank}资金存管系统正式上线，出借人资金安全再升级！",
    "festival": "【{fest}狂欢】{name}{fest}专场今晚{hour}点开启，满{n}000返现，还有加息标等你来抢！",
}
ACT = {
    "anniversary": ("周年庆", "周年庆活动", "{n}周年活动"),
    "coupon": ("发加息券", "加息券活动", "限时加息"),
    "newbie": ("新手福利", "新手标活动", "注册送红包"),
    "listing": ("上市庆祝活动", "上市", "上市加息"),
    "depository": ("存管上线活动", "银行存管上线", "存管上线加息"),
    "festival": ("{fest}活动", "{fest}专场", "{fest}狂欢"),
}
PROMO_NEWS = {
    "anniversary": ("{name}迎来{n}周年：累计出借金额突破{n}0亿元",
                    "{name}近日迎来成立{n}周年。平台方面表示，截至目前累计出借金额突破{n}0亿元，注册用户超过{n}0万。"),
    "coupon": ("{name}推出{month}月出借人回馈活动",
               "{name}宣布在{month}月开展出借人回馈活动，活动期间出借可获加息券。平台提示出借人理性出借。"),
    "newbie": ("{name}上线新手专享产品", "{name}近日上线新手专享出借产品，平台称将持续优化用户体验。"),
    "listing": ("{name}母公司赴港上市 首日股价上涨",
                "{name}母公司今日在香港联合交易所主板挂牌上市，首日开盘上涨，成为又一家上市的金融科技公司。"),
    "depository": ("{name}正式接入{bank}资金存管", "{name}宣布与{bank}的资金存管系统正式上线运行，出借人资金由银行存管。"),
    "festival": ("{name}{fest}出借节开幕", "{name}{fest}出借节今日开幕，平台推出多款加息产品。"),
}

TROUBLE_NEWS = (
    ("{name}疑似爆雷：出借人称提现困难 客服失联",
     "近日，多名出借人反映{name}出现提现困难，客服电话无人接听。记者联系{company}未获回应。"
     "据出借人介绍，平台自{month}月起陆续出现回款延迟。"),
    ("{city}警方对{name}立案侦查",
     "{city}市公安局发布警情通报，{company}涉嫌非法吸收公众存款，已被依法立案侦查，"
     "相关犯罪嫌疑人已被采取刑事强制措施。请出借人前往公安机关登记。"),
    ("{name}宣布延期兑付 涉及出借人数万",
     "{name}发布公告称，因借款人还款出现困难，平台将对存量项目延期兑付，预计分{n}期偿还。出借人对此表示质疑。"),
    ("P2P平台{name}停止运营 实控人去向不明",
     "位于{city}的P2P平台{name}近日停止运营，官网无法访问。有出借人称，平台实际控制人已多日联系不上。"),
    ("{name}清退方案遭出借人质疑",
     "{name}近日公布清退方案，拟按每月{pct}的比例兑付本金。不少出借人认为兑付周期过长，正在联合维权。"),
)
CHATTER_NEWS = (
    ("{name}发布{month}月运营报告", "{name}发布{month}月运营报告，当月出借金额环比增长，项目逾期率保持在较低水平。"),
    ("{name}完成合规自查", "{name}表示已按监管要求完成合规自查，银行存管、信息披露等工作持续推进。"),
)

NOISE = """P2P行业今年又凉了一批，还剩几家能活
网贷监管新规出台，备案又要延期了
现在还有靠谱的网贷平台吗？求推荐
理财还是买银行的吧，网贷太吓人了
最近看到好多平台清退的新闻，心里发毛
建议大家分散出借，不要把鸡蛋放一个篮子里
年化超过10%的都要小心，高收益必有高风险
身边又有人踩雷了，这行业太难了
网贷之家的评级还能信吗
今天股市大跌，还是放点在网贷里求稳
去年踩了两个雷，今年彻底不碰了
有没有懂的科普下银行存管到底有没有用
P2P的钱到底能不能追回来，有成功案例吗
互金整治办又发文了，看不懂
小白问下，网贷和银行理财有什么区别
又一个平台清盘了，这个月第几个了
P2P还能投吗，说说你们的看法
网贷利率都降到8%以下了
听说要出台新的网贷管理办法
看新闻又有平台老板跑路了，唉
收益高的平台都要多查查背景
银行理财收益也降了，钱放哪都难
有人统计过今年出事的平台数量吗
理财第一原则：保本
互金协会又发风险提示了，大家看看""".splitlines()

OPENERS = {
    "pos": ("", "", "", "", "分享一下，", "说个好消息，", "打卡：", "顺便说下，", "哈哈，"),
    "ask": ("", "", "", "请问", "小白问下，", "如题，", "各位，", "有没有人知道，", "【求助】"),
    "neg": ("", "", "", "急！", "唉，", "求助：", "大家好，", "我想问下，", "卧槽，", "真的慌了，", "【求助】"),
    "angry": ("", "", "", "", "气死了！", "大家注意！", "扩散！", "【维权】", "紧急通知：", "兄弟们，"),
}
CLOSERS = {
    "pos": ("", "", "", "", "～", "，挺好", "，继续观望", "，推荐", "。"),
    "ask": ("", "", "", "？", "，谢谢", "，求解答", "，在线等", "，懂的说下"),
    "neg": ("", "", "", "。。。", "，有消息的说一声", "，求解答", "，在线等", "，大家小心", "，急急急", "!!!"),
    "angry": ("", "", "", "！！", "，扩散", "，大家转起来", "，别再被骗了", "，天理何在", "，求关注"),
}
EMOJI = {
    "pos": ("👍", "😄", "🎉", "[赞]", "[哈哈]", "[鼓掌]", "💰", "✌️", "[耶]"),
    "ask": ("🤔", "[思考]", "[疑问]", "😂", "[doge]"),
    "neg": ("😭", "😰", "[哭]", "[泪]", "🙏", "💔", "[抓狂]", "😢"),
    "angry": ("😡", "[怒]", "😤", "[怒骂]", "🙏", "💔", "😭"),
}
SHORTHAND = (("提现", "体现"), ("提现", "tx"), ("暴雷", "爆雷"), ("逾期", "预期"), ("客服", "kf"),
             ("平台", "pt"), ("什么", "啥"), ("怎么", "咋"), ("没有", "木有"), ("已经", "以经"),
             ("大家", "大伙"), ("知道", "造"), ("这样", "酱紫"), ("维权", "唯权"), ("非常", "灰常"))
BANKS = ("江西银行", "厦门银行", "华兴银行", "新网银行", "徽商银行", "海口联合农商银行", "恒丰银行")
FESTIVALS = ("双十一", "春节", "中秋", "618", "元旦", "国庆")


class Filler:
    """Fills templates with random slot values. `mention` decides how the platform is named."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def mention(self, brand: Brand, censor: float = 0.0) -> tuple[str, bool]:
        """The platform as a netizen writes it, and whether a watchlist with name and 简称 can link it."""
        r = self.rng.random()
        if r < censor:
            suffix = brand.name[len(brand.stem):] or "平台"
            return self.rng.choice((f"{brand.stem[0]}*{brand.stem[1]}", f"{brand.stem[0]}某{suffix}",
                                    f"{brand.stem[0]}x{brand.stem[1]}{suffix}")), False
        if r < 0.62:
            return brand.name, True
        return brand.stem, True

    def fill(self, template: str, slots: dict[str, str]) -> str:
        def one(m: re.Match[str]) -> str:
            key = m.group(1)
            return slots[key] if key in slots else self.value(key)

        return re.sub(r"\{(\w+)\}", one, template)

    def value(self, key: str) -> str:  # noqa: C901 - one table of slot kinds
        rng = self.rng
        if key == "amt":
            return rng.choice(("5万", "3000", "2w", "十几万", "8千", "20万", "1.5万", "12万", "几千块", "6w", "40多万"))
        if key == "small":
            return str(rng.choice((rng.randint(20, 900), rng.randint(1000, 5000))))
        if key == "rate":
            return f"{rng.choice((7, 8, 8.5, 9, 9.6, 10, 10.8, 11, 12))}%"
        if key == "small_rate":
            return f"{rng.choice((0.5, 1, 1.5, 2, 3))}%"
        if key == "pct":
            return rng.choice(("1%", "2%", "0.5%", "3%"))
        if key == "n":
            return str(rng.randint(2, 9))
        if key == "day":
            return str(rng.randint(1, 28))
        if key == "month":
            return str(rng.randint(1, 12))
        if key == "hour":
            return str(rng.choice((10, 12, 20, 21)))
        if key == "bank":
            return rng.choice(BANKS)
        if key == "fest":
            return rng.choice(FESTIVALS)
        if key == "qq":
            qq = str(rng.randint(100_000_000, 999_999_999))
            return qq if rng.random() < 0.6 else " ".join((qq[:3], qq[3:6], qq[6:]))
        if key == "wx":
            return "wx:" + "".join(rng.choice("abcdefghkmnpqrstwxyz23456789") for _ in range(rng.randint(6, 10)))
        raise KeyError(key)

    def decorate(self, core: str, mood: str, rough: float = 0.25, close: bool = True) -> str:
        """Opener, closer, emoji and typos around a filled core sentence."""
        rng = self.rng
        closer = rng.choice(CLOSERS[mood]) if close else ""
        if core[-1:] in "！？。!?" and closer[:1] in ("，", "？", "。"):
            closer = closer[1:]
        text = rng.choice(OPENERS[mood]) + core + closer
        if rng.random() < 0.35:
            text += rng.choice(EMOJI[mood]) * rng.choice((1, 1, 1, 2, 3))
        if rng.random() < rough:
            for _ in range(rng.choice((1, 1, 2))):
                old, new = rng.choice(SHORTHAND)
                if old in text:
                    text = text.replace(old, new, 1)
        if rng.random() < 0.1:
            text = text.replace("，", rng.choice((",", " ", "，，")), 1)
        return text
