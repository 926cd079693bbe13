"""The Elasticsearch store: monthly `posts-YYYY.MM` / `alerts-YYYY.MM` indices, a `yuqing-state` index.

Writes never force a refresh (documents become searchable within the refresh interval; `refresh()`
is for tests and benchmarks). Counts are document counts: ids are unique within an index, but a post
whose published_at moves to another month is stored once per month index until the old copy ages out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from elasticsearch import ApiError, Elasticsearch, NotFoundError, helpers

from pipeline.schema import Alert, Post
from pipeline.store import PostFilter, StoreError, StoreUnavailable
from pipeline.store import mapping as m
from pipeline.store.es_client import Endpoint, build_client, parse_endpoint, translate

log = logging.getLogger(__name__)
_ALL = f"{m.POSTS_PATTERN},{m.ALERTS_PATTERN},{m.STATE_INDEX}"


class ElasticStore:
    """The Store protocol over Elasticsearch 8 (official client)."""

    remote = True  # a server: the worker overlaps analysis with its writes

    def __init__(self, client: Elasticsearch, endpoint: Endpoint, retention_days: int = m.DEFAULT_RETENTION_DAYS,
                 segment: Callable[[str], list[str]] | None = None) -> None:
        self._es, self._ep, self._retention = client, endpoint, retention_days
        self._segment = segment

    @classmethod
    def from_url(cls, url: str, env: Mapping[str, str], retention_days: int = m.DEFAULT_RETENTION_DAYS,
                 segment: Callable[[str], list[str]] | None = None, timeout: float = 10.0) -> ElasticStore:
        """`segment` cuts search queries; by default the nlp Segmenter (built on first search)."""
        ep = parse_endpoint(url, env)
        return cls(build_client(ep, timeout=timeout), ep, retention_days, segment)

    def __repr__(self) -> str:
        return f"ElasticStore({self._ep.safe_url})"

    def _call(self, doing: str, fn: Callable[..., Any], /, **kwargs: Any) -> Any:
        try:
            return fn(**kwargs)
        except Exception as exc:  # every client error becomes StoreError / StoreUnavailable
            raise translate(exc, self._ep, doing) from None

    # --- setup -------------------------------------------------------------------------------

    def setup(self) -> list[str]:
        """Create the ILM policy (when the server has ILM), both templates and the state index if missing."""
        created: list[str] = []
        ilm = self._ensure_ilm(created)
        for name, pattern, body in ((m.POSTS_TEMPLATE, m.POSTS_PATTERN, m.posts_mapping()),
                                    (m.ALERTS_TEMPLATE, m.ALERTS_PATTERN, m.alerts_mapping())):
            if not self._call("checking template", self._es.indices.exists_index_template, name=name):
                self._call("creating template", self._es.indices.put_index_template, name=name,
                           **m.index_template(pattern, body, ilm))
                created.append(f"template:{name}")
        if not self._call("checking state index", self._es.indices.exists, index=m.STATE_INDEX):
            self._call("creating state index", self._es.indices.create, index=m.STATE_INDEX,
                       mappings=m.state_mapping())
            created.append(f"index:{m.STATE_INDEX}")
        return created

    def _ensure_ilm(self, created: list[str]) -> bool:
        """True if the policy exists or was made; False when the server has no ILM API (OpenSearch, osmem)."""
        try:
            self._es.ilm.get_lifecycle(name=m.ILM_POLICY)
            return True
        except NotFoundError as exc:
            if "no handler" in str(exc.body):
                return self._no_ilm()
        except ApiError as exc:
            if exc.status_code in (400, 405):
                return self._no_ilm()
            raise translate(exc, self._ep, "checking ILM policy") from None
        except Exception as exc:
            raise translate(exc, self._ep, "checking ILM policy") from None
        self._call("creating ILM policy", self._es.ilm.put_lifecycle, name=m.ILM_POLICY,
                   policy=m.ilm_policy(self._retention))
        created.append(f"ilm:{m.ILM_POLICY}")
        return True

    def _no_ilm(self) -> bool:
        log.info("store=%s ilm=unsupported retention=not-applied", self._ep.safe_url)
        return False

    # --- posts ---------------------------------------------------------------------------------

    def write_posts(self, posts: Sequence[Post]) -> None:
        if not posts:
            return
        actions = [{"_op_type": "index", "_index": m.monthly_index("posts", p.published_at), "_id": p.id,
                    "_source": post_document(p)} for p in posts]
        try:
            _, errors = helpers.bulk(self._es, actions, raise_on_error=False, raise_on_exception=True)
        except Exception as exc:
            raise translate(exc, self._ep, f"writing {len(posts)} posts") from None
        failed = [item for e in (errors if isinstance(errors, list) else []) for item in e.values()]
        if not failed:
            return
        outage = [f for f in failed if int(f.get("status", 0)) >= 500 or f.get("status") == 429]
        ids = ", ".join(str(f.get("_id")) for f in failed[:10])
        first = (failed[0].get("error") or {}) if isinstance(failed[0].get("error"), dict) else {}
        reason = self._ep.redact(f"{first.get('type')}: {str(first.get('reason'))[:200]}")
        msg = f"elasticsearch at {self._ep.safe_url}: {len(failed)} of {len(posts)} posts refused ({ids}): {reason}"
        raise (StoreUnavailable if outage else StoreError)(msg)

    def count_posts(self, flt: PostFilter | None = None) -> int:
        res = self._call("counting posts", self._es.count, index=m.POSTS_PATTERN, query=post_query(flt))
        return int(res["count"])

    def counts(self, flt: PostFilter, bucket: timedelta) -> dict[str, list[tuple[datetime, int]]]:
        seconds = max(1, int(bucket.total_seconds()))
        aggs = {"platform": {"terms": {"field": "platforms_names", "size": 1000},
                             "aggs": {"t": {"date_histogram": {"field": "published_at",
                                                               "fixed_interval": f"{seconds}s",
                                                               "min_doc_count": 1}}}}}
        res = self._call("aggregating counts", self._es.search, index=m.POSTS_PATTERN, size=0,
                         query=post_query(flt), aggs=aggs)
        out: dict[str, list[tuple[datetime, int]]] = {}
        for pb in res.get("aggregations", {}).get("platform", {}).get("buckets", []):
            if flt.platform is not None and pb["key"] != flt.platform:
                continue  # a post naming two platforms also lands in the other one's bucket
            series = [(datetime.fromtimestamp(b["key"] / 1000, UTC), int(b["doc_count"]))
                      for b in pb["t"]["buckets"] if b["doc_count"]]
            out[pb["key"]] = series
        return out

    def top_posts(self, flt: PostFilter, limit: int = 5) -> list[dict[str, Any]]:
        res = self._call("finding top posts", self._es.search, index=m.POSTS_PATTERN, size=limit,
                         query=post_query(flt),
                         sort=[{"engagement": "desc"}, {"published_at": "desc"}, {"id": "asc"}])
        return [_post_source(h["_source"]) for h in res["hits"]["hits"]]

    def search(self, query: str, flt: PostFilter | None = None, limit: int = 20) -> list[dict[str, Any]]:
        """Query words (jieba) against the post's jieba tokens first; all bigrams in the text as recall."""
        words = [w for w in self._cut(query) if w.strip()]
        if not words:
            return []
        joined = " ".join(words)
        should = [
            {"match": {"tokens_text": {"query": joined, "minimum_should_match": "2<75%", "boost": 2.0}}},
            {"match": {"tokens_text": {"query": "".join(query.split()), "boost": 3.0}}},
            {"match": {"text": {"query": joined, "operator": "and"}}},
            {"match": {"title": {"query": joined, "operator": "and", "boost": 1.5}}},
        ]
        q = post_query(flt)
        q["bool"].update(should=should, minimum_should_match=1)
        res = self._call("searching posts", self._es.search, index=m.POSTS_PATTERN, size=limit, query=q)
        return [_post_source(h["_source"]) for h in res["hits"]["hits"]]

    def _cut(self, query: str) -> list[str]:
        if self._segment is None:
            from nlp.normalize import normalize
            from nlp.segment import Segmenter

            seg = Segmenter()
            self._segment = lambda text: seg.cut(normalize(text))
        return self._segment(query)

    # --- alerts and state ----------------------------------------------------------------------

    def write_alert(self, alert: Alert) -> None:
        self._call("writing alert", self._es.index, index=m.monthly_index("alerts", alert.fired_at),
                   id=alert.id, document=alert.to_dict())

    def alerts(self, start: datetime | None = None, platform: str | None = None, limit: int = 100) -> list[Alert]:
        filters: list[dict[str, Any]] = []
        if start is not None:
            filters.append({"range": {"fired_at": {"gte": start.isoformat()}}})
        if platform is not None:
            filters.append({"term": {"platform": platform}})
        res = self._call("reading alerts", self._es.search, index=m.ALERTS_PATTERN, size=limit,
                         query={"bool": {"filter": filters}}, sort=[{"fired_at": "desc"}, {"id": "asc"}])
        return [Alert.from_dict(h["_source"]) for h in res["hits"]["hits"]]

    def get_state(self, key: str) -> dict[str, Any] | None:
        try:
            res = self._es.get(index=m.STATE_INDEX, id=key)
        except NotFoundError:
            return None  # no such key (or setup() has not run yet)
        except Exception as exc:
            raise translate(exc, self._ep, "reading state") from None
        value = res["_source"].get("value")
        return dict(value) if isinstance(value, dict) else None

    def put_state(self, key: str, value: dict[str, Any]) -> None:
        doc = {"key": key, "value": value, "updated_at": datetime.now(UTC).isoformat()}
        self._call("writing state", self._es.index, index=m.STATE_INDEX, id=key, document=doc)

    def refresh(self) -> None:
        """Make every write so far searchable (tests, benchmarks)."""
        self._call("refreshing", self._es.indices.refresh, index=_ALL, allow_no_indices=True,
                   ignore_unavailable=True)

    def close(self) -> None:
        self._es.close()


