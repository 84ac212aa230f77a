"""Reporting periods: Gregorian months, quarters and years, Iranian months and years.

Monitors report in both calendars (HRANA by Gregorian year, the Kurdistan Human
Rights Network by Iranian year from Nowruz), so an assessment can be made for either.
Every period is half-open, ``[start, end)``: an event dated on ``end`` belongs to the
next period. Iranian dates are converted with :mod:`jdatetime`, exactly: the Iranian
year 1403 is ``[2024-03-20, 2025-03-21)``, 1404 is ``[2025-03-21, 2026-03-21)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

import jdatetime

from paymaan.errors import ConfigError

__all__ = ["PERIOD_KINDS", "Period", "PeriodKind", "period_containing", "periods"]

PeriodKind = Literal["month", "quarter", "year", "iranian_month", "iranian_year"]
PERIOD_KINDS: tuple[str, ...] = get_args(PeriodKind)


@dataclass(frozen=True)
class Period:
    """A half-open interval of days ``[start, end)`` with a label such as ``2025-Q2``.

    Example:
        >>> p = Period("2025-04", date(2025, 4, 1), date(2025, 5, 1))
        >>> p.contains(date(2025, 4, 30)), p.contains(date(2025, 5, 1))
        (True, False)
    """

    label: str
    start: date
    end: date
    kind: str = "custom"

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ConfigError(
                f"period {self.label or self.start}: its end {self.end} is not after "
                f"its start {self.start}",
                hint="A period is half-open, [start, end); give an end after the start.",
            )

    def contains(self, day: date) -> bool:
        """True when *day* lies in ``[start, end)``."""
        return self.start <= day < self.end

    @property
    def days(self) -> int:
        """Number of days in the period."""
        return (self.end - self.start).days


def _month_start(year: int, month: int) -> date:
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, 1)


def _iranian_to_gregorian(year: int, month: int) -> date:
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    gregorian: date = jdatetime.date(year, month, 1).togregorian()
    return gregorian


def period_containing(kind: PeriodKind, day: date) -> Period:
    """The period of *kind* that contains *day*.

    Args:
        kind: ``month``, ``quarter``, ``year``, ``iranian_month`` or ``iranian_year``.
        day: any Gregorian date.

    Returns:
        The period, labelled ``2025-04``, ``2025-Q2``, ``2025``, ``1404-01`` or ``1404``.

    Raises:
        ConfigError: *kind* is not a period kind.

    Example:
        >>> period_containing("iranian_year", date(2025, 3, 20)).label
        '1403'
    """
    if kind == "month":
        start = date(day.year, day.month, 1)
        return Period(
            f"{day.year}-{day.month:02d}", start, _month_start(day.year, day.month + 1), kind
        )
    if kind == "quarter":
        quarter = (day.month - 1) // 3 + 1
        first_month = 3 * (quarter - 1) + 1
        start = date(day.year, first_month, 1)
        end = _month_start(day.year, first_month + 3)
        return Period(f"{day.year}-Q{quarter}", start, end, kind)
    if kind == "year":
        return Period(str(day.year), date(day.year, 1, 1), date(day.year + 1, 1, 1), kind)
    if kind in ("iranian_month", "iranian_year"):
        jday = jdatetime.date.fromgregorian(date=day)
        if kind == "iranian_year":
            start = _iranian_to_gregorian(jday.year, 1)
            end = _iranian_to_gregorian(jday.year + 1, 1)
            return Period(str(jday.year), start, end, kind)
        start = _iranian_to_gregorian(jday.year, jday.month)
        end = _iranian_to_gregorian(jday.year, jday.month + 1)
        return Period(f"{jday.year}-{jday.month:02d}", start, end, kind)
    raise ConfigError(
        f"unknown period kind {kind!r}",
        hint=f"Use one of: {', '.join(PERIOD_KINDS)}.",
    )


def periods(kind: PeriodKind, start: date, end: date) -> list[Period]:
    """The consecutive periods of *kind* that overlap ``[start, end)``, in order.

    The first and last periods are whole calendar periods, so they may reach before
    *start* or beyond *end*; assessments of a period not over yet are ``pending``.

    Args:
        kind: ``month``, ``quarter``, ``year``, ``iranian_month`` or ``iranian_year``.
        start: first day of interest.
        end: first day after the interest (half-open).

    Returns:
        The periods; empty when ``end <= start``.

    Raises:
        ConfigError: *kind* is not a period kind.

    Example:
        >>> [p.label for p in periods("quarter", date(2025, 2, 1), date(2025, 7, 1))]
        ['2025-Q1', '2025-Q2']
    """
    result: list[Period] = []
    day = start
    while day < end:
        period = period_containing(kind, day)
        result.append(period)
        day = period.end
    return result
