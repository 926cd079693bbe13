"""The `feishu` channel: a Feishu / Lark group robot, sending an interactive card (header coloured by
level, one markdown element). With a secret, every send carries a fresh timestamp and
sign = base64(HMAC-SHA256(key=f"{timestamp}\\n{secret}", msg=b"")) in the JSON body."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

import httpx

from alerts.channels import DEFAULT_RETRY, Clock, Retry, Sleep, answer_error, post_json, url_secrets
from alerts.channels.dingtalk import split_roster
from alerts.config import LEVEL_RANK
from alerts.render import Message, escape, message_title, render_markdown

COLOURS = {"high": "red", "medium": "orange", "low": "blue"}


def feishu_sign(secret: str, timestamp_s: int) -> str:
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode("ascii")


def feishu_card(message: Message) -> dict[str, Any]:
    phones, users = split_roster(message.roster)
    mentions = "".join(f"<at id={u}></at>" for u in users)
    if phones:  # Feishu robots mention by user id only; phone numbers are listed for the reader
        mentions += ("\n" if mentions else "") + "值班：" + escape("、".join(phones), "feishu")
    level = max((a.level for a in message.alerts), key=LEVEL_RANK.__getitem__)
    return {"config": {"wide_screen_mode": True},
            "header": {"title": {"tag": "plain_text", "content": message_title(message)},
                       "template": COLOURS[level]},
            "elements": [{"tag": "markdown", "content": render_markdown(message, "feishu", mentions)}]}


class FeishuChannel:
    def __init__(self, name: str, url: str, http: httpx.Client, *, secret: str | None, clock: Clock,
                 sleep: Sleep, retry: Retry = DEFAULT_RETRY) -> None:
        self.name = name
        self._url, self._secret, self._http = url, secret, http
        self._clock, self._sleep, self._retry = clock, sleep, retry

    def payload(self, card: dict[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = {"msg_type": "interactive", "card": card}
        if self._secret:
            ts = int(self._clock().timestamp())
            body = {"timestamp": str(ts), "sign": feishu_sign(self._secret, ts), **body}
        return body

    def send(self, message: Message) -> None:
        card = feishu_card(message)
        secrets = (self._secret, *url_secrets(self._url))
        answer = post_json(self._http, lambda: (self._url, self.payload(card)), sleep=self._sleep,
                           retry=self._retry, secrets=secrets)
        if "code" not in answer and "StatusCode" in answer:  # older robots answer with StatusCode
            answer = {"code": answer["StatusCode"], "msg": answer.get("StatusMessage", "")}
        error = answer_error(answer, "code", "msg", "Feishu", secrets)
        if error:
            raise error
