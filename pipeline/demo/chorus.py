"""Choruses of the demo story: many posts in one voice (the 融信贷 promotion, the 鑫盛财富 提现 and
逾期 complaints, the 维权群 recruiting), each a distinct combination of template and slot values, at
seeded-random times in a story-time window, so every build of the story is the same."""

from __future__ import annotations

import itertools
import random
import string
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

_QUIET_HOURS = range(1, 7)  # chorus posts rarely fall in the small hours of the story clock


def chorus_drafts(chorus: dict[str, Any], people: list[str], at: Callable[[str], datetime]) -> list[tuple[datetime, dict[str, Any]]]:
    """`count` distinct texts from the templates and slots, at seeded-random times in [from, to]."""
    rng = random.Random(chorus["name"])
    slots: dict[str, list[str]] = {k: [str(v) for v in vs] for k, vs in chorus["slots"].items()}
    texts: list[str] = []
    for template in chorus["text"]:
        names = [n for _lit, n, _spec, _conv in string.Formatter().parse(template) if n and n in slots]
        for values in itertools.product(*(slots[n] for n in names)):
            texts.append(template.format_map(_KeepMissing(zip(names, values, strict=True))))
    count = int(chorus["count"])
    if count > len(texts) or count > len(people):
        raise ValueError(f"chorus {chorus['name']}: {count} posts asked, {len(texts)} texts and "
                         f"{len(people)} people available")
    chosen = rng.sample(sorted(set(texts)), count)
    authors = rng.sample(people, count)
    lo, hi = at(chorus["from"]), at(chorus["to"])
    span = int((hi - lo).total_seconds() // 60)
    times: list[datetime] = []
    while len(times) < count:
        t = lo + timedelta(minutes=rng.randint(0, span))
        story_hour = (t - at("D1 00:00")).seconds // 3600
        if story_hour in _QUIET_HOURS and rng.random() < 0.85:
            continue
        times.append(t)
    times.sort()
    limits = [int(x) for x in chorus.get("n", (0, 0, 0))]
    drafts = []
    for t, text, author in zip(times, chosen, authors, strict=True):
        draft = {"by": author, "about": chorus["about"], "text": text,
                 "n": [rng.randint(0, m) for m in limits]}
        if chorus.get("repost_of"):
            draft["repost_of"] = chorus["repost_of"]
        drafts.append((t, draft))
    return drafts


class _KeepMissing(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"  # {gather} is filled later, once the post has its time
