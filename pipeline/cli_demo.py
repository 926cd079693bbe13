"""`yuqing demo`: the whole pipeline against a local replay site, offline, in about a minute.

Crawl (the real spiders, against a site on 127.0.0.1 that ships with the project) → SQLite bus →
NLP worker → SQLite store → alert service. The story spans six simulated days, so the alert service
runs on a simulated clock: posts are fed in the order they were published and the scheduler ticks
in data time, exactly as `yuqing backtest` does. Alerts print as the duty officer would read them
(the `console` channel); an HTML briefing is written at the end. Everything lives in --dir.
"""

from __future__ import annotations

import shutil
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from alerts.render import LEVEL_NAMES
from pipeline.schema import Post


def _say(text: str = "") -> None:
    click.echo(text)


@click.command("demo")
@click.option("--dir", "run_dir", default="var/demo", show_default=True, type=click.Path(file_okay=False),
              help="Run directory (emptied first): bus, store, crawl logs, report.")
@click.pass_context
def demo_cmd(ctx: click.Context, run_dir: str) -> None:
    """Replay a platform-collapse story from a local site; print the alerts as the duty officer gets them."""
    from pipeline.demo.crawl import crawl_story, write_config
    from pipeline.demo.site import StorySite
    from pipeline.demo.story import build_story, story_summary

    started = time.monotonic()
    story = build_story()
    root = Path(run_dir).resolve()
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    _say("yuqing 舆情监测预警 · 演示（离线，本机回放站点，模拟时间）")
    _say(f"故事时间：{_local(story.start)} — {_local(story.now)}，{len(story.posts)} 条帖子，6 个平台")
    _say("")
    extra = {"channels": {"值班台": {"type": "console"}}}
    with StorySite(story) as site:
        config_path = write_config(root, site.url, extra=extra)
        _say(f"① 采集：论坛、微博、新闻三个爬虫抓取本机回放站点 {site.url} …")
        summaries = crawl_story(site.url, root, _settings(config_path).bus, config_path)
    names = {"forum": "论坛", "weibo": "微博", "news": "新闻"}
    _say("   " + "，".join(f"{names.get(s['source'], s['source'])} {s['new']} 条新帖" for s in summaries))
    settings = _settings(config_path)
    handled = _analyze(settings)
    _say(f"② 分析：{handled} 条帖子完成分词、平台识别、情绪、风险词、组织动员识别，写入检索库")
    _say("③ 预警：按发布时间回放，规则在模拟时间上运行，预警如下 ——")
    _say("─" * 40)
    fired = _alert_replay(settings, story.now)
    report = _report(settings, root, story.start, story.now)
    _say("")
    counts = Counter(a.level for a in fired)
    _say("预警合计：" + "，".join(f"{LEVEL_NAMES[lv]} {counts.get(lv, 0)} 条" for lv in ("high", "medium", "low")))
    _say("故事梗概：")
    for when, what in story_summary(story.now):
        _say(f"  {when}  {what}")
    _say("")
    _say("下一步看哪里：")
    _say(f"  · 简报（离线 HTML）：{report}")
    _say(f"  · 全文检索：yuqing --config {config_path} search 拱墅区 --since 7d")
    _say(f"  · 统计与积压：yuqing --config {config_path} stats")
    _say("  · 正式运行：yuqing run（单机，SQLite）或 deploy/docker-compose.yml（Kafka + Elasticsearch + Kibana）")
    _say(f"演示用时 {time.monotonic() - started:.0f} 秒，数据在 {root}")


def _settings(config_path: Path):  # type: ignore[no-untyped-def]
    from pipeline.config import load_settings

    return load_settings(config_path)


def _local(dt: datetime) -> str:
    from alerts.candidate import local_time

    return local_time(dt)


def _analyze(settings) -> int:  # type: ignore[no-untyped-def]
    from pipeline.runtime import make_worker
    from pipeline.store import open_store

    store = open_store(settings.store)
    store.setup()
    worker = make_worker(settings, settings.bus, store)
    try:
        return worker.run(idle_exit_s=1.5)
    finally:
        worker.consumer.close()
        worker.producer.close()
        store.close()


def _alert_replay(settings, end: datetime) -> list:  # type: ignore[no-untyped-def]
    """The alert service on data time: every enriched post in published order, the scheduler's tick
    after each platform got posts, then up to the story's "now"."""
    from alerts.backtest import clock_events
    from pipeline.runtime import alert_consumer, make_alerter
    from pipeline.store import open_store

    store = open_store(settings.store)
    consumer = alert_consumer(settings, settings.bus)
    messages = []
    while batch := consumer.poll(max_records=1000, timeout_s=0.5):
        messages += batch
    keyed = []
    for msg in messages:
        try:
            keyed.append((Post.model_validate_json(msg.value).published_at.timestamp(), msg))
        except ValueError:
            continue
    clock = [min((t for t, _m in keyed), default=end.timestamp())]
    alerter = make_alerter(settings, store, clock=lambda: clock[0])
    fired = []
    for at, event in clock_events(keyed, alerter.rules.tick.total_seconds(), lambda: bool(alerter.engine.dirty)):
        clock[0] = at
        if event is None:
            fired += alerter.tick()
        else:
            fired += alerter.handle([event])
            alerter.flush()
    clock[0] = end.timestamp()
    fired += alerter.tick()
    if messages:
        consumer.commit(messages)
    consumer.close()
    store.close()
    return fired


def _report(settings, root: Path, start: datetime, end: datetime) -> Path:  # type: ignore[no-untyped-def]
    from alerts.report import render_report
    from alerts.report_data import collect
    from pipeline.store import open_store

    store = open_store(settings.store)
    try:
        data = collect(store, start - timedelta(hours=1), end + timedelta(minutes=1), now=datetime.now(UTC))
    finally:
        store.close()
    out = root / "report.html"
    out.write_text(render_report(data), "utf-8")
    return out


def register(cli: click.Group) -> None:
    cli.add_command(demo_cmd)
