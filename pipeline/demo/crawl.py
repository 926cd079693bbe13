"""The crawl stage of `yuqing demo`: write the demo config for a running replay site, then run the
project's three real spiders against it, concurrently, each as its own `yuqing crawl` subprocess
(Scrapy's reactor cannot be restarted inside one process), into the bus the worker reads next.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

import yaml

from pipeline.demo.story import boards, watchlist_path
from pipeline.errors import YuqingError

SPIDERS = ("forum", "weibo", "news")
CONFIG_TEMPLATE = "demo_config.yaml"
TIMEOUT_S = 180.0  # one spider; the whole stage normally takes well under 30 s


class CrawlStageError(YuqingError):
    """A demo spider failed or returned no summary; the message names it and says where its log is."""


def demo_config(site_url: str, run_dir: Path) -> dict[str, Any]:
    """The demo config as a mapping: the template with {site} and {run_dir} filled in."""
    site, run = site_url.rstrip("/"), str(Path(run_dir).resolve())

    def fill(node: Any) -> Any:
        if isinstance(node, str):
            return node.replace("{site}", site).replace("{run_dir}", run)
        if isinstance(node, dict):
            return {k: fill(v) for k, v in node.items()}
        if isinstance(node, list):
            return [fill(v) for v in node]
        return node

    template = resources.files("pipeline.demo").joinpath(CONFIG_TEMPLATE).read_text("utf-8")
    config: dict[str, Any] = fill(yaml.safe_load(template))
    return config


def write_config(run_dir: Path, site_url: str, *, bus: str | None = None, store: str | None = None,
                 extra: dict[str, Any] | None = None) -> Path:
    """Write run_dir/yuqing.yaml (and the story's watchlist beside it); returns the config's path.
    `extra` adds or replaces top-level sections (rules, channels) of the demo config."""
    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(watchlist_path(), run_dir / "watchlist.yaml")
    config = demo_config(site_url, run_dir)
    if bus:
        config["bus"] = bus
    if store:
        config["store"] = store
    config.update(extra or {})
    path = run_dir / "yuqing.yaml"
    header = "# written by `yuqing demo` for one run against the local replay site\n"
    path.write_text(header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def spider_args(source: str, site_url: str) -> list[str]:
    """`yuqing crawl <source> …` arguments that point the spider at the replay site."""
    site = site_url.rstrip("/")
    if source == "forum":
        return [arg for fid in sorted(boards()) for arg in ("--start-url", f"{site}/bbs/forum-{fid}-1.html")]
    if source == "weibo":
        return ["--api-base", site]
    if source == "news":
        return ["--feed", f"{site}/finance/wangdai/rss.xml"]
    raise ValueError(f"unknown spider {source!r}")


def crawl_story(site_url: str, run_dir: Path, bus_url: str, config_path: Path) -> list[dict[str, Any]]:
    """Run the forum, weibo and news spiders against the site at once; return their summaries (in
    that order) as `yuqing crawl` prints them. Logs go to run_dir/crawl-<source>.log.
    Raises CrawlStageError when a spider fails, after all of them have stopped."""
    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    running: list[tuple[str, subprocess.Popen[str], TextIO, TextIO]] = []
    for source in SPIDERS:
        cmd = [sys.executable, "-m", "pipeline.cli", "--config", str(Path(config_path).resolve()), "crawl", source,
               *spider_args(source, site_url), "--bus", bus_url]
        out = (run_dir / f"crawl-{source}.json").open("w+", encoding="utf-8")
        log = (run_dir / f"crawl-{source}.log").open("w+", encoding="utf-8")
        running.append((source, subprocess.Popen(cmd, stdout=out, stderr=log, text=True), out, log))
    summaries: list[dict[str, Any]] = []
    failures: list[str] = []
    for source, proc, stdout, stderr in running:
        try:
            code = proc.wait(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = proc.wait()
            failures.append(f"{source}: no answer after {TIMEOUT_S:.0f} s")
        stdout.seek(0)
        stderr.seek(0)
        summary = _summary(stdout.read())
        problem = (stderr.read().strip().splitlines() or ["no message"])[-1]
        stdout.close()
        stderr.close()
        if summary is None or code != 0:
            failures.append(f"{source}: exit {code}, {problem[:200]} (log: {run_dir / f'crawl-{source}.log'})")
        if summary is not None:
            summaries.append(summary)
    if failures:
        raise CrawlStageError("demo crawl failed — " + "; ".join(failures))
    return summaries


def _summary(stdout: str) -> dict[str, Any] | None:
    """The JSON summary `yuqing crawl` prints as its last line of stdout."""
    lines = stdout.strip().splitlines()
    if not lines or not lines[-1].startswith("{"):
        return None
    try:
        found: dict[str, Any] = json.loads(lines[-1])
    except json.JSONDecodeError:
        return None
    return found
