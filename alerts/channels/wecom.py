"""The `wecom` channel: a WeCom (企业微信) group robot. Markdown, with user ids @-mentioned as
<@userid>; WeCom markdown cannot @ a phone number, so a roster with phone numbers sends plain text
with mentioned_mobile_list instead."""

from __future__ import annotations

from typing import Any

import httpx

from alerts.channels import DEFAULT_RETRY, Retry, Sleep, answer_error, post_json, url_secrets
from alerts.channels.dingtalk import split_roster
from alerts.render import WECOM_TEXT_LIMIT, Message, render_markdown, render_text, utf8_len


def wecom_payload(message: Message) -> dict[str, Any]:
    phones, users = split_roster(message.roster)
    if phones:
        text = render_text(Message(message.alerts, message.kibana_url), WECOM_TEXT_LIMIT, utf8_len)
        return {"msgtype": "text", "text": {"content": text, "mentioned_list": users,
                                            "mentioned_mobile_list": phones}}
    mentions = "".join(f"<@{u}>" for u in users)
    return {"msgtype": "markdown", "markdown": {"content": render_markdown(message, "wecom", mentions)}}


class WeComChannel:
    def __init__(self, name: str, url: str, http: httpx.Client, *, sleep: Sleep, retry: Retry = DEFAULT_RETRY) -> None:
        self.name = name
        self._url, self._http, self._sleep, self._retry = url, http, sleep, retry

    def send(self, message: Message) -> None:
        payload = wecom_payload(message)
        secrets = url_secrets(self._url)
        answer = post_json(self._http, lambda: (self._url, payload), sleep=self._sleep, retry=self._retry,
                           secrets=secrets)
        error = answer_error(answer, "errcode", "errmsg", "WeCom", secrets)
        if error:
            raise error
