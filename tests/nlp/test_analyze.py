"""The analyzer as the worker calls it: a batch of scraped records in, one outcome per record out,
in order; a broken record is reported, never allowed to sink the batch."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from nlp.analyze import Analyzer
from nlp.normalize import MAX_CHARS, normalize
from pipeline.schema import Analysis
from tests.conftest import NLP_FIXTURES, read_jsonl

CST = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 20, 22, 0, tzinfo=CST)
CALL = {
    "id": "call-1",
    "published_at": "2026-11-20T21:30:00+08:00",
    "text": "红岭创投暴雷了，大家明天去市政府集合维权",
}
CALM = {"id": "calm-1", "text": "小牛在线的出借人说这个月的回款已经到账了"}


def test_every_good_record_validates_as_schema_analysis(analyzer: Analyzer) -> None:
    records = [{"id": rec["id"], "text": rec["text"]} for rec in read_jsonl(NLP_FIXTURES / "platform_posts.jsonl")]
    records += [CALL, CALM]
    outcomes = analyzer.analyze(records, now=NOW)
    assert len(outcomes) == len(records)
    for outcome in outcomes:
        assert outcome.error is None
        Analysis.from_dict(outcome.analysis)


def test_platform_spans_point_into_the_normalized_text(analyzer: Analyzer) -> None:
    # Full-width and traditional forms change the text; spans must refer to text_norm, not the raw text.
    records = [{"text": "ＰＰｍｏｎｅｙ和小牛在線都逾期了，團貸也是"}]
    records += [{"text": rec["text"]} for rec in read_jsonl(NLP_FIXTURES / "platform_posts.jsonl")]
    seen = 0
    for outcome in analyzer.analyze(records, now=NOW):
        analysis = outcome.analysis
        for mention in analysis["platforms"]:
            assert analysis["text_norm"][mention["start"]:mention["end"]] == mention["alias"]
            seen += 1
    assert seen > 50


def test_the_full_width_post_links_all_three_platforms(analyzer: Analyzer) -> None:
    [outcome] = analyzer.analyze([{"text": "ＰＰｍｏｎｅｙ和小牛在線都逾期了，團貸也是"}], now=NOW)
    names = [m["name"] for m in outcome.analysis["platforms"]]
    assert names == ["PPmoney", "小牛在线", "团贷网"]


def test_title_is_prepended_when_the_text_does_not_start_with_it(analyzer: Analyzer) -> None:
    separate, repeated = analyzer.analyze(
        [
            {"title": "团贷网暴雷", "text": "出借人明天去东莞"},
            {"title": "团贷网暴雷", "text": "团贷网暴雷，出借人明天去东莞"},
        ],
        now=NOW,
    )
    assert separate.analysis["text_norm"].startswith("团贷网暴雷")
    assert "出借人明天去东莞" in separate.analysis["text_norm"]
    assert [m["name"] for m in separate.analysis["platforms"]] == ["团贷网"]
    assert repeated.analysis["text_norm"].count("团贷网暴雷") == 1


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ("not a record", "object"),
        (None, "object"),
        ({"id": "no-text", "title": "团贷网暴雷"}, "text"),
        ({"id": "int-text", "text": 42}, "text"),
        ({"id": "list-text", "text": ["团贷网", "暴雷"]}, "text"),
        ({"id": "int-title", "text": "团贷网暴雷", "title": 7}, "title"),
        ({"id": "word-time", "text": "团贷网暴雷", "published_at": "昨天晚上"}, "published_at"),
        ({"id": "naive-time", "text": "团贷网暴雷", "published_at": "2026-11-20T21:30:00"}, "published_at"),
        ({"id": "int-time", "text": "团贷网暴雷", "published_at": 20261120}, "published_at"),
    ],
)
def test_a_bad_record_is_reported_and_the_good_ones_are_analyzed_in_order(
    analyzer: Analyzer, bad: object, field: str
) -> None:
    alone_call, alone_calm = analyzer.analyze([CALL, CALM], now=NOW)
    outcomes = analyzer.analyze([CALL, bad, CALM], now=NOW)
    assert len(outcomes) == 3
    assert outcomes[1].analysis is None
    assert outcomes[1].error and field in outcomes[1].error
    assert outcomes[0].error is None and outcomes[0].analysis == alone_call.analysis
    assert outcomes[2].error is None and outcomes[2].analysis == alone_calm.analysis


def test_empty_text_has_a_defined_result(analyzer: Analyzer) -> None:
    [outcome] = analyzer.analyze([{"id": "empty", "text": ""}], now=NOW)
    analysis = outcome.analysis
    assert outcome.error is None
    assert analysis["text_norm"] == ""
    assert analysis["tokens"] == []
    assert analysis["platforms"] == []
    assert analysis["sentiment"]["label"] == "neutral"
    assert analysis["organizing"]["is_call"] is False
    Analysis.from_dict(analysis)


def test_a_megabyte_post_is_analyzed_truncated(analyzer: Analyzer) -> None:
    text = "红岭创投的出借人还在等回款，" * 80_000
    [outcome] = analyzer.analyze([{"id": "huge", "text": text}], now=NOW)
    assert outcome.error is None
    assert len(outcome.analysis["text_norm"]) <= MAX_CHARS
    assert outcome.analysis["platforms"][0]["name"] == "红岭创投"
    Analysis.from_dict(outcome.analysis)


def test_binary_garbage_is_analyzed_without_raising(analyzer: Analyzer) -> None:
    garbage = bytes(range(256)).decode("latin-1") * 4
    [outcome] = analyzer.analyze([{"id": "garbage", "text": garbage}], now=NOW)
    assert outcome.error is None
    assert outcome.analysis["text_norm"] == normalize(garbage)
    Analysis.from_dict(outcome.analysis)


def test_collapse_call_is_negative_links_the_platform_and_is_a_call(analyzer: Analyzer) -> None:
    [outcome] = analyzer.analyze([CALL], now=NOW)
    analysis = outcome.analysis
    assert analysis["sentiment"]["label"] == "negative"
    assert [m["name"] for m in analysis["platforms"]] == ["红岭创投"]
    assert analysis["organizing"]["is_call"] is True
    assert "暴雷" in analysis["risk"]["categories"]


def test_calm_post_is_not_a_call(analyzer: Analyzer) -> None:
    [outcome] = analyzer.analyze([CALM], now=NOW)
    assert outcome.analysis["organizing"]["is_call"] is False
    assert outcome.analysis["sentiment"]["label"] != "negative"


def test_warm_up_runs(analyzer: Analyzer) -> None:
    analyzer.warm_up()
    [outcome] = analyzer.analyze([CALL], now=NOW)
    assert outcome.analysis["organizing"]["is_call"] is True


def test_a_title_repeated_in_markup_or_traditional_script_is_not_analyzed_twice(analyzer) -> None:
    records = [
        {"id": "t1", "title": "团贷网暴雷", "text": "<p>团贷网暴雷，出借人明天去东莞</p>"},
        {"id": "t2", "title": "團貸網暴雷", "text": "团贷网暴雷，出借人明天去东莞"},
    ]
    for outcome in analyzer.analyze(records):
        assert outcome.analysis is not None
        assert outcome.analysis["text_norm"].count("团贷网暴雷") == 1
        assert [p["name"] for p in outcome.analysis["platforms"]] == ["团贷网"]
