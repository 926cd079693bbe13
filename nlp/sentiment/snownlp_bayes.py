"""SnowNLP's sentiment model, scored fast on tokens we already have.

SnowNLP's own `SnowNLP(text).sentiments` re-segments with a pure-Python character tagger
(~270 posts/s). Its classifier is a two-class naive Bayes with add-one smoothing, so the
log-odds of a document is a prior plus a sum of per-word log-ratios: we precompute that table
once from SnowNLP's shipped model file and sum over jieba tokens. The `snownlp` package itself
is never imported (importing it loads every SnowNLP model, ~400 MB).
"""

from __future__ import annotations

import gzip
import marshal
import math
from collections.abc import Sequence
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from nlp.errors import ResourceError


def _snownlp_dir() -> Path:
    spec = find_spec("snownlp")
    if spec is None or not spec.submodule_search_locations:
        raise ResourceError("snownlp is not installed; `pip install snownlp`")
    return Path(next(iter(spec.submodule_search_locations)))


class SnowBayes:
    """Log-odds of 'negative' under SnowNLP's sentiment model."""

    def __init__(self, model_file: Path | None = None, stopwords_file: Path | None = None) -> None:
        base = _snownlp_dir()
        model_file = model_file or base / "sentiment" / "sentiment.marshal.3"
        stopwords_file = stopwords_file or base / "normal" / "stopwords.txt"
        try:
            with gzip.open(model_file, "rb") as fh:
                data = marshal.loads(fh.read())
            stop = stopwords_file.read_text("utf-8").split()
        except (OSError, ValueError, EOFError) as exc:
            raise ResourceError(f"cannot read SnowNLP model {model_file}: {exc}") from exc
        neg, pos = data["d"]["neg"], data["d"]["pos"]
        n_tot, p_tot = float(neg["total"]), float(pos["total"])
        self.prior = math.log(n_tot) - math.log(p_tot)
        # An unseen word has count `none` (1) in both classes.
        self.unseen = math.log(neg["none"] / n_tot) - math.log(pos["none"] / p_tot)
        table: dict[str, float] = {}
        for word in set(neg["d"]) | set(pos["d"]):
            cn = neg["d"].get(word, neg["none"])
            cp = pos["d"].get(word, pos["none"])
            table[word] = math.log(cn / n_tot) - math.log(cp / p_tot)
        self.table = table
        self.stopwords = frozenset(stop)

    def log_odds(self, tokens: Sequence[str]) -> float:
        """log P(neg|tokens) - log P(pos|tokens), as SnowNLP's classifier computes it."""
        get, unseen, stop = self.table.get, self.unseen, self.stopwords
        total = self.prior
        for tok in tokens:
            if tok not in stop:
                total += get(tok, unseen)
        return total

    def negative(self, tokens: Sequence[str]) -> float:
        z = self.log_odds(tokens)
        if z > 35:
            return 1.0
        if z < -35:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=1)
def shared_model() -> SnowBayes:
    """One copy per process: the table holds ~150k words."""
    return SnowBayes()
