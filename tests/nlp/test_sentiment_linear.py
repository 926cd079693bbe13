"""The linear backend: a desk trains it on its own labelled posts, saves it, loads it elsewhere."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer

from nlp.errors import ModelError
from nlp.segment import Segmenter
from nlp.sentiment import SentimentInput, load_backend
from nlp.sentiment.linear import LinearBackend, LinearSettings, train_linear
from nlp.sentiment.linear_features import CharCounter, WordCounter, word_grams

FIXTURE = Path(__file__).parent.parent / "fixtures" / "nlp" / "sentiment_small.csv"

UNSEEN_NEGATIVE = ["平台暴雷跑路了，本金提现不出来", "又被催收电话骚扰，这个网贷就是骗子"]
UNSEEN_OTHER = ["周末和孩子去公园散步，天气很好", "今天的咖啡很好喝，心情愉快"]


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter()


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with FIXTURE.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out = tmp_path_factory.mktemp("linear") / "model"
    stats = train_linear([r["text"] for r in rows], [r["label"] == "1" for r in rows], out)
    assert stats["n"] == len(rows) == 120
    assert 0.6 <= float(stats["cv_accuracy"]) <= 1.0  # type: ignore[arg-type]
    return out


def _docs(texts: list[str], seg: Segmenter) -> list[SentimentInput]:
    return [SentimentInput(t, seg.cut(t)) for t in texts]


def test_trained_model_separates_unseen_obvious_posts(model_dir: Path, segmenter: Segmenter) -> None:
    backend = load_backend("linear", str(model_dir))
    neg = backend.negative(_docs(UNSEEN_NEGATIVE, segmenter))
    other = backend.negative(_docs(UNSEEN_OTHER, segmenter))
    assert all(0.0 <= s <= 1.0 for s in neg + other)
    assert min(neg) >= 0.5 > max(other)
    assert backend.negative([]) == []


def test_round_trip_gives_identical_scores_in_batch_order(model_dir: Path, segmenter: Segmenter) -> None:
    texts = UNSEEN_NEGATIVE + UNSEEN_OTHER + ["", "ABC  abc"]
    first = LinearBackend.load(model_dir).negative(_docs(texts, segmenter))
    again = LinearBackend.load(model_dir)
    assert again.negative(_docs(texts, segmenter)) == first
    assert [again.negative(_docs([t], segmenter))[0] for t in texts] == pytest.approx(first, abs=1e-6)


def test_model_dir_is_json_and_npy_only_with_meta(model_dir: Path) -> None:
    names = sorted(p.name for p in model_dir.iterdir())
    assert all(n.endswith((".json", ".npy")) for n in names), names
    for npy in model_dir.glob("*.npy"):
        np.load(npy, allow_pickle=False)
    meta = json.loads((model_dir / "meta.json").read_text("utf-8"))
    assert meta["backend"] == "linear" and meta["format_version"] == 2
    assert meta["training"]["n"] == 120 and "cv_accuracy" in meta["training"]
    assert meta["settings"]["char_ngrams"] == [1, 3] and meta["created_at"]


@pytest.mark.parametrize("damage", ["missing_meta", "missing_weights", "flipped_byte", "bad_json"])
def test_damaged_model_dir_raises_model_error_naming_it(model_dir: Path, tmp_path: Path, damage: str) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    for f in model_dir.iterdir():
        (broken / f.name).write_bytes(f.read_bytes())
    if damage == "missing_meta":
        (broken / "meta.json").unlink()
    elif damage == "missing_weights":
        (broken / "weights.npy").unlink()
    elif damage == "flipped_byte":
        data = bytearray((broken / "weights.npy").read_bytes())
        data[-1] ^= 0xFF
        (broken / "weights.npy").write_bytes(bytes(data))
    else:
        (broken / "meta.json").write_text("{not json", "utf-8")
    with pytest.raises(ModelError) as info:
        LinearBackend.load(broken)
    assert str(broken) in str(info.value)
    expected = {"missing_meta": "meta.json", "missing_weights": "weights.npy",
                "flipped_byte": "weights.npy", "bad_json": "meta.json"}[damage]
    assert expected in str(info.value)


def _copy(model_dir: Path, to: Path) -> Path:
    to.mkdir()
    for f in model_dir.iterdir():
        (to / f.name).write_bytes(f.read_bytes())
    return to


@pytest.mark.parametrize("name", ["char_idf.npy", "word_idf.npy", "char_vocab.json", "word_vocab.json"])
def test_any_damaged_model_file_is_refused_by_name(model_dir: Path, tmp_path: Path, name: str) -> None:
    # A vocabulary or idf file changed in transit would shift every weight onto the wrong gram and still
    # load: the worker would score posts wrongly without a word. The checksums must cover every file.
    broken = _copy(model_dir, tmp_path / "broken")
    data = bytearray((broken / name).read_bytes())
    data[len(data) // 2] ^= 0x01
    (broken / name).write_bytes(bytes(data))
    with pytest.raises(ModelError, match="corrupted") as info:
        LinearBackend.load(broken)
    assert name in str(info.value) and str(broken) in str(info.value)


def test_model_of_an_unknown_format_is_refused_naming_the_formats(model_dir: Path, tmp_path: Path) -> None:
    future = _copy(model_dir, tmp_path / "future")
    meta = json.loads((future / "meta.json").read_text("utf-8"))
    meta["format_version"] = 99
    (future / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
    with pytest.raises(ModelError, match=r"format 99, expected linear format 1 or 2"):
        LinearBackend.load(future)


def test_missing_dir_raises_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="nowhere"):
        load_backend("linear", str(tmp_path / "nowhere"))


def test_training_needs_both_classes(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 2"):
        train_linear(["平台暴雷", "跑路了", "提现难"], [True, True, True], tmp_path / "m")


def test_fast_counters_match_sklearn(segmenter: Segmenter) -> None:
    texts = ["平台暴雷 了", "ABC  abc\n\nx", "", "a", "提现困难，客服失联"]
    cv = CountVectorizer(analyzer="char", ngram_range=(1, 3)).fit(texts[:2] + texts[4:])
    fast = CharCounter(cv.get_feature_names_out().tolist(), (1, 3))
    assert (fast.counts(texts).toarray() == cv.transform(texts).toarray()).all()
    toks = [segmenter.cut(t) for t in texts] + [["A b", " ", "", "c"]]
    wv = CountVectorizer(analyzer=word_grams).fit(toks[:3])
    words = WordCounter(wv.get_feature_names_out().tolist())
    assert (words.counts(toks).toarray() == wv.transform(toks).toarray()).all()


def test_rare_negatives_are_still_found(tmp_path: Path, segmenter: Segmenter) -> None:
    # A desk's labelled posts are mostly not negative: here 10 negative among 70.
    with FIXTURE.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    rows = [r for r in rows if r["label"] == "1"][:10] + [r for r in rows if r["label"] == "0"]
    train_linear([r["text"] for r in rows], [r["label"] == "1" for r in rows], tmp_path / "m")
    backend = LinearBackend.load(tmp_path / "m")
    negatives = UNSEEN_NEGATIVE + ["我的血汗钱全被这个平台骗走了"]
    assert min(backend.negative(_docs(negatives, segmenter))) >= 0.5
    assert max(backend.negative(_docs(UNSEEN_OTHER, segmenter))) < 0.5


def test_regularization_and_nb_scaling_are_chosen_on_the_desks_data(model_dir: Path) -> None:
    training = json.loads((model_dir / "meta.json").read_text("utf-8"))["training"]
    nb, plain = training["cv_accuracy_by_C"], training["cv_accuracy_plain_by_C"]
    assert set(nb) == set(plain) == {"4.0", "1.0", "16.0"}
    chosen = training["C"]
    assert json.loads((model_dir / "meta.json").read_text("utf-8"))["settings"]["C"] == chosen  # what was fitted
    # The saved regression is the most accurate candidate on the desk's posts: never worse than the same
    # TF-IDF without naive-Bayes scaling (a desk's plain baseline), whichever of the two wins.
    best = max([*nb.values(), *plain.values()])
    assert (nb if training["nb_scaled"] else plain)[str(chosen)] == best == training["cv_accuracy_linear_only"]


def test_without_the_plain_candidate_nb_scaling_is_always_kept(tmp_path: Path) -> None:
    with FIXTURE.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    stats = train_linear([r["text"] for r in rows], [r["label"] == "1" for r in rows], tmp_path / "m",
                         settings=LinearSettings(try_plain=False, blend=False))
    assert stats["nb_scaled"] is True and stats["cv_accuracy_plain_by_C"] == {}
    assert LinearBackend.load(tmp_path / "m").meta["settings"]["try_plain"] is False


# Everyday feeling in words the finance fixture never uses: only the default backend's lexicons know them.
UNSEEN_MOOD_NEGATIVE = ["气死我了，这人真无耻", "心里难受，伤心了一整晚[泪]", "真恶心，什么垃圾东西"]
UNSEEN_MOOD_POSITIVE = ["哈哈哈，开心极了[哈哈]", "好幸福呀，感动得不行[爱你]", "太棒了，超级喜欢[心]"]


def test_blend_with_lexicons_is_chosen_by_cv_and_recorded(model_dir: Path) -> None:
    meta = json.loads((model_dir / "meta.json").read_text("utf-8"))
    training = meta["training"]
    assert training["blended"] is True
    assert training["cv_accuracy_blended"] > training["cv_accuracy_linear_only"]
    assert training["cv_accuracy"] == training["cv_accuracy_blended"]  # the figure of the model saved
    assert meta["blend"]["inputs"][0] == "linear_logit" and len(meta["blend"]["weights"]) == len(meta["blend"]["inputs"])
    assert meta["blend"]["weights"][0] > 0  # the n-gram score still counts


def test_blend_recognizes_feelings_the_training_posts_never_showed(model_dir: Path, tmp_path: Path,
                                                                   segmenter: Segmenter) -> None:
    blended = LinearBackend.load(model_dir)
    neg = blended.negative(_docs(UNSEEN_MOOD_NEGATIVE, segmenter))
    pos = blended.negative(_docs(UNSEEN_MOOD_POSITIVE, segmenter))
    assert min(neg) >= 0.5 > max(pos)
    # The n-gram model alone, trained on the same posts, cannot tell these apart.
    with FIXTURE.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    stats = train_linear([r["text"] for r in rows], [r["label"] == "1" for r in rows], tmp_path / "plain",
                         settings=LinearSettings(blend=False))
    assert stats["blended"] is False and stats["cv_accuracy_blended"] is None
    plain = LinearBackend.load(tmp_path / "plain")
    assert plain.blend is None and json.loads((tmp_path / "plain" / "meta.json").read_text("utf-8"))["blend"] is None
    assert min(plain.negative(_docs(UNSEEN_MOOD_NEGATIVE, segmenter))) < 0.5


def test_version_1_model_without_blend_still_loads(model_dir: Path, tmp_path: Path, segmenter: Segmenter) -> None:
    old = tmp_path / "v1"
    old.mkdir()
    for f in model_dir.iterdir():
        (old / f.name).write_bytes(f.read_bytes())
    meta = json.loads((old / "meta.json").read_text("utf-8"))
    meta["format_version"] = 1
    del meta["blend"], meta["settings"]["blend"], meta["settings"]["try_plain"]  # settings of older versions
    (old / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
    backend = LinearBackend.load(old)
    assert backend.blend is None
    texts = UNSEEN_NEGATIVE + UNSEEN_OTHER
    assert backend.negative(_docs(texts, segmenter)) != LinearBackend.load(model_dir).negative(_docs(texts, segmenter))


def test_blend_of_other_inputs_is_refused(model_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    for f in model_dir.iterdir():
        (other / f.name).write_bytes(f.read_bytes())
    meta = json.loads((other / "meta.json").read_text("utf-8"))
    meta["blend"]["inputs"] = ["linear_logit", "some_future_feature"]
    (other / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
    with pytest.raises(ModelError, match="blend inputs"):
        LinearBackend.load(other)
