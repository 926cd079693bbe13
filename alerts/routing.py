"""The `channels:` section of the YAML → routes: which alerts (levels, platforms, regions) go to which
channel, when (quiet hours, low-alert digests) and whom to @-mention (duty roster).

Secrets and robot URLs are written as "env:YUQING_NAME" and resolved here, once, from the env given;
bad values raise ConfigError(file, "channels.<name>.<key>", problem), never showing a secret.
"""

from __future__ import annotations

import re
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

import httpx

from alerts.channels import Channel, Clock, Sleep
from alerts.channels.console import ConsoleChannel
from alerts.channels.dingtalk import DingTalkChannel
from alerts.channels.email import EmailChannel
from alerts.channels.feishu import FeishuChannel
from alerts.channels.log import LogChannel
from alerts.channels.webhook import WebhookChannel
from alerts.channels.wecom import WeComChannel
from alerts.config import LEVEL_RANK, parse_duration
from alerts.render import SHANGHAI
from pipeline.errors import ConfigError
from pipeline.schema import Alert

LEVELS = frozenset(LEVEL_RANK)
COMMON_KEYS = {"type", "levels", "platforms", "regions", "quiet_hours", "digest", "digest_every", "roster"}
TYPE_KEYS = {"log": set(), "console": set(), "webhook": {"url", "header", "token"},
             "dingtalk": {"url", "secret"}, "wecom": {"url"}, "feishu": {"url", "secret"},
             "email": {"host", "port", "from", "to", "security", "username", "password", "timeout_s", "ca_file"}}
SECRET_KEYS = {"secret", "token", "password"}
CHAT_TYPES = {"dingtalk", "wecom", "feishu"}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
_ROSTER_ID = re.compile(r"^[A-Za-z0-9_.@+-]{1,64}$")
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_REGION_SUFFIXES = ("特别行政区", "自治区", "省", "市")


@dataclass(frozen=True, slots=True)
class QuietHours:
    """A daily Asia/Shanghai span (may cross midnight) in which only high alerts go out."""

    start: time
    end: time

    def active(self, now: datetime) -> bool:
        t = now.astimezone(SHANGHAI).time()
        if self.start < self.end:
            return self.start <= t < self.end
        return t >= self.start or t < self.end

    def ends_after(self, now: datetime) -> datetime:
        """The first end of quiet hours after `now`."""
        local = now.astimezone(SHANGHAI)
        end = local.replace(hour=self.end.hour, minute=self.end.minute, second=0, microsecond=0)
        return end if end > local else end + timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Route:
    name: str
    channel: Channel
    levels: frozenset[str] = LEVELS
    platforms: frozenset[str] | None = None  # None: any platform
    regions: tuple[str, ...] = ()  # empty: anywhere
    quiet: QuietHours | None = None
    digest: bool = False  # low alerts wait for one digest message every `digest_every`
    digest_every: timedelta = timedelta(minutes=60)
    roster: tuple[str, ...] = field(default=())

    def matches(self, alert: Alert, region: str | None = None) -> bool:
        if alert.level not in self.levels:
            return False
        if self.platforms is not None and alert.platform not in self.platforms:
            return False
        if not self.regions:
            return True
        g = alert.gathering
        places = [p for p in (region, *((g.province, g.city, g.place) if g else ())) if p]
        return any(_region_key(r) in p for r in self.regions for p in places)


def _region_key(region: str) -> str:
    """"上海市" → "上海", so a route for 上海市 matches 上海, 上海市浦东新区 and the reverse."""
    for suffix in _REGION_SUFFIXES:
        if region.endswith(suffix) and len(region) > len(suffix) + 1:
            return region[: -len(suffix)]
    return region


class _Reader:
    """Reads one channel entry, naming file and dotted key in every error."""

    def __init__(self, label: str, name: str, raw: Mapping[str, Any], env: Mapping[str, str]) -> None:
        self.label, self.name, self.raw, self.env = label, name, raw, env

    def fail(self, key: str, problem: str) -> ConfigError:
        return ConfigError(self.label, f"channels.{self.name}{'.' + key if key else ''}", problem)

    def value(self, key: str, required: bool = False) -> str | None:
        raw = self.raw.get(key)
        if raw is None or raw == "":
            if required:
                raise self.fail(key, "missing")
            return None
        if not isinstance(raw, str | int):
            raise self.fail(key, f"expected a string, got {type(raw).__name__}")
        text = str(raw)
        if text.startswith("env:"):
            var = text[4:]
            if not self.env.get(var):
                raise self.fail(key, f"environment variable {var} is not set")
            return self.env[var]
        if key in SECRET_KEYS:
            raise self.fail(key, "secrets are read from the environment: write env:YUQING_NAME")
        return text

    def strings(self, key: str) -> list[str] | None:
        raw = self.raw.get(key)
        if raw is None:
            return None
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list) or not all(isinstance(i, str | int) and str(i).strip() for i in items):
            raise self.fail(key, "expected a list of non-empty strings")
        return [str(i).strip() for i in items]


def parse_quiet_hours(text: Any) -> QuietHours:
    parts = text.split("-") if isinstance(text, str) else []
    found = [_HHMM.match(p.strip()) for p in parts]
    if len(parts) != 2 or not all(found) or parts[0].strip() == parts[1].strip():
        raise ValueError('expected "HH:MM-HH:MM" (Asia/Shanghai), e.g. "23:00-07:00"')
    start, end = (time(int(m.group(1)), int(m.group(2))) for m in found if m)
    return QuietHours(start, end)


