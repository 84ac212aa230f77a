"""Capture histories from linked cases: one :class:`CountTable` per stratum.

The cases frame comes from the link stage: one row per real event, with a
``sources`` column listing the sources that documented it, and stratum columns
(``period``, ``event_type``, ``province``, ``sex``, ...). A source whose coverage
does not reach a stratum at all is left out of that stratum's table: a list that
could not have documented anyone there would look like a list that missed everyone,
and would drag every estimate up.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from paymaan.errors import InputError
from paymaan.estimate.table import CountTable

__all__ = ["Coverage", "capture_histories"]

#: For each source, the provinces it covers, or a function of the stratum labels
#: returning whether it covers (some part of) the stratum.
Coverage = Mapping[str, Collection[str] | Callable[[Mapping[str, Any]], bool]]


def capture_histories(
    cases: pd.DataFrame,
    by: Sequence[str] = (),
    coverage: Coverage | None = None,
    lists: Sequence[str] | None = None,
) -> list[CountTable]:
    """Count, per stratum, the cases documented by each combination of sources.

    Args:
        cases: the cases frame, with a ``sources`` column (list of source names)
            and the columns named in *by*.
        by: stratum columns, e.g. ``["period", "event_type"]``; empty for one table.
            A missing label is the stratum ``unknown``.
        coverage: which strata each source covers. A source mapped to a set of
            provinces covers a stratum when the stratum's ``province`` is in the set
            (strata without a ``province`` label are covered by every source that
            covers any province); a source mapped to a callable covers the strata for
            which it returns true. Sources not in the mapping cover everything.
        lists: the sources to use, in order; default every source in the frame,
            sorted by name.

    Returns:
        One table per stratum, sorted by the stratum labels. Lists left out of a
        stratum (no coverage, or nothing documented there) are named in the
        table's ``notes``.

    Raises:
        InputError: a required column is missing, or a case has no sources.

    Example:
        >>> frame = pd.DataFrame({"sources": [["A"], ["A", "B"], ["B"]]})
        >>> capture_histories(frame)[0].counts.tolist()
        [0, 1, 1, 1]
    """
    missing = [c for c in ("sources", *by) if c not in cases.columns]
    if missing:
        raise InputError(f"the cases frame lacks column(s) {', '.join(missing)}.")
    source_sets = [frozenset(_as_list(s)) for s in cases["sources"]]
    if any(not s for s in source_sets):
        raise InputError("a case has no sources; every case must be documented by one source.")
    names = list(lists) if lists is not None else sorted(set().union(*source_sets))
    groups: Iterable[tuple[tuple[Any, ...], np.ndarray]]
    if by:
        labels = cases[list(by)].astype(object)
        # A missing label (unknown sex, undated case) is a stratum of its own.
        labels = labels.where(labels.notna(), "unknown").astype(str)
        keys = labels.itertuples(index=False, name=None)
        index: dict[tuple[Any, ...], list[int]] = {}
        for row, key in enumerate(keys):
            index.setdefault(tuple(key), []).append(row)
        groups = ((k, np.asarray(v)) for k, v in sorted(index.items()))
    else:
        groups = [((), np.arange(len(cases)))]
    tables = []
    for key, rows in groups:
        stratum = dict(zip(by, key, strict=True))
        tables.append(_stratum_table(names, [source_sets[r] for r in rows], stratum, coverage))
    return tables


def _stratum_table(
    names: list[str],
    cases: list[frozenset[str]],
    stratum: dict[str, str],
    coverage: Coverage | None,
) -> CountTable:
    notes = []
    kept = []
    for name in names:
        if not _covers(coverage, name, stratum):
            notes.append(f"{name} left out: it does not cover {_label(stratum)}")
        elif not any(name in c for c in cases):
            notes.append(f"{name} left out: it documented no case in {_label(stratum)}")
        else:
            kept.append(name)
    bit = {name: 1 << j for j, name in enumerate(kept)}
    counts = np.zeros(2 ** len(kept), dtype=np.int64)
    for sources in cases:
        counts[sum(bit[s] for s in sources if s in bit)] += 1
    if counts[0]:
        # Cases seen only by lists left out cannot enter this table's patterns.
        notes.append(f"{int(counts[0])} case(s) documented only by left-out sources not counted")
        counts[0] = 0
    return CountTable(tuple(kept), counts, stratum, tuple(notes))


def _covers(coverage: Coverage | None, source: str, stratum: Mapping[str, Any]) -> bool:
    if coverage is None or source not in coverage:
        return True
    scope = coverage[source]
    if callable(scope):
        return bool(scope(stratum))
    if "province" in stratum:
        return stratum["province"] in scope
    return len(scope) > 0


def _label(stratum: Mapping[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in stratum.items()) or "the whole population"


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if value is None or (isinstance(value, float) and value != value):  # None or NaN
        return []
    return [str(v) for v in value]
