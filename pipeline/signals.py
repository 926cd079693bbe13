"""SIGTERM / Ctrl-C for the long-running commands: the first asks the loops to finish their batch
and stop (they watch the Event); a second Ctrl-C leaves at once (uncommitted work is redelivered)."""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable
from typing import Any


def stop_on_signals(stop: threading.Event, also: Callable[[], None] | None = None) -> None:
    interrupts = 0

    def on_signal(signum: int, _frame: Any) -> None:
        nonlocal interrupts
        interrupts += 1
        if signum == signal.SIGINT and interrupts > 1:
            os._exit(130)
        logging.getLogger("yuqing").info("stop requested: finishing the batch, committing, closing")
        stop.set()
        if also is not None:
            also()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
