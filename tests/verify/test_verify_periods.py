"""Periods: half-open, labelled, exact across both calendars (Nowruz boundaries)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paymaan.errors import ConfigError
from paymaan.verify import PERIOD_KINDS, Period, period_containing, periods


@pytest.mark.parametrize(
    ("day", "label", "start", "end"),
    [
        # Nowruz 1403 fell on 2024-03-20 and Nowruz 1404 on 2025-03-21 (jdatetime, and the
        # Iranian calendar centre's tables): the day before each belongs to the year before.
        (date(2024, 3, 19), "1402", date(2023, 3, 21), date(2024, 3, 20)),
        (date(2024, 3, 20), "1403", date(2024, 3, 20), date(2025, 3, 21)),
        (date(2025, 3, 20), "1403", date(2024, 3, 20), date(2025, 3, 21)),
        (date(2025, 3, 21), "1404", date(2025, 3, 21), date(2026, 3, 21)),
    ],
)
def test_iranian_year_starts_at_nowruz(day: date, label: str, start: date, end: date) -> None:
    assert period_containing("iranian_year", day) == Period(label, start, end, "iranian_year")


def test_iranian_months() -> None:
    # Farvardin 1404 has 31 days: 2025-03-21 .. 2025-04-20; Esfand 1403 ends the day before Nowruz.
    farvardin = period_containing("iranian_month", date(2025, 4, 1))
    assert (farvardin.label, farvardin.start, farvardin.end) == (
        "1404-01",
        date(2025, 3, 21),
        date(2025, 4, 21),
    )
    esfand = period_containing("iranian_month", date(2025, 3, 20))
    assert (esfand.label, esfand.end) == ("1403-12", date(2025, 3, 21))


def test_gregorian_labels_and_half_open_ends() -> None:
    assert [p.label for p in periods("month", date(2024, 11, 15), date(2025, 2, 1))] == [
        "2024-11",
        "2024-12",
        "2025-01",
    ]
    q4 = period_containing("quarter", date(2024, 12, 31))
    assert (q4.label, q4.start, q4.end) == ("2024-Q4", date(2024, 10, 1), date(2025, 1, 1))
    assert not q4.contains(date(2025, 1, 1)) and q4.contains(date(2024, 10, 1))
    assert period_containing("year", date(2024, 2, 29)).days == 366


def test_bad_kind_and_empty_period_are_clear_errors() -> None:
    with pytest.raises(ConfigError, match="unknown period kind 'week'"):
        period_containing("week", date(2025, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="not after its start"):
        Period("x", date(2025, 1, 2), date(2025, 1, 1))
    assert periods("month", date(2025, 1, 1), date(2025, 1, 1)) == []


@settings(max_examples=200, deadline=None)
@given(
    kind=st.sampled_from(PERIOD_KINDS),
    start=st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 1, 1)),
    length=st.integers(min_value=1, max_value=900),
)
def test_periods_tile_the_interval(kind: str, start: date, length: int) -> None:
    end = start + timedelta(days=length)
    found = periods(kind, start, end)  # type: ignore[arg-type]
    assert found[0].contains(start) and found[-1].contains(end - timedelta(days=1))
    for before, after in zip(found, found[1:], strict=False):
        assert before.end == after.start  # contiguous, no overlap: each day in exactly one period
    for period in found:
        assert period_containing(kind, period.start) == period  # type: ignore[arg-type]
        assert period_containing(kind, period.end - timedelta(days=1)) == period  # type: ignore[arg-type]
