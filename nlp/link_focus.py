"""Which platforms a post is ABOUT, not merely shows: runs in nlp.platforms.PlatformLinker after
every hit has been found, and drops platforms that the post names only in its page furniture.

A crawled page carries more than its post. After the article, a portal prints its footer (责任编辑,
顶一下, 上一篇/下一篇, 相关内容, 最新内容, 推荐阅读 …) full of other articles' headlines, and
search-result pages string other pages' snippets together with ``[…]``. A desk asks for the
platforms a post is about: a platform named only in that furniture is another article's subject,
so it is not linked. A platform also named in the post itself is linked, all its mentions kept.
When nothing but furniture is left (a page whose body is missing), nothing is dropped: we cannot
tell what the page is about, and a missed platform costs the desk more than an extra one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol, TypeVar

# Where a portal's footer starts; everything after it is other articles. Section titles must stand
# alone (相关内容 {IMG…}, 最新内容·…), so 相关新闻报道称 in a sentence is not a footer.
_FOOTER = re.compile(
    r"[(（]?责任编辑[:：]|顶一下\s*[(（]|[上下]一篇\s*[:：]|分享到\s*[:：]|"
    r"(?:相关|最新|推荐|热点|热门|精彩|延伸|往期)(?:阅读|内容|文章|新闻|推荐|链接|回顾)(?=[\s:：{·【\[>]|$)|"
    r"猜你喜欢|本文由.{0,12}?(?:整理|转载)|版权声明[:：]"
)
# A search-result snippet ends with […] (normalized to [...]) and the next one starts with ...
_SNIPPET_END = re.compile(r"\[(?:\.\.\.|…)\]")
MIN_BODY = 30  # fewer characters before the furniture and the page has no body to speak of


class _Mention(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def start(self) -> int: ...


M = TypeVar("M", bound=_Mention)


def furniture_start(text: str) -> int | None:
    """Where the page furniture begins (footer or search snippets), or None when there is none
    or when what precedes it is too short to be the post itself."""
    cut = len(text)
    footer = _FOOTER.search(text)
    if footer:
        cut = footer.start()
    snippet = _SNIPPET_END.search(text, 0, cut)
    if snippet:  # where the first snippet starts cannot be told from the post's own text: keep it
        cut = snippet.end()
    if cut >= len(text) or len(text[:cut].strip()) < MIN_BODY:
        return None
    return cut


def about(text: str, mentions: Sequence[M]) -> list[M]:
    """The mentions of platforms the post is about: a platform named only after the furniture
    starts is dropped (see the module docstring)."""
    if not mentions:
        return list(mentions)
    cut = furniture_start(text)
    if cut is None:
        return list(mentions)
    in_post = {m.name for m in mentions if m.start < cut}
    return [m for m in mentions if m.name in in_post]
