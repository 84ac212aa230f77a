"""Profile-likelihood intervals for the total, for one model or averaged over models.

For a candidate total ``N`` the model is refitted to the complete table with
``N - n`` in the missing cell; the multinomial log-likelihood of ``N`` (Cormack
1992) is that Poisson fit's log-likelihood less ``log Poisson(N; N)``. The interval
holds the totals whose signed likelihood root is within ``±z``. Model-averaged
intervals use the model-averaged tail-area (MATA) construction of Fletcher and Turek
(2012) with the same signed roots.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import optimize, special

from paymaan.estimate.models import (
    _MAX_COEFFICIENT,
    FloatArray,
    ModelFit,
    _irls,
    _NotEstimable,
    design_matrix,
)
from paymaan.estimate.table import CountTable

__all__ = ["profile_interval"]

_UPPER_CAP = 1e4  # search for an upper limit up to this many times the documented count


class _Profile:
    """The multinomial profile log-likelihood of the total N under one model."""

    def __init__(self, table: CountTable, fit: ModelFit) -> None:
        self.n = float(table.observed)
        self.x = design_matrix(table.k, fit.terms)
        self.y = table.counts.astype(np.float64)
        # Coefficients of a boundary (extended) MLE are huge: a poor warm start.
        fine = np.max(np.abs(fit.coefficients)) < _MAX_COEFFICIENT
        self.beta: FloatArray | None = fit.coefficients.copy() if fine else None
        self.lgamma_obs = float(special.gammaln(self.y[1:] + 1).sum())
        self.best_total, self.best = self._maximum(fit.total)

    def loglik(self, total: float) -> float:
        y = self.y.copy()
        y[0] = max(total - self.n, 0.0)
        try:
            beta, kernel = _irls(self.x, y, self.beta)
        except _NotEstimable:
            try:  # a warm start at a boundary fit can be far off: start afresh
                beta, kernel = _irls(self.x, y)
            except _NotEstimable:
                return -math.inf
        self.beta = beta
        poisson = kernel - self.lgamma_obs - float(special.gammaln(y[0] + 1))
        # Poisson = multinomial x Poisson(N; N) at the MLE, so remove the latter.
        return poisson - (total * math.log(total) - total - float(special.gammaln(total + 1)))

    def _maximum(self, start: float) -> tuple[float, float]:
        # Search log(N - n): no boundary at N = n, and an unbounded likelihood stops at
        # the cap instead of overflowing.
        n0 = max(start - self.n, 1e-12)
        result = optimize.minimize_scalar(
            lambda t: -self.loglik(self.n + math.exp(t)),
            bounds=(math.log(n0) - 30.0, math.log(_UPPER_CAP * 10 * max(self.n, 1.0))),
            method="bounded",
            options={"xatol": 1e-7},
        )
        candidates = [self.n + math.exp(float(result.x)), max(start, self.n)]
        values = [self.loglik(c) for c in candidates]
        best = int(np.argmax(values))
        return candidates[best], values[best]

    def signed_root(self, total: float) -> float:
        drop = self.best - self.loglik(total)
        drop = max(drop, 0.0) if math.isfinite(drop) else math.inf
        return math.copysign(math.sqrt(2 * drop), total - self.best_total)


def profile_interval(
    table: CountTable, fits: Sequence[ModelFit], weights: Sequence[float], level: float = 0.95
) -> tuple[float, float]:
    """A profile-likelihood interval for N, model-averaged over *fits* by *weights*.

    With one model this is the profile-likelihood interval: the totals whose signed
    likelihood root lies within ``±z``. With several it is the model-averaged
    tail-area interval: the lower limit ``L`` solves ``Σ w_m Φ(r_m(L)) = (1-level)/2``.

    Args:
        table: the counts.
        fits: the models' fits.
        weights: their weights (normalized here).
        level: nominal coverage.

    Returns:
        ``(lower, upper)``; ``upper`` is ``math.inf`` when the likelihood never falls
        far enough (the lists overlap too little to bound the total).

    Example:
        >>> from paymaan.estimate.models import fit_model
        >>> t = CountTable.from_patterns(["A", "B"], {(1, 0): 300, (0, 1): 200, (1, 1): 100})
        >>> low, high = profile_interval(t, [fit_model(t, [])], [1.0])
        >>> bool(low < 1200 < high)
        True
    """
    w = np.asarray(weights, dtype=np.float64)
    w = w / w.sum()
    profiles = [_Profile(table, f) for f in fits]
    tail = (1 - level) / 2

    def mass_below(total: float) -> float:
        # Φ(r) = erfc(-r/√2)/2, much cheaper than scipy's norm.cdf per call.
        return float(
            sum(
                wi * 0.5 * math.erfc(-p.signed_root(total) / math.sqrt(2))
                for wi, p in zip(w, profiles, strict=True)
            )
        )

    n = float(table.observed)
    centre = float(sum(wi * p.best_total for wi, p in zip(w, profiles, strict=True)))

    def limit(target: float) -> float:
        if mass_below(n) >= target:
            return n
        low, high = n, max(centre, n + 1.0)
        while mass_below(high) < target:
            if high > _UPPER_CAP * max(n, 1.0):
                return math.inf
            low, high = high, high * 2
        return float(optimize.brentq(lambda t: mass_below(t) - target, low, high, xtol=1e-4))

    return limit(tail), limit(1 - tail)
