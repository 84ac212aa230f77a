"""Convergence diagnostics for a Markov chain's draws of one quantity.

- **Effective sample size** (ESS): ``n / (1 + 2 Σ ρ_t)`` with the autocorrelations
  summed by Geyer's initial positive sequence (pairs of lags while their sum is
  positive), computed by FFT.
- **Geweke z**: the mean of the first 10% against the mean of the last 50%, each
  with its variance estimated through its own ESS; |z| > 2–3 suggests the chain had
  not settled.
- **Split R̂** (Gelman et al.): the chain split into two halves treated as two
  chains; values above about 1.01–1.05 suggest it had not converged.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

__all__ = [
    "autocorrelation",
    "chain_diagnostics",
    "effective_sample_size",
    "geweke_z",
    "split_rhat",
]

FloatArray = npt.NDArray[np.float64]


def autocorrelation(draws: FloatArray) -> FloatArray:
    """Autocorrelations of *draws* at lags ``0 … n-1`` (lag 0 is 1; constant: all 0).

    Example:
        >>> float(autocorrelation(np.array([1.0, 2.0, 1.0, 2.0]))[0])
        1.0
    """
    x = np.asarray(draws, dtype=np.float64) - np.mean(draws)
    n = len(x)
    size = 1 << (2 * n - 1).bit_length()
    spectrum = np.fft.rfft(x, size)
    acov = np.fft.irfft(spectrum * np.conjugate(spectrum), size)[:n]
    if acov[0] <= 0:
        out = np.zeros(n)
        out[0] = 1.0
        return out
    return np.asarray(acov / acov[0], dtype=np.float64)


def effective_sample_size(draws: FloatArray) -> float:
    """Effective sample size by Geyer's initial positive sequence.

    Example:
        >>> round(effective_sample_size(np.random.default_rng(0).normal(size=2000)) / 2000, 1)
        1.0
    """
    n = len(draws)
    if n < 4:
        return float(n)
    rho = autocorrelation(draws)
    if rho[0] == 0:
        return float(n)
    total = -1.0  # Σ over pairs counts lag 0 twice in "1 + 2 Σ_{t≥1} ρ_t"
    for t in range(0, n - 1, 2):
        pair = rho[t] + rho[t + 1]
        if pair <= 0:
            break
        total += 2 * pair
    return float(min(n / max(total, 1e-12), n * math.log10(n)))


def geweke_z(draws: FloatArray, first: float = 0.1, last: float = 0.5) -> float:
    """Geweke's z: the first *first* of the chain against the last *last*.

    Example:
        >>> abs(geweke_z(np.random.default_rng(1).normal(size=1000))) < 3
        True
    """
    n = len(draws)
    a = np.asarray(draws[: max(int(first * n), 2)], dtype=np.float64)
    b = np.asarray(draws[n - max(int(last * n), 2) :], dtype=np.float64)
    var = a.var() / effective_sample_size(a) + b.var() / effective_sample_size(b)
    if var <= 0:
        return 0.0
    return float((a.mean() - b.mean()) / math.sqrt(var))


def split_rhat(draws: FloatArray) -> float:
    """Potential scale reduction with the chain split in two halves.

    Example:
        >>> round(split_rhat(np.random.default_rng(2).normal(size=1000)), 2)
        1.0
    """
    half = len(draws) // 2
    chains = np.vstack([draws[:half], draws[half : 2 * half]]).astype(np.float64)
    within = chains.var(axis=1, ddof=1).mean()
    if within <= 0:
        return 1.0
    between = half * chains.mean(axis=1).var(ddof=1)
    pooled = (half - 1) / half * within + between / half
    return float(math.sqrt(pooled / within))


def chain_diagnostics(draws: FloatArray) -> dict[str, float | int]:
    """Trace summary and convergence figures of one chain, rounded for reports.

    Returns:
        ``mean, sd, q025, q975, min, max, ess, geweke_z, split_rhat, draws``.

    Example:
        >>> chain_diagnostics(np.arange(100.0))["draws"]
        100
    """
    x = np.asarray(draws, dtype=np.float64)
    return {
        "draws": len(x),
        "mean": round(float(x.mean()), 3),
        "sd": round(float(x.std(ddof=1)), 3) if len(x) > 1 else 0.0,
        "q025": round(float(np.quantile(x, 0.025)), 3),
        "q975": round(float(np.quantile(x, 0.975)), 3),
        "min": round(float(x.min()), 3),
        "max": round(float(x.max()), 3),
        "ess": round(effective_sample_size(x), 1),
        "geweke_z": round(geweke_z(x), 3),
        "split_rhat": round(split_rhat(x), 4),
    }
