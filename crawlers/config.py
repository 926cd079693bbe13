"""The `sources:` section of the config, validated into a frozen CrawlConfig.

    sources:
      weibo:  {api_base: https://m.weibo.cn, keywords: [...], max_pages: 10, interval_minutes: 30}
      forum:  {start_urls: [board or search-result URLs], max_pages: 3, interval_minutes: 60}
      news:   {feeds: [RSS/Atom URLs], list_pages: [URLs], interval_minutes: 30, obey_robots: true}
      politeness: {user_agent, concurrency_per_domain, download_delay, autothrottle, retries, timeout_s, proxies}
      relevance: platform_or_risk      # keep posts naming a watched platform or a risk term | platform | off
      state: var/crawl_state.db        # seen ids, fingerprints, thread and cursor state, run stats
      hot_interval_minutes: 10         # platforms under an active alert are searched this often

Weibo keywords default to the watchlist's platform names. The Weibo cookie, when needed, comes from
the environment variable named by `cookie_env` (default YUQING_WEIBO_COOKIE), never from the YAML.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline.errors import ConfigError

MOBILE_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {value!r}")
    return value.rstrip("/") if parts.path in ("", "/") else value


class Politeness(_Frozen):
    user_agent: str = MOBILE_UA
    concurrency_per_domain: Annotated[int, Field(ge=1, le=16)] = 2
    download_delay: Annotated[float, Field(ge=0, le=60)] = 1.0
    autothrottle: bool = True
    retries: Annotated[int, Field(ge=0, le=10)] = 3
    retry_backoff_s: Annotated[float, Field(ge=0, le=300)] = 2.0  # first retry after this, then doubling
    timeout_s: Annotated[float, Field(gt=0, le=300)] = 20.0
    proxies: tuple[str, ...] = ()


class WeiboSource(_Frozen):
    api_base: str = "https://m.weibo.cn"
    site: str | None = None  # the id's site part; default: the API host
    keywords: tuple[str, ...] | None = None
    max_pages: Annotated[int, Field(ge=1, le=100)] = 10
    interval_minutes: Annotated[int, Field(ge=1)] = 30
    cookie_env: str = "YUQING_WEIBO_COOKIE"

    @field_validator("api_base")
    @classmethod
    def _url(cls, v: str) -> str:
        return _http_url(v)


class ForumSource(_Frozen):
    start_urls: tuple[str, ...] = ()
    site: str | None = None
    max_pages: Annotated[int, Field(ge=1, le=100)] = 3
    max_threads: Annotated[int, Field(ge=1, le=10_000)] = 200
    interval_minutes: Annotated[int, Field(ge=1)] = 60

    @field_validator("start_urls")
    @classmethod
    def _urls(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_http_url(u) for u in v)


class NewsSource(_Frozen):
    feeds: tuple[str, ...] = ()
    list_pages: tuple[str, ...] = ()
    max_articles: Annotated[int, Field(ge=1, le=10_000)] = 200
    interval_minutes: Annotated[int, Field(ge=1)] = 30
    obey_robots: bool = True

    @field_validator("feeds", "list_pages")
    @classmethod
    def _urls(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_http_url(u) for u in v)


class CrawlConfig(_Frozen):
    weibo: WeiboSource = WeiboSource()
    forum: ForumSource = ForumSource()
    news: NewsSource = NewsSource()
    politeness: Politeness = Politeness()
    relevance: Literal["platform_or_risk", "platform", "off"] = "platform_or_risk"
    state: str = "var/crawl_state.db"
    hot_interval_minutes: Annotated[int, Field(ge=1)] = 10

    @field_validator("relevance", mode="before")
    @classmethod
    def _yaml_off(cls, v: Any) -> Any:
        return "off" if v is False else v  # YAML 1.1 reads a bare `off` as false


def crawl_config(sources: dict[str, Any], file: str) -> CrawlConfig:
    """Validate the `sources:` mapping; errors name the file, `sources.<key>` and the problem."""
    try:
        return CrawlConfig.model_validate(sources or {})
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(["sources", *(str(p) for p in err["loc"])])
        raise ConfigError(file, key, err["msg"].removeprefix("Value error, ")) from None
