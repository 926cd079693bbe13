"""Channels against a mock HTTP transport and a real local SMTP server: request shapes, signatures,
retries, and secrets kept out of every error and log line."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import socket
import ssl
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from alerts.channels import Retry
from alerts.channels.console import ConsoleChannel
from alerts.channels.dingtalk import DingTalkChannel
from alerts.channels.email import EmailChannel
from alerts.channels.feishu import FeishuChannel
from alerts.channels.log import LogChannel
from alerts.channels.webhook import WebhookChannel
from alerts.channels.wecom import WeComChannel
from alerts.errors import DeliveryError
from alerts.render import Message
from tests.alerts.test_render import HOSTILE, make_alert

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
SECRET = "SECf00dfeedc0ffee1234567890abcdef"
TOKEN = "a1b2c3d4e5f6tokenvalue"
DINGTALK_URL = f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}"
FEISHU_URL = f"https://open.feishu.cn/open-apis/bot/v2/hook/{TOKEN}"
WECOM_URL = f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={TOKEN}"


class Receiver:
    """A mock robot: answers each request with the next of `answers` (status, JSON) or raises."""

    def __init__(self, *answers: tuple[int, dict[str, Any]] | Exception) -> None:
        self.answers = list(answers) or [(200, {"errcode": 0, "code": 0})]
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers[min(len(self.requests), len(self.answers)) - 1]
        if isinstance(answer, Exception):
            raise answer
        return httpx.Response(answer[0], json=answer[1])

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))

    def body(self, i: int = -1) -> dict[str, Any]:
        return json.loads(self.requests[i].content)


class Clock:
    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def msg(**over: Any) -> Message:
    roster = over.pop("roster", ())
    return Message((make_alert(**over),), "http://127.0.0.1:5601", roster)


# --- DingTalk ---------------------------------------------------------------------------------


def test_dingtalk_signs_every_send_afresh_with_the_robot_secret() -> None:
    robot, clock = Receiver(), Clock()
    channel = DingTalkChannel("duty", DINGTALK_URL, robot.client(), secret=SECRET, clock=clock, sleep=lambda s: None)
    channel.send(msg(roster=("13800000000", "zhangsan")))
    clock.now += timedelta(seconds=7)
    channel.send(msg())
    signs = []
    for req, ts_ms in zip(robot.requests, (int(NOW.timestamp()) * 1000, int(NOW.timestamp()) * 1000 + 7000), strict=True):
        query = parse_qs(urlsplit(str(req.url)).query)
        assert query["access_token"] == [TOKEN] and query["timestamp"] == [str(ts_ms)]
        expected = base64.b64encode(hmac.new(SECRET.encode(), f"{ts_ms}\n{SECRET}".encode(), hashlib.sha256).digest())
        assert query["sign"] == [expected.decode()]
        signs.append(query["sign"][0])
    assert signs[0] != signs[1]
    first = robot.body(0)
    assert first["msgtype"] == "markdown" and first["markdown"]["title"] == "【高】善林金融 舆情预警"
    assert first["at"] == {"atMobiles": ["13800000000"], "atUserIds": ["zhangsan"], "isAtAll": False}
    assert first["markdown"]["text"].endswith("@13800000000 @zhangsan")


def test_dingtalk_refusal_is_a_delivery_error_without_the_token_or_secret(caplog: pytest.LogCaptureFixture) -> None:
    robot = Receiver((200, {"errcode": 310000, "errmsg": f"sign not match, token {TOKEN}"}))
    channel = DingTalkChannel("duty", DINGTALK_URL, robot.client(), secret=SECRET, clock=Clock(), sleep=lambda s: None)
    with caplog.at_level(logging.DEBUG), pytest.raises(DeliveryError) as err:
        channel.send(msg())
    assert "310000" in err.value.reason and "sign not match" in err.value.reason
    assert len(robot.requests) == 1, "a refused signature is not retried"
    for leak in (TOKEN, SECRET, "access_token"):
        assert leak not in err.value.reason and leak not in str(err.value) and leak not in caplog.text


# --- Feishu -----------------------------------------------------------------------------------


def test_feishu_sends_a_signed_card_coloured_by_level() -> None:
    robot, clock = Receiver((200, {"code": 0, "msg": "success"})), Clock()
    channel = FeishuChannel("duty_feishu", FEISHU_URL, robot.client(), secret=SECRET, clock=clock, sleep=lambda s: None)
    channel.send(msg(roster=("ou_7d8a6e6df7621556ce0d21922b676706ccs",), reason=HOSTILE))
    clock.now += timedelta(seconds=1)
    channel.send(msg(level="medium"))
    bodies = [robot.body(0), robot.body(1)]
    for body, ts in zip(bodies, (int(NOW.timestamp()), int(NOW.timestamp()) + 1), strict=True):
        key = f"{ts}\n{SECRET}".encode()
        assert body["timestamp"] == str(ts)
        assert body["sign"] == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
        assert body["msg_type"] == "interactive"
    card = bodies[0]["card"]
    assert card["header"] == {"title": {"tag": "plain_text", "content": "【高】善林金融 舆情预警"}, "template": "red"}
    assert bodies[1]["card"]["header"]["template"] == "orange"
    content = card["elements"][0]["content"]
    assert card["elements"][0]["tag"] == "markdown"
    assert content.endswith("<at id=ou_7d8a6e6df7621556ce0d21922b676706ccs></at>"), "only the roster is mentioned"
    assert content.count("<at") == 1 and "&#60;at id=all&#62;" in content


def test_feishu_error_code_fails_the_delivery() -> None:
    robot = Receiver((200, {"code": 19021, "msg": "sign match fail or timestamp is not within one hour from current time"}))
    channel = FeishuChannel("f", FEISHU_URL, robot.client(), secret=SECRET, clock=Clock(), sleep=lambda s: None)
    with pytest.raises(DeliveryError, match="code=19021") as err:
        channel.send(msg())
    assert TOKEN not in err.value.reason


# --- WeCom and webhook ------------------------------------------------------------------------


def test_wecom_sends_markdown_mentioning_user_ids() -> None:
    robot = Receiver()
    WeComChannel("w", WECOM_URL, robot.client(), sleep=lambda s: None).send(msg(roster=("lisi",), reason=HOSTILE))
    body = robot.body()
    assert body["msgtype"] == "markdown"
    content = body["markdown"]["content"]
    assert content.startswith("### 【高】善林金融 舆情预警\n") and content.endswith("<@lisi>")
    assert content.count("<@") == 1 and "<font" not in content
    assert len(content.encode()) <= 4096


def test_wecom_mentions_phone_numbers_through_a_text_message() -> None:
    robot = Receiver()
    WeComChannel("w", WECOM_URL, robot.client(), sleep=lambda s: None).send(msg(roster=("13800000000", "lisi")))
    body = robot.body()
    assert body["msgtype"] == "text"
    assert body["text"]["mentioned_mobile_list"] == ["13800000000"] and body["text"]["mentioned_list"] == ["lisi"]
    assert body["text"]["content"].startswith("【高】善林金融 舆情预警")


def test_webhook_posts_the_alert_document_and_its_text_with_the_configured_header() -> None:
    robot = Receiver((204, {}))
    WebhookChannel("desk", "https://desk.example/hook", robot.client(), sleep=lambda s: None,
                   header="Authorization", token="Bearer s3cr3t-value").send(msg())
    req = robot.requests[0]
    assert req.headers["Authorization"] == "Bearer s3cr3t-value"
    assert req.headers["Content-Type"].startswith("application/json")
    body = robot.body()
    assert body["kind"] == "alert" and body["title"] == "【高】善林金融 舆情预警"
    assert body["alert"] == make_alert().model_dump(mode="json")
    assert body["text"].startswith("【高】善林金融 舆情预警\n原因：")


# --- retries ------------------------------------------------------------------------------------


def test_two_server_errors_then_success_is_delivered_on_the_third_try() -> None:
    robot, slept = Receiver((503, {}), (502, {}), (200, {"errcode": 0})), list[float]()
    WeComChannel("w", WECOM_URL, robot.client(), sleep=slept.append).send(msg())
    assert len(robot.requests) == 3
    assert slept == [0.5, 1.0]


def test_rate_limits_and_network_errors_are_retried_but_a_bad_request_is_not() -> None:
    robot = Receiver((429, {}), httpx.ConnectError("connection refused"), (200, {"errcode": 0}))
    WeComChannel("w", WECOM_URL, robot.client(), sleep=lambda s: None).send(msg())
    assert len(robot.requests) == 3
    robot = Receiver((400, {"errcode": 40008}))
    with pytest.raises(DeliveryError) as err:
        WeComChannel("w", WECOM_URL, robot.client(), sleep=lambda s: None).send(msg())
    assert err.value.permanent and len(robot.requests) == 1
    assert err.value.reason == "HTTP 400 from qyapi.weixin.qq.com"


def test_a_robot_down_for_every_try_fails_with_a_reason_naming_only_the_host() -> None:
    robot = Receiver(httpx.ConnectTimeout(f"timed out connecting to {DINGTALK_URL}"))
    channel = DingTalkChannel("d", DINGTALK_URL, robot.client(), secret=SECRET, clock=Clock(), sleep=lambda s: None,
                              retry=Retry(tries=4, base_s=0.1))
    with pytest.raises(DeliveryError) as err:
        channel.send(msg())
    assert len(robot.requests) == 4
    assert err.value.reason == "timeout talking to oapi.dingtalk.com (4 tries)"


# --- log and console -----------------------------------------------------------------------------


def test_log_writes_one_line_and_console_prints_the_text(caplog: pytest.LogCaptureFixture,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    with caplog.at_level(logging.INFO, logger="yuqing.alerts"):
        LogChannel().send(msg(reason=HOSTILE))
    (record,) = caplog.records
    assert record.levelno == logging.WARNING and "\n" not in record.getMessage()
    assert "level=high platform=善林金融 rule=heat" in record.getMessage()
    ConsoleChannel().send(msg())
    assert capsys.readouterr().out.startswith("【高】善林金融 舆情预警\n原因：")


# --- e-mail against a real local SMTP server ----------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made for this test run."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    folder = tmp_path_factory.mktemp("tls")
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class Inbox:
    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd hook)
        self.envelopes.append(envelope)
        return "250 OK"


def _authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> Any:
    from aiosmtpd.smtp import AuthResult, LoginPassword

    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"duty" and auth_data.password == b"mail-pass-123"
    return AuthResult(success=ok, handled=False)


@pytest.fixture()
def smtp_server(tls_files: tuple[Path, Path]) -> Iterator[Callable[..., tuple[Inbox, int]]]:
    from aiosmtpd.controller import Controller

    started = []

    def start(mode: str) -> tuple[Inbox, int]:
        inbox, port = Inbox(), _free_port()
        server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server_ctx.load_cert_chain(*map(str, tls_files))
        kwargs: dict[str, Any] = {}
        if mode == "starttls":
            kwargs = {"tls_context": server_ctx, "require_starttls": True, "authenticator": _authenticator}
        elif mode == "ssl":
            # implicit TLS: aiosmtpd cannot tell, so it is told AUTH needs no STARTTLS here
            kwargs = {"ssl_context": server_ctx, "authenticator": _authenticator, "auth_require_tls": False}
        controller = Controller(inbox, hostname="127.0.0.1", port=port, **kwargs)
        controller.start()
        started.append(controller)
        return inbox, port

    yield start
    for controller in started:
        controller.stop()


def _email(port: int, security: str, tls_files: tuple[Path, Path], password: str = "mail-pass-123",
           sleep: Callable[[float], None] = lambda s: None) -> EmailChannel:
    ctx = ssl.create_default_context(cafile=str(tls_files[0]))
    user = None if security == "none" else "duty"
    return EmailChannel("mail", host="127.0.0.1", port=port, sender="yuqing@desk.example",
                        to=["duty@desk.example"], security=security, username=user,  # type: ignore[arg-type]
                        password=password if user else None, timeout_s=5, ssl_context=ctx, sleep=sleep)


@pytest.mark.parametrize("security", ["none", "starttls", "ssl"])
def test_email_reaches_a_local_smtp_server(security: str, smtp_server: Callable[..., tuple[Inbox, int]],
                                           tls_files: tuple[Path, Path]) -> None:
    inbox, port = smtp_server(security)
    _email(port, security, tls_files).send(msg(reason=HOSTILE, roster=("张三",)))
    (envelope,) = inbox.envelopes
    assert envelope.rcpt_tos == ["duty@desk.example"]
    mail = message_from_bytes(envelope.content, policy=policy.default)
    assert mail["Subject"] == "【高】善林金融 舆情预警"
    plain_part, html_part = mail.get_body(("plain",)), mail.get_body(("html",))
    assert plain_part is not None and html_part is not None
    text, html = plain_part.get_content(), html_part.get_content()
    assert "负面占比：63%" in text and "值班：张三" in text
    assert "<script>" not in html and "&lt;script&gt;" in html and "\u202e" not in html


def test_email_with_a_wrong_password_fails_without_naming_it(smtp_server: Callable[..., tuple[Inbox, int]],
                                                             tls_files: tuple[Path, Path]) -> None:
    inbox, port = smtp_server("starttls")
    with pytest.raises(DeliveryError) as err:
        _email(port, "starttls", tls_files, password="wrong-pass-999").send(msg())
    assert err.value.permanent and "refused the login" in err.value.reason
    assert "wrong-pass-999" not in str(err.value) and not inbox.envelopes


def test_email_to_a_server_that_is_down_is_retried_then_fails(tls_files: tuple[Path, Path]) -> None:
    slept: list[float] = []
    channel = _email(_free_port(), "none", tls_files, sleep=slept.append)
    with pytest.raises(DeliveryError, match=r"cannot reach SMTP 127\.0\.0\.1:\d+ \(ConnectionRefusedError\) \(3 tries\)"):
        channel.send(msg())
    assert slept == [0.5, 1.0]
