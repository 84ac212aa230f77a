"""Dates: every accepted form, exact Jalali conversion for 1300-1500 AP, precision kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paymaan.normalize.dates import (
    NormalizedDate,
    gregorian_to_jalali,
    jalali_month_length,
    jalali_to_gregorian,
    parse_date,
)

D = dt.date
HERE = Path(__file__).parent
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
JALALI_MONTHS_FA = "فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند".split()
JALALI_MONTHS_LATIN = (
    "Farvardin Ordibehesht Khordad Tir Mordad Shahrivar Mehr Aban Azar Dey Bahman Esfand".split()
)


def _official_nowruz() -> dict[int, tuple[D, bool]]:
    """Year -> (1 Farvardin as a Gregorian date, leap flag) from the official table."""
    table: dict[int, tuple[D, bool]] = {}
    for line in (HERE / "nowruz_official.txt").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        year, gregorian = line.split()
        table[int(year.rstrip("*"))] = (D.fromisoformat(gregorian), year.endswith("*"))
    return table


def _month_offset(month: int) -> int:
    # Days before the month: Farvardin..Shahrivar have 31 days, Mehr..Bahman 30.
    return 31 * min(month - 1, 6) + 30 * max(0, month - 7)


@pytest.mark.parametrize(
    ("text", "start", "end", "precision", "calendar"),
    [
        ("1402/12/15", D(2024, 3, 5), D(2024, 3, 5), "day", "jalali"),
        ("۱۴۰۲/۱۲/۱۵", D(2024, 3, 5), D(2024, 3, 5), "day", "jalali"),
        ("١٤٠٢-١٢-١٥", D(2024, 3, 5), D(2024, 3, 5), "day", "jalali"),
        ("1402.12.15", D(2024, 3, 5), D(2024, 3, 5), "day", "jalali"),
        ("15 اسفند 1402", D(2024, 3, 5), D(2024, 3, 5), "day", "jalali"),
        ("۱۵ اسفند ماه ۱۴۰۲", D(2024, 3, 5), D(2024, 3, 5), "day", "jalali"),
        ("15 Esfand 1402", D(2024, 3, 5), D(2024, 3, 5), "day", "jalali"),
        ("اسفند ۱۴۰۲", D(2024, 2, 20), D(2024, 3, 19), "month", "jalali"),
        ("Esfand 1402", D(2024, 2, 20), D(2024, 3, 19), "month", "jalali"),
        ("1402/12", D(2024, 2, 20), D(2024, 3, 19), "month", "jalali"),
        ("اسفند 1403", D(2025, 2, 19), D(2025, 3, 20), "month", "jalali"),  # leap Esfand
        ("1402", D(2023, 3, 21), D(2024, 3, 19), "year", "jalali"),
        ("سال ۱۴۰۲", D(2023, 3, 21), D(2024, 3, 19), "year", "jalali"),
        ("۱۴۰۲ ه.ش", D(2023, 3, 21), D(2024, 3, 19), "year", "jalali"),
        ("22 بهمن 1357", D(1979, 2, 11), D(1979, 2, 11), "day", "jalali"),
        ("دي ۱۳۵۷", D(1978, 12, 22), D(1979, 1, 20), "month", "jalali"),  # Arabic yeh
        ("2024-03-05", D(2024, 3, 5), D(2024, 3, 5), "day", "gregorian"),
        ("2024-03-05T10:22:00", D(2024, 3, 5), D(2024, 3, 5), "day", "gregorian"),
        ("2024-03-05 10:22", D(2024, 3, 5), D(2024, 3, 5), "day", "gregorian"),
        ("20240305", D(2024, 3, 5), D(2024, 3, 5), "day", "gregorian"),
        ("05/03/2024", D(2024, 3, 5), D(2024, 3, 5), "day", "gregorian"),
        ("5 March 2024", D(2024, 3, 5), D(2024, 3, 5), "day", "gregorian"),
        ("March 5, 2024", D(2024, 3, 5), D(2024, 3, 5), "day", "gregorian"),
        ("5th Mar 2024", D(2024, 3, 5), D(2024, 3, 5), "day", "gregorian"),
        ("March 2024", D(2024, 3, 1), D(2024, 3, 31), "month", "gregorian"),
        ("February 2024", D(2024, 2, 1), D(2024, 2, 29), "month", "gregorian"),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "month", "gregorian"),
        ("December 2023", D(2023, 12, 1), D(2023, 12, 31), "month", "gregorian"),
        ("۱۲ دسامبر ۲۰۲۳ میلادی", D(2023, 12, 12), D(2023, 12, 12), "day", "gregorian"),
        ("ژوئن ۲۰۲۴", D(2024, 6, 1), D(2024, 6, 30), "month", "gregorian"),
        ("2024", D(2024, 1, 1), D(2024, 12, 31), "year", "gregorian"),
        ("۱۴۰۲/۱۲/۱۵ ساعت ۱۰:۳۰", D(2024, 3, 5), D(2024, 3, 5), "day", "jalali"),
        ("اواخر اسفند ۱۴۰۲", D(2024, 2, 20), D(2024, 3, 19), "month", "jalali"),
        ("late March 2024", D(2024, 3, 1), D(2024, 3, 31), "month", "gregorian"),
        ("in March 2024", D(2024, 3, 1), D(2024, 3, 31), "month", "gregorian"),
    ],
)
def test_accepted_forms(text: str, start: D, end: D, precision: str, calendar: str) -> None:
    assert parse_date(text) == NormalizedDate(start, end, precision, calendar)  # type: ignore[arg-type]


def test_date_objects_are_gregorian_days() -> None:
    assert parse_date(D(2024, 1, 2)) == NormalizedDate(
        D(2024, 1, 2), D(2024, 1, 2), "day", "gregorian"
    )
    stamp = dt.datetime(2024, 1, 2, 13, 5)
    assert parse_date(stamp).start == D(2024, 1, 2)


def test_explicit_calendar_is_checked_not_overridden() -> None:
    assert parse_date("1402/12/15", "jalali").start == D(2024, 3, 5)
    assert parse_date("2024-03-05", "gregorian").start == D(2024, 3, 5)
    with pytest.raises(ValueError, match="not a jalali year"):
        parse_date("2024-03-05", "jalali")
    with pytest.raises(ValueError, match="not a gregorian year"):
        parse_date("1402/12/15", "gregorian")
    with pytest.raises(ValueError, match="written as a jalali date"):
        parse_date("Esfand 1402", "gregorian")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("hello", "not a month name"),
        ("1402/12/30", "does not exist"),  # 1402 is a common year: Esfand has 29 days
        ("1402/13/01", "month 13"),
        ("03/25/2024", "month 25"),  # month/day/year is not accepted
        ("2023-02-29", "day is out of range"),
        ("1650", "neither a Jalali year"),
        ("12/03/24", "four digits"),
        ("12", "four-digit year"),
        ("March", "no month name or numeric date|one year"),
        ("5 6 March 2024", "at most one day"),
        ("Esfand 2024", "not a jalali year"),
        ("15 اسفند 1402 میلادی", "disagree"),
        ("late 5 March 2024", "at most one day"),
        ("45356", "neither a Jalali year"),  # a spreadsheet serial number is not a date text
    ],
)
def test_unreadable_dates_raise_a_clear_value_error(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason) as caught:
        parse_date(text)
    assert "cannot read" in str(caught.value) and "Accepted forms" in str(caught.value)


def test_every_day_1300_1498_matches_the_official_nowruz_table() -> None:
    # Independent rule 1: the Iranian calendar authority's table of Nowruz dates (see
    # nowruz_official.txt). Day k of year Y is Nowruz(Y) + k; Esfand's length is the year's
    # length (Nowruz(Y+1) - Nowruz(Y), or 366/365 from the leap flag for 1498) minus 336.
    # jdatetime uses the 33-year arithmetic rule; this shows it agrees with the official,
    # astronomical calendar on every day of 1300-1498.
    table = _official_nowruz()
    assert sorted(table) == list(range(1300, 1499))
    checked = 0
    for year, (nowruz, leap) in table.items():
        following = table.get(year + 1, (nowruz + dt.timedelta(days=366 if leap else 365), leap))
        year_length = (following[0] - nowruz).days
        assert year_length == (366 if leap else 365), year
        assert jalali_month_length(year, 12) == year_length - 336, year
        for month in range(1, 13):
            for day in range(1, jalali_month_length(year, month) + 1):
                expected = nowruz + dt.timedelta(days=_month_offset(month) + day - 1)
                assert jalali_to_gregorian(year, month, day) == expected, (year, month, day)
                assert gregorian_to_jalali(expected) == (year, month, day)
                checked += 1
    # 199 years, of which 49 are leap (the starred lines): 199 * 365 + 49 = 72,684 days.
    assert checked == 199 * 365 + sum(leap for _, leap in table.values()) == 72_684


def test_every_day_1300_1500_matches_an_arithmetic_day_count() -> None:
    # Independent rule 2 (covers 1499-1500, after the official table ends): count days from
    # the anchor 1 Farvardin 1300 = 1921-03-21 (official table) with Python's proleptic
    # Gregorian ordinals, taking leap years from the closed form (25*Y + 11) mod 33 < 8,
    # which selects the same residues as jdatetime's Y mod 33 in {1,5,9,13,17,22,26,30}
    # but is written differently, and month lengths from the 1925 calendar law.
    ordinal = D(1921, 3, 21).toordinal()
    for year in range(1300, 1501):
        leap = (25 * year + 11) % 33 < 8
        lengths = [31] * 6 + [30] * 5 + [30 if leap else 29]
        for month, length in enumerate(lengths, start=1):
            assert jalali_month_length(year, month) == length
            for day in range(1, length + 1):
                assert jalali_to_gregorian(year, month, day) == D.fromordinal(ordinal)
                ordinal += 1
    assert D.fromordinal(ordinal) == D(2122, 3, 21)  # 1 Farvardin 1501


@given(st.dates(min_value=D(1921, 3, 21), max_value=D(2122, 3, 20)))
def test_gregorian_jalali_round_trip(day: D) -> None:
    year, month, jday = gregorian_to_jalali(day)
    assert 1300 <= year <= 1500
    assert jalali_to_gregorian(year, month, jday) == day


@given(
    st.integers(1300, 1500),
    st.integers(1, 12),
    st.sampled_from(["fa", "latin", "numeric"]),
    st.sampled_from([None, PERSIAN_DIGITS, ARABIC_DIGITS]),
)
def test_month_only_interval_covers_exactly_the_month(
    year: int, month: int, form: str, digits: dict[int, str] | None
) -> None:
    if form == "fa":
        text = f"{JALALI_MONTHS_FA[month - 1]} {year}"
    elif form == "latin":
        text = f"{JALALI_MONTHS_LATIN[month - 1]} {year}"
    else:
        text = f"{year}/{month}"
    if digits is not None:
        text = text.translate(digits)
    parsed = parse_date(text)
    days = [
        jalali_to_gregorian(year, month, d) for d in range(1, jalali_month_length(year, month) + 1)
    ]
    assert parsed.precision == "month" and parsed.calendar == "jalali"
    assert all(parsed.contains(d) for d in days)
    assert (parsed.start, parsed.end) == (days[0], days[-1])
    assert not parsed.contains(days[0] - dt.timedelta(days=1))
    assert not parsed.contains(days[-1] + dt.timedelta(days=1))


@given(st.dates(min_value=D(1921, 3, 21), max_value=D(2122, 3, 20)))
def test_full_jalali_dates_parse_to_their_day(day: D) -> None:
    year, month, jday = gregorian_to_jalali(day)
    assert parse_date(f"{year}/{month:02d}/{jday:02d}".translate(PERSIAN_DIGITS)).start == day
    assert parse_date(f"{jday} {JALALI_MONTHS_FA[month - 1]} {year}").end == day
    assert parse_date(day.isoformat()).start == day
    assert parse_date(day.strftime("%d/%m/%Y")).start == day
