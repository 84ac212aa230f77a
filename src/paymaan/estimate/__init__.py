"""Estimate what no monitor documented: multiple systems estimation per stratum.

The entry point is :func:`estimate`, which takes capture-history tables (or a cases
frame and the strata to cut it by) and returns one :class:`Estimate` per stratum and
method. Each method is an estimator with one method, ``fit(table) -> Estimate``:
:class:`LogLinearEstimator` (hierarchical log-linear models, selected or averaged
by AIC/BIC) and :class:`LcmcrEstimator` (the Bayesian latent-class model of
Manrique-Vallier 2016). See docs/methodology.md.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal, Protocol

import pandas as pd

from paymaan.errors import ConfigError, EstimationError
from paymaan.estimate.diagnostics import (
    chain_diagnostics,
    effective_sample_size,
    geweke_z,
    split_rhat,
)
from paymaan.estimate.histories import Coverage, capture_histories
from paymaan.estimate.lcmcr import LcmcrEstimator, LcmcrSamples, sample_posterior
from paymaan.estimate.loglinear import LogLinearEstimator
from paymaan.estimate.models import ModelFit, fit_model, hierarchical_models
from paymaan.estimate.profile import profile_interval
from paymaan.estimate.result import (
    Estimate,
    estimates_to_csv,
    estimates_to_json,
    format_count,
)
from paymaan.estimate.table import CountTable, read_counts_csv

__all__ = [
    "METHODS",
    "CountTable",
    "Coverage",
    "Estimate",
    "EstimateSettings",
    "Estimator",
    "LcmcrEstimator",
    "LcmcrSamples",
    "LogLinearEstimator",
    "ModelFit",
    "capture_histories",
    "chain_diagnostics",
    "effective_sample_size",
    "estimate",
    "estimate_cases",
    "estimate_counts_csv",
    "estimates_to_csv",
    "estimates_to_json",
    "fit_model",
    "format_count",
    "geweke_z",
    "hierarchical_models",
    "profile_interval",
    "read_counts_csv",
    "sample_posterior",
    "split_rhat",
]

METHODS = ("loglinear", "lcmcr")


class Estimator(Protocol):
    """The seam between :func:`estimate` and a method: one table in, one estimate out."""

    method: ClassVar[str]

    def fit(self, table: CountTable) -> Estimate:
        """Estimate the total of the population behind *table*."""
        ...


@dataclass(frozen=True)
class EstimateSettings:
    """Settings of the estimators, with the defaults used by ``paymaan estimate``.

    Attributes:
        level: nominal coverage of every interval.
        criterion: log-linear model weights: ``aic`` or ``bic``.
        average: log-linear: average over models (else select the best).
        max_order: log-linear: highest interaction order (default ``k - 1``).
        k: LCMCR truncation (most latent classes).
        burn_in: LCMCR scans discarded.
        samples: LCMCR draws kept.
        thin: LCMCR scans per kept draw.
        a: LCMCR Gamma prior shape on the concentration.
        b: LCMCR Gamma prior rate on the concentration.
    """

    # The defaults are the estimators' own, so the two cannot drift apart.
    level: float = LogLinearEstimator.level
    criterion: Literal["aic", "bic"] = LogLinearEstimator.criterion
    average: bool = LogLinearEstimator.average
    max_order: int | None = LogLinearEstimator.max_order
    k: int = LcmcrEstimator.k
    burn_in: int = LcmcrEstimator.burn_in
    samples: int = LcmcrEstimator.samples
    thin: int = LcmcrEstimator.thin
    a: float = LcmcrEstimator.a
    b: float = LcmcrEstimator.b

    def estimator(self, method: str, seed: int = 0) -> Estimator:
        """The estimator for *method* (``loglinear`` or ``lcmcr``) with these settings.

        Raises:
            ConfigError: an unknown method or an invalid setting.

        Example:
            >>> EstimateSettings().estimator("loglinear").method
            'loglinear'
        """
        if not 0 < self.level < 1:
            raise ConfigError(f"level {self.level}: give a coverage between 0 and 1, e.g. 0.95.")
        if method == "loglinear":
            return LogLinearEstimator(self.criterion, self.average, self.max_order, self.level)
        if method == "lcmcr":
            return LcmcrEstimator(
                self.k, self.burn_in, self.samples, self.thin, self.a, self.b, seed, self.level
            )
        raise ConfigError(f"unknown method {method!r}; choose from {', '.join(METHODS)}.")


def estimate(
    data: CountTable | Sequence[CountTable] | pd.DataFrame,
    methods: Sequence[str] = METHODS,
    seed: int = 0,
    settings: EstimateSettings | None = None,
    by: Sequence[str] = (),
    coverage: Coverage | None = None,
) -> list[Estimate]:
    """Estimate the total, per stratum and method, from tables or linked cases.

    A stratum where a method cannot estimate gets an :class:`Estimate` whose
    ``error`` says why (its documented count still stands); other strata go on.

    Args:
        data: one table, several (one per stratum), or a cases frame (see
            :func:`capture_histories`).
        methods: ``loglinear`` and/or ``lcmcr``.
        seed: seed of the random draws; each stratum's LCMCR chain is seeded from it
            and the stratum's labels, so a stratum's result does not depend on
            which other strata are estimated.
        settings: estimator settings; default :class:`EstimateSettings()`.
        by: stratum columns, when *data* is a cases frame.
        coverage: which strata each source covers, when *data* is a cases frame.

    Returns:
        Estimates ordered by stratum, then method.

    Raises:
        ConfigError: an unknown method or invalid setting.
        InputError: a cases frame without the needed columns.

    Example:
        >>> t = CountTable.from_patterns(["A", "B"], {(1, 0): 300, (0, 1): 200, (1, 1): 100})
        >>> estimate(t, methods=["loglinear"])[0].summary()
        'all: documented 600; estimated 1,200 (95% interval 1,051–1,388) [loglinear]'
    """
    settings = settings or EstimateSettings()
    if isinstance(data, pd.DataFrame):
        tables = capture_histories(data, by=by, coverage=coverage)
    elif isinstance(data, CountTable):
        tables = [data]
    else:
        tables = list(data)
    for method in methods:
        settings.estimator(method)  # fail on a bad method before any long run
    results = []
    for table in tables:
        stratum_seed = (seed * 1_000_003 + zlib.crc32(table.label().encode())) % 2**32
        for method in methods:
            estimator = settings.estimator(method, stratum_seed)
            try:
                results.append(estimator.fit(table))
            except EstimationError as error:
                results.append(_failed(method, table, error, settings.level))
    return results


def estimate_cases(
    cases: pd.DataFrame,
    by: Sequence[str] = (),
    coverage: Coverage | None = None,
    methods: Sequence[str] = METHODS,
    seed: int = 0,
    settings: EstimateSettings | None = None,
) -> list[Estimate]:
    """Estimate totals per stratum from the link stage's cases frame.

    Args:
        cases: one row per case with ``sources`` (list of source names) and the
            columns named in *by*.
        by: stratum columns, e.g. ``["period", "event_type"]``.
        coverage: which strata each source covers (see :func:`capture_histories`).
        methods: ``loglinear`` and/or ``lcmcr``.
        seed: random seed.
        settings: estimator settings.

    Returns:
        Estimates ordered by stratum, then method.

    Raises:
        ConfigError: an unknown method or invalid setting.
        InputError: a missing column or a case without sources.

    Example:
        >>> frame = pd.DataFrame({"period": ["2024"] * 3, "sources": [["A"], ["A", "B"], ["B"]]})
        >>> estimate_cases(frame, by=["period"], methods=["loglinear"])[0].estimate  # 3 + 1*1/1
        4.0
    """
    return estimate(cases, methods, seed, settings, by=by, coverage=coverage)


def estimate_counts_csv(
    path: Path,
    strata: Sequence[str] = (),
    methods: Sequence[str] = METHODS,
    seed: int = 0,
    settings: EstimateSettings | None = None,
) -> list[Estimate]:
    """Estimate totals from a counts CSV (one 0/1 column per list and ``count``).

    Args:
        path: the CSV file; see :func:`read_counts_csv`.
        strata: columns that label strata rather than lists.
        methods: ``loglinear`` and/or ``lcmcr``.
        seed: random seed.
        settings: estimator settings.

    Returns:
        Estimates ordered by stratum (file order), then method.

    Raises:
        InputError: the file is not a valid counts table (names row and column).
        ConfigError: an unknown method or invalid setting.

    Example:
        >>> estimate_counts_csv(Path("histories.csv"), methods=["lcmcr"])  # doctest: +SKIP
    """
    return estimate(read_counts_csv(path, strata), methods, seed, settings)


def _failed(method: str, table: CountTable, error: EstimationError, level: float) -> Estimate:
    return Estimate(
        method=method,
        stratum=dict(table.stratum),
        lists=table.lists,
        observed=table.observed,
        estimate=None,
        level=level,
        warnings=table.notes,
        error=error.message,
    )
