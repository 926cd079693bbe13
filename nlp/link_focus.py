"""Which platforms a post is ABOUT, not merely shows: runs in nlp.platforms.PlatformLinker after
every hit has been found, and drops platforms that the post names only in its page furniture, and
names that the post uses for a product.

A crawled page carries more than its post. After the article, a portal prints its footer (责任编辑,
顶一下, 上一篇/下一篇, 相关内容, 最新内容, 推荐阅读 …) full of other articles' headlines, and
search-result pages string other pages' snippets together with ``[…]``. A desk asks for the
platforms a post is about: a platform named only in that furniture is another article's subject,
so it is not linked. A platform also named in the post itself is linked, all its mentions kept.
When nothing but furniture is left (a page whose body is missing), nothing is dropped: we cannot
tell what the page is about, and a missed platform costs the desk more than an extra one.

Products: a bank or platform lists its loan products (提供车主贷、企车贷、惠农贷等产品; 信用卡、
好享贷等等一系列贷款), and a product may share its name with a watched platform. A name that is an
item of a list closed by 等…产品/业务/贷款 is such a product, not the platform.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol, TypeVar

from nlp.regex_shape import guarded

# Where a portal's footer starts; everything after it is other articles. Section titles must stand
# alone (相关内容 {IMG…}, 最新内容·…), so 相关新闻报道称 in a sentence is not a footer.
_FOOTER = guarded(
    r"[(（]?责任编辑[:：]|顶一下\s*[(（]|[上下]一篇\s*[:：]|分享到\s*[:：]|"
    r"(?:相关|最新|推荐|热点|热门|精彩|延伸|往期)(?:阅读|内容|文章|新闻|推荐|链接|回顾)(?=[\s:：{·【\[>]|$)|"
    r"猜你喜欢|版权声明[:：]"
)
# A search-result snippet ends with […] (normalized to [...]) and the next one starts with ...
_SNIPPET_END = re.compile(r"\[(?:\.\.\.|…)\]")
MIN_BODY = 30  # fewer characters before the furniture and the page has no body to speak of


# The close of a list of products: 等产品, 等等一系列贷款, 等信贷业务 (not 等贷款平台, 等贷款公司).
_PRODUCTS_CLOSE = re.compile(r"等{1,2}[\u4e00-\u9fff]{0,4}?(?:产品|业务|贷款)(?!平台|公司|机构|网站)")
_LIST_ITEM = re.compile(r"[、，,/]\s?[^、，,/。！？!?\s等]{1,10}")
_PRODUCT_REACH = 6  # list items after the name before the list closes


class _Mention(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


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
    mentions = [m for m in mentions if not is_product(text, m.end)]
    if not mentions:
        return mentions
    cut = furniture_start(text)
    if cut is None:
        return list(mentions)
    in_post = {m.name for m in mentions if m.start < cut}
    return [m for m in mentions if m.name in in_post]


# A bank's own product told as such (该分行将加大小微易贷的产品推广力度, 建设银行推出的快贷业务):
# a product name after a bank in the same sentence, followed by 产品/业务.
_BANK = re.compile(r"银行|农商行|信用社|[支分]行|村镇行")
_AS_PRODUCT = re.compile(r"的?(?:产品|业务)(?!平台|公司|机构)")
_SENTENCE = re.compile(r"[。！？!?\n]")


def is_product(text: str, end: int) -> bool:
    """The name ending at `end` is an item of a list of products (惠农贷、企信贷等产品), or a bank's
    product named as one (see _BANK)."""
    if _AS_PRODUCT.match(text, end):
        start = max((m.end() for m in _SENTENCE.finditer(text, 0, end)), default=0)
        if _BANK.search(text, start, end):
            return True
    pos = end
    for _ in range(_PRODUCT_REACH):
        if _PRODUCTS_CLOSE.match(text, pos):
            return True
        item = _LIST_ITEM.match(text, pos)
        if item is None:
            return False
        pos = item.end()
    return False
