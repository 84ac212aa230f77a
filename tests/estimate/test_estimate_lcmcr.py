"""LCMCR: reproducibility, coverage over simulated heterogeneous populations, diagnostics."""

from __future__ import annotations

import logging

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paymaan.errors import EstimationError
from paymaan.estimate import (
    CountTable,
    LcmcrEstimator,
    LogLinearEstimator,
    effective_sample_size,
    geweke_z,
    sample_posterior,
    split_rhat,
)
from tests.estimate.conftest import table_from_captures, two_class_captures

SEED = 611
log = logging.getLogger(__name__)


def small_table() -> CountTable:
    rng = np.random.default_rng(SEED)
    return table_from_captures(two_class_captures(rng, 600), ("A", "B", "C", "D"))


def test_same_seed_same_draws_other_seed_other_draws() -> None:
    table = small_table()
    first = sample_posterior(table, burn_in=200, samples=100, thin=3, seed=5)
    again = sample_posterior(table, burn_in=200, samples=100, thin=3, seed=5)
    other = sample_posterior(table, burn_in=200, samples=100, thin=3, seed=6)
    np.testing.assert_array_equal(first.total, again.total)
    np.testing.assert_array_equal(first.alpha, again.alpha)
    assert not np.array_equal(first.total, other.total)
    assert np.all(first.total >= table.observed)
    assert np.all((first.occupied >= 1) & (first.occupied <= 10))


def test_coverage_of_true_total_over_simulated_heterogeneous_populations() -> None:
    # 50 populations of N = 1000 with two latent groups of different capture
    # probabilities (about 60% documented); shorter chains than the defaults. The 95%
    # posterior interval must cover N in at least 90% of runs (45 of 50).
    seed, reps, truth = SEED, 50, 1000
    log.info("LCMCR coverage study seed=%d reps=%d", seed, reps)
    rng = np.random.default_rng(seed)
    covered, medians = 0, []
    for rep in range(reps):
        table = table_from_captures(two_class_captures(rng, truth), ("A", "B", "C", "D"))
        estimate = LcmcrEstimator(burn_in=1000, samples=500, thin=5, seed=rep).fit(table)
        covered += estimate.lower <= truth <= estimate.upper
        medians.append(estimate.estimate)
    assert covered >= 45, f"covered {covered} of {reps} (seed {seed})"
    assert abs(np.mean(medians) - truth) / truth < 0.05


def test_estimate_fields_and_diagnostics() -> None:
    estimate = LcmcrEstimator(burn_in=500, samples=400, thin=5, seed=3).fit(small_table())
    assert estimate.method == "lcmcr"
    assert estimate.lower <= estimate.estimate <= estimate.upper
    assert estimate.models[0]["seed"] == 3 and estimate.models[0]["k"] == 10
    for key in ("ess", "geweke_z", "split_rhat", "mean", "sd", "alpha_mean"):
        assert key in estimate.diagnostics
    assert estimate.diagnostics["draws"] == 400


def test_short_chain_warns() -> None:
    estimate = LcmcrEstimator(burn_in=0, samples=30, thin=1, seed=1).fit(small_table())
    assert any("effective sample size" in w for w in estimate.warnings)


def test_lcmcr_refuses_empty_or_single_list_tables() -> None:
    with pytest.raises(EstimationError, match="two or more lists"):
        LcmcrEstimator().fit(CountTable.from_patterns(["A"], {(1,): 4}))
    with pytest.raises(EstimationError, match="settings"):
        sample_posterior(small_table(), samples=0)


def test_effective_sample_size_of_known_chains() -> None:
    rng = np.random.default_rng(SEED)
    iid = rng.normal(size=4000)
    assert effective_sample_size(iid) == pytest.approx(4000, rel=0.15)
    # AR(1) with coefficient rho: ESS = n (1 - rho) / (1 + rho) = 4000 * 0.2 / 1.8 = 444.
    rho, ar = 0.8, np.empty(4000)
    ar[0] = rng.normal()
    for t in range(1, 4000):
        ar[t] = rho * ar[t - 1] + rng.normal() * np.sqrt(1 - rho**2)
    assert effective_sample_size(ar) == pytest.approx(444, rel=0.3)


def test_geweke_and_split_rhat_flag_a_drifting_chain() -> None:
    rng = np.random.default_rng(SEED)
    steady = rng.normal(size=2000)
    drifting = steady + np.linspace(0, 3, 2000)
    assert abs(geweke_z(steady)) < 3
    assert abs(geweke_z(drifting)) > 3
    assert split_rhat(steady) < 1.01
    assert split_rhat(drifting) > 1.1
    assert split_rhat(np.ones(100)) == 1.0


def test_one_class_lcmcr_agrees_with_the_independence_model() -> None:
    # With K = 1 the latent-class model is the independence model M_t with flat
    # priors; with 1,000+ documented cases its posterior median and 95% interval must
    # be close to the independence MLE (Darroch) and its profile-likelihood interval.
    rng = np.random.default_rng(SEED)
    seen = rng.random((1500, 4)) < np.array([0.3, 0.2, 0.25, 0.35])
    table = table_from_captures(seen, ("A", "B", "C", "D"))
    bayes = LcmcrEstimator(k=1, burn_in=2000, samples=2000, thin=5, seed=1).fit(table)
    mle = LogLinearEstimator(models=((),)).fit(table)
    assert bayes.estimate == pytest.approx(mle.estimate, rel=0.01)
    assert bayes.lower == pytest.approx(mle.lower, rel=0.02)
    assert bayes.upper == pytest.approx(mle.upper, rel=0.02)


def test_list_specific_heterogeneity_is_recovered() -> None:
    # Two halves of the population documented by different lists (A and D favour one
    # half, B and C the other): dependence that the latent classes absorb.
    rng = np.random.default_rng(SEED + 1)
    half = rng.random(1500) < 0.5
    p = np.where(half[:, None], [0.5, 0.1, 0.15, 0.4], [0.1, 0.5, 0.4, 0.15])
    table = table_from_captures(rng.random((1500, 4)) < p, ("A", "B", "C", "D"))
    estimate = LcmcrEstimator(burn_in=2000, samples=1000, thin=5, seed=2).fit(table)
    assert estimate.lower <= 1500 <= estimate.upper


@settings(max_examples=25, deadline=None)
@given(
    st.integers(2, 5).flatmap(
        lambda k: st.lists(st.integers(0, 80), min_size=2**k - 1, max_size=2**k - 1)
    ),
    st.integers(0, 2**31),
)
def test_any_table_gives_ordered_draws(cells: list[int], seed: int) -> None:
    k = (len(cells) + 1).bit_length() - 1
    table = CountTable(tuple("ABCDE"[:k]), np.array([0, *cells], dtype=np.int64))
    if table.observed == 0:
        return
    estimate = LcmcrEstimator(burn_in=50, samples=40, thin=2, seed=seed).fit(table)
    assert table.observed <= estimate.lower <= estimate.estimate <= estimate.upper
