"""Errors of the crawlers package.

Hierarchy::

    CrawlError                  base
    ├── ParseError              a page or API answer cannot be parsed (broken HTML, truncated JSON)
    ├── BlockedError            the site answered with a captcha / login wall / rate-limit page
    └── BusUnavailable          the bus cannot be reached: the crawl stops (nothing dropped silently)
"""


class CrawlError(Exception):
    """Base class of every error raised by crawlers."""


class ParseError(CrawlError):
    """A response that cannot be parsed; counted by kind, never crashes a crawl."""


class BlockedError(CrawlError):
    """The site refused us (captcha, login, 403/418, {"ok": -100}); `reason` names how."""

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        super().__init__(f"blocked ({reason}){': ' + detail if detail else ''}")


class BusUnavailable(CrawlError):
    """The bus cannot take our posts; the crawl must stop rather than drop them."""
