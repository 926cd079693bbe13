"""The watchlist: platforms with their aliases and exclusions, read from YAML (imported from CSV by
pipeline.watchlist_import).

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

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from nlp.platforms import PlatformSpec
from pipeline.errors import ConfigError


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
