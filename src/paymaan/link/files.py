"""Linkage over files: read a record frame, run, write the outputs, evaluate.

This is what ``paymaan link`` calls until the store hands the record frame over
directly. A run folder holds ``person_records``, ``cases``, ``case_records``,
``conflicts``, ``review`` and ``pairs`` (Parquet), ``model.json`` (the trained
Splink model, reusable with ``--model``), ``config.json`` and, by default,
``decisions.jsonl`` (reviewers' decisions, read by every later run).

Example:
    >>> outcome = link_files(Path("records.parquet"), Path("run"))  # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from rich.console import Console

from paymaan.errors import InputError
from paymaan.link import LinkConfig, LinkResult, load_records, run, write_outputs
from paymaan.link.decisions import JsonlDecisionLog
from paymaan.link.evaluate import Metrics, evaluate_against_truth_file
from paymaan.link.review import ReviewSummary, review_session

__all__ = [
    "DECISIONS_FILE",
    "LinkOutcome",
    "decisions_path",
    "link_files",
    "load_model",
    "start_review",
]

DECISIONS_FILE = "decisions.jsonl"


@dataclass
class LinkOutcome:
    """A linkage run over files: its result, where it went and, optionally, its accuracy."""

    result: LinkResult
    written: dict[str, Path]
    metrics: Metrics | None = None


def decisions_path(out_dir: Path, decisions: Path | None = None) -> Path:
    """The decisions file of a run folder (``OUT/decisions.jsonl`` unless given)."""
    return decisions if decisions is not None else out_dir / DECISIONS_FILE


def load_model(path: Path) -> dict[str, Any]:
    """Read a trained model saved by an earlier run.

    Raises:
        InputError: the file is missing or not JSON.
    """
    try:
        value = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(f"{path}: not a linkage model ({error})") from error
    if not isinstance(value, dict) or "comparisons" not in value:
        raise InputError(f"{path}: not a linkage model (no comparisons)")
    return value


def link_files(
    records: Path,
    out_dir: Path,
    *,
    config: LinkConfig | None = None,
    model: Path | None = None,
    decisions: Path | None = None,
    truth: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> LinkOutcome:
    """Link the record frame in *records* and write the run's outputs to *out_dir*.

    Args:
        records: the record frame (Parquet or CSV).
        out_dir: the run folder.
        config: thresholds and engine.
        model: a saved ``model.json`` to reuse instead of training.
        decisions: the decisions file (default ``OUT/decisions.jsonl``).
        truth: a synthetic ``truth/rows.csv`` to evaluate against.
        progress: called with each step's name.

    Returns:
        A :class:`LinkOutcome`.

    Raises:
        InputError: unreadable records, model, decisions or truth.
        ConfigError: invalid configuration.
    """
    frame = load_records(records)
    made = JsonlDecisionLog(decisions_path(out_dir, decisions)).load()
    result = run(
        frame,
        config=config,
        decisions=made,
        model=load_model(model) if model is not None else None,
        progress=progress,
    )
    written = write_outputs(result, out_dir)
    metrics = None
    if truth is not None:
        metrics = evaluate_against_truth_file(result.person_records, truth, frame)
    return LinkOutcome(result=result, written=written, metrics=metrics)


def start_review(
    out_dir: Path,
    records: Path,
    *,
    actor: str,
    decisions: Path | None = None,
    console: Console | None = None,
) -> ReviewSummary:
    """Review the queue of the run in *out_dir* in the terminal.

    Args:
        out_dir: a run folder written by :func:`link_files`.
        records: the record frame that run linked.
        actor: the reviewer's name.
        decisions: the decisions file (default ``OUT/decisions.jsonl``).
        console: where to draw and read.

    Returns:
        What the session did.

    Raises:
        InputError: no run in *out_dir*, or records that do not match it.
    """
    queue_path = out_dir / "review.parquet"
    if not queue_path.is_file():
        raise InputError(
            f"{out_dir}: no review queue (review.parquet)",
            hint="Run `paymaan link --records ... --out DIR` first.",
        )
    queue = pd.read_parquet(queue_path)
    log = JsonlDecisionLog(decisions_path(out_dir, decisions))
    return review_session(queue, load_records(records), log, actor=actor, console=console)
