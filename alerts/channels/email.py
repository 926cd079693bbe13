"""The `email` channel: one e-mail (plain text + HTML alternative) per message over smtplib, with
STARTTLS, implicit TLS (SSL) or, for a relay on localhost only, plain SMTP."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Literal

from alerts.channels import DEFAULT_RETRY, Retry, Sleep, redact, with_retries
from alerts.errors import DeliveryError
from alerts.render import Message, clean, render_email

Security = Literal["starttls", "ssl", "none"]


def build_email(message: Message, sender: str, to: Sequence[str]) -> EmailMessage:
    parts = render_email(message)
    mail = EmailMessage()
    mail["Subject"] = parts.subject
    mail["From"] = sender
    mail["To"] = ", ".join(to)
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(domain="yuqing.local")
    mail.set_content(parts.text)
    mail.add_alternative(parts.html, subtype="html")
    return mail


class EmailChannel:
    def __init__(self, name: str, *, host: str, port: int, sender: str, to: Sequence[str],
                 security: Security = "starttls", username: str | None = None, password: str | None = None,
                 timeout_s: float = 15.0, ssl_context: ssl.SSLContext | None = None, sleep: Sleep,
                 retry: Retry = DEFAULT_RETRY) -> None:
        self.name = name
        self.host, self.port, self.sender, self.to, self.security = host, port, sender, list(to), security
        self._username, self._password, self._timeout = username, password, timeout_s
        self._ssl = ssl_context
        self._sleep, self._retry = sleep, retry

    def send(self, message: Message) -> None:
        mail = build_email(message, self.sender, self.to)
        with_retries(lambda: self._send_once(mail), sleep=self._sleep, retry=self._retry)

    def _send_once(self, mail: EmailMessage) -> None:
        where = f"{self.host}:{self.port}"
        context = self._ssl or ssl.create_default_context()
        try:
            smtp: smtplib.SMTP
            if self.security == "ssl":
                smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self._timeout, context=context)
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=self._timeout)
            with smtp:
                if self.security == "starttls":
                    smtp.starttls(context=context)
                if self._username:
                    smtp.login(self._username, self._password or "")
                smtp.send_message(mail)
        except smtplib.SMTPAuthenticationError as exc:
            raise DeliveryError(f"SMTP {where} refused the login ({exc.smtp_code})", permanent=True) from None
        except smtplib.SMTPRecipientsRefused:
            raise DeliveryError(f"SMTP {where} refused the recipients", permanent=True) from None
        except smtplib.SMTPResponseException as exc:
            raw = exc.smtp_error
            text = clean(raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw), 120)
            reason = redact(f"SMTP {where} answered {exc.smtp_code} {text}", (self._password, self._username))
            raise DeliveryError(reason, permanent=500 <= exc.smtp_code < 600) from None
        except smtplib.SMTPNotSupportedError as exc:  # "STARTTLS / SMTP AUTH extension not supported"
            raise DeliveryError(f"SMTP {where}: {clean(str(exc), 80)}", permanent=True) from None
        except ssl.SSLError as exc:
            raise DeliveryError(f"TLS with {where} failed ({exc.reason or type(exc).__name__})", permanent=True) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"cannot reach SMTP {where} ({type(exc).__name__})") from None
