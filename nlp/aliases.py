"""Short names people actually write for a platform (团贷 for 团贷网, 钱爸爸 for 深圳市钱爸爸电子商务有限公司).

Used by `yuqing watchlist import`. A short name is derived by removing one generic business suffix
(or, for a company, its region, legal form and trade words) and kept only where that is safe. Every
refused stem carries a reason (`Reason`) so the import can tell the desk what it left out and why.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

# Longest first: the first suffix that matches is removed.
GENERIC_SUFFIXES = tuple(sorted(
    """网络借贷 互联网金融 金融服务 金融信息 信息服务 网络科技 金融科技 投资管理 资产管理 金融平台
    理财平台 网贷平台 借贷平台 金服 金融 在线 理财 财富 投资 网贷 创投 科技 集团 控股 平台 官网 资本
    金控 普惠 金所 资产 财经 网""".split(), key=len, reverse=True))
# How a company name ends, longest first; people drop these when they write the name.
LEGAL_SUFFIXES = tuple(sorted(
    """股份有限公司 有限责任公司 集团有限公司 集团股份有限公司 有限公司 集团公司 公司 集团 控股""".split(),
    key=len, reverse=True))
# Trade words between the brand and the legal form (钱爸爸|电子商务|有限公司); removed repeatedly.
TRADE_WORDS = tuple(sorted(
    """互联网金融信息服务 金融信息服务 互联网金融服务 网络借贷信息中介 信息中介服务 电子商务 电子科技 网络科技
    信息科技 信息技术 电商 金融科技 金融服务 金融信息 投资管理 投资咨询 资产管理 财富管理 企业管理 商务咨询 信息咨询
    融资租赁 网络技术 科技发展 信息服务 股权投资 互联网 网络 科技 信息 技术 金融 投资 管理 咨询 服务 电子 商务
    发展 实业 控股 集团 资本 资产 财富 金服 理财""".split(), key=len, reverse=True))

EVERYDAY_FREQ = 10  # a stem at least this common in jieba's dictionary (牡丹, 兔子, 北斗) is an everyday word
CHAR_WORD_FREQ = 80_000  # a character this common is a word of its own (中, 都, 有, 道): 中都, 有道 are not names


class Reason(enum.StrEnum):
    """Why a derived short name was refused (the value is what the import summary counts)."""

    TOO_SHORT = "too_short"  # one character or bare digits identify nothing
    RISK_TERM = "risk_term"  # 逾期 for 逾期网 would link every risk post to one platform
    GENERIC = "generic"  # 互金, 小微, 普惠, 集团: finance and business words
    EVERYDAY = "everyday"  # 周知, 小白, 牡丹: words of daily talk
    BRAND = "brand"  # 银联, 万达, 华泰: banks, brokers, big companies, consumer brands
    PLACE = "place"  # 滨州 for 滨州财富 would link every post about the city
    AMBIGUOUS = "ambiguous"  # claimed by several platforms, or another platform's own name


REASON_LABELS = {
    Reason.TOO_SHORT: "太短", Reason.RISK_TERM: "风险词", Reason.GENERIC: "金融或商业通用词",
    Reason.EVERYDAY: "日常用语", Reason.BRAND: "知名品牌或大公司", Reason.PLACE: "地名",
    Reason.AMBIGUOUS: "多个平台共用",
}

_PROVINCE_LIKE = re.compile(
    r"^(北京|上海|天津|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|"
    r"云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门|[\u4e00-\u9fff]{1,3}[省市县区])$"
)
_PROVINCE_ABBR = set("京沪津渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川贵黔云滇陕秦甘陇青台蒙桂藏宁新港澳")
# Bracket notes that only tell two list entries apart: (假冒1), (集团), (贵).
_NOTE = re.compile(r"^(假冒|仿冒|山寨|冒充|疑似|原|旧|新)?[0-9一二三四五六七八九十]*$|^假冒|^仿冒|^(集团|控股|股份)$")
_PAREN = re.compile(r"[（(]([^()（）]*)[)）]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_EDGE_ALNUM = re.compile(r"^[0-9A-Za-z]+|[0-9A-Za-z]+$")


def name_parts(raw: str) -> tuple[str, list[str]]:
    """Split a listed name into its core and extra names.

    "钱米(搜好贷)" → ("钱米", ["搜好贷"]); "大家贷(浙江)" → ("大家贷", []); "铭宏创投/铭宏共创" →
    ("铭宏创投", ["铭宏共创"]). Bracketed regions and list notes (假冒1, 贵, 浙江瑞安) only
    disambiguate the list; people don't write them.
    """
    extras: list[str] = []
    for inner in _PAREN.findall(raw):
        inner = inner.strip()
        if inner and not _is_region(inner) and not _NOTE.search(inner):
            extras.append(inner)
    core = _PAREN.sub("", raw).strip()
    pieces = [p.strip() for p in re.split(r"[/／|、]", core) if p.strip()]
    if not pieces:
        return raw.strip(), extras
    return pieces[0], pieces[1:] + extras


def short_name_stem(name: str) -> str | None:
    """The name without its generic business suffix (团贷网 → 团贷), or None when it has none."""
    for suffix in GENERIC_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)].strip()
    return None


def company_brand(company: str, trade_words: bool = True) -> str | None:
    """How people write a company's name: without region, legal form and (by default) trade words.

    深圳市钱爸爸电子商务有限公司 → 钱爸爸 (钱爸爸电子商务); 资易贷（北京）金融信息服务有限公司 → 资易贷;
    上海联璧电子科技（集团）有限公司 → 联璧; with trade_words=False, 金利丰金融集团有限公司 →
    金利丰金融. None when nothing is left or nothing was removed.
    """
    name = _strip_region_prefix(_PAREN.sub("", company).strip())
    changed = name != company
    words = (*LEGAL_SUFFIXES, *TRADE_WORDS) if trade_words else LEGAL_SUFFIXES
    for _ in range(4):
        before = name
        for suffix in words:
            if name.endswith(suffix) and len(name) > len(suffix):
                name = name[: -len(suffix)]
                break
        if name == before:
            break
        changed = True
    return name if changed and name else None


def refusal(stem: str, word_freq: Callable[[str], int] | None = None) -> Reason | None:
    """Why `stem` must not become a short name, or None when it is safe to link on."""
    from nlp.normalize import normalize
    from nlp.organizing.places import is_place_name
    from nlp.risk import find_risk

    stem = normalize(stem)  # 乾货 is read as 干货
    if len(_CJK.findall(stem)) < 2 and not re.fullmatch(r"[A-Za-z0-9]{4,}", stem):
        return Reason.TOO_SHORT
    if re.fullmatch(r"[0-9]+", stem):
        return Reason.TOO_SHORT
    if find_risk(stem)["terms"]:
        return Reason.RISK_TERM
    listed = stoplist()
    core = _EDGE_ALNUM.sub("", stem) or stem  # 21世纪 is as everyday as 世纪
    for word in dict.fromkeys((stem.lower(), core)):
        if word in listed:
            return listed[word]
    if _PROVINCE_LIKE.match(stem) or is_place_name(stem) or is_place_name(core):
        return Reason.PLACE
    if any(is_place_name(stem + unit) for unit in "区县市旗"):  # 鹿城 of 鹿城区: 鹿城警方 is the police there
        return Reason.PLACE
    if word_freq is not None and (word_freq(stem) >= EVERYDAY_FREQ or word_freq(core) >= EVERYDAY_FREQ
                                  or all(word_freq(c) >= CHAR_WORD_FREQ for c in stem)):
        return Reason.EVERYDAY
    return None


def derive_short_name(name: str, word_freq: Callable[[str], int] | None = None) -> str | None:
    """The safe short form of one name, or None. `word_freq` (jieba's base dictionary) rejects
    stems that are everyday words; 团贷 (unknown to the dictionary) stays, 兔子 does not."""
    stem = short_name_stem(name)
    if stem is None or refusal(stem, word_freq) is not None:
        return None
    return stem


@lru_cache(maxsize=1)
def stoplist() -> dict[str, Reason]:
    """resources/alias_stoplist.tsv: generic, everyday and brand words (lower-cased)."""
    text = resources.files("nlp.resources").joinpath("alias_stoplist.tsv").read_text("utf-8")
    out: dict[str, Reason] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, _, reason = line.partition("\t")
            out[word.strip().lower()] = Reason(reason.strip())
    return out


def _is_region(text: str) -> bool:
    """浙江, 杭州市, 浙江瑞安, 贵: a place (or two) or a one-character province abbreviation."""
    from nlp.organizing.places import is_place_name

    if _PROVINCE_LIKE.match(text) or (len(text) == 1 and text in _PROVINCE_ABBR):
        return True
    return any(_is_place(text[:k]) and (_is_place(text[k:]) or is_place_name(text[k:]))
               for k in range(2, len(text) - 1))


def _is_place(text: str) -> bool:
    from nlp.organizing.places import is_place_name

    return bool(_PROVINCE_LIKE.match(text)) or is_place_name(text)


def _strip_region_prefix(name: str) -> str:
    """广东省深圳市钱爸爸… → 钱爸爸…: drop leading place names, longest first, while a name remains."""
    for _ in range(3):
        for k in range(min(len(name) - 2, 7), 1, -1):
            if _is_place(name[:k]):
                name = name[k:]
                break
        else:
            break
    return name
