"""`yuqing watchlist import`'s core: a CSV of platform names → a Watchlist with safe short names.

Which short names are derived and why some are refused lives in nlp.aliases; this module reads
the CSV, collects candidates per platform, drops names two platforms claim, and counts refusals.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from nlp.aliases import LEGAL_SUFFIXES, Reason, company_brand, name_parts, refusal, short_name_stem
from pipeline.errors import InputError
from pipeline.watchlist import PlatformEntry, Watchlist

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
