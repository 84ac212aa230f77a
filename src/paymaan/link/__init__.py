"""Linkage: records of one person across monitors and scripts become persons and cases.

:func:`run` is the whole stage over plain inputs (a record frame, decisions, an
optional trained model); persistence belongs to the caller (the store, or files via
:func:`write_outputs`).

Example:
    >>> result = run(frame, config=LinkConfig(threshold=0.9))  # doctest: +SKIP
    >>> result.cases[["case_id", "event_type", "n_sources"]].head()  # doctest: +SKIP
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from paymaan.errors import ConfigError, InputError
from paymaan.link.cases import CASE_COLUMNS, ONCE_PER_PERSON, Consolidation, consolidate_cases
from paymaan.link.cluster import Clustering, cluster_records, stable_id, subject_pairs
from paymaan.link.decisions import (
    Decision,
    DecisionLog,
    JsonlDecisionLog,
    MemoryDecisionLog,
    ReviewPair,
    decision_constraints,
    next_review_pair,
    record_decision,
    review_pairs,
)
from paymaan.link.evaluate import (
    Metrics,
    PairCounts,
    evaluate,
    evaluate_against_truth_file,
    truth_from_rows,
)
from paymaan.link.features import FEATURE_COLUMNS, build_features, feature_table
from paymaan.link.model import Engine, ScoredPairs, score_pairs
from paymaan.link.review import ReviewSummary, pair_table, review_session

__all__ = [
    "CASE_COLUMNS",
    "FEATURE_COLUMNS",
    "ONCE_PER_PERSON",
    "Clustering",
    "Consolidation",
    "Decision",
    "DecisionLog",
    "Engine",
    "JsonlDecisionLog",
    "LinkConfig",
    "LinkResult",
    "MemoryDecisionLog",
    "Metrics",
    "PairCounts",
    "ReviewPair",
    "ReviewSummary",
    "ScoredPairs",
    "build_features",
    "cluster_records",
    "consolidate_cases",
    "decision_constraints",
    "evaluate",
    "evaluate_against_truth_file",
    "feature_table",
    "load_records",
    "next_review_pair",
    "pair_table",
    "record_decision",
    "review_pairs",
    "review_session",
    "run",
    "score_pairs",
    "stable_id",
    "subject_pairs",
    "truth_from_rows",
    "write_outputs",
]


@dataclass(frozen=True)
class LinkConfig:
    """How a linkage run is configured (saved with its outputs).

    Attributes:
        threshold: match probability at or above which two records are one person.
        review_lower: pairs from this probability up to ``review_upper`` go to review.
        review_upper: upper end (exclusive) of the uncertainty band.
        tolerance_days: reports of one event this many days apart are one case.
        engine: ``duckdb`` or ``spark``.
        seed: seed of Splink's random sampling (u estimation).
        max_pairs_u: pairs sampled to estimate u.
        max_train_records: above this many records the model is trained on a uniform
            sample of this many (all records are still scored).
    """

    threshold: float = 0.9
    review_lower: float = 0.5
    review_upper: float = 0.95
    tolerance_days: int = 7
    engine: Engine = "duckdb"
    seed: int = 20250419
    max_pairs_u: float = 2e6
    max_train_records: int = 300_000

    def check(self) -> None:
        """Raise :class:`ConfigError` when values do not fit together."""
        for name in ("threshold", "review_lower", "review_upper"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise ConfigError(f"--{name.replace('_', '-')} must be in (0, 1], not {value}")
        if self.review_lower > self.review_upper:
            raise ConfigError("--review-lower must not exceed --review-upper")
        if self.tolerance_days < 0:
            raise ConfigError("--tolerance-days must be 0 or more")
        if self.max_train_records < 1000:
            raise ConfigError("--train-records must be at least 1000")
        if self.engine not in ("duckdb", "spark"):
            raise ConfigError(f"unknown engine {self.engine!r}", hint="Use duckdb or spark.")


@dataclass
class LinkResult:
    """Everything a linkage run produces.

    Attributes:
        person_records: ``record_id``, ``person_id``, ``source``, ``source_record_id``, ``script``.
        cases: one row per case (:data:`CASE_COLUMNS`).
        case_records: ``case_id``, ``record_id``.
        conflicts: persons with a second execution (or death), for review.
        review: the review queue (``record_id_a``, ``record_id_b``, ``match_probability``,
            ``reason``).
        pairs: every scored pair at or above the lowest threshold used.
        model: the trained Splink model (JSON dict).
        config: the configuration used.
        seconds: wall time per step.
        violated: cannot-link decisions that must-link decisions made impossible.
    """

    person_records: pd.DataFrame
    cases: pd.DataFrame
    case_records: pd.DataFrame
    conflicts: pd.DataFrame
    review: pd.DataFrame
    pairs: pd.DataFrame
    model: dict[str, Any]
    config: LinkConfig
    seconds: dict[str, float] = field(default_factory=dict)
    violated: list[tuple[int, int]] = field(default_factory=list)


def run(
    frame: pd.DataFrame,
    *,
    config: LinkConfig | None = None,
    decisions: Sequence[Decision] = (),
    model: dict[str, Any] | None = None,
    progress: Callable[[str], None] | None = None,
    spark_session: Any = None,
) -> LinkResult:
    """Link a record frame into persons and cases.

    Args:
        frame: the record frame (``docs/formats.md``).
        config: thresholds and engine; defaults to :class:`LinkConfig`.
        decisions: reviewers' decisions; they override the model.
        model: a trained model from an earlier run (skips training).
        progress: called with the name of each step as it starts.
        spark_session: an existing Spark session for ``engine="spark"``.

    Returns:
        A :class:`LinkResult`.

    Raises:
        InputError: the frame lacks ``record_id``/``source`` or repeats a record id.
        ConfigError: invalid configuration, or a model that does not fit.
    """
    config = config or LinkConfig()
    config.check()
    step = progress or (lambda _name: None)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = round(now - clock, 3)
        clock = now

    step("features")
    features = feature_table(frame)
    lap("features")
    step("training and prediction" if model is None else "prediction")
    scored = score_pairs(
        features,
        model=model,
        engine=config.engine,
        threshold=min(config.threshold, config.review_lower),
        seed=config.seed,
        max_pairs_u=config.max_pairs_u,
        max_train_records=config.max_train_records,
        spark_session=spark_session,
    )
    lap("splink")
    step("clustering")
    must, cannot = decision_constraints(decisions)
    named = (
        features.column("full_skel").is_valid().to_pandas()
        | features.column("name_key").is_valid().to_pandas()
    )
    subjects = subject_pairs(frame.reset_index(drop=True), named)
    edges = (
        pd.concat([scored.pairs, subjects], ignore_index=True) if len(subjects) else scored.pairs
    )
    clustering = cluster_records(
        features.column("unique_id").to_pylist(),
        edges,
        threshold=config.threshold,
        must_link=must,
        cannot_link=cannot,
    )
    lap("clustering")
    step("cases")
    consolidation = consolidate_cases(
        frame,
        clustering.person_records,
        tolerance_days=config.tolerance_days,
        exact_dates=frame["record_id"][~named.to_numpy()].tolist(),
    )
    lap("cases")
    review = review_pairs(
        scored.pairs,
        lower=config.review_lower,
        upper=config.review_upper,
        conflicts=consolidation.conflicts,
    )
    return LinkResult(
        person_records=_with_record_info(clustering.person_records, frame),
        cases=consolidation.cases,
        case_records=consolidation.case_records,
        conflicts=consolidation.conflicts,
        review=review,
        pairs=scored.pairs,
        model=scored.model,
        config=config,
        seconds=seconds,
        violated=clustering.violated,
    )


def _with_record_info(person_records: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    keep = [c for c in ("record_id", "source", "source_record_id", "script") if c in frame]
    return person_records.merge(frame[keep], on="record_id", how="left")


def write_outputs(result: LinkResult, out_dir: Path) -> dict[str, Path]:
    """Write a run's tables (Parquet), model and configuration (JSON) to *out_dir*.

    In ``cases.parquet`` the ``evidence`` column is JSON text (a source maps to one
    evidence level or to a list of them).

    Args:
        result: from :func:`run`.
        out_dir: created if missing; files are overwritten.

    Returns:
        A map from output name to the file written.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    tables = {
        "person_records": result.person_records,
        "cases": result.cases,
        "case_records": result.case_records,
        "conflicts": result.conflicts,
        "review": result.review,
        "pairs": result.pairs,
    }
    # evidence maps a source to one level or a list: Parquet keeps it as JSON text.
    tables["cases"] = result.cases.assign(
        evidence=result.cases["evidence"].map(lambda v: json.dumps(v, sort_keys=True))
    )
    for name, table in tables.items():
        path = out_dir / f"{name}.parquet"
        table.to_parquet(path, index=False)
        written[name] = path
    for name, value in (
        ("model", result.model),
        ("config", asdict(result.config) | {"seconds": result.seconds}),
    ):
        path = out_dir / f"{name}.json"
        path.write_text(json.dumps(value, indent=2, sort_keys=True, default=str), "utf-8")
        written[name] = path
    return written


def load_records(path: Path) -> pd.DataFrame:
    """Read a record frame saved as Parquet (or CSV, with ``name_tokens`` as JSON lists).

    Args:
        path: a ``.parquet`` or ``.csv`` file with the record-frame columns.

    Returns:
        The record frame.

    Raises:
        InputError: the file is missing or not a record frame.
    """
    if not path.is_file():
        raise InputError(f"{path}: no such file", hint="Pass the record frame with --records.")
    try:
        if path.suffix.lower() == ".csv":
            frame = pd.read_csv(path, dtype={"source_record_id": str})
            if "name_tokens" in frame:
                frame["name_tokens"] = frame["name_tokens"].map(
                    lambda v: json.loads(v) if isinstance(v, str) else []
                )
        else:
            frame = pd.read_parquet(path)
    except (ValueError, OSError) as error:
        raise InputError(f"{path}: cannot be read as a record frame ({error})") from error
    for column in ("record_id", "source"):
        if column not in frame:
            raise InputError(f"{path}: no column {column!r}", hint="See docs/formats.md.")
    return frame
