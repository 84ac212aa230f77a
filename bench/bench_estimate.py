"""Speed (and a replicate accuracy study) of multiple systems estimation.

- LCMCR, K = 10, on a simulated 4-list table of 4,400 documented cases: 10,000
  burn-in scans then 1,000 draws thinned by 100 (110,000 scans). The issue's
  baseline: the reference C++ implementation, about 1.3 s on a 2-core machine.
- Numba compilation of the sampler, cold (empty cache, in a fresh process) and warm
  (loaded from the on-disk cache, in a fresh process).
- Fitting every hierarchical log-linear model for 4 lists (113 models), and the
  whole log-linear estimate with its model-averaged profile interval; 5 lists too.
- Not in quick mode: coverage of the LCMCR 95% interval and bias of the log-linear
  true model over replicated simulated populations.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

import numpy as np

from paymaan.errors import EstimationError
from paymaan.estimate import CountTable, LcmcrEstimator, LogLinearEstimator, sample_posterior
from paymaan.estimate.models import design_matrix, fit_model, hierarchical_models

SEED = 2026
_COMPILE_SNIPPET = """
import time
t = time.perf_counter()
from paymaan.errors import EstimationError
from paymaan.estimate import CountTable, sample_posterior
table = CountTable.from_patterns(["A", "B"], {(1, 0): 3, (0, 1): 2, (1, 1): 1})
sample_posterior(table, burn_in=1, samples=1, thin=1)
print(time.perf_counter() - t)
"""


def documented_table(documented: int, lists: int, seed: int) -> tuple[CountTable, int]:
    """Simulate a heterogeneous population until *documented* cases are seen.

    Returns the table and the true population size behind it.
    """
    rng = np.random.default_rng(seed)
    easy = rng.random(documented * 4) < 0.35
    p = np.where(easy[:, None], rng.uniform(0.4, 0.7, lists), rng.uniform(0.1, 0.3, lists))
    seen = rng.random(p.shape) < p
    observed = np.flatnonzero(seen.any(axis=1))
    cut = observed[documented - 1] + 1
    cells = (seen[:cut] * (1 << np.arange(lists))).sum(axis=1)
    counts = np.bincount(cells, minlength=2**lists).astype(np.int64)
    counts[0] = 0
    return CountTable(tuple("ABCDEFGH"[:lists]), counts), int(cut)


def _fresh_process_seconds(cache_dir: str) -> float:
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir)
    out = subprocess.run(
        [sys.executable, "-c", _COMPILE_SNIPPET],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def bench_compile() -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory() as cache_dir:
        cold = _fresh_process_seconds(cache_dir)
        warm = _fresh_process_seconds(cache_dir)
    return [
        {"name": "lcmcr numba compile, cold (empty cache)", "size": "first call", "seconds": cold,
         "notes": "fresh process; includes importing paymaan.estimate"},
        {"name": "lcmcr numba load, warm (on-disk cache)", "size": "first call", "seconds": warm,
         "notes": "fresh process; includes importing paymaan.estimate"},
    ]  # fmt: skip


def bench_lcmcr(quick: bool) -> dict[str, object]:
    table, truth = documented_table(4400, 4, SEED)
    sample_posterior(table, burn_in=1, samples=1, thin=1)  # compile outside the timing
    settings = (1000, 100, 10) if quick else (10_000, 1000, 100)
    start, cpu_start = time.perf_counter(), time.process_time()
    estimate = LcmcrEstimator(10, *settings, seed=SEED).fit(table)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    scans = settings[0] + settings[1] * settings[2]
    return {
        "name": f"lcmcr K=10, {scans:,} scans",
        "size": f"{table.observed:,} records, 4 lists",
        "seconds": seconds,
        "baseline": "reference C++ implementation (per issue 6, 2-core machine)",
        "baseline_seconds": 1.3 if not quick else 1.3 * scans / 110_000,
        "cpu_seconds": cpu,
        "notes": f"true N {truth:,}; {estimate.summary()}; ESS {estimate.diagnostics['ess']}",
    }


def bench_loglinear(lists: int) -> list[dict[str, object]]:
    table, truth = documented_table(4400, lists, SEED + lists)
    models = hierarchical_models(lists)
    start = time.perf_counter()
    fitted = 0
    for terms in models:
        try:
            fit_model(table, terms)
            fitted += 1
        except EstimationError:  # a sparse model is skipped, as in the estimator
            continue
    fit_seconds = time.perf_counter() - start
    start = time.perf_counter()
    estimate = LogLinearEstimator().fit(table)
    all_seconds = time.perf_counter() - start
    size = f"{table.observed:,} records, {lists} lists, {len(models):,} models"
    return [
        {"name": f"loglinear: fit every hierarchical model, {lists} lists", "size": size,
         "seconds": fit_seconds, "notes": f"{fitted} fitted"},
        {"name": f"loglinear: full estimate with averaged profile interval, {lists} lists",
         "size": size, "seconds": all_seconds,
         "notes": f"true N {truth:,}; {estimate.summary()}"},
    ]  # fmt: skip


def bench_replicates(reps: int) -> list[dict[str, object]]:
    rng = np.random.default_rng(SEED)
    truth, covered, medians = 1000, 0, []
    start = time.perf_counter()
    for rep in range(reps):
        easy = rng.random(truth) < 0.4
        p = np.where(easy[:, None], [0.6, 0.5, 0.7, 0.55], [0.25, 0.3, 0.2, 0.35])
        seen = rng.random((truth, 4)) < p
        counts = np.bincount((seen * (1 << np.arange(4))).sum(axis=1), minlength=16)
        counts[0] = 0
        table = CountTable(tuple("ABCD"), counts.astype(np.int64))
        e = LcmcrEstimator(burn_in=2000, samples=1000, thin=10, seed=rep).fit(table)
        covered += e.lower <= truth <= e.upper
        medians.append(e.estimate)
    lcmcr_seconds = time.perf_counter() - start
    x = design_matrix(4, [(0, 1)])
    prob = np.exp(x @ np.array([0.0, -1.2, -1.0, -0.8, -1.4, 1.0]))
    prob /= prob.sum()
    start = time.perf_counter()
    totals = []
    for _ in range(reps * 5):
        counts = rng.multinomial(3000, prob).astype(np.int64)
        counts[0] = 0
        totals.append(fit_model(CountTable(tuple("ABCD"), counts), [(0, 1)]).total)
    ll_seconds = time.perf_counter() - start
    return [
        {"name": "lcmcr coverage study (2-class heterogeneity, N=1,000)",
         "size": f"{reps} replicates", "seconds": lcmcr_seconds,
         "coverage": covered / reps,
         "relative_bias": (float(np.mean(medians)) - truth) / truth,
         "notes": f"seed {SEED}; 2,000 burn-in + 1,000 x 10 scans"},
        {"name": "loglinear true-model bias study ([A,B][C][D], N=3,000)",
         "size": f"{reps * 5} replicates", "seconds": ll_seconds,
         "relative_bias": (float(np.mean(totals)) - 3000) / 3000,
         "notes": f"seed {SEED}; sd {np.std(totals):.1f}"},
    ]  # fmt: skip


def bench_synth() -> list[dict[str, object]]:
    """Executions per year on the synth stage's data, linked perfectly from its truth."""
    import pandas as pd

    from paymaan.estimate import estimate_cases
    from paymaan.synth import generate

    with tempfile.TemporaryDirectory() as folder:
        result = generate(folder, seed=SEED, years=[2023, 2024])
        capture = pd.read_csv(f"{folder}/truth/monitor_capture.csv", dtype=str)
    executions = capture[capture["event_type"] == "execution"]
    year = executions["period"].str[:4]
    truth = year.value_counts()
    monitors = list(result.monitors)
    seen = executions[executions["n_monitors"].astype(int) > 0]
    cases = pd.DataFrame(
        {
            "period": seen["period"].str[:4].to_numpy(),
            "sources": [[m for m in monitors if row[m] == "1"] for _, row in seen.iterrows()],
        }
    )
    start = time.perf_counter()
    estimates = estimate_cases(cases, by=["period"], seed=SEED)
    seconds = time.perf_counter() - start
    rows: list[dict[str, object]] = []
    for e in estimates:
        true_total = int(truth[e.stratum["period"]])
        covered = e.lower is not None and e.upper is not None and e.lower <= true_total <= e.upper
        rows.append(
            {
                "name": f"synth executions {e.stratum['period']}, {e.method}",
                "size": f"{e.observed:,} documented, {len(e.lists)} lists",
                "seconds": seconds / len(estimates),
                "true_total": true_total,
                "covered": int(covered),
                "relative_error": ((e.estimate or 0) - true_total) / true_total,
                "notes": f"synth seed {SEED}, perfect linkage; {e.summary()}",
            }  # fmt: skip
        )
    return rows


def run(quick: bool = False) -> list[dict[str, object]]:
    """Run the estimate benchmarks; *quick* for a few-second smoke run."""
    results = [bench_lcmcr(quick)]
    results += bench_loglinear(4)
    if not quick:
        results += bench_compile()
        results += bench_loglinear(5)
        results += bench_replicates(200)
        results += bench_synth()
    return results


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(row)