def post_document(post: Post) -> dict[str, Any]:
    """The stored form of a post: schema v1 JSON plus fields for search, aggregation and ranking."""
    doc = post.to_dict()
    a = post.analysis
    met = post.metrics
    doc["tokens_text"] = " ".join(t for t in a.tokens if not t.isspace()) if a else None
    doc["platforms_names"] = sorted({p.name for p in a.platforms}) if a else []
    doc["engagement"] = met.reposts + met.comments + met.likes + met.replies
    return doc


def _post_source(src: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in src.items() if k not in m.POST_EXTRAS}


def _filters(flt: PostFilter) -> Iterator[dict[str, Any]]:
    if flt.platform is not None:
        yield {"term": {"platforms_names": flt.platform}}
    if flt.start is not None or flt.end is not None:
        rng = {k: v.isoformat() for k, v in (("gte", flt.start), ("lt", flt.end)) if v is not None}
        yield {"range": {"published_at": rng}}
    if flt.is_call is not None:
        yield {"term": {"analysis.organizing.is_call": flt.is_call}}


def post_query(flt: PostFilter | None) -> dict[str, Any]:
    """A PostFilter as a bool query (filters only: no scoring)."""
    flt = flt or PostFilter()
    q: dict[str, Any] = {"bool": {"filter": list(_filters(flt))}}
    negative = {"term": {"analysis.sentiment.label": "negative"}}
    if flt.negative is True:
        q["bool"]["filter"].append(negative)
    elif flt.negative is False:
        q["bool"]["must_not"] = [negative]
    return q
