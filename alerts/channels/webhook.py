"""The generic `webhook` channel: POSTs the alert(s) as schema JSON plus the rendered plain text, for
a desk's own system. An optional header (e.g. Authorization) carries a value taken from the env."""

from __future__ import annotations

from typing import Any

import httpx

from alerts.channels import DEFAULT_RETRY, Retry, Sleep, post_json, url_secrets
from alerts.render import Message, message_title, render_text


def webhook_body(message: Message) -> dict[str, Any]:
    """{"kind": "alert", "title", "text", "alert": {...}} or {"kind": "digest", ..., "alerts": [...]}."""
    body: dict[str, Any] = {"kind": "digest" if message.is_digest else "alert",
                            "title": message_title(message), "text": render_text(message)}
    dumps = [a.model_dump(mode="json") for a in message.alerts]
    if message.is_digest:
        body["alerts"] = dumps
    else:
        body["alert"] = dumps[0]
    return body


class WebhookChannel:
    def __init__(self, name: str, url: str, http: httpx.Client, *, sleep: Sleep, header: str | None = None,
                 token: str | None = None, retry: Retry = DEFAULT_RETRY) -> None:
        self.name = name
        self._url, self._http, self._sleep, self._retry = url, http, sleep, retry
        self._headers = {header: token} if header and token else {}
        self._secrets = (token, *url_secrets(url))

    def send(self, message: Message) -> None:
        body = webhook_body(message)
        post_json(self._http, lambda: (self._url, body), sleep=self._sleep, retry=self._retry,
                  headers=self._headers, secrets=self._secrets)
