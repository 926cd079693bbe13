"""Segmentation: the fast Segmenter must cut exactly as jieba does, keep watched names whole, and
still tell an everyday word from a platform name."""

from __future__ import annotations

import tempfile

import jieba
import pytest

from nlp.normalize import normalize
from nlp.segment import USER_WORD_FREQ, Segmenter, finance_terms
from tests.conftest import NLP_FIXTURES, read_jsonl


def _user_words(watchlist) -> list[str]:
    return [w for spec in watchlist.specs() for w in (spec.name, *spec.aliases)]


@pytest.fixture(scope="module")
def segmenter(analyzer) -> Segmenter:
    return analyzer.segmenter


@pytest.fixture(scope="module")
def reference(small_watchlist) -> jieba.Tokenizer:
    """Plain jieba with the words the Segmenter adds, added the way Segmenter.__init__ adds them."""
    tk = jieba.Tokenizer()
    tk.tmp_dir = tempfile.gettempdir()
    tk.initialize()
    added: set[str] = set()
    for word in [*finance_terms(), *_user_words(small_watchlist)]:
        word = word.strip()
        if len(word) >= 2 and " " not in word and word not in added:
            added.add(word)
            tk.add_word(word, freq=USER_WORD_FREQ)
    return tk


@pytest.fixture(scope="module")
def base_jieba() -> jieba.Tokenizer:
    """jieba's dictionary with nothing added: what "an everyday word" means."""
    tk = jieba.Tokenizer()
    tk.tmp_dir = tempfile.gettempdir()
    tk.initialize()
    return tk


def _fixture_texts() -> list[str]:
    texts = []
    for name in ("organizing_a.jsonl", "platform_posts.jsonl"):
        texts.extend(rec["text"] for rec in read_jsonl(NLP_FIXTURES / name))
    return texts


def test_tokens_match_jieba_on_the_desks_posts(segmenter: Segmenter, reference: jieba.Tokenizer) -> None:
    texts = _fixture_texts()
    assert len(texts) > 400
    mismatches = []
    for raw in texts:
        for text in (raw, normalize(raw)):
            expected = [tok for tok in reference.cut(text, HMM=False) if tok.strip()]
            got = segmenter.cut(text)
            if got != expected:
                mismatches.append((text, got, expected))
    # Both pick the most probable path through the same dictionary, but the sums of log
    # probabilities are computed in a different order, so an exact floating-point tie between
    # two paths may be broken differently. That is allowed to happen rarely, never routinely.
    assert len(mismatches) <= 0.005 * 2 * len(texts), mismatches[:3]


def test_whitespace_never_becomes_a_token(segmenter: Segmenter) -> None:
    tokens = segmenter.cut("团贷网  暴雷了\n\n 大家\t快去 维权")
    assert tokens and all(tok.strip() for tok in tokens)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("小牛在线的出借人已经三个月没回款了", "小牛在线"),
        ("听说团贷网的老板去自首了", "团贷网"),
        ("红岭创投清盘方案出来了吗", "红岭创投"),
    ],
)
def test_a_watched_name_stays_one_token(segmenter: Segmenter, text: str, name: str) -> None:
    assert name in segmenter.cut(text)


def test_a_watched_name_is_not_kept_whole_by_plain_jieba(base_jieba: jieba.Tokenizer) -> None:
    # Otherwise the test above would prove nothing about the watchlist.
    assert "团贷网" not in base_jieba.lcut("听说团贷网的老板去自首了", HMM=False)


def test_word_freq_answers_from_the_base_dictionary(segmenter: Segmenter, base_jieba: jieba.Tokenizer) -> None:
    # 小牛 is an everyday word (a calf) and also a watched alias: adding it to the watchlist
    # must not make it look like a platform-only word, nor inflate it to the user-word frequency.
    assert segmenter.word_freq("小牛") == base_jieba.FREQ["小牛"] > 0
    assert segmenter.word_freq("小牛") < USER_WORD_FREQ
    assert segmenter.word_freq("今天") == base_jieba.FREQ["今天"]


@pytest.mark.parametrize("name", ["团贷网", "小牛在线", "红岭创投"])
def test_a_watched_name_that_is_no_everyday_word_has_base_frequency_zero(segmenter: Segmenter, name: str) -> None:
    assert segmenter.word_freq(name) == 0


def test_unknown_word_has_frequency_zero(segmenter: Segmenter) -> None:
    assert segmenter.word_freq("蒸腐门口") == 0
