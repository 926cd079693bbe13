"""Near-duplicate fingerprints: 64-bit SimHash over content tokens.

Copy-paste reposts and lightly edited templates (the same 维权 call pasted into ten groups)
land within a few bits of each other. Token hashes use CRC32 (stable across processes, unlike
Python's salted `hash`) and are cached, so the cost per post is one vectorized sum.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

_SHIFTS = np.arange(64, dtype=np.uint64)
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
    hashes = [_token_hash(t) for t in tokens if t not in _SKIP]
    if not hashes:
        return 0
    arr = np.fromiter(hashes, dtype=np.uint64, count=len(hashes))
    bits = (arr[:, None] >> _SHIFTS) & np.uint64(1)
    ones = bits.sum(axis=0)
    mask = ones * 2 > len(hashes)
    return int(np.packbits(mask[::-1].astype(np.uint8)).view(">u8")[0])


def to_hex(value: int) -> str:
    return f"{value:016x}"


def distance(a: int | str, b: int | str) -> int:
    """Hamming distance between two fingerprints (ints or 16-digit hex strings)."""
    x = int(a, 16) if isinstance(a, str) else a
    y = int(b, 16) if isinstance(b, str) else b
    return (x ^ y).bit_count()


NEAR_DUPLICATE_BITS = 3  # at most this many differing bits: the same text, lightly edited
