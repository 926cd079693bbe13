"""The organizing detector's weights: fitted, not hand-set.

The rules in cues.py / detector.py turn a post into a few dozen evidence and context features;
a logistic regression over those features, fitted on the project's labelled fixture sets
(tests/fixtures/nlp/organizing_*.jsonl, sets a–n written independently), gives the weights in
resources/organizing_weights.json. Regenerate after changing the cues:

    python -m nlp.organizing.weights tests/fixtures/nlp/organizing_*.jsonl > nlp/resources/organizing_weights.json

The test suite re-fits leaving one set out at a time and checks the held-out set, so a change
that only memorises the fixtures shows up there.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import resources

from nlp.errors import ResourceError

REGULARIZATION_C = 1.0


@lru_cache(maxsize=1)
def load_weights() -> tuple[float, dict[str, float]]:
    """(bias, weight per feature) from the packaged resource."""
    try:
        data = json.loads(resources.files("nlp.resources").joinpath("organizing_weights.json").read_text("utf-8"))
        return float(data["bias"]), {str(k): float(v) for k, v in data["weights"].items()}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ResourceError(f"organizing_weights.json is missing or malformed: {exc}") from exc


def fit(examples: Sequence[tuple[Mapping[str, float], bool]], c: float = REGULARIZATION_C) -> dict[str, object]:
    """Logistic regression over feature dicts; returns {"bias", "weights", "n"} for the resource."""
    from sklearn.linear_model import LogisticRegression

    names = sorted({k for feats, _y in examples for k in feats})
    x = [[feats.get(k, 0.0) for k in names] for feats, _y in examples]
    y = [int(label) for _f, label in examples]
    model = LogisticRegression(C=c, max_iter=5000).fit(x, y)
    return {
        "bias": round(float(model.intercept_[0]), 4),
        "weights": {k: round(float(w), 4) for k, w in zip(names, model.coef_[0], strict=True)},
        "n": len(examples),
    }


def features_of(records: Iterable[Mapping[str, object]]) -> list[tuple[dict[str, float], bool]]:
    """Feature dicts and labels for labelled fixture records ({text, published_at, is_call})."""
    from datetime import datetime

    from nlp.normalize import normalize
    from nlp.organizing.detector import OrganizingDetector

    detector = OrganizingDetector()
    out = []
    for rec in records:
        published = datetime.fromisoformat(str(rec["published_at"]))
        feats = detector.features(normalize(str(rec["text"])), published)
        out.append((feats, bool(rec["is_call"])))
    return out


def _main(paths: Sequence[str]) -> None:
    records = [json.loads(line) for p in paths for line in open(p, encoding="utf-8") if line.strip()]
    result = fit(features_of(records))
    json.dump({**result, "fitted_on": [p.rsplit("/", 1)[-1] for p in paths]}, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    _main(sys.argv[1:])
