"""The cases frame verify reads: checks, helper columns, and reading it from a file.

The frame is the link stage's output (``docs/formats.md``): one row per case with
``case_id``, ``person_id``, ``event_type``, ``date_start``, ``date_end``,
``date_precision``, ``charge``, ``grounds``, ``sex``, ``age``, ``ethnicity``,
``province``, ``sources`` (list), ``evidence`` (dict source → evidence level),
``conflict`` and others.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from paymaan.errors import InputError

__all__ = ["REQUIRED_CASE_COLUMNS", "prepare_cases", "read_cases"]

REQUIRED_CASE_COLUMNS = ("case_id", "event_type", "date_start", "sources")
_OPTIONAL_COLUMNS = (
    "person_id",
    "date_end",
    "date_precision",
    "charge",
    "grounds",
    "sex",
    "age",
    "ethnicity",
    "province",
    "evidence",
    "conflict",
)


def _as_list(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            return [str(v) for v in json.loads(text)]
        return [part.strip() for part in text.replace("|", ";").split(";") if part.strip()]
    return [str(v) for v in value]


def _as_dict(value: Any) -> dict[str, Any]:
    """Source → evidence level; a source that gave several levels keeps their list."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return {}
    if isinstance(value, str):
        value = json.loads(value) if value.strip() else {}
    return {str(k): v for k, v in dict(value).items() if v is not None}


def _levels(evidence: dict[str, Any]) -> frozenset[str]:
    levels: set[str] = set()
    for value in evidence.values():
        if isinstance(value, str):
            levels.add(value)
        else:
            levels.update(str(v) for v in value if v is not None)
    return frozenset(levels)


def prepare_cases(cases: pd.DataFrame) -> pd.DataFrame:
    """Check the cases frame and add the helper columns verify uses.

    Added columns (prefixed ``_``): ``_start`` and ``_end`` (Timestamps; ``_end`` is
    exclusive, one day after a day-precise date), ``_n_sources`` (distinct sources),
    ``_official`` and ``_own`` (a source reported it as an official announcement / its own
    documentation), ``_levels`` (set of evidence levels), ``_imprecise`` (the date is a
    month or a year, not a day).

    Args:
        cases: the cases frame.

    Returns:
        A new frame; the input is not changed.

    Raises:
        InputError: a required column is missing or a date cannot be read (names the case).
    """
    if missing := [c for c in REQUIRED_CASE_COLUMNS if c not in cases.columns]:
        raise InputError(
            f"cases: missing column(s) {', '.join(missing)}",
            hint="The cases frame is the link stage's output; see docs/formats.md.",
        )
    frame = cases.copy()
    for column in _OPTIONAL_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    frame["case_id"] = frame["case_id"].astype(str)
    frame["person_id"] = (
        frame["person_id"].where(frame["person_id"].notna(), frame["case_id"]).astype(str)
    )
    frame["sources"] = frame["sources"].map(_as_list)
    frame["evidence"] = frame["evidence"].map(_as_dict)
    try:
        frame["_start"] = pd.to_datetime(frame["date_start"])
        end = pd.to_datetime(frame["date_end"])
    except (ValueError, TypeError) as error:
        raise InputError(
            f"cases: a date_start or date_end cannot be read as a date ({error})"
        ) from None
    if bad := frame.loc[frame["_start"].isna(), "case_id"].tolist():
        raise InputError(
            f"cases: {len(bad)} case(s) without date_start, e.g. case {bad[0]}",
            hint="Every case needs at least the start of its date interval.",
        )
    # date_end is the last day the date may mean (inclusive), so the exclusive end is a day later.
    frame["_end"] = end.fillna(frame["_start"]) + pd.Timedelta(days=1)
    precision = frame["date_precision"].fillna("day")
    frame["_imprecise"] = (precision != "day") | (
        frame["_end"] - frame["_start"] > pd.Timedelta(days=1)
    )
    frame["_n_sources"] = frame["sources"].map(lambda s: len(set(s)))
    frame["_levels"] = frame["evidence"].map(_levels)
    frame["_official"] = frame["_levels"].map(lambda levels: "official" in levels)
    frame["_own"] = frame["_levels"].map(lambda levels: "own_documentation" in levels)
    conflict = frame["conflict"]
    frame["_conflict"] = conflict.map(
        lambda v: bool(v) and not (isinstance(v, float) and pd.isna(v))
    )
    frame["age"] = pd.to_numeric(frame["age"], errors="coerce")
    return frame


def read_cases(path: str | Path) -> pd.DataFrame:
    """Read a cases frame from Parquet or CSV (lists and dicts as JSON text in CSV).

    Raises:
        InputError: the file is missing, of another format, or unreadable.

    Example:
        >>> read_cases("cases.parquet")  # doctest: +SKIP
    """
    file = Path(path)
    if not file.exists():
        raise InputError(f"{file}: no such file", hint="Give the cases as .parquet or .csv.")
    try:
        if file.suffix == ".parquet":
            frame = pd.read_parquet(file)
            for column in ("sources", "record_ids"):
                if column in frame.columns:
                    frame[column] = frame[column].map(_as_list)
            return frame
        if file.suffix == ".csv":
            return pd.read_csv(file, dtype={"case_id": str, "person_id": str}, keep_default_na=True)
    except (OSError, ValueError) as error:
        raise InputError(f"{file}: cannot be read ({error})") from None
    raise InputError(f"{file}: unknown format {file.suffix!r}", hint="Use .parquet or .csv.")
