"""Building the official Elasticsearch client from a store URL and YUQING_ES_* env, without leaking secrets.

Credentials: YUQING_ES_API_KEY, else URL userinfo, else YUQING_ES_USER/YUQING_ES_PASSWORD; TLS CA from
YUQING_ES_CA_FILE. YUQING_ES_PLAIN_JSON=1 swaps in a node that sends plain `application/json`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from elastic_transport import HttpHeaders, Urllib3HttpNode
from elastic_transport import TransportError as _TransportError
from elastic_transport._node import NodeApiResponse
from elastic_transport.client_utils import DEFAULT, DefaultType
from elasticsearch import ApiError, Elasticsearch
from elasticsearch import ConnectionError as _ConnectionError

from pipeline.store import StoreError, StoreUnavailable

_VENDOR = "application/vnd.elasticsearch+"  # +json and +x-ndjson


class PlainJsonNode(Urllib3HttpNode):
    """Sends `application/json` instead of the versioned media type (osmem-server answers it with 406)."""

    def perform_request(self, method: str, target: str, body: bytes | None = None,
                        headers: HttpHeaders | None = None,
                        request_timeout: DefaultType | float | None = DEFAULT) -> NodeApiResponse:
        if headers is not None:
            headers = headers.copy()
            for name in ("accept", "content-type"):
                value = headers.get(name)
                if value and value.startswith(_VENDOR):
                    # x-ndjson (bulk) stays ndjson; everything else is plain JSON.
                    ndjson = "x-ndjson" in value
                    headers[name] = "application/x-ndjson" if ndjson else "application/json"
        return super().perform_request(method, target, body=body, headers=headers, request_timeout=request_timeout)


@dataclass(frozen=True)
class Endpoint:
    """Where the cluster is and how to log in; `safe_url` is the only form ever printed."""

    url: str  # scheme://host:port[/path], never with userinfo
    basic_auth: tuple[str, str] | None = None
    api_key: str | None = None
    ca_file: str | None = None
    plain_json: bool = False
    secrets: tuple[str, ...] = field(default=(), repr=False)

    @property
    def safe_url(self) -> str:
        return self.url

    def __repr__(self) -> str:
        return f"Endpoint({self.url})"

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            if secret:
                text = text.replace(secret, "***")
        return text


def parse_endpoint(url: str, env: Mapping[str, str]) -> Endpoint:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"not an Elasticsearch URL (http(s)://host:port): {strip_userinfo(url)}")
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc = f"{host}:{parts.port or 9200}"
    clean = urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))
    user = unquote(parts.username) if parts.username else env.get("YUQING_ES_USER")
    password = unquote(parts.password) if parts.password else env.get("YUQING_ES_PASSWORD")
    api_key = env.get("YUQING_ES_API_KEY") or None
    basic = (user, password or "") if user else None
    return Endpoint(
        url=clean,
        basic_auth=basic,
        api_key=api_key,
        ca_file=env.get("YUQING_ES_CA_FILE") or None,
        plain_json=env.get("YUQING_ES_PLAIN_JSON") == "1",
        secrets=tuple(s for s in (password, api_key) if s),
    )


def strip_userinfo(url: str) -> str:
    """The URL without `user:pass@` (for messages)."""
    parts = urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def build_client(ep: Endpoint, timeout: float = 10.0, max_retries: int = 1) -> Elasticsearch:
    kwargs: dict[str, Any] = {"request_timeout": timeout, "max_retries": max_retries, "retry_on_timeout": False}
    if ep.api_key:  # the client takes one scheme; an API key wins over user/password
        kwargs["api_key"] = ep.api_key
    elif ep.basic_auth:
        kwargs["basic_auth"] = ep.basic_auth
    if ep.ca_file:
        kwargs["ca_certs"] = ep.ca_file
    if ep.plain_json:
        kwargs["node_class"] = PlainJsonNode
    return Elasticsearch(ep.url, **kwargs)


def translate(exc: Exception, ep: Endpoint, doing: str) -> StoreError:
    """Client exception → StoreUnavailable (outage: connection, 5xx, 429) or StoreError (refused)."""
    if isinstance(exc, ApiError):
        err = exc.body.get("error") if isinstance(exc.body, dict) else None
        detail = f"{err.get('type')}: {err.get('reason')}" if isinstance(err, dict) else str(exc.message)
        msg = ep.redact(f"elasticsearch at {ep.safe_url}: {doing}: HTTP {exc.status_code} {detail}")
        if exc.status_code >= 500 or exc.status_code == 429:
            return StoreUnavailable(msg)
        return StoreError(msg)
    if isinstance(exc, _ConnectionError | _TransportError):
        # The transport's text names urllib3 objects, not URLs or headers; redact all the same.
        reason = ep.redact(type(exc).__name__ + ": " + str(exc.message if hasattr(exc, "message") else exc))
        return StoreUnavailable(f"elasticsearch at {ep.safe_url} unreachable while {doing}: {reason[:200]}")
    return StoreError(ep.redact(f"elasticsearch at {ep.safe_url}: {doing}: {type(exc).__name__}"))
