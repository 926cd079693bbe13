"""Small-count statistics for the heat rules: how surprising is x posts when λ were expected?

A Poisson tail behaves where ratios do not: 3 posts where 0.1 are usual is far more surprising
than 330 where 300 are usual, although the first ratio is undefined-ish and the second is 1.1.
"""

from __future__ import annotations

import math


def poisson_sf(x: int, lam: float) -> float:
    """P(X >= x) for X ~ Poisson(lam)."""
    if x <= 0:
        return 1.0
    if lam <= 0:
        return 0.0
    # 1 - P(X <= x-1), summed in log space for stability; exact enough for x up to a few thousand.
    if x > lam + 40 * math.sqrt(lam) + 40:
        return 0.0
    term = math.exp(-lam)
    cdf = term
    for k in range(1, x):
        term *= lam / k
        cdf += term
        if term == 0.0 and k > lam:
            break
    return max(0.0, 1.0 - cdf) if cdf < 0.999999 else _upper_tail(x, lam)


def _upper_tail(x: int, lam: float) -> float:
    """Sum the tail directly when 1 - cdf would lose all precision."""
    log_term = -lam + x * math.log(lam) - math.lgamma(x + 1)
    total, k = 0.0, x
    term = math.exp(log_term)
    while term > 1e-300 and k < x + 10_000:
        total += term
        k += 1
        term *= lam / k
        if term < total * 1e-15:
            break
    return total
