"""Turns scheduled events of a synthetic history into Post dicts: source, site, id, url, author, metrics.

Used by tests/alerts/histories.py after it has placed every event in time; texts come from texts.py.
Reposts on weibo quote their parent (`//@name:...`) and carry its id in `parent_id`.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from tests.alerts import texts as T
from tests.alerts.texts import Brand, Filler

CN = timezone(timedelta(hours=8))
FORUMS = (("p2peye", 0.5), ("wdzj", 0.35), ("tieba", 0.15))
NEWS_SITES = ("sina", "163", "eastmoney", "hexun", "jrj")
NEWS_NAMES = {"sina": "新浪财经", "163": "网易财经", "eastmoney": "东方财富网", "hexun": "和讯网", "jrj": "金融界"}
REPOST_COMMENTS = {
    "promo": ("转发微博", "冲", "支持", "求中奖", "来了来了", "[赞]", "好运", "抽我抽我", "转发抽奖", "😄"),
    "trouble": ("扩散", "转发微博", "同受害", "求扩散", "已报案", "我也是", "[怒]", "顶", "+1", "一样被坑了", "😭"),
}
NAME_HEADS = ("小", "老", "阿", "大", "", "", "", "")
NAME_BODIES = ("鱼", "猫", "狼", "王", "李", "陈", "韭菜", "理财", "出借人", "投资人", "打工人", "小白", "稳健",
               "佛系", "追风", "星辰", "木子", "晴天", "夜猫", "胖虎", "阿杰", "燕子", "老张", "北漂", "沪漂", "宝妈")
NAME_TAILS = ("", "2018", "88", "_", "呀", "哥", "姐", "666", "君", "酱", "0571", "1990", "的日常", "不吃香菜")
PINYIN = ("wang", "li", "zhang", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu", "sky", "moon", "tiger")
REPORTERS = ("记者 王磊", "记者 陈晓", "记者 刘洋", "实习记者 周舟", "记者 张敏", "见习记者 孙悦")


@dataclass
class Event:
    at: datetime
    platforms: tuple[str, ...]
    kind: str  # chatter | grumble | complaint | promo | trouble | noise
    stage: str = ""  # trouble: early|mid|late|news|gathering|cross; promo: the surge type
    extra: dict[str, Any] = field(default_factory=dict)


class Renderer:
    def __init__(self, rng: random.Random, brands: dict[str, Brand]) -> None:
        self.rng, self.brands, self.fill = rng, brands, Filler(rng)
        self.counters: dict[str, int] = {}
        self.ids: dict[tuple[str, str], str] = {}
        self.regulars: dict[str, list[str]] = {}
        self.recent: dict[tuple[Any, ...], list[dict[str, Any]]] = {}

    def render(self, events: list[Event]) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
        posts: list[dict[str, Any]] = []
        meta: dict[str, dict[str, Any]] = {}
        for ev in events:
            post, info = self._one(ev)
            text = (post.get("title") or "") + post["text"]
            info.update(about=ev.platforms[0] if ev.platforms else None, kind=ev.kind,
                        platforms=[b.name for b in self.brands.values() if b.name in text or b.stem in text])
            if ev.stage:
                info["stage"] = ev.stage
            posts.append(post)
            meta[post["id"]] = info
        return posts, meta

    # --- one event ---------------------------------------------------------------------------------

    def _one(self, ev: Event) -> tuple[dict[str, Any], dict[str, Any]]:
        rng, info = self.rng, {}
        brand = self.brands[ev.platforms[0]] if ev.platforms else None
        if ev.kind == "promo" and "surge" in ev.extra:
            info["surge"] = ev.extra["surge"]
        group = ("promo", ev.extra.get("surge")) if ev.kind == "promo" else ("trouble",)
        if brand and ev.kind in ("promo", "trouble") and ev.stage not in ("news", "gathering", "cross") \
                and not ev.extra.get("official") and not ev.extra.get("news") \
                and rng.random() < (0.45 if ev.kind == "promo" else 0.2 if ev.stage != "early" else 0.0):
            parent = self._parent((brand.name, *group), ev.at)
            if parent:
                return self._repost(ev, parent, group[0]), info
        if brand is None:
            title, text, mood = None, self._core(T.NOISE, None, {}), "ask"
            source = rng.choice(("forum", "weibo"))
        elif ev.kind == "promo":
            title, text, source, mood = self._promo(ev, brand)
        elif ev.kind == "trouble":
            title, text, source, mood = self._trouble(ev, brand, info)
        else:
            title, text, source, mood = self._everyday(ev, brand, info)
        official = bool(ev.extra.get("official"))
        if source != "news" and not official:
            text = self.fill.decorate(text, mood, rough=0.3 if ev.kind == "trouble" else 0.15,
                                      close=not info.pop("tail", False))
        post = self._envelope(ev, source, title, text, brand, official)
        if source == "weibo" and brand and ev.kind in ("promo", "trouble"):
            self.recent.setdefault((brand.name, *group), []).append(post)
        return post, info

    def _core(self, templates: list[str], brand: Brand | None, slots: dict[str, str], censor: float = 0.0) -> str:
        template = self.rng.choice(templates)
        if brand is not None:
            parts = template.split("{P}")
            template = parts[0] + "".join(self.fill.mention(brand, censor)[0] + p for p in parts[1:])
        return self.fill.fill(template, slots)

    def _everyday(self, ev: Event, brand: Brand, info: dict[str, Any]) -> tuple[str | None, str, str, str]:
        rng = self.rng
        if ev.kind == "chatter" and rng.random() < 0.01:
            title, body = rng.choice(T.CHATTER_NEWS)
            return self._news(ev.at, title, body, brand)
        templates = {"chatter": T.CHATTER, "grumble": T.GRUMBLE, "complaint": T.COMPLAINT}[ev.kind]
        text = self._core(templates, brand, {})
        if ev.kind == "complaint":
            tail = rng.choice(T.COMPLAINT_TAIL)
            text += ("，" + tail) if tail else ""
            info["tail"] = bool(tail)
        mood = "neg" if ev.kind != "chatter" else "ask" if re.search(r"[？?吗]|请问|怎么|多久|在哪|哪个|几点", text) else "pos"
        source = "forum" if rng.random() < (0.58 if ev.kind == "chatter" else 0.6) else "weibo"
        return self._title(text, source, brand), text, source, mood

    def _promo(self, ev: Event, brand: Brand) -> tuple[str | None, str, str, str]:
        rng, kind = self.rng, ev.stage
        slots = {"name": brand.name, "fest": rng.choice(T.FESTIVALS), "bank": rng.choice(T.BANKS)}
        if ev.extra.get("news"):
            title, body = T.PROMO_NEWS[kind]
            return self._news(ev.at, title, body, brand, slots)
        if ev.extra.get("official"):
            return None, self.fill.fill(T.PROMO_OFFICIAL[kind], slots), "weibo", "pos"
        slots["act"] = self.fill.fill(rng.choice(T.ACT[kind]), slots)
        grumble = rng.random() < 0.05
        text = self._core(T.PROMO_GRUMBLE if grumble else T.PROMO_USER, brand, slots)
        source = "weibo" if rng.random() < 0.65 else "forum"
        if source == "weibo" and rng.random() < 0.2:
            text = f"#{rng.choice((brand.name, brand.stem))}{slots['act']}# " + text
        return self._title(text, source, brand), text, source, "neg" if grumble else "pos"

    def _trouble(self, ev: Event, brand: Brand, info: dict[str, Any]) -> tuple[str | None, str, str, str]:
        rng = self.rng
        slots = {"city": brand.city, "name": brand.name, "company": brand.company}
        if ev.stage == "news":
            title, body = rng.choice(T.TROUBLE_NEWS)
            return self._news(ev.at, title, body, brand, slots)
        if ev.stage == "gathering":
            meet: datetime = ev.extra["meet"]
            place = self._place(brand)
            slots.update(gtime=self._gtime(ev.at, meet), place=place)
            info["gathering"] = {"start": meet.isoformat(), "place": place}
            templates, mood = T.GATHERING, "angry"
        elif ev.stage == "cross":
            slots["Q"] = ev.platforms[1]
            templates, mood = T.CROSS, "neg"
        else:
            templates = {"early": T.TROUBLE_EARLY, "mid": T.TROUBLE_MID, "late": T.TROUBLE_LATE}[ev.stage]
            mood = "neg" if ev.stage == "early" or rng.random() < 0.4 else "angry"
        text = self._core(templates, brand, slots, censor=0.03)
        source = "weibo" if rng.random() < 0.6 else "forum"
        if source == "weibo" and ev.stage != "early" and rng.random() < 0.2:
            tag = rng.choice(("暴雷", "维权", "提现困难", "逾期", "跑路"))
            text = f"#{rng.choice((brand.name, brand.stem))}{tag}# " + text
        return self._title(text, source, brand), text, source, mood

    def _news(self, at: datetime, title: str, body: str, brand: Brand,
              slots: dict[str, str] | None = None) -> tuple[str, str, str, str]:
        s = {"name": brand.name, "company": brand.company, "city": brand.city, **(slots or {})}
        lead = f"{at.month}月{at.day}日，" if self.rng.random() < 0.5 else "记者获悉，"
        return self.fill.fill(title, s), lead + self.fill.fill(body, s), "news", "pos"

    def _title(self, text: str, source: str, brand: Brand) -> str | None:
        """A forum thread's title: the first clause that names the platform, else the first clause."""
        if source != "forum":
            return None
        clauses = [c for c in re.split(r"[，。！？!?,\s]", text) if c]
        head = next((c for c in clauses if brand.stem in c), clauses[0] if clauses else text)
        return head[:24]

    def _place(self, brand: Brand) -> str:
        road = self.rng.choice(T.ROADS)
        return self.rng.choice((f"{brand.city}市公安局经侦支队", f"{brand.city}市信访局", f"{brand.city}市金融办",
                                f"{brand.city}市人民政府", f"{brand.district}公安分局",
                                f"公司楼下（{brand.district}{road}{self.rng.randint(1, 300)}号）"))

    def _gtime(self, now: datetime, meet: datetime) -> str:
        gap = (meet.date() - now.date()).days
        day = {0: "今天", 1: "明天", 2: "后天"}.get(gap, f"{meet.month}月{meet.day}日")
        hour = {9: ("上午9点", "早上九点", "9:00"), 10: ("上午10点", "上午十点", "10点"),
                14: ("下午2点", "下午两点", "14:00")}[meet.hour]
        return day + self.rng.choice(hour)

    # --- reposts -----------------------------------------------------------------------------------

    def _parent(self, key: tuple[Any, ...], at: datetime) -> dict[str, Any] | None:
        pool = [p for p in self.recent.get(key, [])[-60:]
                if at - datetime.fromisoformat(p["published_at"]) < timedelta(hours=12)]
        if not pool:
            return None
        return self.rng.choices(pool, weights=[1 + p["metrics"]["reposts"] for p in pool])[0]

    def _repost(self, ev: Event, parent: dict[str, Any], group: str) -> dict[str, Any]:
        comment = self.rng.choice(REPOST_COMMENTS[group])
        text = f"{comment}//@{parent['author']['name']}:{parent['text']}"[:300]
        return self._envelope(ev, "weibo", None, text, self.brands[ev.platforms[0]], False, parent["id"])

    # --- envelope ----------------------------------------------------------------------------------

    def _envelope(self, ev: Event, source: str, title: str | None, text: str, brand: Brand | None,
                  official: bool, parent_id: str | None = None) -> dict[str, Any]:
        rng = self.rng
        if source == "forum":
            site = rng.choices([f for f, _ in FORUMS], weights=[w for _, w in FORUMS])[0]
        else:
            site = "weibo" if source == "weibo" else rng.choice(NEWS_SITES)
        native = self._next_id(site)
        post: dict[str, Any] = {
            "id": f"{source}:{site}:{native}", "schema": 1, "source": source, "site": site,
            "url": _url(site, native, ev.at), "title": title, "text": text,
            "author": self._author(source, site, brand, official, ev.kind),
            "published_at": ev.at.isoformat(),
            "fetched_at": (ev.at + timedelta(minutes=rng.randint(2, 90))).isoformat(),
            "metrics": self._metrics(source, ev, official), "query": self._query(source, text, brand, ev.kind),
            "parent_id": parent_id,
        }
        return post

    def _next_id(self, site: str) -> str:
        base = {"weibo": 4_350_000_000_000_000, "tieba": 6_000_000_000}.get(site, 1_200_000)
        self.counters[site] = self.counters.get(site, base + self.rng.randint(0, 99_999)) + self.rng.randint(1, 40)
        return str(self.counters[site])

    def _author(self, source: str, site: str, brand: Brand | None, official: bool, kind: str) -> dict[str, Any]:
        rng = self.rng
        if source == "news":
            return {"id": None, "name": rng.choice((*REPORTERS, NEWS_NAMES[site]))}
        if official and brand is not None:
            name = rng.choice((f"{brand.name}官方微博", f"{brand.name}官微"))
        elif brand is not None and kind != "complaint" and rng.random() < (0.25 if kind == "trouble" else 0.6):
            regulars = self.regulars.setdefault(brand.name, [self._nickname() for _ in range(30)])
            name = rng.choice(regulars)
        else:
            name = self._nickname()
        key = (source if source == "weibo" else site, name)
        if key not in self.ids:
            self.ids[key] = str(rng.randint(1_000_000_000, 7_999_999_999)) if source == "weibo" \
                else str(rng.randint(100_000, 9_999_999))
        return {"id": self.ids[key], "name": name}

    def _nickname(self) -> str:
        rng = self.rng
        if rng.random() < 0.25:
            return rng.choice(PINYIN) + rng.choice(("_", "", "x")) + str(rng.randint(1, 9999))
        return rng.choice(NAME_HEADS) + rng.choice(NAME_BODIES) + rng.choice(NAME_TAILS) + str(rng.randint(0, 99))

    def _metrics(self, source: str, ev: Event, official: bool) -> dict[str, int]:
        rng = self.rng
        heat = 1.2 if ev.kind == "trouble" and ev.stage in ("late", "gathering", "news") else 0.0

        def tail(mu: float, sigma: float) -> int:
            return max(0, int(rng.lognormvariate(mu, sigma)) - 1)

        if source == "forum":
            views = tail(5.0 + heat, 0.9)
            return {"reposts": 0, "comments": 0, "likes": tail(0.3 + heat, 1.0),
                    "replies": int(views * rng.uniform(0, 0.06)), "views": views}
        if source == "news":
            return {"reposts": 0, "comments": tail(2 + heat, 1.5), "likes": tail(1, 1.2), "replies": 0,
                    "views": tail(8, 1) if rng.random() < 0.5 else 0}
        mu = 3.5 if official else 0.2 + heat
        return {"reposts": tail(mu, 1.2), "comments": tail(mu, 1.2), "likes": tail(mu + 0.5, 1.2),
                "replies": 0, "views": 0}

    def _query(self, source: str, text: str, brand: Brand | None, kind: str) -> str | None:
        if source == "news":
            return None
        if source == "forum":
            return "曝光台" if kind in ("trouble", "complaint") else "综合讨论"
        if brand is not None and brand.name in text:
            return brand.name
        if brand is not None and brand.stem in text:
            return brand.stem
        return "P2P" if kind in ("noise", "chatter") else "提现困难"


def _url(site: str, native: str, at: datetime) -> str:
    day = at.strftime("%Y-%m-%d")
    return {
        "p2peye": f"https://www.p2peye.com/thread-{native}-1-1.html",
        "wdzj": f"https://bbs.wdzj.com/thread-{native}-1-1.html",
        "tieba": f"https://tieba.baidu.com/p/{native}",
        "weibo": f"https://m.weibo.cn/status/{native}",
        "sina": f"https://finance.sina.com.cn/money/p2p/{day}/doc-ihs{native}.shtml",
        "163": f"https://www.163.com/money/article/E{native}.html",
        "eastmoney": f"https://finance.eastmoney.com/a/{at.strftime('%Y%m%d')}{native}.html",
        "hexun": f"http://p2p.hexun.com/{day}/{native}.html",
        "jrj": f"http://finance.jrj.com.cn/{at.strftime('%Y/%m')}/{native}.shtml",
    }[site]
