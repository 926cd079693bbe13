"""A second reader for calls: character n-grams of the whole post, fitted on the labelled sets.

The rules (cues.py, detector.py) are exact about what they know and blind to phrasings nobody wrote
down: a blind set of calls written by people who never saw the code is missed mostly where no cue
word fires at all ("就这么定了，明天下午2点整，东关街道办，谁不来谁就等着钱打水漂吧"). A char 1–3-gram TF-IDF
logistic regression over the same labelled sets reads such posts by their overall shape. Alone it
also fires on everyday talk ("一起去踩雨"), so the detector asks it only as a second opinion, on short
posts that the rules' own negative filters (news, notices, letters, one person's plan, pastimes) let
through and that speak to people about money lost (detector._rescued).

Fitted with scikit-learn when the resource is rebuilt; scored in plain Python (a few dict lookups
per character), so the runtime needs no model library:

    python -m nlp.organizing.textmodel tests/fixtures/nlp/organizing_*.jsonl \\
        tests/fixtures/nlp/call_background.jsonl > nlp/resources/organizing_text.json
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from nlp.errors import ResourceError
from nlp.normalize import normalize

NGRAMS = (1, 3)
MIN_DF = 2  # a gram seen in one post only teaches that post
REGULARIZATION_C = 4.0
_SPACES = re.compile(r"\s\s+")


@dataclass(frozen=True, slots=True)
class TextCallModel:
    """P(call | text) from char n-grams: sublinear TF × IDF, L2-normalized, then a logistic layer."""

    bias: float
    terms: Mapping[str, tuple[float, float]] = field(repr=False)  # gram → (idf, weight)

    def probability(self, text: str) -> float:
        """`text` is normalized already (as the detector's input is)."""
        terms = self.terms
        text = _SPACES.sub(" ", text)
        n = len(text)
        lo, hi = NGRAMS
        # only grams the model knows count; most grams of a post are unknown, so filter before counting
        counts = Counter([g for k in range(lo, hi + 1) for i in range(n - k + 1) if (g := text[i:i + k]) in terms])
        norm2 = 0.0
        z = 0.0
        for gram, tf in counts.items():
            idf, weight = terms[gram]
            value = idf if tf == 1 else (1.0 + math.log(tf)) * idf
            norm2 += value * value
            z += value * weight
        if norm2 > 0.0:
            z /= math.sqrt(norm2)
        z += self.bias
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def to_dict(self) -> dict[str, object]:
        return {"bias": self.bias, "ngrams": list(NGRAMS),
                "terms": {g: [round(idf, 4), round(w, 4)] for g, (idf, w) in sorted(self.terms.items())}}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> TextCallModel:
        terms = data["terms"]
        if not isinstance(terms, dict) or list(data.get("ngrams", NGRAMS)) != list(NGRAMS):  # type: ignore[call-overload]
            raise ValueError("terms must be an object and ngrams must be [1, 3]")
        return cls(bias=float(data["bias"]),  # type: ignore[arg-type]
                   terms={str(g): (float(v[0]), float(v[1])) for g, v in terms.items()})


def fit(records: Iterable[Mapping[str, object]], c: float = REGULARIZATION_C) -> TextCallModel:
    """Fit on labelled records ({text, is_call}); texts are normalized the way the detector sees them."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = list(records)
    texts = [normalize(str(r["text"])) for r in rows]
    labels = [int(bool(r["is_call"])) for r in rows]
    # the same features as TextCallModel.probability computes: lowercase off (normalize did it)
    vec = TfidfVectorizer(analyzer="char", ngram_range=NGRAMS, sublinear_tf=True, min_df=MIN_DF, lowercase=False)
    x = vec.fit_transform(texts)
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(x, labels)
    vocab = vec.get_feature_names_out()
    return TextCallModel(bias=float(model.intercept_[0]),
                         terms={str(g): (float(v), float(w)) for g, v, w in zip(vocab, vec.idf_, model.coef_[0], strict=True)})


@lru_cache(maxsize=1)
def load_text_model() -> TextCallModel:
    """The packaged model (resources/organizing_text.json)."""
    try:
        data = json.loads(resources.files("nlp.resources").joinpath("organizing_text.json").read_text("utf-8"))
        return TextCallModel.from_dict(data)
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise ResourceError(f"organizing_text.json is missing or malformed: {exc}") from exc


def _main(paths: Sequence[str]) -> None:
    records = [json.loads(line) for p in paths for line in open(p, encoding="utf-8") if line.strip()]
    out = fit(records).to_dict()
    out["fitted_on"] = [p.rsplit("/", 1)[-1] for p in paths]
    json.dump(out, sys.stdout, ensure_ascii=False, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    _main(sys.argv[1:])
