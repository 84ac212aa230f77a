"""Bayesian non-parametric latent-class capture–recapture (LCMCR).

The model of Manrique-Vallier (2016, *Biometrics* 72(4), "Bayesian population size
estimation using Dirichlet process mixtures"): each individual belongs to one of
``K`` latent classes; within class ``k`` list ``j`` documents it independently with
probability ``λ_jk``. Class weights follow a stick-breaking (Dirichlet process)
prior truncated at ``K``; ``λ_jk ~ Beta(1, 1)``; the concentration
``α ~ Gamma(a, b)``; and ``p(N) ∝ 1/N``. Heterogeneous capture probabilities are
absorbed by the classes, which list dependence models cannot do.

The Gibbs sampler, one scan:

1. observed cases: each pattern's count is split across the classes by a
   multinomial draw with probabilities ``∝ π_k Π_j λ_jk^x (1-λ_jk)^(1-x)``
   (working on pattern counts, so the cost does not grow with ``N``);
2. the undocumented count, with the latent classes integrated out:
   ``n0 ~ NegativeBinomial(n, 1 - π0)``, ``π0 = Σ_k π_k Π_j (1 - λ_jk)``;
3. the ``n0`` undocumented cases split across classes ``∝ π_k Π_j (1 - λ_jk)``;
4. ``λ_jk ~ Beta(1 + captured in k by j, 1 + not captured in k by j)``, over all
   ``N`` cases;
5. ``V_k ~ Beta(1 + n_k, α + Σ_{h>k} n_h)`` for ``k < K``, ``V_K = 1``;
   ``π_k = V_k Π_{h<k} (1 - V_h)``;
6. ``α ~ Gamma(a + K - 1, rate = b - Σ_{k<K} log(1 - V_k))``.

The total ``N = n + n0`` is recorded after burn-in every ``thin`` scans. The point
estimate is the posterior median, the interval the equal-tailed posterior interval.
The kernel is compiled by Numba (cached on disk after the first call) and seeded:
the same seed and settings give the same draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numba
import numpy as np
import numpy.typing as npt

from paymaan.errors import EstimationError
from paymaan.estimate.diagnostics import chain_diagnostics
from paymaan.estimate.result import Estimate
from paymaan.estimate.table import CountTable

__all__ = ["LcmcrEstimator", "LcmcrSamples", "sample_posterior"]

_TINY = 1e-300


@dataclass(frozen=True)
class LcmcrSamples:
    """Posterior draws of one LCMCR run.

    Attributes:
        total: draws of the population size ``N``.
        alpha: draws of the concentration ``α``.
        occupied: draws of the number of classes holding at least one case.
    """

    total: npt.NDArray[np.int64]
    alpha: npt.NDArray[np.float64]
    occupied: npt.NDArray[np.int64]


@numba.njit(cache=True)
def _allocate(count: int, weights: npt.NDArray[np.float64], out: npt.NDArray[np.int64]) -> None:
    """Multinomial draw of *count* over classes with unnormalized *weights*."""
    remaining_weight = weights.sum()
    remaining = count
    for k in range(weights.shape[0]):
        out[k] = 0
    for k in range(weights.shape[0]):
        if remaining == 0:
            break
        if k == weights.shape[0] - 1:
            out[k] = remaining
            break
        share = weights[k] / remaining_weight if remaining_weight > 0 else 0.0
        share = min(max(share, 0.0), 1.0)
        drawn = np.random.binomial(remaining, share) if share > 0.0 else 0
        out[k] = drawn
        remaining -= drawn
        remaining_weight -= weights[k]


@numba.njit(cache=True)
def _log_weights(
    pattern: npt.NDArray[np.int64],
    lam: npt.NDArray[np.float64],
    pi: npt.NDArray[np.float64],
    out: npt.NDArray[np.float64],
) -> None:
    """Class weights of one pattern in log space, for when the products underflow."""
    top = -np.inf
    for k in range(out.shape[0]):
        s = math.log(max(pi[k], _TINY))
        for j in range(pattern.shape[0]):
            s += math.log(max(lam[j, k] if pattern[j] else 1.0 - lam[j, k], _TINY))
        out[k] = s
        top = max(top, s)
    for k in range(out.shape[0]):
        out[k] = math.exp(out[k] - top)


@numba.njit(cache=True)
def _gibbs(
    patterns: npt.NDArray[np.int64],
    counts: npt.NDArray[np.int64],
    n_classes: int,
    prior_a: float,
    prior_b: float,
    burn_in: int,
    n_samples: int,
    thin: int,
    seed: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """The Gibbs sampler of the module docstring; returns draws of N, α and occupied classes."""
    np.random.seed(seed)
    n_patterns, n_lists = patterns.shape
    n = counts.sum()
    lam = np.empty((n_lists, n_classes))
    for j in range(n_lists):
        for k in range(n_classes):
            lam[j, k] = np.random.beta(1.0, 1.0)
    alpha = 1.0
    pi = np.full(n_classes, 1.0 / n_classes)
    weights = np.empty(n_classes)
    alloc = np.empty(n_classes, dtype=np.int64)
    class_n = np.empty(n_classes, dtype=np.int64)
    class_x = np.empty((n_lists, n_classes), dtype=np.int64)
    out_total = np.empty(n_samples, dtype=np.int64)
    out_alpha = np.empty(n_samples)
    out_occupied = np.empty(n_samples, dtype=np.int64)
    odds = np.empty((n_lists, n_classes))
    missed_by_all = np.empty(n_classes)
    total_scans = burn_in + n_samples * thin
    for scan in range(total_scans):
        # P(pattern | class) = P(missed by all | class) * prod over its lists of the
        # odds λ/(1-λ): products instead of logs and exps, the costliest part of a scan.
        for k in range(n_classes):
            m = pi[k]
            for j in range(n_lists):
                lam_jk = min(max(lam[j, k], _TINY), 1.0 - 1e-12)
                odds[j, k] = lam_jk / (1.0 - lam_jk)
                m *= 1.0 - lam_jk
            missed_by_all[k] = m
        class_n[:] = 0
        class_x[:, :] = 0
        # 1. split each observed pattern's count across the classes
        for p in range(n_patterns):
            if counts[p] == 0:
                continue
            total_weight = 0.0
            for k in range(n_classes):
                w = missed_by_all[k]
                for j in range(n_lists):
                    if patterns[p, j]:
                        w *= odds[j, k]
                weights[k] = w
                total_weight += w
            if not (total_weight > 0.0 and total_weight < np.inf):
                _log_weights(patterns[p], lam, pi, weights)
            _allocate(counts[p], weights, alloc)
            for k in range(n_classes):
                class_n[k] += alloc[k]
                if alloc[k]:
                    for j in range(n_lists):
                        if patterns[p, j]:
                            class_x[j, k] += alloc[k]
        # 2. undocumented count, classes integrated out; 3. their classes
        missed = 0.0
        for k in range(n_classes):
            weights[k] = missed_by_all[k]
            missed += weights[k]
        missed = min(missed, 1.0 - 1e-12)
        n0 = np.random.negative_binomial(n, 1.0 - missed) if missed > 0 else 0
        _allocate(n0, weights, alloc)
        for k in range(n_classes):
            class_n[k] += alloc[k]
        # 4. capture probabilities
        for j in range(n_lists):
            for k in range(n_classes):
                lam[j, k] = np.random.beta(1.0 + class_x[j, k], 1.0 + class_n[k] - class_x[j, k])
        # 5. stick-breaking weights; 6. concentration
        above = n + n0
        rest = 1.0
        log_rest = 0.0
        for k in range(n_classes - 1):
            above -= class_n[k]
            v = np.random.beta(1.0 + class_n[k], alpha + above)
            v = min(v, 1.0 - 1e-12)
            pi[k] = rest * v
            rest *= 1.0 - v
            log_rest += math.log(1.0 - v)
        pi[n_classes - 1] = rest
        alpha = np.random.gamma(prior_a + n_classes - 1, 1.0 / (prior_b - log_rest))
        alpha = max(alpha, 1e-10)
        if scan >= burn_in and (scan - burn_in) % thin == thin - 1:
            i = (scan - burn_in) // thin
            out_total[i] = n + n0
            out_alpha[i] = alpha
            occupied = 0
            for k in range(n_classes):
                if class_n[k] > 0:
                    occupied += 1
            out_occupied[i] = occupied
    return out_total, out_alpha, out_occupied


def sample_posterior(
    table: CountTable,
    k: int = 10,
    burn_in: int = 10_000,
    samples: int = 1_000,
    thin: int = 100,
    a: float = 0.25,
    b: float = 0.25,
    seed: int = 0,
) -> LcmcrSamples:
    """Run the LCMCR Gibbs sampler on *table* and return the posterior draws.

    Args:
        table: the capture-pattern counts.
        k: truncation: the most latent classes.
        burn_in: scans discarded before recording.
        samples: draws recorded.
        thin: scans between recorded draws.
        a, b: shape and rate of the Gamma prior on the concentration ``α``.
        seed: random seed; the same seed gives the same draws.

    Returns:
        The draws.

    Raises:
        EstimationError: no documented case, or fewer than two lists.

    Example:
        >>> t = CountTable.from_patterns(["A", "B"], {(1, 0): 30, (0, 1): 20, (1, 1): 10})
        >>> len(sample_posterior(t, burn_in=100, samples=50, thin=2).total)
        50
    """
    if table.k < 2 or table.observed == 0:
        raise EstimationError(
            f"{table.label()}: LCMCR needs two or more lists and at least one documented case."
        )
    if min(k, samples, thin) < 1 or burn_in < 0:
        raise EstimationError("LCMCR settings: K, samples and thin must be ≥ 1, burn-in ≥ 0.")
    patterns = table.patterns()[1:].astype(np.int64)
    counts = table.counts[1:].astype(np.int64)
    keep = counts > 0
    total, alpha, occupied = _gibbs(
        np.ascontiguousarray(patterns[keep]),
        np.ascontiguousarray(counts[keep]),
        k,
        float(a),
        float(b),
        burn_in,
        samples,
        thin,
        seed % (2**32),
    )
    return LcmcrSamples(total, alpha, occupied)


@dataclass(frozen=True)
class LcmcrEstimator:
    """LCMCR estimate: posterior median of ``N`` and its equal-tailed interval.

    Attributes:
        k: truncation (most latent classes); a warning is given when the sampler
            often fills every class.
        burn_in, samples, thin: chain length (``burn_in + samples * thin`` scans).
        a, b: Gamma prior on the concentration (the paper's defaults 0.25, 0.25).
        seed: random seed.
        level: the interval's nominal coverage.

    Example:
        >>> t = CountTable.from_patterns(["A", "B", "C"], {(1, 0, 0): 30, (0, 1, 0): 20,
        ...     (0, 0, 1): 25, (1, 1, 0): 10, (1, 0, 1): 12, (0, 1, 1): 8, (1, 1, 1): 4})
        >>> e = LcmcrEstimator(burn_in=500, samples=200, thin=5, seed=1).fit(t)
        >>> e.lower <= e.estimate <= e.upper
        True
    """

    k: int = 10
    burn_in: int = 10_000
    samples: int = 1_000
    thin: int = 100
    a: float = 0.25
    b: float = 0.25
    seed: int = 0
    level: float = 0.95
    method: ClassVar[str] = "lcmcr"

    def fit(self, table: CountTable) -> Estimate:
        """Sample the posterior of *table*'s total and summarize it.

        Raises:
            EstimationError: no documented case, or fewer than two lists.
        """
        draws = sample_posterior(
            table, self.k, self.burn_in, self.samples, self.thin, self.a, self.b, self.seed
        )
        total = draws.total.astype(np.float64)
        tail = (1 - self.level) / 2
        lower, median, upper = np.quantile(total, [tail, 0.5, 1 - tail])
        diagnostics = chain_diagnostics(total)
        diagnostics["alpha_mean"] = round(float(draws.alpha.mean()), 4)
        diagnostics["occupied_classes_mean"] = round(float(draws.occupied.mean()), 3)
        diagnostics["occupied_classes_max"] = int(draws.occupied.max())
        settings = {
            "name": f"LCMCR K={self.k}",
            "k": self.k,
            "burn_in": self.burn_in,
            "samples": self.samples,
            "thin": self.thin,
            "a": self.a,
            "b": self.b,
            "seed": self.seed,
        }
        return Estimate(
            method=self.method,
            stratum=dict(table.stratum),
            lists=table.lists,
            observed=table.observed,
            estimate=float(median),
            lower=float(lower),
            upper=float(upper),
            level=self.level,
            models=(settings,),
            diagnostics=diagnostics,
            warnings=self._warnings(table, diagnostics, draws),
        )

    def _warnings(
        self, table: CountTable, diagnostics: dict[str, float | int], draws: LcmcrSamples
    ) -> tuple[str, ...]:
        notes = list(table.notes)
        if table.observed < 50:
            notes.append(f"only {table.observed} cases documented: estimates are unstable")
        if table.k < 3:
            notes.append("fewer than three lists: the latent classes are barely identified")
        if diagnostics["ess"] < 100:
            notes.append(f"effective sample size {diagnostics['ess']:.0f} < 100: run longer")
        if diagnostics["split_rhat"] > 1.05:
            notes.append(f"split R-hat {diagnostics['split_rhat']:.3f} > 1.05: not converged")
        if abs(diagnostics["geweke_z"]) > 3:
            notes.append("Geweke |z| > 3: the start and end of the chain disagree; run longer")
        if float(draws.occupied.mean()) > 0.8 * self.k:
            notes.append(f"most of the {self.k} latent classes are in use: raise K")
        return tuple(notes)
