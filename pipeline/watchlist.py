"""The watchlist: platforms with their aliases and exclusions, read from YAML or imported from CSV.

File format (what `yuqing watchlist import` writes, and what the config key `watchlist:` names)::

    platforms:
      - name: 团贷网                 # canonical name, unique
        aliases: [团贷, tuandai]      # 简称, app names, pinyin, abbreviations
        company: 东莞团贷网互联网科技服务有限公司   # optional, linked like an alias
        region: 广东省东莞市          # optional (registered location)
        exclusions: [集团贷款]        # phrases in which an alias does NOT mean this platform
        status: 警方介入               # optional, free text (e.g. the CSV's problem reason)
        since: 2019-03-28             # optional, date of the problem
    exclusions: [小牛电动]           # phrases that never name any platform
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from nlp.aliases import LEGAL_SUFFIXES, Reason, company_brand, name_parts, refusal, short_name_stem
from nlp.platforms import PlatformSpec
from pipeline.errors import ConfigError, InputError


class PlatformEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=100)
    aliases: tuple[str, ...] = ()
    company: tuple[str, ...] = ()
    region: str | None = None
    exclusions: tuple[str, ...] = ()
    status: str | None = None
    since: str | None = None

    @field_validator("name")
    @classmethod
    def _strip(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("must not be blank")
        return v

    @field_validator("aliases", "company", "exclusions", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        if v is None:
            return ()
        if isinstance(v, str):
            return (v,)
        if isinstance(v, list | tuple):
            bad = [x for x in v if not isinstance(x, str | int)]
            if bad:
                raise ValueError(f"every entry must be text, got {bad[0]!r}")
            return tuple(str(x).strip() for x in v if str(x).strip())
        return v

    @field_validator("since", mode="before")
    @classmethod
    def _date_text(cls, v: Any) -> Any:
        return None if v is None else str(v)


class Watchlist(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    platforms: tuple[PlatformEntry, ...] = ()
    exclusions: tuple[str, ...] = ()

    def names(self) -> list[str]:
        return [p.name for p in self.platforms]

    def specs(self) -> list[PlatformSpec]:
        """What nlp's PlatformLinker needs (nlp does not import pipeline)."""
        return [PlatformSpec(p.name, (*p.aliases, *p.company), p.exclusions) for p in self.platforms]

    def user_words(self) -> list[str]:
        """Names and aliases for jieba's user dictionary."""
        return [w for p in self.platforms for w in (p.name, *p.aliases, *p.company)]


def watchlist_from_data(data: Any, label: str, key_prefix: str = "") -> Watchlist:
    """Validate parsed YAML (a mapping with `platforms`, or a bare list of entries)."""
    if isinstance(data, list):
        data = {"platforms": data}
        list_key = key_prefix  # entries sit directly under the prefix
    else:
        list_key = f"{key_prefix}.platforms" if key_prefix else "platforms"
    if not isinstance(data, dict):
        raise ConfigError(label, key_prefix, f"expected a mapping with 'platforms' or a list, got {type(data).__name__}")
    platforms = data.get("platforms") or []
    for i, item in enumerate(platforms if isinstance(platforms, list) else []):
        if isinstance(item, str):  # a bare name is a platform without aliases
            platforms[i] = {"name": item}
    try:
        wl = Watchlist.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = list(err["loc"])
        if loc and loc[0] == "platforms":
            loc = [list_key, *loc[1:]] if list_key else loc[1:]
        elif key_prefix:
            loc = [key_prefix, *loc]
        raise ConfigError(label, ".".join(str(p) for p in loc), err["msg"]) from None
    seen: dict[str, int] = {}
    for i, p in enumerate(wl.platforms):
        if p.name in seen:
            key = f"{list_key}.{i}.name" if list_key else f"{i}.name"
            raise ConfigError(label, key, f"duplicate platform {p.name!r} (first at entry {seen[p.name]})")
        seen[p.name] = i
    return wl


def load_watchlist(path: Path) -> Watchlist:
    from pipeline.config import read_yaml

    return watchlist_from_data(read_yaml(path), str(path))


def dump_watchlist(wl: Watchlist) -> str:
    entries = []
    for p in wl.platforms:
        entry: dict[str, Any] = {"name": p.name}
        for key in ("aliases", "company", "exclusions"):
            if getattr(p, key):
                entry[key] = list(getattr(p, key))
        for key in ("region", "status", "since"):
            if getattr(p, key):
                entry[key] = getattr(p, key)
        entries.append(entry)
    doc: dict[str, Any] = {"platforms": entries}
    if wl.exclusions:
        doc["exclusions"] = list(wl.exclusions)
    header = "# yuqing watchlist — see pipeline/watchlist.py for the format\n"
    return header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=200)


COLUMN_GUESSES = {
    "name": ("平台名称", "name", "platform", "平台", "名称"),
    "region": ("所在地区", "region", "地区", "所在地"),
    "status": ("出问题原因", "status", "原因", "问题类型"),
    "since": ("问题发生时间", "since", "date", "出问题时间"),
    "company": ("公司名称", "company", "公司"),
    "aliases": ("aliases", "别名", "简称"),
}


