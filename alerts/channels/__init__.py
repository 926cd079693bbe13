"""Delivery channels: each sends one rendered Message to one destination (log, console, webhook,
DingTalk, WeCom, Feishu, e-mail). The Dispatcher (alerts.delivery) decides when and to whom.

A channel is `name` + `send(message)`, which returns on success and raises DeliveryError(reason)
otherwise. HTTP channels share one injected httpx.Client and `post_json`, which retries network
errors, 5xx and 429 with exponential backoff inside one delivery attempt; other 4xx fail at once.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar
from urllib.parse import parse_qs, quote, urlsplit

import httpx

from alerts.errors import DeliveryError
from alerts.render import Message, clean

Sleep = Callable[[float], None]
Clock = Callable[[], datetime]
T = TypeVar("T")


class Channel(Protocol):
    name: str

    def send(self, message: Message) -> None:
        """Deliver or raise DeliveryError; never lets another exception type out for a delivery
        problem, and never puts a secret into the reason."""
        ...


@dataclass(frozen=True, slots=True)
class Retry:
    """Tries within one delivery attempt: waits base_s, 2·base_s, ... between them."""

    tries: int = 3
    base_s: float = 0.5

    def delay(self, attempt: int) -> float:
        return float(self.base_s * 2**attempt)


DEFAULT_RETRY = Retry()


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """`text` with every secret (and its URL-encoded form) replaced by ***."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***").replace(quote(secret, safe=""), "***")
    return text


class HideUrlSecrets(logging.Filter):
    """httpx logs every request URL at INFO; a robot URL carries its token (access_token=, key=, the
    Feishu hook id), so the URLs httpx logs are cut to scheme and host."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(f"{a.scheme}://{a.host}/…" if isinstance(a, httpx.URL) else a for a in record.args)
        return True


HIDE_URL_SECRETS = HideUrlSecrets()
logging.getLogger("httpx").addFilter(HIDE_URL_SECRETS)


def url_secrets(url: str) -> list[str]:
    """The parts of a robot URL that are credentials: query values (access_token=, key=) and a long
    last path segment (Feishu's hook id)."""
    parts = urlsplit(url)
    found = [v for values in parse_qs(parts.query).values() for v in values]
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    return found + ([last] if len(last) >= 16 else []) + [url]


def with_retries(call: Callable[[], T], *, sleep: Sleep, retry: Retry) -> T:
    """Run `call`; on a temporary DeliveryError sleep and try again, up to retry.tries times."""
    for attempt in range(retry.tries):
        try:
            return call()
        except DeliveryError as exc:
            if exc.permanent:
                raise
            if attempt + 1 >= retry.tries:
                raise DeliveryError(f"{exc.reason} ({retry.tries} tries)") from None
            sleep(retry.delay(attempt))
    raise AssertionError("unreachable")  # pragma: no cover


def host_of(url: str) -> str:
    try:
        return httpx.URL(url).host or "?"
    except (httpx.InvalidURL, TypeError):
        return "?"


def post_json(http: httpx.Client, build: Callable[[], tuple[str, dict[str, Any]]], *, sleep: Sleep,
              retry: Retry = DEFAULT_RETRY, headers: dict[str, str] | None = None,
              secrets: Iterable[str | None] = ()) -> dict[str, Any]:
    """POST the JSON that `build()` returns (called again on every try, so signatures stay fresh)
    and return the parsed JSON answer ({} when the body is not JSON)."""
    hidden = list(secrets)

    def once() -> dict[str, Any]:
        url, payload = build()
        host = host_of(url)
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            resp = http.post(url, content=body, headers={"Content-Type": "application/json; charset=utf-8",
                                                         **(headers or {})})
        except httpx.TimeoutException:
            raise DeliveryError(f"timeout talking to {host}") from None
        except httpx.TransportError as exc:
            raise DeliveryError(f"network error talking to {host} ({type(exc).__name__})") from None
        if resp.status_code == 429 or resp.status_code >= 500:
            raise DeliveryError(f"HTTP {resp.status_code} from {host}")
        if resp.status_code >= 300:
            raise DeliveryError(f"HTTP {resp.status_code} from {host}", permanent=True)
        try:
            answer = resp.json()
        except ValueError:
            return {}
        return answer if isinstance(answer, dict) else {}

    try:
        return with_retries(once, sleep=sleep, retry=retry)
    except DeliveryError as exc:
        exc.reason = redact(exc.reason, hidden)
        exc.args = (exc.reason,)
        raise


def answer_error(answer: dict[str, Any], code_key: str, msg_key: str, what: str,
                 secrets: Iterable[str | None] = ()) -> DeliveryError | None:
    """A robot's JSON answer with a non-zero code → DeliveryError (its message cleaned and cut)."""
    code = answer.get(code_key)
    if code == 0:
        return None
    message = redact(clean(str(answer.get(msg_key, "")), 160), secrets)
    return DeliveryError(f"{what} refused the message: {code_key}={code} {message}".rstrip(), permanent=True)
