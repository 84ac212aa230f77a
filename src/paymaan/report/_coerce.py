"""Reading report input fields from mappings or objects (see :mod:`paymaan.report.model`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from paymaan.errors import InputError

__all__: list[str] = []


def _get(obj: Any, name: str, default: Any = ...) -> Any:
    """Read *name* from a mapping or an object; ``...`` as default means required."""
    if isinstance(obj, Mapping):
        if name in obj:
            return obj[name]
    elif hasattr(obj, name):
        return getattr(obj, name)
    if default is ...:
        raise InputError(
            f"report input: {type(obj).__name__} has no field {name!r}",
            hint="Give every required field of the report input (see docs/reports.md).",
        )
    return default


def _as_date(value: Any, what: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InputError(
            f"report input: {what} is {value!r}, not a date",
            hint="Write dates as YYYY-MM-DD (Gregorian).",
        ) from None


def _as_datetime(value: Any, what: str) -> datetime:
    result = value if isinstance(value, datetime) else None
    if result is None:
        try:
            result = datetime.fromisoformat(str(value))
        except ValueError:
            raise InputError(
                f"report input: {what} is {value!r}, not a timestamp",
                hint="Write timestamps as ISO 8601 with a time zone, e.g. 2025-06-01T09:30:00Z.",
            ) from None
    if result.tzinfo is None:
        raise InputError(
            f"report input: {what} {value!r} has no time zone",
            hint="Give the run's timestamp in UTC, e.g. 2025-06-01T09:30:00+00:00.",
        )
    return result


def _as_optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _period_fields(value: Any) -> tuple[str, date, date]:
    """Label, first day and last day (inclusive) of an assessment's period."""
    period = _get(value, "period", None)
    if period is not None and _get(value, "period_label", None) is None:
        # paymaan.verify's Period is half-open [start, end): the last day is end - 1.
        start = _as_date(_get(period, "start"), "assessment period start")
        end = _as_date(_get(period, "end"), "assessment period end") - timedelta(days=1)
        return str(_get(period, "label")), start, end
    return (
        str(_get(value, "period_label")),
        _as_date(_get(value, "period_start"), "assessment period_start"),
        _as_date(_get(value, "period_end"), "assessment period_end"),
    )


def _coverage_fields(value: Any) -> tuple[float | None, list[str]]:
    """A coverage share, and a limitation naming uncovered provinces, from either form."""
    if value is None or isinstance(value, int | float):
        return _as_optional_float(value), []
    in_scope = int(_get(value, "provinces_in_scope", 0))
    covered = int(_get(value, "provinces_covered", 0))
    uncovered = [str(p) for p in _get(value, "uncovered", ()) or ()]
    note = (
        [f"Provinces not watched by enough sources: {', '.join(uncovered)}."] if uncovered else []
    )
    return (covered / in_scope if in_scope else None), note
