"""Feature counting for the ``linear`` sentiment backend, fast enough for the worker's hot path.

Produces exactly the counts sklearn's vectorizers produce at training time, but vectorized with
numpy over a whole batch (sklearn's analyzers are per-gram Python).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import chain, repeat

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize as l2_rows

_SPACE_RE = re.compile(r"\s")


def words(tokens: Sequence[str]) -> list[str]:
    """Lower-cased tokens without whitespace-only ones; inner spaces become "_" (bigrams use " ").

    One join/lower/split per doc: a per-token Python call costs more than the rest of scoring.
    """
    joined = "\x00".join(tokens).lower()
    if _SPACE_RE.search(joined) is None and "\x00\x00" not in joined and joined[:1] != "\x00" != joined[-1:]:
        return joined.split("\x00") if joined else []
    return [t.replace(" ", "_") for t in joined.split("\x00") if t.strip()]


def word_grams(tokens: Sequence[str]) -> list[str]:
    """Word unigrams and bigrams (joined by a space) of one token list."""
    toks = words(tokens)
    return toks + [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]


_WHITE_RE = re.compile(r"\s\s+")  # as sklearn's char analyzer: runs of whitespace → one space
_BITS = 21  # code points + 1 fit in 21 bits, so a 1–3-gram packs into one int64 without collisions


def gram_keys(grams: Sequence[str]) -> np.ndarray:
    """One int64 per n-gram (n ≤ 3): its code points + 1, 21 bits each, first character highest."""
    lengths = np.fromiter((len(g) for g in grams), dtype=np.int64, count=len(grams))
    cps = np.frombuffer("".join(grams).encode("utf-32-le"), dtype=np.uint32).astype(np.int64) + 1
    starts = np.cumsum(lengths) - lengths
    keys = np.zeros(len(grams), dtype=np.int64)
    for k in range(int(lengths.max(initial=0))):
        has = lengths > k
        keys[has] = (keys[has] << _BITS) | cps[starts[has] + k]
    return keys


class CharCounter:
    """Counts vocabulary char n-grams of a batch with numpy (sklearn's analyzer is per-gram Python).

    Same n-grams as ``TfidfVectorizer(analyzer="char")``: lower-cased, whitespace runs collapsed.
    """

    def __init__(self, vocab: Sequence[str], ngrams: tuple[int, int]) -> None:
        if not 1 <= ngrams[0] <= ngrams[1] <= 3:
            raise ValueError(f"char n-gram range {ngrams} not supported (1 ≤ min ≤ max ≤ 3)")
        self.vocab, self.ngrams = list(vocab), ngrams
        if any(not 1 <= len(g) <= 3 for g in self.vocab):
            raise ValueError("char vocabulary entries must be 1 to 3 characters")
        keys = gram_keys(self.vocab)
        self._order = np.argsort(keys, kind="stable")
        self._keys = keys[self._order]
        if len(keys) > 1 and (np.diff(self._keys) == 0).any():
            raise ValueError("duplicate n-grams in the char vocabulary")

    def counts(self, texts: Sequence[str]) -> sparse.csr_matrix:
        prepped = [_WHITE_RE.sub(" ", t.lower()) for t in texts]
        lengths = np.fromiter((len(t) for t in prepped), dtype=np.int64, count=len(prepped))
        cps = np.frombuffer("".join(prepped).encode("utf-32-le"), dtype=np.uint32).astype(np.int64) + 1
        doc = np.repeat(np.arange(len(prepped)), lengths)
        rows, keys = [], []
        for n in range(self.ngrams[0], self.ngrams[1] + 1):
            m = len(cps) - n + 1
            if m <= 0:
                continue
            key = cps[:m].copy()
            for k in range(1, n):
                key = (key << _BITS) | cps[k:k + m]
            same_doc = doc[:m] == doc[n - 1:n - 1 + m]
            rows.append(doc[:m][same_doc])
            keys.append(key[same_doc])
        shape = (len(prepped), len(self.vocab))
        if not keys or not len(self._keys):
            return sparse.csr_matrix(shape, dtype=np.float32)
        row = np.concatenate(rows)
        # Sorted distinct keys make searchsorted several times faster than raw ones.
        uniq, inverse = np.unique(np.concatenate(keys), return_inverse=True)
        pos = np.minimum(np.searchsorted(self._keys, uniq), len(self._keys) - 1)
        col = np.where(self._keys[pos] == uniq, self._order[pos], -1)[inverse]
        hit = col >= 0
        data = np.ones(int(hit.sum()), dtype=np.float32)
        return sparse.csr_matrix((data, (row[hit], col[hit])), shape=shape)


class WordCounter:
    """Counts vocabulary word uni/bigrams: tokens → ids by one dict lookup, bigrams as id pairs."""

    def __init__(self, vocab: Sequence[str]) -> None:
        self.vocab = list(vocab)
        self._tok: dict[str, int] = {}
        uni: list[tuple[int, int]] = []
        bi: list[tuple[int, int]] = []
        for j, gram in enumerate(self.vocab):
            parts = gram.split(" ")
            if len(parts) > 2 or not all(parts):
                raise ValueError(f"malformed word vocabulary entry {gram!r}")
            ids = [self._tok.setdefault(t, len(self._tok)) for t in parts]
            if len(ids) == 1:
                uni.append((ids[0], j))
            else:
                bi.append((ids[0] * (1 << 32) + ids[1], j))
        if len(uni) + len(bi) != len(set(self.vocab)):
            raise ValueError("duplicate entries in the word vocabulary")
        self._uni_col = np.full(len(self._tok) + 1, -1, dtype=np.int64)  # last slot: unknown token
        for t, j in uni:
            self._uni_col[t] = j
        bi_keys = np.asarray([k for k, _ in bi], dtype=np.int64)
        order = np.argsort(bi_keys, kind="stable")
        self._bi_keys, self._bi_cols = bi_keys[order], np.asarray([j for _, j in bi], dtype=np.int64)[order]

    def counts(self, token_lists: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        get, unknown = self._tok.get, len(self._tok)
        ids = [list(map(get, words(toks), repeat(unknown))) for toks in token_lists]
        flat = np.fromiter(chain.from_iterable(ids), dtype=np.int64)
        doc = np.repeat(np.arange(len(ids)), [len(x) for x in ids])
        cols = self._uni_col[flat]
        rows: list[np.ndarray] = [doc[cols >= 0]]
        col_parts: list[np.ndarray] = [cols[cols >= 0]]
        if len(flat) > 1 and len(self._bi_keys):
            a, b = flat[:-1], flat[1:]
            ok = (doc[:-1] == doc[1:]) & (a != unknown) & (b != unknown)
            key = a[ok] * (1 << 32) + b[ok]
            pos = np.minimum(np.searchsorted(self._bi_keys, key), len(self._bi_keys) - 1)
            hit = self._bi_keys[pos] == key
            rows.append(doc[:-1][ok][hit])
            col_parts.append(self._bi_cols[pos[hit]])
        row, col = np.concatenate(rows), np.concatenate(col_parts)
        data = np.ones(len(row), dtype=np.float32)
        return sparse.csr_matrix((data, (row, col)), shape=(len(token_lists), len(self.vocab)))


def tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear TF × IDF, rows L2-normalized: what TfidfVectorizer computes at fit time."""
    counts = counts.tocsr()
    if counts.shape[1] == 0:
        return counts
    counts.data = 1.0 + np.log(counts.data)
    return l2_rows(counts @ sparse.diags(idf), copy=False)


