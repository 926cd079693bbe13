"""deploy/ checked statically (no Docker engine runs here): the compose file's services, ports and
environment, the env.example covering every variable the code reads, and the Kibana objects."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import yaml

from pipeline.kibana import NDJSON, build_saved_objects, setup_kibana, to_ndjson

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def _compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text("utf-8"))


def test_compose_runs_kafka_elasticsearch_kibana_and_the_yuqing_services() -> None:
    services = _compose()["services"]
    assert {"kafka", "elasticsearch", "kibana", "setup", "crawler", "worker", "alerter"} <= set(services)
    assert services["kafka"]["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"  # KRaft, no ZooKeeper
    assert services["elasticsearch"]["environment"]["xpack.security.enabled"] == "true"
    assert services["worker"]["deploy"]["replicas"] == 2
    assert services["setup"]["command"] == ["yuqing", "setup"]
    for name in ("crawler", "worker", "alerter", "setup"):
        assert services[name]["image"] == "yuqing:latest"  # one image for every service
        assert services[name]["environment"]["YUQING_BUS"].startswith("kafka://")


def test_published_ports_listen_on_loopback_only() -> None:
    for name, service in _compose()["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} on every interface"


def test_no_secret_is_written_into_the_compose_file() -> None:
    text = (DEPLOY / "docker-compose.yml").read_text("utf-8")
    for match in re.finditer(r"(PASSWORD|TOKEN|SECRET|API_KEY)[^:\n]*:\s*(\S+)", text):
        assert match.group(2).startswith("${"), f"literal secret in compose: {match.group(0)}"


def test_env_example_names_every_variable_the_code_reads() -> None:
    documented = set(re.findall(r"^(YUQING_[A-Z_]+)=", (DEPLOY / "env.example").read_text("utf-8"), re.M))
    used: set[str] = set()
    for path in [*ROOT.glob("pipeline/**/*.py"), *ROOT.glob("crawlers/**/*.py"), *ROOT.glob("alerts/**/*.py")]:
        text = path.read_text("utf-8")
        used |= set(re.findall(r'(?:environ|env)(?:\.get\(|\[)\s*"(YUQING_[A-Z_]+)"', text))
        used |= set(re.findall(r'_env: str = "(YUQING_[A-Z_]+)"', text))  # env var names kept in config defaults
    used -= {"YUQING_CONFIG"}  # the config path is a command-line concern, set per container
    assert used - documented == set()


def test_dockerfile_installs_the_four_packages() -> None:
    text = (DEPLOY / "Dockerfile").read_text("utf-8")
    for package in ("crawlers", "pipeline", "nlp", "alerts"):
        assert f"COPY {package} {package}" in text


def test_shipped_kibana_objects_are_the_ones_the_code_builds() -> None:
    assert NDJSON.read_text("utf-8") == to_ndjson(build_saved_objects())


def test_kibana_objects_reference_only_objects_in_the_file() -> None:
    objects = [json.loads(line) for line in NDJSON.read_text("utf-8").splitlines()]
    ids = {(o["type"], o["id"]) for o in objects}
    assert {"yuqing-organizing-calls", "yuqing-negative-by-platform", "yuqing-overview"} <= {o["id"] for o in objects}
    for obj in objects:
        for ref in obj["references"]:
            assert (ref["type"], ref["id"]) in ids


def test_setup_creates_missing_kibana_objects_once() -> None:
    created: dict[str, dict] = {}
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        assert request.headers["kbn-xsrf"]
        body = json.loads(request.content)
        if request.url.path.endswith("_bulk_get"):
            return httpx.Response(200, json={"saved_objects": [
                {"type": o["type"], "id": o["id"]} if o["id"] in created else
                {"type": o["type"], "id": o["id"], "error": {"statusCode": 404}} for o in body]})
        created.update({o["id"]: o for o in body})
        return httpx.Response(200, json={"saved_objects": body})

    client = httpx.Client(transport=httpx.MockTransport(handler))
    first = setup_kibana("http://kibana.local:5601", {}, client)
    assert len(first["created"]) == len(build_saved_objects())
    second = setup_kibana("http://kibana.local:5601", {}, client)
    assert second["created"] == [] and len(second["present"]) == len(first["created"])
    assert calls.count("/api/saved_objects/_bulk_create") == 1
    assert setup_kibana(None, {}) == {"skipped": "YUQING_KIBANA_URL is not set"}
