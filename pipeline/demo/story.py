"""The `yuqing demo` story as data: story_posts.yaml (six days around six invented platforms, one of
which collapses) placed on the clock so that its last post lands just before the demo "now".
The replay site (site.py) serves what build_story() returns; the crawl stage reads it back.

Clock: the story is written in "D<day> HH:MM" story time; `end` in the YAML maps to `now`, and every
post keeps its distance to `end` (a rigid shift, so the pace of the story is the same at any hour).
The call to gather names a real date: `gathering_hour` o'clock two calendar days after now's date.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from pipeline.demo.chorus import chorus_drafts

CST = timezone(timedelta(hours=8), "Asia/Shanghai")
STORY_FILE = "story_posts.yaml"
WATCHLIST_FILE = "watchlist.yaml"
_WEEKDAYS = "一二三四五六日"
_STORY_TIME = re.compile(r"^D(\d)\s+(\d{1,2}):(\d{2})$")
Clock = Callable[[str], datetime]  # story time ("D3 21:20") → the shifted clock
Filler = Callable[[str, datetime | None], str]  # text placeholders as written at a time


@dataclass(frozen=True)
class StoryPost:
    """One post of the story. `key` is unique in the story ("forum:60101", "forum:60101-700002",
    "weibo:<mid>", "news:1004"); `parent` is the key of a forum reply's thread or a repost's original."""

    key: str
    source: str  # forum | weibo | news
    native_id: str
    platforms: tuple[str, ...]
    published_at: datetime
    author: str
    text: str
    title: str | None = None
    metrics: dict[str, int] = field(default_factory=dict)
    parent: str | None = None
    board: int | None = None  # forum: the board (fid) the thread sits on
    pid: int | None = None  # forum: Discuz post id of this floor


@dataclass(frozen=True)
class Beat:
    at: datetime
    text: str


@dataclass(frozen=True)
class Story:
    now: datetime
    start: datetime  # midnight of story day 1 (on the shifted clock)
    gathering: datetime
    place: str
    boards: dict[int, str]
    posts: tuple[StoryPost, ...]
    beats: tuple[Beat, ...]

    def of(self, source: str) -> list[StoryPost]:
        return [p for p in self.posts if p.source == source]

    def by_key(self) -> dict[str, StoryPost]:
        return {p.key: p for p in self.posts}


def demo_now(now: datetime | None = None) -> datetime:
    """The demo's "now": aware, in China time, to the minute (naive input is taken as China time)."""
    now = now or datetime.now(CST)
    now = now.replace(tzinfo=CST) if now.tzinfo is None else now.astimezone(CST)
    return now.replace(second=0, microsecond=0)


def watchlist_path() -> Path:
    """The packaged watchlist of the story's platforms (pipeline/watchlist.py format)."""
    return Path(str(resources.files("pipeline.demo").joinpath(WATCHLIST_FILE)))


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = resources.files("pipeline.demo").joinpath(STORY_FILE).read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def boards() -> dict[int, str]:
    """The story forum's boards (fid → name)."""
    return {int(k): str(v) for k, v in _data()["boards"].items()}


def story_minutes(stamp: str) -> int:
    """'D3 21:20' → minutes since story day 1, 00:00."""
    m = _STORY_TIME.match(stamp.strip())
    if m is None:
        raise ValueError(f"story time {stamp!r} is not 'D<day> HH:MM'")
    day, hour, minute = (int(g) for g in m.groups())
    return (day - 1) * 1440 + hour * 60 + minute


def gathering_words(posted: date, gathering: datetime) -> str:
    """How a poster on day `posted` writes the gathering time: 明天（周五）上午9点, 后天（…）, or the date."""
    weekday = f"周{_WEEKDAYS[gathering.weekday()]}"
    days = (gathering.date() - posted).days
    day = {1: "明天", 2: "后天"}.get(days, f"{gathering.month}月{gathering.day}日")
    return f"{day}（{weekday}）{_clock_words(gathering)}"


def _clock_words(at: datetime) -> str:
    half = "上午" if at.hour < 12 else "下午"
    hour = at.hour if at.hour <= 12 else at.hour - 12
    return f"{half}{hour}点" + (f"{at.minute}分" if at.minute else "")


def build_story(now: datetime | None = None) -> Story:
    """The story placed on the clock ending at `now` (see demo_now); validated (times, ids, texts)."""
    data = _data()
    now = demo_now(now)
    end = story_minutes(data["end"])
    start = now - timedelta(minutes=end)

    def at(stamp: str) -> datetime:
        return start + timedelta(minutes=story_minutes(stamp))

    gathering = datetime.combine(now.date() + timedelta(days=2), datetime.min.time(), CST).replace(
        hour=int(data["gathering_hour"]))

    def fill(text: str, posted: datetime | None) -> str:
        """Placeholders as written on the day `posted` (None: by date, as the desk summary reads)."""
        day = gathering.date() if posted is None else posted.date()
        return text.replace("{gather}", gathering_words(day, gathering)).replace(
            "{gather_date}", f"{gathering.month}月{gathering.day}日（周{_WEEKDAYS[gathering.weekday()]}）")

    posts: list[StoryPost] = []
    posts += _forum(data, at, fill)
    weibo_keys: dict[str, str] = {}
    posts += _weibo(data, at, fill, start, weibo_keys)
    posts += _news(data, at)
    beats = tuple(Beat(at(stamp), fill(text, None)) for stamp, text in data["beats"])
    story = Story(now=now, start=start, gathering=gathering, place=data["place"],
                  boards=boards(),
                  posts=tuple(sorted(posts, key=lambda p: (p.published_at, p.key))), beats=beats)
    check_story(story)
    return story


