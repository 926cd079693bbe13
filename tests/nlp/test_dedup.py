"""Near-duplicate fingerprints: the same 维权 call pasted into ten groups must land close together,
an unrelated post far away, and the fingerprint must not change from one worker to the next."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nlp.dedup import NEAR_DUPLICATE_BITS, distance, simhash, to_hex
from nlp.normalize import normalize
from nlp.segment import Segmenter

ROOT = Path(__file__).resolve().parents[2]

CALL = ("团贷网的出借人注意了，下周一上午九点大家统一到东莞市金融工作局门口反映情况，"
        "带上身份证和出借合同，人越多越好，转给身边的受害人")
CALL_REPUNCTUATED = ("团贷网的出借人注意了！下周一上午九点大家统一到东莞市金融工作局门口反映情况。"
                     "带上身份证和出借合同……人越多越好！！转给身边的受害人")
CALL_ONE_WORD_CHANGED = ("团贷网的出借人注意了，下周一上午九点大家统一到东莞市金融工作局门口反映情况，"
                         "带上身份证和出借合同，人越多越好，转给身边的受害者")
UNRELATED = "今天去菜市场买了两斤排骨，晚上给孩子炖了一锅汤，周末打算带家里老人去公园走走"


@pytest.fixture(scope="module")
def fingerprint(analyzer):
    segmenter: Segmenter = analyzer.segmenter
    return lambda text: simhash(segmenter.cut(normalize(text)))


def test_repunctuated_copy_is_a_near_duplicate(fingerprint) -> None:
    assert distance(fingerprint(CALL), fingerprint(CALL_REPUNCTUATED)) <= NEAR_DUPLICATE_BITS


def test_lightly_edited_copy_is_much_closer_than_an_unrelated_post(fingerprint) -> None:
    call = fingerprint(CALL)
    edited = distance(call, fingerprint(CALL_ONE_WORD_CHANGED))
    unrelated = distance(call, fingerprint(UNRELATED))
    assert unrelated > NEAR_DUPLICATE_BITS
    assert edited < unrelated


def test_distance_accepts_hex_strings(fingerprint) -> None:
    a, b = fingerprint(CALL), fingerprint(UNRELATED)
    assert distance(to_hex(a), to_hex(b)) == distance(a, b)


def test_fingerprint_is_stable_across_processes() -> None:
    # Python's str hash is salted per process; a fingerprint that used it would make yesterday's
    # stored posts look unrelated to today's copies.
    tokens = ["团贷网", "出借人", "下周一", "东莞市", "金融", "工作局", "门口", "维权"]
    code = f"from nlp.dedup import simhash, to_hex; print(to_hex(simhash({tokens!r})))"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert other == to_hex(simhash(tokens))
    assert other != to_hex(0)


def test_no_content_tokens_give_zero() -> None:
    assert simhash([]) == 0
    assert simhash(["的", "，", "了", "。"]) == 0


@pytest.mark.parametrize("value", [0, 1, 2**63 + 5, 2**64 - 1])
def test_hex_form_has_sixteen_digits(value: int) -> None:
    text = to_hex(value)
    assert len(text) == 16
    assert int(text, 16) == value
    assert text == text.lower()
