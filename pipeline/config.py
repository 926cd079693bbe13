"""Configuration enters through one door: `load_settings()` reads the YAML and `YUQING_*` env once
and returns a frozen Settings object that main() passes down.

Resolution: --config, else $YUQING_CONFIG, else ./yuqing.yaml, else the built-in example.
Every validation problem is reported as ConfigError(file, dotted key, problem).
Secrets (passwords, tokens) are read from the environment only, never from the YAML.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.errors import ConfigError
from pipeline.watchlist import Watchlist, load_watchlist, watchlist_from_data

BUILTIN = "<built-in example>"
_SECRET_WORDS = ("password", "passwd", "secret", "token", "api_key", "apikey")


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SentimentSettings(_Frozen):
    backend: Literal["default", "linear", "transformers"] = "default"
    model: str | None = None
    negative_label: str | None = None
    batch_size: Annotated[int, Field(ge=1, le=4096)] = 64


class OrganizingSettings(_Frozen):
    threshold: Annotated[float, Field(gt=0.0, lt=1.0)] = 0.5


class KafkaConsumerSettings(_Frozen):
    """kafka-python group timeouts. A worker that dies is replaced after session_timeout_ms; a
    rebalance waits up to max_poll_interval_ms for members to rejoin."""

    session_timeout_ms: Annotated[int, Field(ge=1000, le=600_000)] = 10_000
    heartbeat_interval_ms: Annotated[int, Field(ge=100, le=60_000)] = 3_000
    max_poll_interval_ms: Annotated[int, Field(ge=1000, le=3_600_000)] = 60_000


class WorkerSettings(_Frozen):
    batch_size: Annotated[int, Field(ge=1, le=10_000)] = 500
    kafka: KafkaConsumerSettings = KafkaConsumerSettings()


class NLPSettings(_Frozen):
    sentiment: SentimentSettings = SentimentSettings()
    organizing: OrganizingSettings = OrganizingSettings()


class _FileModel(_Frozen):
    watchlist: Any = None
    nlp: NLPSettings = NLPSettings()
    worker: WorkerSettings = WorkerSettings()
    # Sections owned by later stages (crawlers, alert rules, channels) are validated by them.
    sources: dict[str, Any] = Field(default_factory=dict)
    rules: dict[str, Any] = Field(default_factory=dict)
    channels: dict[str, Any] = Field(default_factory=dict)
    bus: str = "sqlite:///var/yuqing.db"
    store: str = "sqlite:///var/yuqing.db"


class Settings(_Frozen):
    """Everything a command needs, resolved and validated."""

    source: str
    watchlist: Watchlist
    nlp: NLPSettings
    worker: WorkerSettings
    sources: dict[str, Any]
    rules: dict[str, Any]
    channels: dict[str, Any]
    bus: str
    store: str


_URL_CREDENTIALS = re.compile(r"://[^/@\s:]+:[^/@\s]+@")
_QUERY_SECRET = re.compile(r"[?&](?:access_token|token|secret|password|passwd|api_key|apikey|sign|key)=", re.IGNORECASE)


def without_credentials(url: str) -> str:
    """The URL as it may be logged: user:password@ replaced by ***@."""
    return re.sub(r"://[^/@\s]+@", "://***@", url)


def _looks_secret(key: str) -> bool:
    return any(w in key.lower() for w in _SECRET_WORDS)


def _find_secret_keys(node: Any, prefix: str = "") -> str:
    """Dotted path of the first secret written into the YAML: a secret-named key with a value, or a
    URL carrying credentials (user:pass@, ?access_token=). Empty when there is none."""
    if isinstance(node, str):
        return prefix if _URL_CREDENTIALS.search(node) or _QUERY_SECRET.search(node) else ""
    if isinstance(node, Mapping):
        for key, value in node.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if _looks_secret(str(key)) and value not in (None, "") and not (
                isinstance(value, str) and value.startswith("env:")
            ):
                return path
            found = _find_secret_keys(value, path)
            if found:
                return found
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found = _find_secret_keys(value, f"{prefix}.{i}")
            if found:
                return found
    return ""


def resolve_config_path(explicit: str | None, env: Mapping[str, str] | None = None) -> Path | None:
    env = os.environ if env is None else env
    if explicit:
        return Path(explicit)
    if env.get("YUQING_CONFIG"):
        return Path(env["YUQING_CONFIG"])
    local = Path("yuqing.yaml")
    return local if local.exists() else None


def read_yaml(path: Path, label: str | None = None) -> Any:
    label = label or str(path)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise ConfigError(label, "", "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(label, "", f"cannot read: {exc}") from None
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise ConfigError(label, "", f"not valid YAML: {where}{getattr(exc, 'problem', exc)}") from None


def _raise_first(file: str, exc: ValidationError, prefix: str = "") -> None:
    err = exc.errors()[0]
    key = ".".join(str(p) for p in (*([prefix] if prefix else []), *err["loc"]))
    value = err.get("input")
    shown = ""
    if isinstance(value, str | int | float | bool) and len(repr(value)) < 60 and not _looks_secret(key):
        shown = f" (got {value!r})"
    raise ConfigError(file, key, f"{err['msg']}{shown}") from None


def load_settings(path: str | Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Read, validate and freeze the configuration (see module docstring for the resolution order)."""
    env = os.environ if env is None else env
    cfg_path = resolve_config_path(str(path) if path else None, env)
    if cfg_path is None:
        label = BUILTIN
        data = yaml.safe_load(resources.files("pipeline.resources").joinpath("yuqing.example.yaml").read_text("utf-8"))
        base_dir = None
    else:
        label = str(cfg_path)
        data = read_yaml(cfg_path)
        base_dir = cfg_path.parent
    if not isinstance(data, dict):
        raise ConfigError(label, "", f"the top level must be a mapping, got {type(data).__name__}")
    leaked = _find_secret_keys(data)
    if leaked:  # checked before anything else, so the value never reaches an error message
        raise ConfigError(label, leaked, "secrets do not belong in the YAML; set them as YUQING_* environment variables")
    try:
        model = _FileModel.model_validate(data)
    except ValidationError as exc:
        _raise_first(label, exc)
        raise  # unreachable: _raise_first always raises

    watchlist = _resolve_watchlist(model.watchlist, label, base_dir)
    return Settings(
        source=label,
        watchlist=watchlist,
        nlp=model.nlp,
        worker=model.worker,
        sources=model.sources,
        rules=model.rules,
        channels=model.channels,
        bus=env.get("YUQING_BUS") or model.bus,
        store=env.get("YUQING_STORE") or model.store,
    )


def _resolve_watchlist(value: Any, label: str, base_dir: Path | None) -> Watchlist:
    if value is None:
        if base_dir is None:  # the built-in example ships its own watchlist
            text = resources.files("pipeline.resources").joinpath("watchlist.example.yaml").read_text("utf-8")
            return watchlist_from_data(yaml.safe_load(text), BUILTIN + " watchlist")
        raise ConfigError(label, "watchlist", "missing: name a watchlist file or list the platforms inline")
    if isinstance(value, str):
        wl_path = Path(value)
        if not wl_path.is_absolute() and base_dir is not None:
            wl_path = base_dir / wl_path
        if not wl_path.is_file():
            raise ConfigError(label, "watchlist", f"file not found: {wl_path}")
        return load_watchlist(wl_path)
    return watchlist_from_data(value, label, key_prefix="watchlist")
