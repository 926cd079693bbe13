"""Sentiment backend ``transformers``: any local sequence-classification model, on CPU.

Which output is "negative": ``negative_label`` (a label name or an index) if given; else the one
label in ``config.id2label`` containing "neg" (case-insensitive); else, for a two-label model with
generic names (LABEL_0 / LABEL_1), index 0 — the binary convention (0 = negative, 1 = positive).
transformers and torch are an optional extra, imported only when a model is loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nlp.errors import ModelError
from nlp.sentiment import SentimentInput


def negative_index(id2label: dict[int, str], negative_label: str | int | None) -> int:
    """The output index that means "negative" (see the module docstring for the rules)."""
    labels = {int(k): str(v) for k, v in id2label.items()}
    if not labels:
        raise ModelError("the model config has no id2label")
    if negative_label is not None:
        wanted = str(negative_label).strip()
        by_name = [i for i, name in labels.items() if name.lower() == wanted.lower()]
        if by_name:
            return by_name[0]
        if wanted.lstrip("-").isdigit() and int(wanted) in labels:
            return int(wanted)
        raise ModelError(f"negative label {negative_label!r} is not one of the model's labels {labels}")
    neg = [i for i, name in labels.items() if "neg" in name.lower()]
    if len(neg) == 1:
        return neg[0]
    if len(labels) == 2 and all(name.upper() == f"LABEL_{i}" for i, name in labels.items()):
        return 0
    raise ModelError(f"cannot tell which label is negative among {labels}: pass negative_label")


class TransformersBackend:
    """Softmax probability of the negative class, batched, under ``torch.inference_mode()``."""

    name = "transformers"

    def __init__(self, tokenizer: Any, model: Any, negative: int, batch_size: int, max_length: int) -> None:
        self._tokenizer, self._model = tokenizer, model
        self.negative_index = negative
        self.batch_size, self.max_length = batch_size, max_length

    @classmethod
    def load(cls, path: str | Path, negative_label: str | int | None = None, batch_size: int = 32,
             max_length: int = 256) -> TransformersBackend:
        """Load tokenizer and model from a local directory; nothing is downloaded."""
        where = Path(path)
        if not where.is_dir():
            raise ModelError(f"transformers model {where}: not a directory")
        if not (where / "config.json").is_file():
            raise ModelError(f"transformers model {where}: config.json is missing")
        if batch_size < 1 or max_length < 8:
            raise ModelError(f"transformers model {where}: batch_size must be ≥ 1 and max_length ≥ 8")
        try:
            import torch  # noqa: F401  (fail early with the install hint below)
            from transformers import AutoModelForSequenceClassification, AutoTokenizer
            from transformers.utils import logging as hf_logging
        except ImportError as exc:
            raise ModelError(f"backend 'transformers' needs the optional extra: pip install "
                             f"'yuqing[transformers]' ({exc})") from None
        hf_logging.disable_progress_bar()  # a duty console wants one line per load, not bars
        try:
            tokenizer = AutoTokenizer.from_pretrained(str(where), local_files_only=True)
            model = AutoModelForSequenceClassification.from_pretrained(str(where), local_files_only=True)
        except (OSError, ValueError, KeyError, RuntimeError) as exc:
            raise ModelError(f"transformers model {where}: cannot load ({exc})") from None
        model.to("cpu")
        model.eval()
        negative = negative_index(dict(model.config.id2label or {}), negative_label)
        if negative >= int(model.config.num_labels):
            raise ModelError(f"transformers model {where}: negative index {negative} ≥ num_labels")
        return cls(tokenizer, model, negative, batch_size, max_length)

    def negative(self, docs: Sequence[SentimentInput]) -> list[float]:
        import torch

        scores: list[float] = []
        with torch.inference_mode():
            for start in range(0, len(docs), self.batch_size):
                texts = [d.text or " " for d in docs[start:start + self.batch_size]]
                enc = self._tokenizer(texts, padding=True, truncation=True, max_length=self.max_length,
                                      return_tensors="pt")
                logits = self._model(**enc).logits
                probs = torch.softmax(logits.float(), dim=-1)[:, self.negative_index]
                scores.extend(float(p) for p in probs)
        return scores
