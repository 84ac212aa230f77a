"""The capture-history table every estimator reads, and reading one from a counts CSV.

A :class:`CountTable` holds, for *k* lists (sources), the number of cases seen with
each observed capture pattern: a tuple of 0/1 flags, one per list, never all zero
(the all-zero cell is what the estimators estimate). Pattern ``i`` of
:meth:`CountTable.cell_counts` has bit ``j`` set when list ``j`` documented the case,
so cell 1 is "list 0 only", cell 3 is "lists 0 and 1 only", and so on up to
``2**k - 1`` (every list).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from paymaan.errors import InputError

__all__ = ["CountTable", "pattern_index", "read_counts_csv"]


@dataclass(frozen=True)
class CountTable:
    """Observed capture-pattern counts for a set of lists, optionally for one stratum.

    Attributes:
        lists: names of the lists (sources), in column order.
        counts: length ``2**k`` integer array indexed by pattern bits; element 0
            (nobody documented) is always 0 and is never used.
        stratum: the stratum this table describes, e.g. ``{"period": "2024"}``;
            empty for the whole population.
        notes: remarks made while building the table (lists left out, and why).

    Example:
        >>> t = CountTable.from_patterns(["A", "B"], {(1, 0): 30, (0, 1): 20, (1, 1): 10})
        >>> t.observed, t.list_totals().tolist()
        (60, [40, 30])
    """

    lists: tuple[str, ...]
    counts: npt.NDArray[np.int64]
    stratum: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if len(self.counts) != 2 ** len(self.lists):
            raise ValueError("counts must have 2**k elements, one per capture pattern")

    @classmethod
    def from_patterns(
        cls,
        lists: Sequence[str],
        patterns: Mapping[tuple[int, ...], int],
        stratum: Mapping[str, str] | None = None,
    ) -> CountTable:
        """Build a table from a mapping ``pattern tuple -> count``.

        Args:
            lists: list names, in the order of the pattern tuples.
            patterns: counts by pattern; missing patterns count 0.
            stratum: the stratum's labels, if any.

        Returns:
            The table.

        Raises:
            ValueError: a pattern of the wrong length, all zeros with a count, or a
                negative count (a programming error; files go through
                :func:`read_counts_csv`).

        Example:
            >>> CountTable.from_patterns(["A", "B"], {(1, 1): 5}).observed
            5
        """
        k = len(lists)
        counts = np.zeros(2**k, dtype=np.int64)
        for pattern, count in patterns.items():
            if len(pattern) != k:
                raise ValueError(f"pattern {pattern} does not have {k} flags")
            if count < 0:
                raise ValueError(f"negative count for pattern {pattern}")
            cell = pattern_index(pattern)
            if cell == 0 and count > 0:
                raise ValueError("the all-zero pattern cannot have a count")
            counts[cell] += count
        return cls(tuple(lists), counts, dict(stratum or {}))

    @property
    def k(self) -> int:
        """Number of lists."""
        return len(self.lists)

    @property
    def observed(self) -> int:
        """Number of cases documented by at least one list."""
        return int(self.counts[1:].sum())

    def patterns(self) -> npt.NDArray[np.int8]:
        """The ``(2**k, k)`` 0/1 matrix of patterns, row ``i`` the bits of ``i``."""
        cells = np.arange(2**self.k)
        return ((cells[:, None] >> np.arange(self.k)[None, :]) & 1).astype(np.int8)

    def cell_counts(self) -> npt.NDArray[np.int64]:
        """Counts of the ``2**k - 1`` observed cells (pattern 1 to ``2**k - 1``)."""
        return self.counts[1:].copy()

    def list_totals(self) -> npt.NDArray[np.int64]:
        """Cases documented by each list."""
        return (self.patterns()[1:].T.astype(np.int64) @ self.counts[1:]).astype(np.int64)

    def label(self) -> str:
        """The stratum as ``key=value, ...``, or ``all`` for the whole population."""
        return ", ".join(f"{k}={v}" for k, v in self.stratum.items()) or "all"

    def as_rows(self) -> list[dict[str, int]]:
        """The non-zero observed patterns as rows ``{list: 0/1, ..., "count": n}``."""
        rows = []
        for cell, pattern in enumerate(self.patterns()):
            if cell and self.counts[cell]:
                row = {name: int(flag) for name, flag in zip(self.lists, pattern, strict=True)}
                row["count"] = int(self.counts[cell])
                rows.append(row)
        return rows


def pattern_index(pattern: Sequence[int]) -> int:
    """The cell index of a 0/1 pattern: bit ``j`` set when list ``j`` documented."""
    return sum(1 << j for j, flag in enumerate(pattern) if flag)


def read_counts_csv(path: Path, strata: Sequence[str] = ()) -> list[CountTable]:
    """Read a capture-history table: one 0/1 column per list and a ``count`` column.

    Columns named in *strata* hold stratum labels; one table is returned per
    distinct combination of their values, in order of first appearance. Rows with
    the same pattern (and stratum) are added up.

    Args:
        path: the CSV file (UTF-8, header row, comma separated).
        strata: names of columns that label strata rather than lists.

    Returns:
        One :class:`CountTable` per stratum (one table when *strata* is empty).

    Raises:
        InputError: the file cannot be read, lacks a ``count`` column or a stratum
            column, has fewer than two list columns, a flag that is not 0 or 1, a
            count that is not a non-negative integer, or a positive count on the
            all-zero pattern; the message names the file, row and column.

    Example:
        >>> read_counts_csv(Path("histories.csv"))  # doctest: +SKIP
    """
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in (reader.fieldnames or [])]
            raw_rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise InputError(f"{path}: cannot read the counts table ({error}).") from error
    lists = _check_header(path, header, strata)
    grouped: dict[tuple[str, ...], dict[tuple[int, ...], int]] = {}
    for row_number, raw in enumerate(raw_rows, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        key = tuple(row.get(s, "") for s in strata)
        pattern = tuple(_flag(path, row_number, name, row.get(name, "")) for name in lists)
        count = _count(path, row_number, row.get("count", ""))
        if not any(pattern) and count > 0:
            raise InputError(
                f"{path}, row {row_number}: the pattern with every list 0 has count {count}.",
                hint="Cases nobody documented cannot be counted; remove the row or set it to 0.",
            )
        cell = grouped.setdefault(key, {})
        cell[pattern] = cell.get(pattern, 0) + count
    if not grouped:
        raise InputError(f"{path}: the counts table has no rows.")
    return [
        CountTable.from_patterns(lists, patterns, dict(zip(strata, key, strict=True)))
        for key, patterns in grouped.items()
    ]


def _check_header(path: Path, header: list[str], strata: Sequence[str]) -> list[str]:
    if "count" not in header:
        raise InputError(
            f"{path}: no 'count' column (columns: {', '.join(header) or 'none'}).",
            hint="Give one 0/1 column per list and a 'count' column with the number of cases.",
        )
    for name in strata:
        if name not in header:
            raise InputError(f"{path}: stratum column {name!r} is not in the header.")
    lists = [h for h in header if h != "count" and h not in strata and h]
    if len(lists) < 2:
        raise InputError(
            f"{path}: {len(lists)} list column(s); estimation needs at least two lists."
        )
    return lists


def _flag(path: Path, row: int, column: str, value: str) -> int:
    if value in ("0", "1"):
        return int(value)
    raise InputError(
        f"{path}, row {row}, column {column!r}: {value!r} is not 0 or 1.",
        hint="Each list column says whether that list documented the cases of the row.",
    )


def _count(path: Path, row: int, value: str) -> int:
    try:
        count = int(value)
    except ValueError:
        count = -1
    if count < 0:
        raise InputError(
            f"{path}, row {row}, column 'count': {value!r} is not a non-negative integer."
        )
    return count