def story_summary(now: datetime | None = None) -> list[tuple[str, str]]:
    """The story's beats as (time as the desk reads it, what happened), for the demo's closing lines."""
    return [(f"{b.at.month}月{b.at.day}日 {b.at:%H:%M}", b.text) for b in build_story(now).beats]


# --- builders per source -------------------------------------------------------------------------


def _about(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _forum(data: dict[str, Any], at: Clock, fill: Filler) -> list[StoryPost]:
    out: list[StoryPost] = []
    pids = itertools.count(700001)
    for thread in data["forum"]:
        tid = str(thread["tid"])
        posted = at(thread["at"])
        platforms = _about(thread["about"])
        out.append(StoryPost(
            key=f"forum:{tid}", source="forum", native_id=tid, platforms=platforms, published_at=posted,
            author=thread["by"], title=fill(thread["title"], posted), text=fill(thread["text"], posted),
            metrics={"views": int(thread["views"]), "replies": len(thread.get("replies") or [])},
            board=int(thread["board"]), pid=next(pids)))
        for stamp, author, text in thread.get("replies") or []:
            pid = next(pids)
            when = at(stamp)
            out.append(StoryPost(
                key=f"forum:{tid}-{pid}", source="forum", native_id=f"{tid}-{pid}", platforms=platforms,
                published_at=when, author=author, text=fill(str(text), when), parent=f"forum:{tid}",
                board=int(thread["board"]), pid=pid))
    return out


def _mid(start: datetime, posted: datetime, seq: int) -> str:
    """A 16-digit Weibo-style mid that grows with time, as real ones do."""
    minutes = int((posted - start).total_seconds() // 60)
    return str(4_980_000_000_000_000 + minutes * 10_000 + seq)


def _weibo(data: dict[str, Any], at: Clock, fill: Filler, start: datetime, keys: dict[str, str]) -> list[StoryPost]:
    drafts: list[tuple[datetime, dict[str, Any]]] = [(at(w["at"]), w) for w in data["weibo"]]
    for chorus in data["chorus"]:
        drafts += chorus_drafts(chorus, data["people"], at)
    drafts.sort(key=lambda d: d[0])
    seq = itertools.count(1)
    out: list[StoryPost] = []
    pending: list[tuple[int, str]] = []
    for posted, w in drafts:
        key = f"weibo:{_mid(start, posted, next(seq))}"
        if w.get("key"):
            keys[w["key"]] = key
        reposts, comments, likes = (int(x) for x in w.get("n", (0, 0, 0)))
        if w.get("repost_of"):
            pending.append((len(out), w["repost_of"]))
        out.append(StoryPost(
            key=key, source="weibo", native_id=key.split(":", 1)[1], platforms=_about(w["about"]),
            published_at=posted, author=w["by"], text=fill(w["text"], posted),
            metrics={"reposts": reposts, "comments": comments, "likes": likes}))
    for index, name in pending:  # reposts name their original by key; resolved once all have mids
        if name not in keys:
            raise ValueError(f"weibo repost_of {name!r}: no post has that key")
        post = out[index]
        out[index] = dataclasses.replace(post, parent=keys[name])
    return out


def _news(data: dict[str, Any], at: Clock) -> list[StoryPost]:
    return [StoryPost(
        key=f"news:{a['id']}", source="news", native_id=str(a["id"]), platforms=_about(a["about"]),
        published_at=at(a["at"]), author=a["source"], title=a["title"], text="\n".join(a["body"]))
        for a in data["news"]]


# --- checks --------------------------------------------------------------------------------------


def check_story(story: Story) -> None:
    """Raise ValueError when the story could not be replayed faithfully: a post after now, a reply
    before its thread, a duplicate key, or two texts the crawlers' de-duplication would merge."""
    from nlp.normalize import normalize

    keys = story.by_key()
    if len(keys) != len(story.posts):
        raise ValueError("duplicate post keys in the story")
    seen: dict[str, str] = {}
    for post in story.posts:
        if not story.start <= post.published_at <= story.now:
            raise ValueError(f"{post.key} at {post.published_at} is outside the story days")
        if post.parent and (post.parent not in keys or keys[post.parent].published_at > post.published_at):
            raise ValueError(f"{post.key} comes before its parent {post.parent}")
        norm = normalize(post.text)
        if len(norm) >= 20:  # what crawlers/pipelines.py fingerprints as copy-paste
            if norm in seen:
                raise ValueError(f"{post.key} repeats the text of {seen[norm]}")
            seen[norm] = post.key


def author_id(name: str, digits: int) -> str:
    """A stable numeric user id for a nickname (Weibo uids have 10 digits, forum uids 6)."""
    value = int.from_bytes(hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest(), "big")
    low = 10 ** (digits - 1)
    return str(low + value % (9 * low))
