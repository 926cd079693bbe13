"""Second stage of the ``linear`` backend: its n-gram score blended with the default backend's lexicon layers.

The n-gram model only knows words seen in the desk's training posts; the lexicons (mood, finance risk,
SnowNLP prior) know many it never saw. A small logistic regression on [n-gram logit, lexicon features]
is fitted on out-of-fold n-gram logits, so it learns how far to trust each on the desk's own data, and
is kept only when cross-validation says the blend beats the n-gram model alone. Its output is a
probability fitted on held-out scores (calibrated, not just ranked).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from nlp.sentiment import SentimentInput
from nlp.sentiment.default import FEATURES, DefaultBackend

INPUTS = ("linear_logit", *FEATURES)
BLEND_C = 1.0  # nine inputs and thousands of posts: regularization hardly matters; 1.0 is sklearn's default


@dataclass(frozen=True, slots=True)
class Blend:
    """logit = bias + weights · (n-gram logit, default backend's features in FEATURES order)."""

    weights: tuple[float, ...]
    bias: float

    def logit(self, linear_logit: np.ndarray, features: np.ndarray) -> np.ndarray:
        w = np.asarray(self.weights, dtype=np.float64)
        return np.asarray(self.bias + linear_logit * w[0] + features @ w[1:])

    def to_json(self) -> dict[str, object]:
        return {"inputs": list(INPUTS), "weights": [round(v, 6) for v in self.weights], "bias": round(self.bias, 6)}

    @classmethod
    def from_json(cls, raw: Mapping[str, object]) -> Blend:
        """Raises ValueError when the saved inputs are not the ones this code computes."""
        inputs, weights = raw.get("inputs"), raw.get("weights")
        if inputs != list(INPUTS):
            raise ValueError(f"blend inputs {inputs!r} differ from this version's {list(INPUTS)!r}")
        if not isinstance(weights, list) or len(weights) != len(INPUTS):
            raise ValueError("blend weights do not match its inputs")
        return cls(tuple(float(v) for v in weights), float(raw["bias"]))  # type: ignore[arg-type]


def lexicon_features(docs: Sequence[SentimentInput], lexicons: DefaultBackend) -> np.ndarray:
    """The default backend's feature values of each doc, shape (len(docs), len(FEATURES))."""
    rows = [lexicons.features(d)[0] for d in docs]
    return np.asarray(rows, dtype=np.float64).reshape(len(docs), len(FEATURES))


def _model(balanced: bool) -> LogisticRegression:
    return LogisticRegression(C=BLEND_C, max_iter=1000, class_weight="balanced" if balanced else None)


def fit_blend(oof_logit: np.ndarray, features: np.ndarray, y: np.ndarray, folds: int, seed: int,
              balanced: bool) -> tuple[Blend, np.ndarray]:
    """The blend fitted on all out-of-fold logits, and its own cross-validated logits (to judge it by).

    ``oof_logit`` must come from n-gram models that did not see the post (k-fold), else the blend
    would learn to trust an over-fitted score.
    """
    x = np.column_stack([oof_logit, features])
    pred = np.zeros(len(y), dtype=np.float64)
    for tr, te in StratifiedKFold(folds, shuffle=True, random_state=seed + 1).split(x, y):
        pred[te] = _model(balanced).fit(x[tr], y[tr]).decision_function(x[te])
    clf = _model(balanced).fit(x, y)
    blend = Blend(tuple(float(v) for v in clf.coef_.ravel()), float(clf.intercept_[0]))
    return blend, pred
