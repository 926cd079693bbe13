"""Province and city of a place name (杭州市人民政府门口 → 浙江省 / 杭州市; 浦东新区 → 上海市 / 上海市).

Built from jionlp's table of China's administrative divisions, matched with one Aho-Corasick
pass. (jionlp's own `recognize_location` segments the text with a model that costs ~2 GB of
memory; a lookup table is all a place name needs.) Short aliases (杭州, 浦东) count only for
provinces and cities; a county name shared by several cities (鼓楼区) is used only when the
text also names one of those cities.
"""

from __future__ import annotations

import contextlib
import io
from functools import lru_cache
from typing import Any

import ahocorasick

Division = tuple[str, str | None, str | None]  # (province, city, county)


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    with contextlib.redirect_stdout(io.StringIO()):  # jionlp prints a banner on import
        import jionlp
    table: dict[str, Any] = jionlp.china_location_loader(detail=False)
    keys: dict[str, set[Division]] = {}

    def add(name: str | list[str] | None, div: Division, allow_short: bool) -> None:
        names = name if isinstance(name, list) else [name] if name else []
        for n in names:
            if len(n) >= 2 and (allow_short or n == div[2] or n == div[1] or n == div[0]):
                keys.setdefault(n, set()).add(div)

    for prov_name, prov in table.items():
        prov_full = prov.get("_full_name", prov_name)
        add(prov_full, (prov_full, None, None), True)
        add(prov.get("_alias"), (prov_full, None, None), True)
        for city_name, city in prov.items():
            if city_name.startswith("_"):
                continue
            city_full = city.get("_full_name", city_name)
            add(city_full, (prov_full, city_full, None), True)
            add(city.get("_alias"), (prov_full, city_full, None), True)
            for county_name, county in city.items():
                if county_name.startswith("_"):
                    continue
                div = (prov_full, city_full, county.get("_full_name", county_name))
                add(div[2], div, False)
    auto = ahocorasick.Automaton()
    for key, divs in keys.items():
        auto.add_word(key, (key, tuple(sorted(divs, key=lambda d: (d[0], d[1] or "", d[2] or "")))))
    auto.make_automaton()
    return auto


@lru_cache(maxsize=8192)
def locate(text: str) -> tuple[str | None, str | None]:
    """(province, city) named in `text`, or (None, None). The first unambiguous mention wins."""
    if not text:
        return None, None
    hits: list[tuple[int, int, tuple[Division, ...]]] = []
    for end, (key, divs) in _automaton().iter(text):
        hits.append((end - len(key) + 1, end + 1, divs))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    chosen, last_end = [], -1
    for start, end, divs in hits:
        if start >= last_end:
            chosen.append(divs)
            last_end = end
    cities = {(d[0], d[1]) for divs in chosen if len(divs) == 1 for d in divs if d[1]}
    provinces = {d[0] for divs in chosen for d in divs if len(divs) == 1}
    for divs in chosen:
        if len(divs) == 1:
            prov, city, _county = divs[0]
            if city:
                return prov, city
            # A province alone: keep looking for a city inside it.
            inside = [c for p, c in cities if p == prov]
            return prov, inside[0] if len(inside) == 1 else None
        provs = {d[0] for d in divs}
        named = {d[1] for d in divs if d[1]}
        if len(provs) == 1 and len(named) == 1:  # 北京: the municipality and its city are one place
            return next(iter(provs)), next(iter(named))
        narrowed = [d for d in divs if (d[0], d[1]) in cities or (d[1] is None and d[0] in provinces)]
        if len(narrowed) == 1:
            return narrowed[0][0], narrowed[0][1]
    return None, None


def is_place_name(name: str) -> bool:
    """True when `name` is exactly a province, city or county name or short name (滨州, 浦东)."""
    return name in _automaton()


def admin_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the division names in `text`, longest first, not overlapping."""
    hits = sorted(((end - len(key) + 1, end + 1) for end, (key, _divs) in _automaton().iter(text)),
                  key=lambda h: (h[0], -(h[1] - h[0])))
    spans: list[tuple[int, int]] = []
    for start, end in hits:
        if not spans or start >= spans[-1][1]:
            spans.append((start, end))
    return spans


@lru_cache(maxsize=1)
def _county_short_names() -> frozenset[str]:
    names = set()
    for key, (_key, divs) in _automaton().items():
        for _prov, _city, county in divs:
            if county and county == key and len(county) >= 3 and county[-1] in "区县市旗":
                names.add(county[:-1])
    return frozenset(names)


def is_county_short_name(name: str) -> bool:
    """True for a county or district written without its suffix (南山 for 南山区, 锦江 for 锦江区)."""
    return name in _county_short_names()
