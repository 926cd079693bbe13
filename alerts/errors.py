"""Errors of the alerts package. Bad configuration is pipeline.errors.ConfigError (exit 2).

Hierarchy::

    AlertError                  base
    └── DeliveryError           one channel could not deliver one message; `reason` is safe to
                                record on the alert and log (no tokens, secrets or URLs with query)
"""

from __future__ import annotations


class AlertError(Exception):
    """Base class of every error raised by the alerts package."""


class DeliveryError(AlertError):
    """A channel failed to deliver. `permanent` means retrying the same request will not help
    (HTTP 4xx other than 429, a rejected signature); the outbox still retries later, since an
    operator may fix the robot in the meantime."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        self.reason = reason
        self.permanent = permanent
        super().__init__(reason)
