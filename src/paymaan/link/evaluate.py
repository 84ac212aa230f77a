"""Linkage accuracy against a ground truth (the synthetic monitors' ``truth/rows.csv``).

Pairwise metrics count pairs of records: a true positive is a pair placed in one
person that the truth also places in one person. They are computed from the
contingency table of (predicted person, true person) without listing pairs, so they
scale to millions of records: a cell of ``n`` records holds ``n(n-1)/2`` true-positive
pairs. Per source pair and per script combination the same count is split by the
records' sources (scripts): in a cell with ``n_s`` records of source ``s`` and ``n_t``
of ``t``, ``n_s n_t`` pairs join ``s`` and ``t``, and ``n_s(n_s-1)/2`` lie within ``s``.

B-cubed (Bagga & Baldwin 1998) averages, over records, the share of the record's
predicted cluster that is truly its person (precision) and the share of its true
person that is in its predicted cluster (recall).

Example:
    >>> import pandas as pd
    >>> pred = pd.DataFrame({"record_id": [1, 2, 3], "person_id": ["a", "a", "b"],
    ...                      "source": ["x", "y", "x"], "script": ["fa", "latin", "fa"]})
    >>> truth = pd.DataFrame({"record_id": [1, 2, 3], "person_id": [1, 1, 1]})
    >>> m = evaluate(pred, truth)
    >>> (m.precision, round(m.recall, 3))
    (1.0, 0.333)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations_with_replacement
from pathlib import Path

import numpy as np
import pandas as pd

from paymaan.errors import InputError

__all__ = ["Metrics", "PairCounts", "evaluate", "evaluate_against_truth_file", "truth_from_rows"]


@dataclass(frozen=True)
class PairCounts:
    """Pair counts and the derived precision, recall and F1."""

    true_positive: int
    predicted: int
    actual: int

    @property
    def precision(self) -> float:
        """Share of predicted pairs that are true (1.0 when nothing was predicted)."""
        return self.true_positive / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        """Share of true pairs that were predicted (1.0 when there are none)."""
        return self.true_positive / self.actual if self.actual else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Metrics:
    """Accuracy of a clustering against the truth."""

    pairwise: PairCounts
    bcubed_precision: float
    bcubed_recall: float
    by_source_pair: dict[tuple[str, str], PairCounts] = field(default_factory=dict)
    by_script_pair: dict[tuple[str, str], PairCounts] = field(default_factory=dict)
    n_records: int = 0

    @property
    def precision(self) -> float:
        """Pairwise precision."""
        return self.pairwise.precision

    @property
    def recall(self) -> float:
        """Pairwise recall."""
        return self.pairwise.recall

    @property
    def f1(self) -> float:
        """Pairwise F1."""
        return self.pairwise.f1

    @property
    def bcubed_f1(self) -> float:
        """Harmonic mean of B-cubed precision and recall."""
        p, r = self.bcubed_precision, self.bcubed_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def rows(self) -> list[dict[str, object]]:
        """One row per scope (overall, each source pair, each script pair) for printing."""
        out: list[dict[str, object]] = []

        def add(scope: str, c: PairCounts) -> None:
            out.append(
                {
                    "scope": scope,
                    "true_pairs": c.actual,
                    "predicted_pairs": c.predicted,
                    "precision": c.precision,
                    "recall": c.recall,
                    "f1": c.f1,
                }
            )

        add("overall", self.pairwise)
        for (a, b), c in sorted(self.by_script_pair.items()):
            add(f"script {a}–{b}", c)
        for (a, b), c in sorted(self.by_source_pair.items()):
            add(f"source {a}–{b}", c)
        return out


def _pairs(n: np.ndarray) -> int:
    return int((n * (n - 1) // 2).sum())


def _split_counts(frame: pd.DataFrame, key: str, by: str) -> dict[tuple[str, str], int]:
    """Pairs inside groups of *key*, split by the *by* labels of their two records."""
    counts = frame.groupby([key, by]).size().unstack(fill_value=0)
    labels = [str(c) for c in counts.columns]
    matrix = counts.to_numpy(dtype=np.int64)
    out: dict[tuple[str, str], int] = {}
    for i, j in combinations_with_replacement(range(len(labels)), 2):
        if i == j:
            value = _pairs(matrix[:, i])
        else:
            value = int((matrix[:, i] * matrix[:, j]).sum())
        pair = (labels[i], labels[j]) if labels[i] <= labels[j] else (labels[j], labels[i])
        out[pair] = out.get(pair, 0) + value
    return out


def _by(frame: pd.DataFrame, by: str) -> dict[tuple[str, str], PairCounts]:
    frame = frame.assign(**{by: frame[by].fillna("?").astype(str)})
    tp = _split_counts(frame, "_cell", by)
    pred = _split_counts(frame, "person_id", by)
    true = _split_counts(frame, "true_person", by)
    keys = sorted(set(pred) | set(true))
    return {k: PairCounts(tp.get(k, 0), pred.get(k, 0), true.get(k, 0)) for k in keys}


def truth_from_rows(rows: pd.DataFrame, records: pd.DataFrame) -> pd.DataFrame:
    """Attach the synthetic truth (``truth/rows.csv``) to record ids.

    Args:
        rows: ``monitor``, ``source_record_id``, ``person_id`` (the truth file).
        records: the record frame (``record_id``, ``source``, ``source_record_id``);
            a monitor's name is its source name.

    Returns:
        ``record_id``, ``person_id`` (true person) for every record found in the truth
        that concerns a person (rows without a ``person_id``, such as press closures and
        internet shutdowns, are left out: they are not linked as persons).

    Raises:
        InputError: the truth has none of the records (wrong file or sources renamed).
    """
    need = {"monitor", "source_record_id", "person_id"}
    if not need <= set(rows.columns):
        raise InputError(
            f"the truth file lacks columns {sorted(need - set(rows.columns))}",
            hint="Pass the truth/rows.csv written by `paymaan synth`.",
        )
    left = records[["record_id", "source", "source_record_id"]].astype(
        {"source": str, "source_record_id": str}
    )
    right = rows.loc[rows["person_id"].notna(), ["monitor", "source_record_id", "person_id"]]
    right = right.astype({"monitor": str, "source_record_id": str})
    joined = left.merge(
        right, left_on=["source", "source_record_id"], right_on=["monitor", "source_record_id"]
    )
    if joined.empty:
        raise InputError(
            "none of the records appear in the truth file",
            hint="Check that the records were ingested from the same synthetic output.",
        )
    return joined[["record_id", "person_id"]].reset_index(drop=True)


def evaluate(person_records: pd.DataFrame, truth: pd.DataFrame) -> Metrics:
    """Pairwise and B-cubed accuracy of a clustering against the truth.

    Args:
        person_records: ``record_id``, ``person_id`` and, for the breakdowns,
            ``source`` and ``script``.
        truth: ``record_id``, ``person_id`` (true person). Records missing from either
            table are left out.

    Returns:
        :class:`Metrics`.

    Raises:
        InputError: no record appears in both tables.

    Example:
        See the module docstring.
    """
    truth = truth.rename(columns={"person_id": "true_person"})[["record_id", "true_person"]]
    frame = person_records.merge(truth, on="record_id", how="inner")
    if frame.empty:
        raise InputError("no record is both clustered and in the truth")
    frame = frame.assign(
        person_id=frame["person_id"].astype(str), true_person=frame["true_person"].astype(str)
    )
    frame["_cell"] = frame["person_id"] + "\x1f" + frame["true_person"]
    cell = frame.groupby("_cell")["record_id"].transform("size").to_numpy()
    pred = frame.groupby("person_id")["record_id"].transform("size").to_numpy()
    true = frame.groupby("true_person")["record_id"].transform("size").to_numpy()
    pairwise = PairCounts(
        _pairs(frame.groupby("_cell").size().to_numpy()),
        _pairs(frame.groupby("person_id").size().to_numpy()),
        _pairs(frame.groupby("true_person").size().to_numpy()),
    )
    return Metrics(
        pairwise=pairwise,
        bcubed_precision=float((cell / pred).mean()),
        bcubed_recall=float((cell / true).mean()),
        by_source_pair=_by(frame, "source") if "source" in frame else {},
        by_script_pair=_by(frame, "script") if "script" in frame else {},
        n_records=len(frame),
    )


def evaluate_against_truth_file(
    person_records: pd.DataFrame, truth: Path, records: pd.DataFrame
) -> Metrics:
    """:func:`evaluate` against a synthetic ``truth/rows.csv``.

    Args:
        person_records: the linkage's ``record_id``/``person_id`` table.
        truth: the truth file (``paymaan synth``'s ``truth/rows.csv``).
        records: the record frame that was linked (matches truth rows to records).

    Raises:
        InputError: the file cannot be read.
    """
    try:
        rows = pd.read_csv(truth, dtype={"source_record_id": str})
    except (OSError, ValueError) as error:
        raise InputError(f"{truth}: cannot be read as a truth file ({error})") from error
    return evaluate(person_records, truth_from_rows(rows, records))
