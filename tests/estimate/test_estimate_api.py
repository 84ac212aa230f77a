"""The estimate() entry point, outputs, and end to end from linked cases."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pandas as pd
import pytest

import paymaan.estimate as estimate_pkg
from paymaan.errors import ConfigError
from paymaan.estimate import (
    CountTable,
    Estimate,
    EstimateSettings,
    LcmcrEstimator,
    LogLinearEstimator,
    estimate,
    estimate_cases,
    estimates_to_csv,
    estimates_to_json,
)
from tests.estimate.conftest import executions_cases

FAST = EstimateSettings(burn_in=1000, samples=500, thin=5)


def test_public_surface() -> None:
    assert set(estimate_pkg.__all__) == {
        "METHODS", "CountTable", "Coverage", "Estimate", "EstimateSettings", "Estimator",
        "LcmcrEstimator", "LcmcrSamples", "LogLinearEstimator", "ModelFit",
        "capture_histories", "chain_diagnostics", "effective_sample_size", "estimate",
        "estimate_cases", "estimate_counts_csv", "estimates_to_csv", "estimates_to_json",
        "fit_model", "format_count", "geweke_z", "hierarchical_models", "profile_interval",
        "read_counts_csv", "sample_posterior", "split_rhat",
    }  # fmt: skip
    for name in estimate_pkg.__all__:
        assert hasattr(estimate_pkg, name)


def test_executions_per_year_end_to_end_from_linked_cases() -> None:
    # Known totals per year; four monitors with heterogeneous capture (announced
    # executions far easier to document). Both methods' 95% intervals must hold the
    # true total of every year; seed 2026 logged here.
    totals = {"2022": 580, "2023": 834, "2024": 975}
    cases = executions_cases(2026, totals)
    results = estimate_cases(cases, by=["period"], seed=7, settings=FAST)
    assert [(e.stratum["period"], e.method) for e in results] == [
        (year, method) for year in totals for method in ("loglinear", "lcmcr")
    ]
    for e in results:
        truth = totals[e.stratum["period"]]
        assert e.observed == (cases["period"] == e.stratum["period"]).sum()
        assert e.lower <= truth <= e.upper, e.summary()
        assert e.observed < truth


def test_seeded_runs_are_reproducible_per_stratum() -> None:
    cases = executions_cases(1, {"2023": 300, "2024": 400})
    both = estimate(cases, methods=["lcmcr"], seed=3, settings=FAST, by=["period"])
    only_2024 = estimate(
        cases[cases["period"] == "2024"], methods=["lcmcr"], seed=3, settings=FAST, by=["period"]
    )
    again = estimate(cases, methods=["lcmcr"], seed=3, settings=FAST, by=["period"])
    assert estimates_to_json(both) == estimates_to_json(again)
    assert both[1].to_dict() == only_2024[0].to_dict()


def test_a_stratum_that_cannot_be_estimated_reports_why() -> None:
    cases = pd.DataFrame(
        {"period": ["2023", "2023", "2024"], "sources": [["a"], ["b"], ["a", "b"]]}
    )
    e2023, e2024 = estimate(cases, methods=["loglinear"], by=["period"])
    assert e2023.estimate is None and "no case in common" in (e2023.error or "")
    assert e2023.summary().startswith("period=2023: documented 2; no estimate (")
    assert e2024.estimate == pytest.approx(1.0)


def test_unknown_method_and_bad_level_are_config_errors() -> None:
    table = CountTable.from_patterns(["A", "B"], {(1, 1): 3, (1, 0): 2})
    with pytest.raises(ConfigError, match="unknown method 'magic'"):
        estimate(table, methods=["magic"])
    with pytest.raises(ConfigError, match="level"):
        estimate(table, methods=["loglinear"], settings=EstimateSettings(level=95))


def test_summary_json_and_csv() -> None:
    e = Estimate("loglinear", {"period": "2024"}, ("A", "B"), 812, 1240.2, 1050.4, 1610.0)
    assert e.summary() == (
        "period=2024: documented 812; estimated 1,240 (95% interval 1,050–1,610) [loglinear]"
    )
    unbounded = Estimate("loglinear", {}, ("A", "B"), 10, 40.0, 12.0, math.inf)
    data = json.loads(estimates_to_json([e, unbounded]))
    assert data[0]["estimate"] == 1240.2 and data[1]["upper"] is None
    assert data[0]["summary"] == e.summary()
    rows = list(csv.DictReader(io.StringIO(estimates_to_csv([e, unbounded]))))
    assert rows[0]["stratum"] == "period=2024" and rows[0]["lower"] == "1050.40"
    assert rows[1]["upper"] == ""
    assert "∞" in unbounded.summary()


def test_synth_output_runs_end_to_end(tmp_path: Path) -> None:
    # The synth stage's truth says which monitors documented each event; taken as a
    # perfectly linked cases frame, every year gets an estimate from both methods
    # with the documented count as its floor. (Whether the intervals hold the true
    # totals on synth data is measured in bench/bench_estimate.py: see
    # docs/methodology.md, "Accuracy on simulated data".)
    from paymaan.synth import generate

    result = generate(tmp_path, seed=3, scale=0.3, years=[2024])
    capture = pd.read_csv(tmp_path / "truth" / "monitor_capture.csv", dtype=str)
    executions = capture[capture["event_type"] == "execution"]
    seen = executions[executions["n_monitors"].astype(int) > 0]
    cases = pd.DataFrame(
        {
            "period": seen["period"].str[:4].to_numpy(),
            "sources": [[m for m in result.monitors if r[m] == "1"] for _, r in seen.iterrows()],
        }
    )
    estimates = estimate_cases(cases, by=["period"], seed=1, settings=FAST)
    assert [e.method for e in estimates] == ["loglinear", "lcmcr"]
    for e in estimates:
        assert e.observed == len(seen)
        assert e.error is None and e.lower is not None and e.upper is not None
        assert e.observed <= e.lower <= e.estimate <= e.upper


def test_default_settings_give_the_estimators_defaults() -> None:
    settings = EstimateSettings()
    assert settings.estimator("lcmcr", seed=3) == LcmcrEstimator(seed=3)
    assert settings.estimator("loglinear") == LogLinearEstimator()