def parse_routes(channels: Mapping[str, Any] | None, *, env: Mapping[str, str], label: str,
                 http: Callable[[], httpx.Client], clock: Clock, sleep: Sleep) -> list[Route]:
    """Routes for the `channels:` section; an empty section means one `log` route for everything."""
    if not channels:
        return [Route("log", LogChannel("log"))]
    if not isinstance(channels, Mapping):
        raise ConfigError(label, "channels", "expected a mapping of channel name → settings")
    routes = []
    for name, raw in channels.items():
        if not isinstance(raw, Mapping):
            raise ConfigError(label, f"channels.{name}", "expected a mapping with at least `type`")
        routes.append(_route(_Reader(label, str(name), raw, env), http, clock, sleep))
    return routes


def _route(r: _Reader, http: Callable[[], httpx.Client], clock: Clock, sleep: Sleep) -> Route:
    kind = r.raw.get("type")
    if kind not in TYPE_KEYS:
        raise r.fail("type", f"expected one of {', '.join(TYPE_KEYS)}, got {kind!r}")
    unknown = sorted(set(map(str, r.raw)) - COMMON_KEYS - TYPE_KEYS[kind])
    if unknown:
        raise r.fail(unknown[0], f"unknown key for a {kind} channel")
    levels = r.strings("levels")
    if levels is not None and (not levels or set(levels) - LEVELS):
        raise r.fail("levels", "expected a list drawn from high, medium, low")
    platforms, regions, roster = r.strings("platforms"), r.strings("regions") or [], r.strings("roster") or []
    if kind in CHAT_TYPES and not all(_ROSTER_ID.match(x) for x in roster):
        raise r.fail("roster", "chat robots take phone numbers or user ids (letters, digits, _ . @ + -)")
    quiet = None
    if r.raw.get("quiet_hours") is not None:
        try:
            quiet = parse_quiet_hours(r.raw["quiet_hours"])
        except ValueError as exc:
            raise r.fail("quiet_hours", str(exc)) from None
    digest = r.raw.get("digest", False)
    if not isinstance(digest, bool):
        raise r.fail("digest", "expected true or false")
    try:
        every = parse_duration(r.raw.get("digest_every", "60m"))
    except ValueError as exc:
        raise r.fail("digest_every", str(exc)) from None
    if every < timedelta(minutes=1):
        raise r.fail("digest_every", "must be at least 1m")
    return Route(r.name, _channel(kind, r, http, clock, sleep), frozenset(levels or LEVELS),
                 frozenset(platforms) if platforms is not None else None, tuple(regions), quiet, digest, every,
                 tuple(roster))


def _channel(kind: str, r: _Reader, http: Callable[[], httpx.Client], clock: Clock, sleep: Sleep) -> Channel:
    if kind == "log":
        return LogChannel(r.name)
    if kind == "console":
        return ConsoleChannel(r.name)
    if kind == "email":
        return _email(r, sleep)
    url = r.value("url", required=True) or ""
    if not url.startswith(("http://", "https://")):
        raise r.fail("url", "expected an http(s) URL")
    if kind == "webhook":
        header, token = r.value("header"), r.value("token")
        if bool(header) != bool(token):
            raise r.fail("header" if token else "token", "header and token go together")
        return WebhookChannel(r.name, url, http(), sleep=sleep, header=header, token=token)
    if kind == "dingtalk":
        return DingTalkChannel(r.name, url, http(), secret=r.value("secret"), clock=clock, sleep=sleep)
    if kind == "wecom":
        return WeComChannel(r.name, url, http(), sleep=sleep)
    return FeishuChannel(r.name, url, http(), secret=r.value("secret"), clock=clock, sleep=sleep)


def _email(r: _Reader, sleep: Sleep) -> EmailChannel:
    host = r.value("host", required=True) or ""
    security = r.raw.get("security", "starttls")
    if security not in ("starttls", "ssl", "none"):
        raise r.fail("security", f"expected starttls, ssl or none, got {security!r}")
    if security == "none" and host not in LOCAL_HOSTS:
        raise r.fail("security", "plain SMTP (none) is allowed only to a relay on localhost")
    port = r.raw.get("port", {"starttls": 587, "ssl": 465, "none": 25}[security])
    if not isinstance(port, int) or not 0 < port < 65536:
        raise r.fail("port", "expected a port number")
    to = r.strings("to")
    if not to or not all("@" in x for x in to):
        raise r.fail("to", "expected one or more e-mail addresses")
    sender = r.value("from", required=True) or ""
    timeout = r.raw.get("timeout_s", 15)
    if not isinstance(timeout, int | float) or isinstance(timeout, bool) or not 0 < timeout <= 300:
        raise r.fail("timeout_s", "expected seconds between 0 and 300")
    context = None
    if r.raw.get("ca_file"):
        try:
            context = ssl.create_default_context(cafile=str(r.raw["ca_file"]))
        except (OSError, ssl.SSLError) as exc:
            raise r.fail("ca_file", f"cannot load: {exc}") from None
    username = r.value("username")
    return EmailChannel(r.name, host=host, port=port, sender=sender, to=to, security=security,
                        username=username, password=r.value("password") if username else None,
                        timeout_s=float(timeout), ssl_context=context, sleep=sleep)
