"""Log-linear multiple systems estimation: hand-checked cases, statsmodels, simulations."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, special

from paymaan.errors import EstimationError
from paymaan.estimate import (
    CountTable,
    LogLinearEstimator,
    fit_model,
    hierarchical_models,
    profile_interval,
)
from paymaan.estimate.models import design_matrix, model_name

SEED = 20261125


def two_lists() -> CountTable:
    return CountTable.from_patterns(["A", "B"], {(1, 0): 300, (0, 1): 200, (1, 1): 100})


def test_two_lists_equal_lincoln_petersen_and_report_chapman() -> None:
    # n1 = 300 + 100 = 400, n2 = 200 + 100 = 300, m = 100.
    # Lincoln–Petersen: n1 * n2 / m = 400 * 300 / 100 = 1200.
    # Chapman: (n1 + 1)(n2 + 1)/(m + 1) - 1 = 401 * 301 / 101 - 1 = 1194.0594...
    estimate = LogLinearEstimator().fit(two_lists())
    assert estimate.estimate == pytest.approx(1200, rel=1e-9)
    assert estimate.diagnostics["chapman"] == pytest.approx(401 * 301 / 101 - 1, abs=1e-3)
    assert estimate.models[0]["name"] == "[A][B]"


def test_two_list_profile_interval_matches_closed_form() -> None:
    # With two independent lists and N fixed, p1 = n1/N and p2 = n2/N maximize the
    # multinomial likelihood, so the profile log-likelihood is
    # l(N) = lgamma(N+1) - lgamma(N-n+1) + n1 log n1 + (N-n1) log(N-n1)
    #        + n2 log n2 + (N-n2) log(N-n2) - 2 N log N   (+ constant).
    n1, n2, n = 400.0, 300.0, 600.0

    def loglik(total: float) -> float:
        return float(
            special.gammaln(total + 1)
            - special.gammaln(total - n + 1)
            + n1 * math.log(n1)
            + (total - n1) * math.log(total - n1)
            + n2 * math.log(n2)
            + (total - n2) * math.log(total - n2)
            - 2 * total * math.log(total)
        )

    best = optimize.minimize_scalar(lambda t: -loglik(t), bounds=(n + 1, 5000), method="bounded")
    top = -best.fun
    chi = 3.841458820694124  # chi-square(1) 95% point = 1.959964^2
    lower = optimize.brentq(lambda t: 2 * (top - loglik(t)) - chi, n + 1e-6, best.x)
    upper = optimize.brentq(lambda t: 2 * (top - loglik(t)) - chi, best.x, 5000)
    table = two_lists()
    low, high = profile_interval(table, [fit_model(table, [])], [1.0])
    assert low == pytest.approx(lower, abs=0.05)
    assert high == pytest.approx(upper, abs=0.05)


def test_three_independent_lists_solve_darroch_equation() -> None:
    # Under independence the conditional MLE solves N - n = N * prod_j (1 - n_j / N)
    # (Darroch 1958): the expected number missed by every list.
    patterns = {
        (1, 0, 0): 120, (0, 1, 0): 90, (0, 0, 1): 150, (1, 1, 0): 40,
        (1, 0, 1): 55, (0, 1, 1): 45, (1, 1, 1): 20,
    }  # fmt: skip
    table = CountTable.from_patterns(["A", "B", "C"], patterns)
    n = table.observed
    totals = table.list_totals()
    darroch = optimize.brentq(
        lambda total: total - n - total * np.prod(1 - totals / total), n + 1, 100 * n
    )
    fit = fit_model(table, [])
    assert fit.total == pytest.approx(darroch, rel=1e-8)


def test_model_enumeration_counts() -> None:
    # 3 lists: any subset of the three 2-way terms = 2^3 = 8.
    assert len(hierarchical_models(3)) == 8
    # 4 lists, terms up to 3-way: sum over the 64 graphs of pairs of 2^(triangles):
    # K4 (4 triangles) 16 + six K4-minus-an-edge (2 triangles) 6*4 + sixteen graphs with
    # one triangle 16*2 + 41 triangle-free graphs = 16 + 24 + 32 + 41 = 113.
    assert len(hierarchical_models(4)) == 113
    assert len(hierarchical_models(4, max_order=2)) == 64
    for model in hierarchical_models(5):
        terms = set(model)
        for term in model:  # hierarchical: every sub-term of order >= 2 is present
            for size in range(2, len(term)):
                assert all(s in terms for s in itertools.combinations(term, size))
        assert all(len(t) < 5 for t in model)


def test_model_names() -> None:
    assert model_name([], ["A", "B", "C"]) == "[A][B][C]"
    assert model_name([(0, 1), (0, 2), (1, 2), (0, 1, 2)], list("ABCD")) == "[A,B,C][D]"


def test_irls_matches_statsmodels() -> None:
    rng = np.random.default_rng(SEED)
    counts = np.concatenate([[0], rng.integers(5, 200, size=15)]).astype(np.int64)
    table = CountTable(("A", "B", "C", "D"), counts)
    for terms in [(), ((0, 1),), ((0, 1), (0, 2), (1, 2), (0, 1, 2), (2, 3))]:
        ours = fit_model(table, terms)
        glm = sm.GLM(counts[1:], design_matrix(4, terms)[1:], family=sm.families.Poisson())
        theirs = glm.fit(tol=1e-12)
        np.testing.assert_allclose(ours.coefficients, theirs.params, rtol=1e-6, atol=1e-8)
        assert ours.loglik == pytest.approx(theirs.llf, rel=1e-10)
        assert ours.aic == pytest.approx(theirs.aic, rel=1e-10)


def test_true_interaction_model_is_unbiased() -> None:
    # Population of N = 3000 over 4 lists; lists A and B positively dependent (log
    # odds ratio 1.0). Fitting the true model [A,B][C][D] over 200 replicates, the
    # mean estimate must be within 1% of N and within 3 standard errors of it.
    rng = np.random.default_rng(SEED)
    truth, reps = 3000, 200
    x = design_matrix(4, [(0, 1)])
    beta = np.array([0.0, -1.2, -1.0, -0.8, -1.4, 1.0])
    p = np.exp(x @ beta)
    p /= p.sum()
    estimates = []
    for _ in range(reps):
        counts = rng.multinomial(truth, p).astype(np.int64)
        counts[0] = 0
        estimates.append(fit_model(CountTable(tuple("ABCD"), counts), [(0, 1)]).total)
    mean, se = np.mean(estimates), np.std(estimates, ddof=1) / math.sqrt(reps)
    assert abs(mean - truth) / truth < 0.01
    assert abs(mean - truth) < 3 * se + 1.0
    # Ignoring the dependence (independence model) is biased low, as theory says.
    wrong = fit_model(CountTable(tuple("ABCD"), counts), []).total
    assert wrong < 0.95 * truth


def test_selection_finds_the_true_interaction_and_interval_covers() -> None:
    rng = np.random.default_rng(SEED + 1)
    x = design_matrix(4, [(0, 1)])
    p = np.exp(x @ np.array([0.0, -1.2, -1.0, -0.8, -1.4, 1.5]))
    counts = rng.multinomial(5000, p / p.sum()).astype(np.int64)
    counts[0] = 0
    table = CountTable(tuple("ABCD"), counts)
    selected = LogLinearEstimator(criterion="bic", average=False).fit(table)
    assert selected.diagnostics["best_model"] == "[A,B][C][D]"
    averaged = LogLinearEstimator().fit(table)
    assert averaged.lower <= 5000 <= averaged.upper
    assert averaged.diagnostics["models_fitted"] == 113
    assert sum(m["weight"] for m in averaged.models) <= 1.0 + 1e-9


def test_no_overlap_between_two_lists_is_an_estimation_error() -> None:
    table = CountTable.from_patterns(["A", "B"], {(1, 0): 30, (0, 1): 20})
    with pytest.raises(EstimationError, match="no case in common"):
        LogLinearEstimator().fit(table)


def test_degenerate_tables_are_estimation_errors() -> None:
    with pytest.raises(EstimationError, match="needs two or more"):
        LogLinearEstimator().fit(CountTable.from_patterns(["A"], {(1,): 5}))
    with pytest.raises(EstimationError, match="documented no case"):
        LogLinearEstimator().fit(
            CountTable.from_patterns(["A", "B", "C"], {(1, 1, 0): 5, (1, 0, 0): 3})
        )
    with pytest.raises(EstimationError, match="a term of the model has no documented case"):
        fit_model(
            CountTable.from_patterns(["A", "B", "C"], {(1, 1, 0): 5, (1, 0, 0): 3, (0, 0, 1): 2}),
            [(0, 2)],
        )


def test_sparse_table_warns_and_skips_unfittable_models() -> None:
    patterns = {(1, 0, 0): 12, (0, 1, 0): 9, (0, 0, 1): 7, (1, 1, 0): 4, (0, 1, 1): 2}
    table = CountTable.from_patterns(["A", "B", "C"], patterns)
    estimate = LogLinearEstimator().fit(table)
    # A and C never appear together: the 4 models with the A:C term are not estimable.
    # Neither is [A,B][B,C]: the direction d0 = d_AB = d_BC = t, d_A = d_B = d_C = -t
    # leaves every non-empty cell's linear predictor unchanged, lowers the empty cell
    # A,C-only by t and raises the missing cell by t, so the likelihood keeps rising
    # as the missing cell goes to infinity. 5 of the 8 models are left out.
    assert estimate.diagnostics["models_not_estimable"] == 5
    assert any("could not be fitted" in w for w in estimate.warnings)
    assert any("only 34 cases" in w for w in estimate.warnings)


def test_many_lists_use_stepwise_search() -> None:
    rng = np.random.default_rng(SEED + 7)  # seed logged: 20261132
    truth = 4000
    base = rng.random((truth, 6)) < np.array([0.3, 0.25, 0.35, 0.2, 0.3, 0.25])
    base[:, 1] |= base[:, 0] & (rng.random(truth) < 0.5)  # B follows A: dependence
    cells = (base * (1 << np.arange(6))).sum(axis=1)
    counts = np.bincount(cells, minlength=64).astype(np.int64)
    counts[0] = 0
    table = CountTable(tuple("ABCDEF"), counts)
    estimate = LogLinearEstimator(criterion="bic", average=False).fit(table)
    assert "[A,B]" in estimate.diagnostics["best_model"]
    assert estimate.lower <= truth <= estimate.upper


@settings(max_examples=40, deadline=None)
@given(
    st.integers(2, 4).flatmap(
        lambda k: st.lists(st.integers(0, 60), min_size=2**k - 1, max_size=2**k - 1)
    )
)
def test_any_table_gives_an_ordered_estimate_or_a_plain_error(cells: list[int]) -> None:
    k = int(math.log2(len(cells) + 1))
    table = CountTable(tuple("ABCD"[:k]), np.array([0, *cells], dtype=np.int64))
    try:
        estimate = LogLinearEstimator().fit(table)
    except EstimationError as error:
        assert error.message
        return
    assert table.observed <= estimate.lower <= estimate.estimate + 1e-6
    assert estimate.estimate <= estimate.upper + 1e-6
