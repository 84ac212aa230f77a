"""What an estimator returns, and how estimates are written (JSON, CSV, one line).

An :class:`Estimate` is one method's answer for one stratum: the documented count,
the estimated total with its interval, the model(s) behind it, diagnostics and
warnings. When no estimate can be made the estimate fields are ``None`` and
``error`` says why in plain words; the documented count still stands as a lower bound.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Estimate", "estimates_to_csv", "estimates_to_json", "format_count"]

CSV_COLUMNS = (
    "stratum",
    "method",
    "lists",
    "observed",
    "estimate",
    "lower",
    "upper",
    "level",
    "models",
    "warnings",
    "error",
)


@dataclass(frozen=True)
class Estimate:
    """One method's estimate of the total for one stratum.

    Attributes:
        method: ``loglinear`` or ``lcmcr``.
        stratum: the stratum's labels (empty: the whole population).
        lists: the lists (sources) the estimate used.
        observed: cases documented by at least one list (a lower bound of the total).
        estimate: estimated total, documented plus undocumented; ``None`` on error.
        lower, upper: the interval's limits; ``upper`` is ``math.inf`` when the data
            do not bound it.
        level: the interval's nominal coverage, e.g. 0.95.
        models: the model(s) used, with their weights or settings.
        diagnostics: numbers for judging the estimate (fit, convergence, ...).
        warnings: plain-language reasons to be careful with this estimate.
        error: why no estimate could be made, else ``None``.

    Example:
        >>> Estimate("loglinear", {}, ("A", "B"), 812, 1240.4, 1050.2, 1610.9).summary()
        'all: documented 812; estimated 1,240 (95% interval 1,050–1,611) [loglinear]'
    """

    method: str
    stratum: Mapping[str, str]
    lists: tuple[str, ...]
    observed: int
    estimate: float | None
    lower: float | None = None
    upper: float | None = None
    level: float = 0.95
    models: tuple[Mapping[str, Any], ...] = ()
    diagnostics: Mapping[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    error: str | None = None

    def label(self) -> str:
        """The stratum as ``key=value, ...``, or ``all``."""
        return ", ".join(f"{k}={v}" for k, v in self.stratum.items()) or "all"

    def summary(self) -> str:
        """One plain-language line: documented count, estimate and interval."""
        head = f"{self.label()}: documented {format_count(self.observed)}"
        if self.estimate is None:
            return f"{head}; no estimate ({self.error}) [{self.method}]"
        interval = f"{format_count(self.lower)}–{format_count(self.upper)}"
        percent = f"{self.level * 100:g}%"
        return (
            f"{head}; estimated {format_count(self.estimate)} "
            f"({percent} interval {interval}) [{self.method}]"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; an unbounded limit is written as ``null``."""
        return {
            "method": self.method,
            "stratum": dict(self.stratum),
            "lists": list(self.lists),
            "observed": self.observed,
            "estimate": _finite(self.estimate),
            "lower": _finite(self.lower),
            "upper": _finite(self.upper),
            "level": self.level,
            "models": [dict(m) for m in self.models],
            "diagnostics": dict(self.diagnostics),
            "warnings": list(self.warnings),
            "error": self.error,
            "summary": self.summary(),
        }


def format_count(value: float | None) -> str:
    """A count rounded to a whole number with thousands separators; ``∞`` when unbounded.

    Example:
        >>> format_count(1240.6), format_count(float("inf"))
        ('1,241', '∞')
    """
    if value is None:
        return "–"
    if math.isinf(value):
        return "∞"
    return f"{round(value):,}"


def estimates_to_json(estimates: Sequence[Estimate]) -> str:
    """All estimates as a JSON document (a list of :meth:`Estimate.to_dict`).

    Example:
        >>> estimates_to_json([])
        '[]'
    """
    return json.dumps([e.to_dict() for e in estimates], indent=2, ensure_ascii=False)


def estimates_to_csv(estimates: Sequence[Estimate]) -> str:
    """All estimates as CSV text, one row per stratum and method.

    Columns: ``stratum, method, lists, observed, estimate, lower, upper, level, models,
    warnings, error``; lists, models and warnings are ``; ``-joined; an unbounded
    limit is empty.

    Example:
        >>> estimates_to_csv([]).splitlines()[0]
        'stratum,method,lists,observed,estimate,lower,upper,level,models,warnings,error'
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in estimates:
        writer.writerow(
            [
                e.label(),
                e.method,
                "; ".join(e.lists),
                e.observed,
                _cell(e.estimate),
                _cell(e.lower),
                _cell(e.upper),
                e.level,
                "; ".join(str(m.get("name", "")) for m in e.models),
                "; ".join(e.warnings),
                e.error or "",
            ]
        )
    return out.getvalue()


def _finite(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), 6)


def _cell(value: float | None) -> str:
    finite = _finite(value)
    return "" if finite is None else f"{finite:.2f}"
