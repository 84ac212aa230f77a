"""Fitting one log-linear model to capture-pattern counts, and enumerating models.

Each hierarchical log-linear model says which lists depend on each other: the
expected count of pattern ``ω`` is ``exp(β0 + Σ_j βj ωj + Σ_terms βT Π_{j∈T} ωj)``.
Fitted (Poisson GLM, log link) to the ``2**k - 1`` observed cells, the all-zero cell's
expected count is ``exp(β0)``: the cases no list documented. The ``k``-way term is
never included: it is confounded with the missing cell.

Models are fitted by a direct Newton (IRLS) solver compiled with Numba rather than
``statsmodels.GLM``: the fits are tiny (at most 31 cells for 5 lists) and there are
many of them (every hierarchical model, then tens of refits per model for each
profile-likelihood interval), so statsmodels' per-fit overhead (milliseconds)
would dominate; the solver is checked against statsmodels in the tests.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numba
import numpy as np
import numpy.typing as npt
from scipy import special

from paymaan.errors import EstimationError
from paymaan.estimate.table import CountTable

__all__ = [
    "FloatArray",
    "Model",
    "ModelFit",
    "Term",
    "design_matrix",
    "fit_model",
    "hierarchical_models",
    "model_name",
]

Term = tuple[int, ...]
Model = tuple[Term, ...]
FloatArray = npt.NDArray[np.float64]

_MAX_COEFFICIENT = 18.0  # log(missing cell / documented) beyond this: no finite estimate


@dataclass(frozen=True)
class ModelFit:
    """One fitted log-linear model.

    Attributes:
        terms: interaction terms (tuples of list indices); main effects are implied.
        lists: the table's list names (for :attr:`name`).
        n_params: number of parameters (intercept, main effects, interactions).
        loglik: Poisson log-likelihood of the observed cells at the MLE.
        aic, bic: information criteria (BIC with ``log n``, ``n`` the documented count).
        unobserved: estimated number of cases nobody documented, ``exp(β0)``.
        total: ``observed + unobserved``.
        coefficients: the MLE, intercept first.
        min_margin: smallest count behind an interaction term (sparse when small).
    """

    terms: Model
    lists: tuple[str, ...]
    n_params: int
    loglik: float
    aic: float
    bic: float
    unobserved: float
    total: float
    coefficients: FloatArray
    min_margin: int

    @property
    def name(self) -> str:
        """Generating-class notation, e.g. ``[A,B][C]``."""
        return model_name(self.terms, self.lists)


class _NotEstimable(Exception):
    """This model has no finite maximum-likelihood estimate on this table."""


def hierarchical_models(k: int, max_order: int | None = None) -> list[Model]:
    """Every hierarchical model over *k* lists with interactions up to *max_order*.

    A hierarchical model contains every main effect and, with an interaction term,
    every lower-order term inside it. The ``k``-way term is never included.

    Args:
        k: number of lists (at least 2).
        max_order: highest interaction order; default and maximum ``k - 1``.

    Returns:
        The models, each a tuple of interaction terms, independence first.

    Example:
        >>> len(hierarchical_models(3))  # any subset of the three 2-way terms
        8
    """
    top = k - 1 if max_order is None else min(max_order, k - 1)
    models: list[Model] = []

    def extend(chosen: list[Term], below: set[Term], order: int) -> None:
        if order > top:
            models.append(tuple(chosen))
            return
        eligible = [
            t
            for t in itertools.combinations(range(k), order)
            if all(s in below for s in itertools.combinations(t, order - 1))
        ]
        for size in range(len(eligible) + 1):
            for subset in itertools.combinations(eligible, size):
                extend(chosen + list(subset), set(subset), order + 1)

    extend([], {(j,) for j in range(k)}, 2)
    return models


def design_matrix(k: int, terms: Sequence[Term]) -> FloatArray:
    """The ``(2**k, p)`` 0/1 design: intercept, main effects, then *terms*.

    Row ``i`` is capture pattern ``i`` (bit ``j`` = list ``j``); row 0 is the
    unobserved cell, whose only non-zero entry is the intercept.

    Example:
        >>> design_matrix(2, [(0, 1)])[3].tolist()
        [1.0, 1.0, 1.0, 1.0]
    """
    columns = [np.ones(2**k)] + [_term_column(k, (j,)) for j in range(k)]
    columns += [_term_column(k, tuple(t)) for t in terms]
    return np.asarray(np.column_stack(columns), dtype=np.float64)


@functools.lru_cache(maxsize=4096)
def _term_column(k: int, term: Term) -> FloatArray:
    """1.0 in the cells (0..2**k-1) in which every list of *term* is 1; read-only."""
    mask = sum(1 << j for j in term)
    column: FloatArray = np.asarray((np.arange(2**k) & mask) == mask, dtype=np.float64)
    column.flags.writeable = False
    return column


def model_name(terms: Sequence[Term], lists: Sequence[str]) -> str:
    """Generating-class notation: the maximal terms, e.g. ``[A,B][A,C][D]``.

    Example:
        >>> model_name([(0, 1)], ["A", "B", "C"])
        '[A,B][C]'
    """
    all_terms = [(j,) for j in range(len(lists))] + list(terms)
    maximal = [t for t in all_terms if not any(set(t) < set(u) for u in all_terms)]
    maximal.sort(key=lambda t: (t[0], -len(t), t))
    return "".join("[" + ",".join(lists[j] for j in t) + "]" for t in maximal)


def fit_model(table: CountTable, terms: Sequence[Term]) -> ModelFit:
    """Fit one log-linear model to the observed cells of *table*.

    Args:
        table: the capture-pattern counts.
        terms: the model's interaction terms (main effects are always included).

    Returns:
        The fit, with ``unobserved = exp(β0)``.

    Raises:
        EstimationError: the model has no finite estimate on this table (a term whose
            cells are all empty, or lists that never overlap).

    Example:
        >>> t = CountTable.from_patterns(["A", "B"], {(1, 0): 30, (0, 1): 20, (1, 1): 10})
        >>> round(fit_model(t, []).total, 6)  # Lincoln–Petersen: 40 * 30 / 10
        120.0
    """
    try:
        return _fit(table, tuple(terms))
    except _NotEstimable as error:
        raise EstimationError(str(error)) from error


def _fit(table: CountTable, terms: Model) -> ModelFit:
    k = table.k
    y = table.counts[1:].astype(np.float64)
    margins = [int(_term_column(k, t)[1:] @ y) for t in terms]
    if any(m == 0 for m in margins):
        raise _NotEstimable("a term of the model has no documented case behind it")
    x = design_matrix(k, terms)
    beta, kernel = _irls(x[1:], y)
    loglik = kernel - float(special.gammaln(y + 1).sum())
    n_params = x.shape[1]
    unobserved = math.exp(beta[0])
    return ModelFit(
        terms=terms,
        lists=table.lists,
        n_params=n_params,
        loglik=loglik,
        aic=-2 * loglik + 2 * n_params,
        bic=-2 * loglik + n_params * math.log(max(table.observed, 1)),
        unobserved=unobserved,
        total=table.observed + unobserved,
        coefficients=beta,
        min_margin=min(margins, default=table.observed),
    )


def _irls(
    x: FloatArray, y: FloatArray, beta: FloatArray | None = None, max_iter: int = 200
) -> tuple[FloatArray, float]:
    """Newton's method for the Poisson log-linear MLE; returns β and Σ(y·η − μ).

    Where empty cells make the MLE lie at infinity, the likelihood still converges
    and the fitted values with it (the extended MLE); the coefficients driving those
    cells to zero grow without bound and are left large. Only when the missing
    cell's fitted value runs off to infinity is the model not estimable.

    Raises:
        _NotEstimable: the missing cell's estimate is infinite, or the iterations
            do not converge.
    """
    x = np.ascontiguousarray(x, dtype=np.float64)
    y = np.ascontiguousarray(y, dtype=np.float64)
    cap = math.log(max(float(y.sum()), 1.0)) + _MAX_COEFFICIENT
    if beta is None:
        start = np.ascontiguousarray(np.linalg.lstsq(x, np.log(y + 0.5), rcond=None)[0])
    else:
        start = np.ascontiguousarray(beta, dtype=np.float64)
    b, kernel, status = _newton(x, y, start, max_iter, cap)
    if status == 1:
        raise _NotEstimable("the model's estimate of the undocumented cases is infinite")
    if status == 2:
        raise _NotEstimable("the model's estimate does not converge (the table is too sparse)")
    return np.asarray(b, dtype=np.float64), float(kernel)


@numba.njit(cache=True)
def _newton(
    x: FloatArray, y: FloatArray, start: FloatArray, max_iter: int, cap: float
) -> tuple[npt.NDArray[np.floating[Any]], float, int]:
    """Newton iterations with step halving; status 0 done, 1 infinite, 2 no convergence.

    Compiled: a profile interval refits each model tens of times and 5 lists have
    6,893 models, so NumPy's per-call overhead on these tiny arrays would dominate.
    """
    b = start.copy()
    eta = np.minimum(x @ b, 700.0)
    mu = np.exp(eta)
    kernel = float(y @ eta - mu.sum())
    xt = np.ascontiguousarray(x.T)
    for _ in range(max_iter):
        score = xt @ (y - mu)
        info = (xt * mu) @ x
        step, solved = _cholesky_solve(info, score)
        if not solved:
            return b, kernel, 0  # fitted values of empty cells have reached zero
        scale = 1.0
        while True:  # step halving keeps every Newton step an ascent step
            trial = b + scale * step
            eta = np.minimum(x @ trial, 700.0)
            mu_trial = np.exp(eta)
            trial_kernel = float(y @ eta - mu_trial.sum())
            if trial_kernel >= kernel - 1e-10 * (1 + abs(kernel)) or scale < 1e-6:
                break
            scale /= 2
        if not np.isfinite(trial_kernel):
            return b, kernel, 0
        b, mu = trial, mu_trial
        done = abs(trial_kernel - kernel) <= 1e-13 * (1 + abs(kernel))
        kernel = trial_kernel
        if b[0] > cap:
            return b, kernel, 1  # the missing cell runs off to infinity
        if done or np.max(np.abs(scale * step)) < 1e-10:
            if scale * step[0] > 0.1:
                # Converged in likelihood while the intercept still climbs: the
                # missing cell's estimate is infinite (a recession direction).
                return b, kernel, 1
            return b, kernel, 0
    return b, kernel, 2


@numba.njit(cache=True)
def _cholesky_solve(a: FloatArray, rhs: FloatArray) -> tuple[FloatArray, bool]:
    """Solve ``a x = rhs`` for symmetric positive definite ``a``; ``False`` if it is not.

    Hand-written rather than ``np.linalg.solve`` so that Numba compiles it in a
    fraction of the time LAPACK bindings take; the systems have at most 32 unknowns.
    """
    n = a.shape[0]
    lower = np.zeros((n, n))
    for j in range(n):
        pivot = a[j, j]
        for m in range(j):
            pivot -= lower[j, m] * lower[j, m]
        if not pivot > 1e-300:
            return rhs, False
        lower[j, j] = math.sqrt(pivot)
        for i in range(j + 1, n):
            value = a[i, j]
            for m in range(j):
                value -= lower[i, m] * lower[j, m]
            lower[i, j] = value / lower[j, j]
    z = np.empty(n)
    for i in range(n):
        value = rhs[i]
        for m in range(i):
            value -= lower[i, m] * z[m]
        z[i] = value / lower[i, i]
    x = np.empty(n)
    for i in range(n - 1, -1, -1):
        value = z[i]
        for m in range(i + 1, n):
            value -= lower[m, i] * x[m]
        x[i] = value / lower[i, i]
    for i in range(n):
        if not math.isfinite(x[i]):
            return rhs, False
    return x, True