class RefusedName(NamedTuple):
    """A derived short name left out of the watchlist, and why (shown by `yuqing watchlist import`)."""

    platform: str
    name: str
    reason: Reason


class ImportResult(NamedTuple):
    watchlist: Watchlist
    stats: dict[str, Any]  # rows, platforms, short_names, ambiguous_dropped, refused {reason: count}
    refused: list[RefusedName]


def import_csv(path: Path, name_col: str | None = None) -> ImportResult:
    """Turn a CSV of platform names into a watchlist, deriving safe short names.

    Candidates: the listed name without its generic suffix (团贷网 → 团贷), a listed company name
    without its legal form (金利丰金融集团有限公司 → 金利丰金融), and each company's brand
    (深圳市钱爸爸电子商务有限公司 → 钱爸爸). A candidate is refused with a reason (nlp.aliases.Reason):
    risk term, generic finance or business word, everyday word, famous brand, place, too short, or
    ambiguous (claimed by two platforms, or equal to another platform's name — dropped for all).
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            columns = reader.fieldnames or []
            rows = list(reader)
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"{path}: cannot read as UTF-8 CSV: {exc}") from None
    cols = {k: next((c for c in guesses if c in columns), None) for k, guesses in COLUMN_GUESSES.items()}
    if name_col:
        if name_col not in columns:
            raise InputError(f"{path}: no column {name_col!r}; columns are: {', '.join(columns)}")
        cols["name"] = name_col
    if not cols["name"]:
        raise InputError(f"{path}: no name column found (give --name-col); columns are: {', '.join(columns)}")

    records: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for row in rows:
        raw = (row.get(cols["name"]) or "").strip()
        if not raw:
            continue
        if raw in index:  # the same platform listed twice: keep the first row, merge nothing else
            continue
        core, extras = name_parts(raw)
        extra_aliases = [x for x in (*extras, *_split_cell(row, cols["aliases"])) if x != raw]
        if core != raw:
            extra_aliases.insert(0, core)
        rec = {"name": raw, "core": core, "aliases": extra_aliases,
               "company": _split_cell(row, cols["company"]),
               "region": _cell(row, cols["region"]), "status": _cell(row, cols["status"]),
               "since": _cell(row, cols["since"])}
        index[raw] = len(records)
        records.append(rec)

    all_names = {r["name"] for r in records} | {r["core"] for r in records}
    freq = _base_word_freq()
    refused: list[RefusedName] = []
    candidates: dict[str, list[str]] = {}
    for r in records:
        own = {r["name"], r["core"], *r["aliases"]}
        found: list[str] = []
        for stem in _candidates(r["core"], r["company"]):
            if stem in own or stem in found:
                continue
            reason = refusal(stem, freq)
            if reason is None:
                found.append(stem)
            else:
                refused.append(RefusedName(r["name"], stem, reason))
        candidates[r["name"]] = found
    claims = Counter(s for found in candidates.values() for s in found)
    stats: dict[str, Any] = {"rows": len(rows), "platforms": len(records), "short_names": 0, "ambiguous_dropped": 0}
    entries = []
    for r in records:
        aliases = list(dict.fromkeys(r["aliases"]))
        for short in candidates[r["name"]]:
            if claims[short] > 1 or short in all_names:
                stats["ambiguous_dropped"] += 1
                refused.append(RefusedName(r["name"], short, Reason.AMBIGUOUS))
            else:
                aliases.append(short)
                stats["short_names"] += 1
        entries.append(PlatformEntry(name=r["name"], aliases=tuple(aliases), company=tuple(r["company"]),
                                     region=r["region"], status=r["status"], since=r["since"]))
    stats["refused"] = dict(Counter(x.reason.value for x in refused).most_common())
    return ImportResult(Watchlist(platforms=tuple(entries)), stats, refused)


def _candidates(core: str, companies: list[str]) -> list[str]:
    """Short forms people write for a listed name and its companies, most specific first."""
    out: list[str] = []
    if core.endswith(LEGAL_SUFFIXES):  # the list names a company: people drop the legal form
        out.extend(x for x in (company_brand(core, trade_words=False), company_brand(core)) if x)
        core = out[0] if out else core
    stem = short_name_stem(core)
    if stem:
        out.append(stem)
    for company in companies:
        brand = company_brand(company)
        if brand:
            out.append(brand)
    return out


def _base_word_freq() -> Callable[[str], int]:
    """Frequencies from jieba's own dictionary (used to keep everyday words out of short names)."""
    import jieba

    tk = jieba.Tokenizer()
    tk.initialize()
    table = tk.FREQ
    return lambda w: int(table.get(w, 0) or 0)


def _cell(row: dict[str, str], col: str | None) -> str | None:
    value = (row.get(col) or "").strip() if col else ""
    return value or None


def _split_cell(row: dict[str, str], col: str | None) -> list[str]:
    value = _cell(row, col)
    if not value:
        return []
    return [x.strip() for x in value.replace("；", ";").replace("，", ";").replace(",", ";").split(";") if x.strip()]
