"""Cases: the records of one person that describe one event, consolidated.

Within a person, records of the same event type whose date intervals overlap (or lie
within ``tolerance_days`` of each other, since monitors' dates of one event differ by
a day or two) form one case; the chain rule is applied in date order, so a record
joins the case whose latest end it reaches. A record without a date joins the latest
case of its person and type (or forms one if there is none).

Some events happen to a person at most once: execution and death in custody. When a
person has more than one such case, every one of them is flagged with a ``conflict``
text and nothing is merged or split: a reviewer decides (the records' pairs go to the
review queue).

Example:
    >>> import pandas as pd, datetime as dt
    >>> frame = pd.DataFrame({"record_id": [1, 2], "source": ["a", "b"],
    ...     "event_type": ["execution"] * 2,
    ...     "event_date_start": [dt.date(2024, 3, 1), dt.date(2024, 3, 5)],
    ...     "event_date_end": [dt.date(2024, 3, 31), dt.date(2024, 3, 5)],
    ...     "event_date_precision": ["month", "day"]})
    >>> persons = pd.DataFrame({"record_id": [1, 2], "person_id": ["p1", "p1"]})
    >>> c = consolidate_cases(frame, persons)
    >>> c.cases.loc[0, ["date_start", "date_end", "date_precision", "n_sources"]].tolist()
    [datetime.date(2024, 3, 5), datetime.date(2024, 3, 5), 'day', 2]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from paymaan.link.cluster import _member_ids

__all__ = [
    "CASE_COLUMNS",
    "ONCE_PER_PERSON",
    "Consolidation",
    "consolidate_cases",
]

# Events a person can suffer only once; a second one is a conflict to review.
ONCE_PER_PERSON = {"execution": "execution", "death_in_custody": "death"}

CASE_COLUMNS = (
    "case_id",
    "person_id",
    "event_type",
    "date_start",
    "date_end",
    "date_precision",
    "charge",
    "grounds",
    "sex",
    "age",
    "ethnicity",
    "province",
    "city",
    "prison",
    "sources",
    "evidence",
    "n_sources",
    "record_ids",
    "conflict",
    "public",
)

_MODE_COLUMNS = ("charge", "grounds", "sex", "ethnicity", "province", "city", "prison")
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
_EPOCH = np.datetime64("1970-01-01", "D")


@dataclass
class Consolidation:
    """Cases and what could not be consolidated silently.

    Attributes:
        cases: one row per case, columns :data:`CASE_COLUMNS`.
        case_records: ``case_id``, ``record_id`` (one row per record).
        conflicts: ``person_id``, ``case_ids`` (list), ``record_ids`` (list), ``conflict``.
    """

    cases: pd.DataFrame
    case_records: pd.DataFrame
    conflicts: pd.DataFrame


def _days(series: pd.Series | None, n: int) -> np.ndarray:
    if series is None:
        return np.full(n, np.nan)
    parsed = pd.to_datetime(series, errors="coerce")
    return np.asarray((parsed - pd.Timestamp("1970-01-01")).dt.days, dtype=float)


def _case_labels(work: pd.DataFrame, tolerance_days: pd.Series) -> np.ndarray:
    """Label rows (sorted by person, type, start) with a case number, vectorised."""
    group = work["person_id"].ne(work["person_id"].shift()) | work["event_type"].ne(
        work["event_type"].shift()
    )
    group_no = group.cumsum()
    running_end = work.groupby(group_no)["end"].cummax()
    previous_end = running_end.groupby(group_no).shift()
    starts_new = group | (work["start"] > previous_end + tolerance_days)
    return np.asarray(starts_new.cumsum(), dtype=np.int64)


def _mode(work: pd.DataFrame, column: str) -> pd.Series:
    """Most frequent non-null value per case; ties go to the smallest value."""
    counts = (
        work.loc[work[column].notna(), ["case_no", column]]
        .assign(_v=lambda f: f[column].astype(str))
        .groupby(["case_no", "_v"])
        .size()
        .reset_index(name="n")
        .sort_values(["case_no", "n", "_v"], ascending=[True, False, True])
        .drop_duplicates("case_no")
    )
    return counts.set_index("case_no")["_v"]


def _to_date(days: pd.Series) -> list[dt.date | None]:
    return [
        None if pd.isna(d) else (_EPOCH + np.timedelta64(int(d), "D")).astype(dt.date) for d in days
    ]


def _dates(work: pd.DataFrame) -> pd.DataFrame:
    """The tightest interval consistent with the members, and its precision."""
    grouped = work.groupby("case_no")
    lo, hi = grouped["start"].max(), grouped["end"].min()
    rank = work["precision"].map(_PRECISION_RANK)
    work = work.assign(_rank=rank.fillna(9), _width=work["end"] - work["start"])
    finest = work.sort_values(["case_no", "_rank", "_width", "start"]).drop_duplicates("case_no")
    finest = finest.set_index("case_no")
    empty = lo > hi  # members within tolerance but not overlapping: keep the finest one's
    lo = lo.where(~empty, finest["start"])
    hi = hi.where(~empty, finest["end"])
    return pd.DataFrame(
        {
            "date_start": _to_date(lo),
            "date_end": _to_date(hi),
            "date_precision": finest["precision"],
        },
        index=lo.index,
    )


def _split_lists(case_no: np.ndarray, values: np.ndarray, cases: np.ndarray) -> list[list[Any]]:
    """Values grouped by case number (rows sorted by case), one list per case in *cases*."""
    starts = np.searchsorted(case_no, cases, side="left")
    ends = np.searchsorted(case_no, cases, side="right")
    return [values[a:b].tolist() for a, b in zip(starts, ends, strict=True)]


def _evidence(work: pd.DataFrame, cases: np.ndarray) -> list[dict[str, Any]]:
    """Per case: source -> its evidence level, or the sorted list when it gave several."""
    levels = (
        work.loc[:, ["case_no", "source", "evidence"]]
        .assign(evidence=work["evidence"].astype(object).where(work["evidence"].notna(), None))
        .drop_duplicates()
        .sort_values(["case_no", "source"], kind="stable")
    )
    out: dict[int, dict[str, Any]] = {}
    for case_no, source, level in levels.itertuples(index=False):
        entry = out.setdefault(int(case_no), {})
        if level is None:
            entry.setdefault(source, None)
            continue
        known = entry.get(source)
        if known is None:
            entry[source] = str(level)
        else:
            merged = sorted({*([known] if isinstance(known, str) else known), str(level)})
            entry[source] = merged[0] if len(merged) == 1 else merged
    return [out.get(int(c), {}) for c in cases]


def _conflicts(cases: pd.DataFrame) -> pd.DataFrame:
    once = cases[cases["event_type"].isin(list(ONCE_PER_PERSON))]
    counts = once.groupby("person_id")["case_id"].transform("size")
    flagged = once[counts > 1]
    rows = []
    for person_id, group in flagged.groupby("person_id", sort=True):
        kinds = sorted({ONCE_PER_PERSON[t] for t in group["event_type"]})
        text = f"second {' or '.join(kinds)} of the same person ({len(group)} cases)"
        record_ids = sorted(r for ids in group["record_ids"] for r in ids)
        rows.append((person_id, sorted(group["case_id"]), record_ids, text))
    return pd.DataFrame(rows, columns=["person_id", "case_ids", "record_ids", "conflict"])


def consolidate_cases(
    frame: pd.DataFrame,
    person_records: pd.DataFrame,
    *,
    tolerance_days: int = 7,
    exact_dates: Iterable[int] = (),
) -> Consolidation:
    """Consolidate each person's records into cases.

    Args:
        frame: the record frame (``record_id``, ``source``, ``event_type``, the
            ``event_date_*`` columns and the non-identifying fields; missing ones are null).
        person_records: ``record_id``, ``person_id`` from clustering.
        tolerance_days: reports of one event whose dates are this many days apart
            still describe it.
        exact_dates: records whose dates must overlap to join a case (records about
            no person, grouped by province: frequent events such as internet shutdowns).

    Returns:
        A :class:`Consolidation` (cases, case_records, conflicts).

    Example:
        See the module docstring.
    """
    n = len(frame)
    col = frame.get
    work = pd.DataFrame(
        {
            "record_id": frame["record_id"].astype("int64").to_numpy(),
            "source": frame["source"].astype(str).to_numpy(),
            "event_type": frame["event_type"].fillna("unknown").astype(str).to_numpy()
            if "event_type" in frame
            else np.full(n, "unknown"),
            "start": _days(col("event_date_start"), n),
            "end": _days(col("event_date_end", col("event_date_start")), n),
            "precision": col("event_date_precision", pd.Series([None] * n)).to_numpy(),
        }
    )
    for name in (*_MODE_COLUMNS, "age", "evidence", "public"):
        work[name] = frame[name].to_numpy() if name in frame else None
    work["end"] = work["end"].fillna(work["start"])
    work = work.merge(person_records[["record_id", "person_id"]], on="record_id", how="left")
    work["person_id"] = work["person_id"].fillna("p" + work["record_id"].astype(str))
    work = work.sort_values(["person_id", "event_type", "start", "record_id"], na_position="last")
    work = work.reset_index(drop=True)
    strict = work["record_id"].isin(set(exact_dates))
    tolerance = pd.Series(np.where(strict, 0, tolerance_days), index=work.index)
    work["case_no"] = _case_labels(work, tolerance)
    work["case_id"] = _member_ids("c", work["case_no"].to_numpy(), work["record_id"].to_numpy())
    return _assemble(work)


def _assemble(work: pd.DataFrame) -> Consolidation:
    work = work.sort_values(["case_no", "record_id"], kind="stable").reset_index(drop=True)
    cases = work.groupby("case_no", sort=True).agg(
        case_id=("case_id", "first"),
        person_id=("person_id", "first"),
        event_type=("event_type", "first"),
    )
    numbers = cases.index.to_numpy()
    case_no = work["case_no"].to_numpy()
    cases["record_ids"] = _split_lists(case_no, work["record_id"].to_numpy(), numbers)
    distinct = work[["case_no", "source"]].drop_duplicates().sort_values(["case_no", "source"])
    cases["sources"] = _split_lists(
        distinct["case_no"].to_numpy(), distinct["source"].to_numpy(dtype=object), numbers
    )
    cases = cases.join(_dates(work))
    for name in _MODE_COLUMNS:
        cases[name] = _mode(work, name).reindex(cases.index)
        cases[name] = cases[name].astype(object).where(cases[name].notna(), None)
    ages = pd.to_numeric(work["age"], errors="coerce")
    cases["age"] = ages.groupby(work["case_no"]).median().round().astype("Int64")
    cases["evidence"] = _evidence(work, numbers)
    cases["n_sources"] = cases["sources"].map(len)
    public = work["public"].map(lambda v: bool(v) if pd.notna(v) else False)
    cases["public"] = public.groupby(work["case_no"]).all()
    cases["event_type"] = cases["event_type"].replace("unknown", None)
    cases = cases.reset_index(drop=True)
    conflicts = _conflicts(cases)
    text = {c: row.conflict for row in conflicts.itertuples() for c in row.case_ids}
    cases["conflict"] = cases["case_id"].map(text).astype(object)
    cases["conflict"] = cases["conflict"].where(cases["conflict"].notna(), None)
    case_records = work[["case_id", "record_id"]].sort_values("record_id").reset_index(drop=True)
    return Consolidation(
        cases=cases[list(CASE_COLUMNS)], case_records=case_records, conflicts=conflicts
    )
