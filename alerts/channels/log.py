"""The `log` channel: one line per message on logger "yuqing.alerts" (the default when no channel
is configured, and the duty log of last resort)."""

from __future__ import annotations

import logging

from alerts.render import Message, clean

LOGGER = logging.getLogger("yuqing.alerts")


class LogChannel:
    def __init__(self, name: str = "log", logger: logging.Logger | None = None) -> None:
        self.name = name
        self._log = logger or LOGGER

    def send(self, message: Message) -> None:
        if message.is_digest:
            ids = ",".join(a.id for a in message.alerts)
            self._log.info("alert digest channel=%s alerts=%d ids=%s", self.name, len(message.alerts), ids)
            return
        a = message.alerts[0]
        self._log.log(logging.WARNING if a.level == "high" else logging.INFO,
                      "alert channel=%s level=%s platform=%s rule=%s id=%s reason=%s", self.name, a.level,
                      clean(a.platform, 40) or "-", a.rule, a.id, clean(a.reason, 200))
