"""Short names people actually write for a platform (团贷 for 团贷网, 小牛 for 小牛在线).

Used by `yuqing watchlist import`. A short name is derived by removing one generic business
suffix, and kept only where that is safe: at least two characters, not a generic finance word,
not a place name alone, and not claimed by another platform (the caller drops collisions).
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Longest first: the first suffix that matches is removed.
GENERIC_SUFFIXES = tuple(sorted(
    """网络借贷 互联网金融 金融服务 金融信息 信息服务 网络科技 金融科技 投资管理 资产管理 金融平台
    理财平台 网贷平台 借贷平台 金服 金融 在线 理财 财富 投资 网贷 创投 科技 集团 控股 平台 官网 资本
    金控 普惠 金所 资产 财经 网""".split(), key=len, reverse=True))

# A short name equal to one of these says nothing about which platform is meant.
GENERIC_STEMS = frozenset(
    """中国 中华 中融 中金 中投 中信 华夏 国际 全球 亚洲 东方 天下 环球 联合 金融 理财 投资 财富 贷款 网贷
    借贷 信贷 资本 资产 科技 互联 互联网 钱包 钱庄 金库 宝宝 银行 证券 基金 保险 信托 期货 股票 财经 投资人
    京东 阿里 腾讯 百度 苹果 小米 平安 招商 工商 建设 农业 人民 国家 北京 上海 天津 重庆 广州 深圳 杭州""".split()
)
_PROVINCE_LIKE = re.compile(
    r"^(北京|上海|天津|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|"
    r"云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门|[\u4e00-\u9fff]{1,3}[省市县区])$"
)
_PAREN = re.compile(r"[（(]([^()（）]*)[)）]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def name_parts(raw: str) -> tuple[str, list[str]]:
    """Split a listed name into its core and extra names.

    "钱米(搜好贷)" → ("钱米", ["搜好贷"]); "大家贷(浙江)" → ("大家贷", []); "铭宏创投/铭宏共创" →
    ("铭宏创投", ["铭宏共创"]). Bracketed regions only disambiguate the list; people don't write them.
    """
    extras: list[str] = []
    for inner in _PAREN.findall(raw):
        inner = inner.strip()
        if inner and not _PROVINCE_LIKE.match(inner):
            extras.append(inner)
    core = _PAREN.sub("", raw).strip()
    pieces = [p.strip() for p in re.split(r"[/／|、]", core) if p.strip()]
    if not pieces:
        return raw.strip(), extras
    return pieces[0], pieces[1:] + extras


EVERYDAY_FREQ = 500  # a stem this common in jieba's dictionary (排队, 时代) would fire everywhere


def derive_short_name(name: str, word_freq: Callable[[str], int] | None = None) -> str | None:
    """The safe short form of one name, or None. `word_freq` (jieba's base dictionary) rejects
    stems that are everyday words; 小牛 (a rare word) stays, 排队 does not."""
    for suffix in GENERIC_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)].strip()
            break
    else:
        return None
    if len(_CJK.findall(stem)) < 2 and not (re.fullmatch(r"[A-Za-z0-9]{4,}", stem)):
        return None
    if re.fullmatch(r"[0-9]+", stem) or stem in GENERIC_STEMS or _PROVINCE_LIKE.match(stem):
        return None
    from nlp.organizing.places import is_place_name

    if is_place_name(stem):
        return None  # 滨州 for 滨州财富 would link every post about the city
    if word_freq is not None and word_freq(stem) >= EVERYDAY_FREQ:
        return None
    return stem
