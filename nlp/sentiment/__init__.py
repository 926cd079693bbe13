"""Sentiment: how negative a post is (0..1), with pluggable backends.

Backends (selected by config `nlp.sentiment.backend`):
- ``default``: a finance-risk layer (暴雷, 跑路, 提现三天没到账 ...), an everyday-mood layer (失望, 气死,
  [泪], [微笑] ...) and SnowNLP's naive-Bayes prior, combined with weights fitted on real posts.
- ``linear``: a char n-gram + word TF-IDF, NB-weighted logistic regression written by
  ``yuqing train sentiment`` (a desk's own labelled data).
- ``transformers``: any sequence-classification model loaded with ``from_pretrained(path)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class SentimentInput:
    """What a backend sees of one post: normalized text and its jieba tokens."""

    text: str
    tokens: Sequence[str]


class SentimentBackend(Protocol):
    name: str

    def negative(self, docs: Sequence[SentimentInput]) -> list[float]:
        """Probability-like negativity in 0..1 for each doc, in order."""
        ...


NEGATIVE_THRESHOLD = 0.5
POSITIVE_THRESHOLD = 0.25


def label_for(negative: float) -> str:
    """The label stored with a post: negative ≥ 0.5, positive < 0.25, neutral between."""
    if negative >= NEGATIVE_THRESHOLD:
        return "negative"
    if negative < POSITIVE_THRESHOLD:
        return "positive"
    return "neutral"


def load_backend(name: str, model: str | None = None, **options: object) -> SentimentBackend:
    """Build the backend named in config; model is a directory for linear / transformers."""
    from nlp.errors import ModelError

    if name == "default":
        from nlp.sentiment.default import DefaultBackend

        return DefaultBackend()
    if name == "linear":
        from nlp.sentiment.linear import LinearBackend

        if not model:
            raise ModelError("backend 'linear' needs nlp.sentiment.model: a directory written by `yuqing train sentiment`")
        return LinearBackend.load(model)
    if name == "transformers":
        from nlp.sentiment.transformer import TransformersBackend

        if not model:
            raise ModelError("backend 'transformers' needs nlp.sentiment.model: a local model directory")
        return TransformersBackend.load(model, **options)  # type: ignore[arg-type]
    raise ModelError(f"unknown sentiment backend {name!r} (expected default, linear or transformers)")
