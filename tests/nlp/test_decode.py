"""Disguised organizing talk (pinyin initials, homophones, split characters) is decoded, and every
decoded span still points at what the poster actually wrote."""

from __future__ import annotations

import pytest

from nlp.organizing.decode import decode


def original_of(text: str, word: str) -> str:
    """The slice of `text` that decodes to `word`."""
    view = decode(text)
    start = view.text.index(word)
    o_start, o_end = view.span(start, start + len(word))
    return text[o_start:o_end]


def test_pinyin_initials_are_decoded() -> None:
    view = decode("明天zf门口wq")
    assert "政府" in view.text
    assert "维权" in view.text


def test_pinyin_initials_in_capitals_are_decoded() -> None:
    assert decode("明天ZF门口WQ").text == decode("明天zf门口wq").text


def test_latin_inside_a_longer_word_is_left_alone() -> None:
    # The "sf" inside "transfer" is not 上访, though "sf" on its own is.
    assert "上访" in decode("明天去sf").text
    assert "上访" not in decode("明天去bank transfer").text


@pytest.mark.parametrize(("text", "word"), [
    ("想唯权的加群", "维权"), ("大家一起去正府上仿", "上访"),
    ("q裙 六八九二三七五一零", "QQ群"), ("🐧群：5 6 2 3 8 1 9 0 7", "QQ群"), ("被坑的进维权裙", "维权群"),
    ("绿色软件上搜追损联盟", "微信"), ("10yue17ri shangwu 9dian", "10月17日"),
])
def test_homophones_are_decoded(text: str, word: str) -> None:
    assert word in decode(text).text


@pytest.mark.parametrize("text", ["维 权群", "维*权群", "维·权群"])
def test_split_characters_are_joined(text: str) -> None:
    assert "维权群" in decode(text).text


def test_plain_text_is_unchanged() -> None:
    text = "红岭创投的出借人请到派出所登记"
    view = decode(text)
    assert view.text == text
    assert view.span(3, 6) == (3, 6)


@pytest.mark.parametrize(
    ("text", "word", "written"),
    [
        ("想 w 权 的私我", "维权", "w 权"),
        ("明天zf门口wq", "维权", "wq"),
        ("明天zf门口wq", "政府", "zf"),
        ("进维 权群的扫码", "维权", "维 权"),
        ("大家一起去正府上仿", "上访", "上仿"),
    ],
)
def test_decoded_span_maps_back_to_the_disguised_form(text: str, word: str, written: str) -> None:
    assert original_of(text, word) == written


def test_text_after_a_disguise_keeps_its_position() -> None:
    text = "明天zf门口wq，红岭的都来"
    assert original_of(text, "红岭") == "红岭"


def test_a_spelled_out_syllable_split_from_its_character_is_decoded() -> None:
    decoded = decode("想 wei 权的私我")
    assert "维权" in decoded.text


def test_links_and_handles_are_blanked_in_place_but_a_vocative_handle_is_kept() -> None:
    from nlp.organizing.decode import mask_names

    text = "转发 @财经早报 @北京12345 http://t.cn/Ab12345678 @所有出借人 明天见"
    masked, handles = mask_names(text)
    assert len(masked) == len(text)  # spans found in the masked text still index the post
    assert "12345" not in masked and "财经早报" not in masked and "t.cn" not in masked
    assert "@所有出借人" in masked  # it addresses the people a call is for
    assert handles == 2


@pytest.mark.parametrize(("written", "decoded"), [
    ("听日下昼三点喺区政府门口等，我哋一齐去", "明天下午三点在区政府门口等，我们一起去"),  # Cantonese
    ("后日朝早九点，大家都嚟", "后天早上九点，大家都来"),
    ("明儿个一早都上县政府门口", "明天一早都上县政府门口"),  # northern
    ("明仔载下晡做伙去", "明天下午一起去"),  # Minnan
    ("阿拉明朝上半天十点碰头", "我们明天上午十点碰头"),  # Wu
    ("侪来，伊拉勿要想躲", "都来，他们不要想躲"),  # Wu: all, they, don't
    ("阿拉一道去寻律师", "我们一起去找律师"),  # Wu: together, find
    ("俺们赶明儿一起克区里", "我们明天一起去区里"),  # Shandong, northern, Sichuan
    ("tmr 9点 city hall 门口 gather", "明天 9点 市政府门口 集合"),  # chat English
])
def test_dialect_days_and_pronouns_read_as_mandarin(written: str, decoded: str) -> None:
    assert decode(written).text == decoded


def test_a_dialect_word_points_back_at_what_was_written() -> None:
    assert original_of("后日下昼喺信访办门口", "下午") == "下昼"
