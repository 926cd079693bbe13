"""Kibana for analysts: data views posts-* and alerts-*, saved searches ("organizing calls",
"negative by platform") and a dashboard (heat per platform over time, negative share, organizing
posts, gatherings by province, latest alerts). Built here from the schema's field names; shipped
as deploy/kibana/saved_objects.ndjson (a test keeps the two identical). `yuqing setup` creates the
missing objects through Kibana's saved-objects API, so running it twice changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx

NDJSON = Path(__file__).resolve().parent.parent / "deploy" / "kibana" / "saved_objects.ndjson"
POSTS, ALERTS = "yuqing-posts", "yuqing-alerts"
REF = "kibanaSavedObjectMeta.searchSourceJSON.index"


def _search_source(query: str, index_ref: str = REF) -> dict[str, Any]:
    return {"kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps(
        {"query": {"query": query, "language": "kuery"}, "filter": [], "indexRefName": index_ref})}}


def _vis(vid: str, title: str, vtype: str, aggs: list[dict[str, Any]], query: str = "") -> dict[str, Any]:
    vis_state = {"title": title, "type": vtype, "aggs": aggs, "params": {"addLegend": True, "addTooltip": True}}
    return {"type": "visualization", "id": vid, "attributes": {
        "title": title, "visState": json.dumps(vis_state, ensure_ascii=False), "uiStateJSON": "{}",
        "description": "", **_search_source(query)},
        "references": [{"name": REF, "type": "index-pattern", "id": POSTS}]}


def _date_hist(aid: str = "2") -> dict[str, Any]:
    return {"id": aid, "type": "date_histogram", "schema": "segment",
            "params": {"field": "published_at", "interval": "auto"}}


def _terms(field: str, aid: str, schema: str = "group", size: int = 10) -> dict[str, Any]:
    return {"id": aid, "type": "terms", "schema": schema, "params": {"field": field, "size": size, "order": "desc",
                                                                     "orderBy": "1"}}


COUNT = {"id": "1", "type": "count", "schema": "metric", "params": {}}


def build_saved_objects() -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = [
        {"type": "index-pattern", "id": POSTS, "attributes": {"title": "posts-*", "timeFieldName": "published_at",
                                                             "name": "yuqing posts"}, "references": []},
        {"type": "index-pattern", "id": ALERTS, "attributes": {"title": "alerts-*", "timeFieldName": "fired_at",
                                                              "name": "yuqing alerts"}, "references": []},
        {"type": "search", "id": "yuqing-organizing-calls", "attributes": {
            "title": "organizing calls 集体行动号召", "columns": ["platforms_names", "text", "analysis.organizing.score"],
            "sort": [["published_at", "desc"]], **_search_source("analysis.organizing.is_call : true")},
         "references": [{"name": REF, "type": "index-pattern", "id": POSTS}]},
        {"type": "search", "id": "yuqing-negative-by-platform", "attributes": {
            "title": "negative by platform 负面舆情", "columns": ["platforms_names", "text", "analysis.sentiment.negative"],
            "sort": [["published_at", "desc"]], **_search_source('analysis.sentiment.label : "negative"')},
         "references": [{"name": REF, "type": "index-pattern", "id": POSTS}]},
        {"type": "search", "id": "yuqing-latest-alerts", "attributes": {
            "title": "latest alerts 最新预警", "columns": ["level", "platform", "reason"],
            "sort": [["fired_at", "desc"]], **_search_source("")},
         "references": [{"name": REF, "type": "index-pattern", "id": ALERTS}]},
        _vis("yuqing-heat", "heat per platform 平台热度", "line", [COUNT, _date_hist(), _terms("platforms_names", "3")]),
        _vis("yuqing-negative-share", "negative posts per platform 负面占比", "histogram",
             [COUNT, _date_hist(), _terms("analysis.sentiment.label", "3")]),
        _vis("yuqing-organizing", "organizing posts 集体行动帖", "histogram",
             [COUNT, _date_hist(), _terms("platforms_names", "3")], "analysis.organizing.is_call : true"),
        _vis("yuqing-gatherings-province", "gatherings by province 聚集地点", "pie",
             [COUNT, _terms("analysis.organizing.gathering.province", "2", "segment", 34)],
             "analysis.organizing.gathering.province : *"),
    ]
    panels, refs = [], []
    for i, (ptype, pid) in enumerate([("visualization", "yuqing-heat"), ("visualization", "yuqing-negative-share"),
                                      ("visualization", "yuqing-organizing"),
                                      ("visualization", "yuqing-gatherings-province"),
                                      ("search", "yuqing-latest-alerts")]):
        ref = f"panel_{i}"
        panels.append({"panelIndex": str(i), "panelRefName": ref, "embeddableConfig": {},
                       "gridData": {"x": 24 * (i % 2), "y": 15 * (i // 2), "w": 24, "h": 15, "i": str(i)}})
        refs.append({"name": ref, "type": ptype, "id": pid})
    objects.append({"type": "dashboard", "id": "yuqing-overview", "attributes": {
        "title": "yuqing 舆情总览", "panelsJSON": json.dumps(panels), "timeRestore": False,
        "optionsJSON": json.dumps({"useMargins": True}), **_search_source("")}, "references": refs})
    return objects


def to_ndjson(objects: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(o, ensure_ascii=False, sort_keys=True) + "\n" for o in objects)


def setup_kibana(url: str | None, env: Mapping[str, str], client: httpx.Client | None = None) -> dict[str, Any]:
    """Create the saved objects Kibana lacks. Returns {"created": [...], "present": [...]} or a skip reason."""
    if not url:
        return {"skipped": "YUQING_KIBANA_URL is not set"}
    headers = {"kbn-xsrf": "yuqing", "Content-Type": "application/json"}
    auth: tuple[str, str] | None = None
    if env.get("YUQING_KIBANA_API_KEY"):
        headers["Authorization"] = f"ApiKey {env['YUQING_KIBANA_API_KEY']}"
    elif env.get("YUQING_KIBANA_USER"):
        auth = (env["YUQING_KIBANA_USER"], env.get("YUQING_KIBANA_PASSWORD", ""))
    objects = build_saved_objects()
    http = client or httpx.Client(timeout=30, auth=auth)
    base = url.rstrip("/")
    try:
        found = http.post(f"{base}/api/saved_objects/_bulk_get", headers=headers,
                          json=[{"type": o["type"], "id": o["id"]} for o in objects])
        found.raise_for_status()
        present = {(o["type"], o["id"]) for o in found.json()["saved_objects"] if "error" not in o}
        missing = [o for o in objects if (o["type"], o["id"]) not in present]
        if missing:
            http.post(f"{base}/api/saved_objects/_bulk_create", headers=headers, json=missing).raise_for_status()
    except httpx.HTTPError as exc:
        return {"error": f"Kibana saved objects not set up: {type(exc).__name__}"}
    finally:
        if client is None:
            http.close()
    return {"created": [o["id"] for o in missing], "present": sorted(i for _t, i in present)}


if __name__ == "__main__":
    NDJSON.parent.mkdir(parents=True, exist_ok=True)
    NDJSON.write_text(to_ndjson(build_saved_objects()), encoding="utf-8")
