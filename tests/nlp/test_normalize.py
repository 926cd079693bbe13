"""Normalization, as the desk meets it: posts from Hong Kong forums, phone keyboards and scraped HTML
must read the same before any platform or cue is looked for."""

from __future__ import annotations

import unicodedata

import pytest

from nlp.normalize import MAX_CHARS, normalize


def _control_chars(text: str) -> list[str]:
    # A line break is kept on purpose (block tags become one); anything else of category Cc is garbage.
    return [ch for ch in text if unicodedata.category(ch) == "Cc" and ch != "\n"]


def test_traditional_post_reads_as_simplified() -> None:
    assert normalize("團貸網暴雷") == "团贷网暴雷"
    assert normalize("明天上午九點，大家到市政府門口") == "明天上午九点,大家到市政府门口"


def test_full_width_latin_and_digits_become_half_width() -> None:
    # Typed on a phone in full-width mode, a platform name must still match the watchlist.
    assert normalize("ＰＰｍｏｎｅｙ") == "PPmoney"
    assert normalize("提现１２３４元失败") == "提现1234元失败"


def test_html_entities_are_unescaped_and_tags_dropped() -> None:
    text = normalize("<p>红岭创投&amp;团贷网</p><br>都逾期了&nbsp;<b>快看</b>")
    assert text == "红岭创投&团贷网\n都逾期了 快看"


def test_line_break_tag_keeps_the_two_lines_apart() -> None:
    assert normalize("第一行<br>第二行") == "第一行\n第二行"


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_invisible_characters_inserted_to_dodge_filters_are_removed(invisible: str) -> None:
    assert normalize(f"维{invisible}权") == "维权"


def test_whitespace_is_collapsed_and_trimmed() -> None:
    assert normalize("  暴雷了 \t\u3000 快跑  ") == "暴雷了 快跑"
    assert normalize("第一句\n\n\n   第二句") == "第一句\n第二句"


def test_empty_text_stays_empty() -> None:
    assert normalize("") == ""
    assert normalize("   \n\t ") == ""


def test_a_megabyte_post_is_truncated_to_the_limit() -> None:
    huge = "出借人维权" * 200_000  # 1,000,000 characters
    out = normalize(huge)
    assert len(out) == MAX_CHARS
    assert out == huge[:MAX_CHARS]


def test_binary_garbage_leaves_no_control_characters() -> None:
    garbage = bytes(range(256)).decode("latin-1")
    out = normalize(garbage)
    assert _control_chars(out) == []
    assert "ABC" in out  # the printable part survives


def test_control_characters_inside_a_post_are_gone() -> None:
    out = normalize("团贷网\x00\x07暴雷\x1b[31m了\x7f\x85")
    assert _control_chars(out) == []
    assert "团贷网" in out and "暴雷" in out
