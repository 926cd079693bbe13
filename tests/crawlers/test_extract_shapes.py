"""The news extractor on the page shapes the desk meets besides portals: WeChat 公众号, Baidu 百家号,
government (*.gov.cn) and university (*.edu.cn) CMS pages, a plain blog — each page written for the project.

A small scorer checks title, body and publish time per page; a page counts only when all three are right.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from crawlers.extract import Article, extract_article

SHAPES = Path(__file__).parents[1] / "fixtures" / "crawlers" / "news" / "shapes"
CASES: dict[str, dict] = {k: v for k, v in json.loads((SHAPES / "cases.json").read_text("utf-8")).items()
                          if not k.startswith("_")}
# Page furniture no article body should carry: footers, related lists, navigation, page tools.
FURNITURE = ("主办单位", "网站标识码", "ICP备", "公网安备", "版权所有", "相关链接", "相关推荐", "上一篇", "下一篇",
             "上一条", "下一条", "打印本页", "关闭窗口", "喜欢此内容的人还喜欢", "推荐阅读", "举报/反馈", "当前位置",
             "首页", "浏览次数", "点击数", "发布时间", "发布日期", "微信扫一扫", "近期文章", "评论")


@dataclass
class Score:
    """Which parts of one page the extractor got right."""

    title: bool
    body: bool
    time: bool

    @property
    def full(self) -> bool:
        return self.title and self.body and self.time


def score(art: Article, expected: dict) -> Score:
    """Title exact; body holds the first and last sentences and no furniture; time exact with its offset."""
    noise = [f for f in (*FURNITURE, *expected.get("furniture", ())) if f in art.text]
    body = expected["body_first"] in art.text and expected["body_last"] in art.text and not noise
    want = datetime.fromisoformat(expected["published_at"])
    time = art.published_at is not None and art.published_at == want and art.published_at.utcoffset() == want.utcoffset()
    return Score(title=art.title == expected["title"], body=body, time=time)


@pytest.mark.parametrize("name", sorted(CASES))
def test_real_page_shape_is_fully_right(name: str) -> None:
    expected = CASES[name]
    art = extract_article((SHAPES / name).read_bytes(), expected.get("url"))
    result = score(art, expected)
    assert result.full, (result, art.title, art.published_at, art.text)


@pytest.mark.parametrize("name", sorted(n for n in CASES if "source" in CASES[n]))
def test_real_page_shape_source(name: str) -> None:
    art = extract_article((SHAPES / name).read_bytes(), CASES[name].get("url"))
    assert art.source == CASES[name]["source"]


def test_scorer_rejects_furniture_and_wrong_times() -> None:
    expected = CASES["gov_zoom.html"]
    good = extract_article((SHAPES / "gov_zoom.html").read_bytes(), expected["url"])
    footer = Article(good.title, good.text + "\n主办单位：临江市人民政府办公室", good.published_at, good.source)
    year_only = Article(good.title, good.text, datetime.fromisoformat("2008-01-01T00:00:00+08:00"), good.source)
    assert score(good, expected).full
    assert not score(footer, expected).body
    assert not score(year_only, expected).time
