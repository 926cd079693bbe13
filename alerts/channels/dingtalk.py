"""The `dingtalk` channel: a DingTalk group robot (markdown). With a secret, every send signs the
webhook URL afresh: sign = urlencode(base64(HMAC-SHA256(secret, f"{timestamp_ms}\\n{secret}")))."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from typing import Any
from urllib.parse import quote_plus

import httpx

from alerts.channels import DEFAULT_RETRY, Clock, Retry, Sleep, answer_error, post_json, url_secrets
from alerts.render import Message, message_title, render_markdown

PHONE = re.compile(r"^\+?\d{6,15}$")


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """The robot's signature for `timestamp_ms` (base64, not yet URL-encoded)."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def split_roster(roster: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """(phone numbers, user ids) of a duty roster."""
    phones = [r for r in roster if PHONE.match(r)]
    return phones, [r for r in roster if not PHONE.match(r)]


def dingtalk_payload(message: Message) -> dict[str, Any]:
    phones, users = split_roster(message.roster)
    # DingTalk only highlights a mention whose "@who" also appears in the text.
    mentions = " ".join(f"@{who}" for who in (*phones, *users))
    return {"msgtype": "markdown",
            "markdown": {"title": message_title(message), "text": render_markdown(message, "dingtalk", mentions)},
            "at": {"atMobiles": phones, "atUserIds": users, "isAtAll": False}}


class DingTalkChannel:
    def __init__(self, name: str, url: str, http: httpx.Client, *, secret: str | None, clock: Clock,
                 sleep: Sleep, retry: Retry = DEFAULT_RETRY) -> None:
        self.name = name
        self._url, self._secret, self._http = url, secret, http
        self._clock, self._sleep, self._retry = clock, sleep, retry

    def signed_url(self) -> str:
        if not self._secret:
            return self._url
        ts = int(self._clock().timestamp() * 1000)
        sep = "&" if "?" in self._url else "?"
        return f"{self._url}{sep}timestamp={ts}&sign={quote_plus(dingtalk_sign(self._secret, ts))}"

    def send(self, message: Message) -> None:
        payload = dingtalk_payload(message)
        secrets = (self._secret, *url_secrets(self._url))
        answer = post_json(self._http, lambda: (self.signed_url(), payload), sleep=self._sleep,
                           retry=self._retry, secrets=secrets)
        error = answer_error(answer, "errcode", "errmsg", "DingTalk", secrets)
        if error:
            raise error
