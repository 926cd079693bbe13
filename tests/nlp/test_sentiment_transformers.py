"""The transformers backend on a tiny BERT the test builds, trains for a few steps and saves itself."""

from __future__ import annotations

from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from nlp.errors import ModelError  # noqa: E402
from nlp.sentiment import SentimentInput, load_backend  # noqa: E402
from nlp.sentiment.transformer import negative_index  # noqa: E402

NEGATIVE = ["平台暴雷了钱取不出来", "老板跑路投资人血本无归", "提现失败客服失联", "逾期不还还被暴力催收",
            "警方立案非法集资被骗", "本金亏光了维权无门"]
POSITIVE = ["今天天气很好心情愉快", "周末和家人去公园散步", "这家店的菜味道不错", "新年快乐万事如意",
            "孩子考试得了第一名", "春天的花开得真美"]
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tiny_bert")
    chars = sorted(set("".join(NEGATIVE + POSITIVE)) | set("的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要"))
    (out / "vocab.txt").write_text("\n".join(SPECIALS + chars) + "\n", "utf-8")
    # Positional: the first parameter is `vocab_file` in transformers 4 and `vocab` (path or dict) in 5.
    tokenizer = transformers.BertTokenizer(str(out / "vocab.txt"), do_lower_case=True)
    config = transformers.BertConfig(vocab_size=len(SPECIALS) + len(chars), hidden_size=32, num_hidden_layers=2,
                                     num_attention_heads=2, intermediate_size=64, max_position_embeddings=64,
                                     num_labels=2, id2label={0: "negative", 1: "positive"}, hidden_dropout_prob=0.0,
                                     attention_probs_dropout_prob=0.0,
                                     label2id={"negative": 0, "positive": 1})
    torch.manual_seed(0)
    model = transformers.BertForSequenceClassification(config)
    enc = tokenizer(NEGATIVE + POSITIVE, padding=True, return_tensors="pt")
    labels = torch.tensor([0] * len(NEGATIVE) + [1] * len(POSITIVE))
    optim = torch.optim.AdamW(model.parameters(), lr=1e-3)
    model.train()
    for _ in range(60):
        optim.zero_grad()
        model(**enc, labels=labels).loss.backward()
        optim.step()
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


def _docs(texts: list[str]) -> list[SentimentInput]:
    return [SentimentInput(t, list(t)) for t in texts]


def test_scores_separate_the_trained_classes_and_stay_in_range(model_dir: Path) -> None:
    backend = load_backend("transformers", str(model_dir))
    scores = backend.negative(_docs(NEGATIVE + POSITIVE))
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert min(scores[: len(NEGATIVE)]) > 0.5 > max(scores[len(NEGATIVE):])


def test_batching_keeps_order_and_scores(model_dir: Path) -> None:
    texts = [NEGATIVE[0], POSITIVE[0], "平台", NEGATIVE[3] * 3, POSITIVE[4], ""]
    batched = load_backend("transformers", str(model_dir), batch_size=4).negative(_docs(texts))
    single = load_backend("transformers", str(model_dir), batch_size=1)
    one_by_one = [single.negative(_docs([t]))[0] for t in texts]
    assert batched == pytest.approx(one_by_one, abs=1e-5)


def test_negative_label_selects_the_output(model_dir: Path) -> None:
    docs = _docs([NEGATIVE[1], POSITIVE[1]])
    default = load_backend("transformers", str(model_dir)).negative(docs)
    swapped = load_backend("transformers", str(model_dir), negative_label="positive").negative(docs)
    by_index = load_backend("transformers", str(model_dir), negative_label=1).negative(docs)
    assert swapped == pytest.approx([1 - s for s in default], abs=1e-5)
    assert by_index == pytest.approx(swapped)
    with pytest.raises(ModelError, match="neutral"):
        load_backend("transformers", str(model_dir), negative_label="neutral")


def test_label_conventions() -> None:
    assert negative_index({0: "LABEL_0", 1: "LABEL_1"}, None) == 0
    assert negative_index({0: "positive", 1: "Negative"}, None) == 1
    assert negative_index({0: "pos", 1: "neu", 2: "NEG"}, None) == 2
    with pytest.raises(ModelError):
        negative_index({0: "a", 1: "b"}, None)


def test_missing_or_broken_path_raises_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="nowhere"):
        load_backend("transformers", str(tmp_path / "nowhere"))
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "config.json").write_text("{not json", "utf-8")
    with pytest.raises(ModelError, match="broken"):
        load_backend("transformers", str(tmp_path / "broken"))
