"""A group chat pasted as a post (name: text, line by line): where the plan is settled.

In a transcript the early lines ask (在哪儿来着, 什么时候去) and the last speaker who names a day and a
place settles it (老K:那就11月26日下午两点，监管分局门口，大家互相通知). The detector reads a
transcript from that line on, as it reads a repost up to its writer's own words: the questions
before it are how the group got there, not doubts about the plan.
"""

from __future__ import annotations

import re

from nlp.organizing.cues import PATTERNS

# A speaker's line: a short name, a colon, what they said. Layout labels (时间：, 地点：) are no names.
_LINE = re.compile(r"^[ \t]*(?P<name>[^\s:：，,。！!？?【】\[\]()（）]{1,8})[:：][ \t]*(?=\S)", re.M)
_LABEL = re.compile(r"时间|地点|地址|事由|事项|集合|备注|注意|要求|内容|主题|通知|需带|携带|联系|电话|微信|群号|原因|目的|诉求|"
                    r"问|答|[QqAa]|标题|来源|链接|原文|编辑|作者|附|说明|提醒|更新|补充")
_TIME = PATTERNS["time"]
_PLACE = PATTERNS["place"]
_MIN_LINES = 3


def settled_from(view: str) -> int | None:
    """Offset of the line that settles a pasted chat's plan, or None when `view` is no transcript
    (fewer than three speaker lines, no speaker who speaks twice) or no line names a time and a place."""
    if "\n" not in view:
        return None
    lines = [m for m in _LINE.finditer(view) if not _LABEL.search(m.group("name"))]
    if len(lines) < _MIN_LINES:
        return None
    names = [m.group("name") for m in lines]
    if len(set(names)) < 2 or len(set(names)) == len(names):
        return None
    for m in reversed(lines[1:]):
        end = view.find("\n", m.end())
        said = view[m.end():end if end >= 0 else len(view)]
        if _TIME.search(said) and _PLACE.search(said):
            return m.start()
    return None
