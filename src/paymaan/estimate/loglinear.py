"""Log-linear multiple systems estimation: every hierarchical model, weighted.

For up to 5 lists every hierarchical log-linear model is fitted
(:mod:`paymaan.estimate.models`); beyond that a greedy search. Models are weighted
by AIC or BIC; the estimate is the best model's or the weighted average, with a
profile-likelihood interval (:mod:`paymaan.estimate.profile`).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import ClassVar, Literal

import numpy as np
from scipy import stats

from paymaan.errors import EstimationError
from paymaan.estimate.models import (
    _MAX_COEFFICIENT,
    Model,
    ModelFit,
    Term,
    _fit,
    _NotEstimable,
    design_matrix,
    hierarchical_models,
)
from paymaan.estimate.profile import profile_interval
from paymaan.estimate.result import Estimate
from paymaan.estimate.table import CountTable

__all__ = ["LogLinearEstimator", "stepwise_models"]

_INTERVAL_MODELS = 50  # most models carried into a model-averaged interval


def stepwise_models(
    table: CountTable, criterion: Literal["aic", "bic"], max_order: int = 2
) -> list[ModelFit]:
    """Greedy hierarchical search from independence, for tables with many lists.

    At each step every model one term away (adding a term whose lower-order terms
    are present, or removing a maximal term) is fitted; the search moves to the best
    by *criterion* while it improves. Every model fitted is returned.
    """
    k = table.k
    fitted: dict[frozenset[Term], ModelFit | None] = {}

    def get(model: frozenset[Term]) -> ModelFit | None:
        if model not in fitted:
            try:
                fitted[model] = _fit(table, tuple(sorted(model, key=lambda t: (len(t), t))))
            except _NotEstimable:
                fitted[model] = None
        return fitted[model]

    current: frozenset[Term] = frozenset()
    best = get(current)
    if best is None:
        raise EstimationError("not even the independence model can be fitted to this table")
    while True:
        present = current | {(j,) for j in range(k)}
        neighbours = [
            current | {t}
            for order in range(2, min(max_order, k - 1) + 1)
            for t in itertools.combinations(range(k), order)
            if t not in current and all(s in present for s in itertools.combinations(t, order - 1))
        ]
        neighbours += [current - {t} for t in current if not any(set(t) < set(u) for u in current)]
        candidates = [(f, m) for m in neighbours if (f := get(m)) is not None]
        if not candidates:
            break
        fit, model = min(candidates, key=lambda c: _score(c[0], criterion))
        if _score(fit, criterion) >= _score(best, criterion) - 1e-9:
            break
        best, current = fit, model
    return [f for f in fitted.values() if f is not None]


def _score(fit: ModelFit, criterion: str) -> float:
    return fit.aic if criterion == "aic" else fit.bic


@dataclass(frozen=True)
class LogLinearEstimator:
    """Log-linear multiple systems estimation with model selection or averaging.

    For up to 5 lists every hierarchical model (interactions up to *max_order*) is
    fitted; beyond that a greedy search (:func:`stepwise_models`) up to 2-way terms.
    Models are weighted by ``exp(-Δ/2)`` of *criterion*; with *average* the estimate
    is the weighted mean of the models' totals over the models carrying 99.9% of the
    weight (at most 50), and the interval their model-averaged profile interval;
    without it the best model's total and profile interval.

    Attributes:
        criterion: ``aic`` or ``bic``.
        average: average over models (``True``) or select the best (``False``).
        max_order: highest interaction order enumerated; default ``k - 1`` (all).
        level: the interval's nominal coverage.
        models: a fixed set of candidate models (tuples of terms) instead of the
            enumeration, e.g. ``((), ((0, 1),))``.

    Example:
        >>> t = CountTable.from_patterns(["A", "B"], {(1, 0): 300, (0, 1): 200, (1, 1): 100})
        >>> round(LogLinearEstimator().fit(t).estimate, 6)
        1200.0
    """

    criterion: Literal["aic", "bic"] = "aic"
    average: bool = True
    max_order: int | None = None
    level: float = 0.95
    models: tuple[Model, ...] | None = None
    method: ClassVar[str] = "loglinear"

    def fit(self, table: CountTable) -> Estimate:
        """Estimate the total of *table*'s population.

        Raises:
            EstimationError: fewer than two lists, no documented case, a list that
                documented nobody, two lists without overlap, or no model that can be
                fitted.
        """
        _check_table(table)
        fits, not_estimable = self._candidates(table)
        if not fits:
            raise EstimationError(
                "no log-linear model can be fitted: the lists overlap too little "
                f"in {table.label()}."
            )
        scores = np.array([_score(f, self.criterion) for f in fits])
        weights = np.exp(-(scores - scores.min()) / 2)
        weights /= weights.sum()
        order = np.argsort(-weights, kind="stable")
        carried = [int(order[0])]
        if self.average:
            cumulative = np.cumsum(weights[order])
            count = int(np.searchsorted(cumulative, 0.999) + 1)
            carried = [int(i) for i in order[: min(count, _INTERVAL_MODELS)]]
        chosen = [fits[i] for i in carried]
        w = weights[carried] / weights[carried].sum()
        point = float(np.dot(w, [f.total for f in chosen]))
        lower, upper = profile_interval(table, chosen, w, self.level)
        # The point is the conditional MLE, the interval built on the unconditional
        # profile likelihood; in tiny or boundary tables they can disagree slightly,
        # and the interval is widened to hold the point.
        lower, upper = min(lower, point), max(upper, point)
        return Estimate(
            method=self.method,
            stratum=dict(table.stratum),
            lists=table.lists,
            observed=table.observed,
            estimate=point,
            lower=lower,
            upper=upper,
            level=self.level,
            models=tuple(
                {
                    "name": f.name,
                    "weight": round(float(wi), 6),
                    "estimate": round(f.total, 3),
                    self.criterion: round(_score(f, self.criterion), 3),
                    "parameters": f.n_params,
                }
                for f, wi in zip(chosen[:10], w[:10], strict=True)
            ),
            diagnostics=_diagnostics(table, fits, chosen[0], not_estimable, self),
            warnings=_warnings(table, chosen, not_estimable, point, upper),
        )

    def _candidates(self, table: CountTable) -> tuple[list[ModelFit], int]:
        if self.models is None and table.k > 5:
            return stepwise_models(table, self.criterion, min(self.max_order or 2, 2)), 0
        candidates = self.models or hierarchical_models(table.k, self.max_order)
        fits = []
        for terms in candidates:
            try:
                fits.append(_fit(table, tuple(terms)))
            except _NotEstimable:
                continue
        return fits, len(candidates) - len(fits)


def _max_order(settings: LogLinearEstimator, k: int) -> int:
    if settings.models is None and k > 5:
        return min(settings.max_order or 2, 2)
    return min(settings.max_order or k - 1, k - 1)


def _check_table(table: CountTable) -> None:
    if table.k < 2:
        raise EstimationError(
            f"{table.label()}: {table.k} list(s); multiple systems estimation needs two or more."
        )
    if table.observed == 0:
        raise EstimationError(f"{table.label()}: no documented case.")
    empty = [name for name, n in zip(table.lists, table.list_totals(), strict=True) if n == 0]
    if empty:
        raise EstimationError(
            f"{table.label()}: list(s) {', '.join(empty)} documented no case; leave them out."
        )
    if table.k == 2 and table.counts[3] == 0:
        raise EstimationError(
            f"{table.label()}: the two lists have no case in common, so the total "
            "cannot be estimated (it could be any number)."
        )


def _diagnostics(
    table: CountTable,
    fits: list[ModelFit],
    best: ModelFit,
    not_estimable: int,
    settings: LogLinearEstimator,
) -> dict[str, float | int | str]:
    x = design_matrix(table.k, best.terms)[1:]
    y = table.counts[1:].astype(np.float64)
    mu = np.exp(x @ best.coefficients)
    positive = y > 0
    deviance = float(2 * (y[positive] * np.log(y[positive] / mu[positive])).sum())
    deviance += float(2 * (mu - y).sum())
    df = len(y) - best.n_params
    out: dict[str, float | int | str] = {
        "criterion": settings.criterion,
        "averaged": int(settings.average),
        "max_order": _max_order(settings, table.k),
        "search": "stepwise" if settings.models is None and table.k > 5 else "all",
        "models_fitted": len(fits),
        "models_not_estimable": not_estimable,
        "best_model": best.name,
        "best_model_estimate": round(best.total, 3),
        "best_model_deviance": round(deviance, 4),
        "best_model_df": df,
        "best_model_p_value": round(float(stats.chi2.sf(deviance, df)), 4) if df > 0 else 1.0,
    }
    if table.k == 2:
        n1, n2 = (int(v) for v in table.list_totals())
        m = int(table.counts[3])
        out["chapman"] = round((n1 + 1) * (n2 + 1) / (m + 1) - 1, 3)
    return out


def _warnings(
    table: CountTable, chosen: list[ModelFit], not_estimable: int, point: float, upper: float
) -> tuple[str, ...]:
    notes = list(table.notes)
    cells = 2**table.k - 1
    empty = int((table.counts[1:] == 0).sum())
    if table.observed < 50:
        notes.append(f"only {table.observed} cases documented: estimates are unstable")
    if empty > cells // 2:
        notes.append(f"{empty} of {cells} capture patterns are empty: the table is sparse")
    if any(f.terms and f.min_margin < 5 for f in chosen):
        notes.append("the model(s) used rest on interactions with fewer than 5 cases")
    if any(np.max(np.abs(f.coefficients)) > _MAX_COEFFICIENT for f in chosen):
        notes.append("some fitted cells are zero (a boundary estimate): the table is too sparse")
    if not_estimable:
        notes.append(f"{not_estimable} model(s) could not be fitted (too sparse) and were left out")
    if table.k == 2:
        notes.append("two lists: their independence is assumed and cannot be checked")
    if math.isinf(upper):
        notes.append("the lists overlap too little to bound the estimate from above")
    if point > 10 * table.observed:
        notes.append("the estimate is over ten times the documented count")
    return tuple(notes)
