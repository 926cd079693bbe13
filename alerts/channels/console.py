"""The `console` channel: the plain-text message on stdout (what `yuqing demo` shows)."""

from __future__ import annotations

import sys
from typing import TextIO

from alerts.render import Message, render_text

RULE = "─" * 40


class ConsoleChannel:
    def __init__(self, name: str = "console", out: TextIO | None = None) -> None:
        self.name = name
        self._out = out  # None: sys.stdout at send time (so redirection and capture work)

    def send(self, message: Message) -> None:
        out = self._out or sys.stdout
        out.write(f"{render_text(message)}\n{RULE}\n")
        out.flush()
