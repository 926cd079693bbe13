"""Near-duplicate fingerprints: 64-bit SimHash over content tokens.

Copy-paste reposts and lightly edited templates (the same 维权 call pasted into ten groups)
land within a few bits of each other. Token hashes use CRC32 (stable across processes, unlike
Python's salted `hash`) and are cached, so the cost per post is one vectorized sum.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

_CACHE: dict[str, int] = {}
_CACHE_MAX = 500_000
_SKIP = frozenset("的了是在和也就都而及与着或一个我你他她它们这那，。！？、；：“”‘’（）()《》【】…—-·~!?,.;:'\"#@ ")


def _token_hash(tok: str) -> int:
    h = _CACHE.get(tok)
    if h is None:
        data = tok.encode("utf-8")
        h = zlib.crc32(data) | (zlib.crc32(data, 0x9E3779B9) << 32)
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.clear()
        _CACHE[tok] = h
    return h


def simhash(tokens: Sequence[str]) -> int:
    """64-bit SimHash of the content tokens (punctuation and function words skipped)."""
    return simhashes([tokens])[0]


def simhashes(docs: Sequence[Sequence[str]]) -> list[int]:
    """simhash() of each document, the whole batch in a few numpy calls (their cost is per call)."""
    cache = _CACHE  # most tokens were hashed before: look them up without a call
    hashes = [[cache[t] if t in cache else _token_hash(t) for t in tokens if t not in _SKIP] for tokens in docs]
    counts = np.array([len(h) for h in hashes], dtype=np.int64)
    out = [0] * len(docs)  # a document without content tokens has fingerprint 0
    full = np.flatnonzero(counts)
    if not len(full):
        return out
    arr = np.fromiter((h for doc in hashes for h in doc), dtype="<u8", count=int(counts.sum()))
    # Column i holds bit i of each hash (little-endian bytes, each unpacked low bit first).
    bits = np.unpackbits(arr.view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")
    starts = np.cumsum(counts) - counts
    ones = np.add.reduceat(bits, starts[full], axis=0, dtype=np.int32)  # a row of bit counts per document
    mask = ones * 2 > counts[full, None]
    packed = np.packbits(mask[:, ::-1].astype(np.uint8), axis=1).view(">u8")[:, 0]
    for row, value in zip(full.tolist(), packed.tolist(), strict=True):
        out[row] = value
    return out


def to_hex(value: int) -> str:
    return f"{value:016x}"


def distance(a: int | str, b: int | str) -> int:
    """Hamming distance between two fingerprints (ints or 16-digit hex strings)."""
    x = int(a, 16) if isinstance(a, str) else a
    y = int(b, 16) if isinstance(b, str) else b
    return (x ^ y).bit_count()


NEAR_DUPLICATE_BITS = 3  # at most this many differing bits: the same text, lightly edited
