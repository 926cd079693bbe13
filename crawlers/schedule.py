"""Crawl scheduling with apscheduler: one interval job per configured source, plus a faster Weibo
search for platforms under an active alert (`hot_interval_minutes`; the alert service supplies
the list). `yuqing run` hosts this scheduler.

Each crawl runs as a `yuqing crawl …` subprocess: Scrapy's Twisted reactor cannot be restarted
inside one process, and a crashed crawl must not take the scheduler down with it. A job never
overlaps itself (max_instances=1) and missed runs collapse into one (coalesce).
"""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Callable, Sequence

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from crawlers.config import CrawlConfig

log = logging.getLogger(__name__)

Runner = Callable[[Sequence[str]], int]


def subprocess_runner(config_path: str | None, bus: str | None = None) -> Runner:
    """Run `yuqing [--config F] crawl …` in a child process; returns its exit code."""

    def run(args: Sequence[str]) -> int:
        cmd = [sys.executable, "-m", "pipeline.cli"]
        if config_path:
            cmd += ["--config", config_path]
        cmd += list(args)
        if bus:
            cmd += ["--bus", bus]
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        summary = result.stdout.strip().splitlines()[-1:] or [""]
        level = logging.INFO if result.returncode == 0 else logging.WARNING
        log.log(level, "crawl %s exit=%d %s", " ".join(args[1:2]), result.returncode, summary[0][:300])
        return result.returncode

    return run


def build_scheduler(config: CrawlConfig, run: Runner, hot_platforms: Callable[[], list[str]] = list,
                    have_keywords: bool = True) -> BackgroundScheduler:
    """A scheduler (not started) with the crawl jobs the config asks for."""
    scheduler = BackgroundScheduler(timezone="Asia/Shanghai", job_defaults={
        "max_instances": 1, "coalesce": True, "misfire_grace_time": 300})

    def add(job_id: str, minutes: int, args: list[str]) -> None:
        scheduler.add_job(run, IntervalTrigger(minutes=minutes), args=[args], id=job_id, name=job_id)

    if config.weibo.keywords or have_keywords:
        add("crawl-weibo", config.weibo.interval_minutes, ["crawl", "weibo"])
    if config.forum.start_urls:
        add("crawl-forum", config.forum.interval_minutes, ["crawl", "forum"])
    if config.news.feeds or config.news.list_pages:
        add("crawl-news", config.news.interval_minutes, ["crawl", "news"])

    def hot() -> int:
        names = hot_platforms()
        if not names:
            return 0
        args = ["crawl", "weibo"]
        for name in names:
            args += ["--keyword", name]
        return run(args)

    scheduler.add_job(hot, IntervalTrigger(minutes=config.hot_interval_minutes), id="crawl-weibo-hot",
                      name="crawl-weibo-hot")
    return scheduler
