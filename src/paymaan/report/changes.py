"""What changed since the previous report: new, removed and changed figures.

A figure is one indicator in one period, keyed by ``(commitment_id, indicator_id,
period_label)``. Compared are its status, its documented count and its estimate
(rounded to a whole number, so that refitting noise below one case is not reported).

Example:
    >>> from paymaan.report.model import PreviousFigure
    >>> old = [PreviousFigure("c1", "i1", "2025-05", "pending", 3)]
    >>> new = [PreviousFigure("c1", "i1", "2025-05", "not_met", 4)]
    >>> [c.fields for c in compare_figures(old, new)]
    [(('status', 'pending', 'not_met'), ('documented', '3', '4'))]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from paymaan.report.model import PreviousFigure, ReportInput

__all__ = ["FigureChange", "compare_figures", "report_changes"]


@dataclass(frozen=True)
class FigureChange:
    """One figure that is new, no longer assessed, or changed (``fields``: what, old, new)."""

    key: tuple[str, str, str]
    kind: Literal["new", "removed", "changed"]
    fields: tuple[tuple[str, str, str], ...] = ()


def _count(value: int | None) -> str:
    return "" if value is None else str(value)


def _rounded(value: float | None) -> str:
    return "" if value is None else str(round(value))


def compare_figures(
    previous: Iterable[PreviousFigure], current: Iterable[PreviousFigure]
) -> list[FigureChange]:
    """Compare two sets of figures; the changes come sorted by key.

    Args:
        previous: the figures of the previous report.
        current: the figures of this report.

    Returns:
        One :class:`FigureChange` per figure that differs.
    """
    old = {f.key: f for f in previous}
    new = {f.key: f for f in current}
    changes: list[FigureChange] = []
    for key in sorted(set(old) | set(new)):
        if key not in old:
            changes.append(FigureChange(key, "new"))
        elif key not in new:
            changes.append(FigureChange(key, "removed"))
        else:
            before, after = old[key], new[key]
            pairs = (
                ("status", before.status, after.status),
                ("documented", _count(before.documented), _count(after.documented)),
                ("estimate", _rounded(before.estimate), _rounded(after.estimate)),
            )
            fields = tuple(p for p in pairs if p[1] != p[2])
            if fields:
                changes.append(FigureChange(key, "changed", fields))
    return changes


def report_changes(report_input: ReportInput) -> list[FigureChange] | None:
    """The changes since ``report_input.previous``; ``None`` when there is no previous report."""
    if report_input.previous is None:
        return None
    current = [PreviousFigure.coerce(a) for a in report_input.assessments]
    return compare_figures(report_input.previous.figures, current)
