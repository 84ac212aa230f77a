"""Dates in the Jalali (Solar Hijri) and Gregorian calendars, with their precision.

Monitors write ``۱۴۰۲/۱۲/۱۵``, ``15 اسفند 1402``, ``اسفند ۱۴۰۲``, ``2024-03-05`` or
``March 2024``. :func:`parse_date` turns each into a :class:`NormalizedDate`: the
Gregorian interval the text covers (one day, a month or a year) and its precision. A
month-only date is never silently turned into its first day.

Conversion uses jdatetime, whose leap years follow the 33-year arithmetic rule
(``year % 33 in {1, 5, 9, 13, 17, 22, 26, 30}``). Iran's official calendar is
astronomical (the year starts on the day of the March equinox if it falls before noon,
Iran time); the list of Nowruz dates for 1206-1498 AP published by the Iranian calendar
authority (University of Tehran, Institute of Geophysics) agrees with the 33-year rule on
every year from 1300 to 1498, which the tests check day by day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import jdatetime

from paymaan.normalize.text import fold

__all__ = [
    "GREGORIAN_YEARS",
    "JALALI_MONTH_NAMES_FA",
    "JALALI_YEARS",
    "NormalizedDate",
    "gregorian_to_jalali",
    "jalali_month_length",
    "jalali_to_gregorian",
    "parse_date",
]

Calendar = Literal["jalali", "gregorian"]
Precision = Literal["day", "month", "year"]
CalendarChoice = Literal["auto", "jalali", "gregorian"]

# Years read without a calendar hint: the two ranges do not overlap.
JALALI_YEARS = range(1200, 1501)
GREGORIAN_YEARS = range(1700, 2201)

# The Persian names of the Jalali months, Farvardin first, as written today.
JALALI_MONTH_NAMES_FA = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip
_JALALI_MONTHS = {
    "فروردین": 1, "اردیبهشت": 2, "خرداد": 3, "تیر": 4, "مرداد": 5, "امرداد": 5,
    "شهریور": 6, "مهر": 7, "ابان": 8, "اذر": 9, "دی": 10, "بهمن": 11, "اسفند": 12,
    "farvardin": 1, "farwardin": 1, "ordibehesht": 2, "ordibehest": 2, "khordad": 3,
    "xordad": 3, "tir": 4, "mordad": 5, "amordad": 5, "shahrivar": 6, "shahriwar": 6,
    "mehr": 7, "aban": 8, "azar": 9, "dey": 10, "dei": 10, "bahman": 11, "esfand": 12,
    "isfand": 12, "esfend": 12,
}  # fmt: skip
_GREGORIAN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    "ژانویه": 1, "فوریه": 2, "مارس": 3, "اوریل": 4, "مه": 5, "می": 5, "ژوین": 6,
    "ژوییه": 7, "جولای": 7, "اوت": 8, "اگوست": 8, "سپتامبر": 9, "اکتبر": 10,
    "نوامبر": 11, "دسامبر": 12,
}  # fmt: skip
_JALALI_MARKERS = re.compile(r"(?<!\w)(?:هجری شمسی|هجری خورشیدی|ه\.ش\.?|هش|شمسی|خورشیدی)(?!\w)")
_JALALI_LATIN_MARKERS = frozenset({"ap", "sh", "hs", "solar", "jalali", "shamsi"})
_GREGORIAN_MARKERS = re.compile(r"(?<!\w)میلادی(?!\w)")
_GREGORIAN_LATIN_MARKERS = frozenset({"ad", "ce", "gregorian"})
_NOISE_WORDS = frozenset({"ماه", "سال", "روز", "of", "the", "month", "year", "day", "in"})
# "Late Esfand 1402": the text still places the date within the month, so it reads as
# the month (an interval that contains the true day), never as a guessed day.
_PART_OF_MONTH_WORDS = frozenset(
    {"اوایل", "اواسط", "اواخر", "ابتدای", "میانه", "early", "mid", "late", "end", "beginning"}
)

_TIME_SUFFIX = re.compile(
    r"(?:t|\s+(?:ساعت\s+)?)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?$"
)
_NUMERIC = re.compile(r"^(\d{1,4})(?:\s*[/\-.\s]\s*(\d{1,2}))?(?:\s*[/\-.\s]\s*(\d{1,4}))?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th|ام|م)\b")
_WORDS = re.compile(r"\d+|[^\W\d_]+")

ACCEPTED_FORMS = (
    "1402/12/15, 15 اسفند 1402, Esfand 1402, 1402, 2024-03-05, 05/03/2024 (day/month/year), "
    "5 March 2024, March 2024"
)


@dataclass(frozen=True, slots=True)
class NormalizedDate:
    """A date as a Gregorian interval with its precision.

    Attributes:
        start: first Gregorian day the text covers.
        end: last Gregorian day it covers (``start`` for a full date).
        precision: ``"day"``, ``"month"`` or ``"year"``.
        calendar: the calendar the text was written in.
    """

    start: dt.date
    end: dt.date
    precision: Precision
    calendar: Calendar

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` lies in the interval (both ends included)."""
        return self.start <= day <= self.end


def jalali_month_length(year: int, month: int) -> int:
    """Number of days of a Jalali month (Esfand has 30 days in leap years, else 29).

    Args:
        year: Jalali year.
        month: 1 (Farvardin) to 12 (Esfand).

    Returns:
        31, 30 or 29.

    Raises:
        ValueError: month outside 1-12.

    Example:
        >>> jalali_month_length(1402, 12), jalali_month_length(1403, 12)
        (29, 30)
    """
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} is not between 1 and 12")
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if jdatetime.date(year, 1, 1).isleap() else 29


@lru_cache(maxsize=1 << 16)
def jalali_to_gregorian(year: int, month: int, day: int) -> dt.date:
    """Convert a Jalali date to the Gregorian date.

    Args:
        year: Jalali year.
        month: Jalali month, 1-12.
        day: day of the month.

    Returns:
        The Gregorian date.

    Raises:
        ValueError: the Jalali date does not exist (e.g. 30 Esfand of a common year).

    Example:
        >>> jalali_to_gregorian(1402, 12, 15)
        datetime.date(2024, 3, 5)
    """
    length = jalali_month_length(year, month)
    if not 1 <= day <= length:
        raise ValueError(
            f"{year}/{month:02d}/{day:02d} does not exist: that month has {length} days"
        )
    result: dt.date = jdatetime.date(year, month, day).togregorian()
    return result


@lru_cache(maxsize=1 << 16)
def gregorian_to_jalali(day: dt.date) -> tuple[int, int, int]:
    """Convert a Gregorian date to the Jalali (year, month, day).

    Args:
        day: a Gregorian date.

    Returns:
        ``(year, month, day)`` in the Jalali calendar.

    Example:
        >>> gregorian_to_jalali(dt.date(2024, 3, 20))
        (1403, 1, 1)
    """
    j = jdatetime.date.fromgregorian(date=day)
    return (j.year, j.month, j.day)


def _fail(text: str, why: str) -> ValueError:
    return ValueError(f"cannot read {text!r} as a date: {why}. Accepted forms: {ACCEPTED_FORMS}")


def _strip_markers(folded: str) -> tuple[str, Calendar | None]:
    hint: Calendar | None = None
    folded, jalali_markers = _JALALI_MARKERS.subn(" ", folded)
    folded, gregorian_markers = _GREGORIAN_MARKERS.subn(" ", folded)
    if jalali_markers and gregorian_markers:
        raise _fail(folded, "it carries both a Jalali and a Gregorian calendar marker")
    if jalali_markers:
        hint = "jalali"
    elif gregorian_markers:
        hint = "gregorian"
    return folded, hint


def _resolve_calendar(
    text: str, year: int, hint: Calendar | None, requested: CalendarChoice
) -> Calendar:
    if hint is not None and requested != "auto" and hint != requested:
        raise _fail(text, f"it is written as a {hint} date but the field's calendar is {requested}")
    calendar: Calendar | None = hint if hint is not None else None
    if calendar is None and requested != "auto":
        calendar = requested
    if calendar is None:
        if year in GREGORIAN_YEARS:
            calendar = "gregorian"
        elif year in JALALI_YEARS:
            calendar = "jalali"
        else:
            raise _fail(
                text,
                f"year {year} is neither a Jalali year ({JALALI_YEARS.start}-"
                f"{JALALI_YEARS.stop - 1}) nor a Gregorian one ({GREGORIAN_YEARS.start}-"
                f"{GREGORIAN_YEARS.stop - 1})",
            )
    allowed = JALALI_YEARS if calendar == "jalali" else GREGORIAN_YEARS
    if year not in allowed:
        raise _fail(
            text,
            f"year {year} is not a {calendar} year ({allowed.start}-{allowed.stop - 1}); "
            "check the calendar of this field (jalali, gregorian or auto)",
        )
    return calendar


def _build(
    text: str, calendar: Calendar, year: int, month: int | None, day: int | None
) -> NormalizedDate:
    if month is not None and not 1 <= month <= 12:
        raise _fail(text, f"month {month} is not between 1 and 12 (read as Y/M/D or D/M/Y)")
    try:
        if calendar == "jalali":
            if month is None:
                start = jalali_to_gregorian(year, 1, 1)
                end = jalali_to_gregorian(year + 1, 1, 1) - dt.timedelta(days=1)
                return NormalizedDate(start, end, "year", calendar)
            if day is None:
                start = jalali_to_gregorian(year, month, 1)
                end = jalali_to_gregorian(year, month, jalali_month_length(year, month))
                return NormalizedDate(start, end, "month", calendar)
            day_ = jalali_to_gregorian(year, month, day)
            return NormalizedDate(day_, day_, "day", calendar)
        if month is None:
            return NormalizedDate(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", calendar)
        if day is None:
            start = dt.date(year, month, 1)
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return NormalizedDate(start, following - dt.timedelta(days=1), "month", calendar)
        day_ = dt.date(year, month, day)
        return NormalizedDate(day_, day_, "day", calendar)
    except ValueError as error:
        raise _fail(text, str(error)) from None


def _parse_numeric(text: str, body: str) -> tuple[int, int | None, int | None] | None:
    compact = _COMPACT.match(body)
    if compact:
        return int(compact[1]), int(compact[2]), int(compact[3])
    match = _NUMERIC.match(body)
    if not match:
        return None
    first, second, third = match[1], match[2], match[3]
    if second is None:
        if len(first) != 4:
            raise _fail(text, "a lone number must be a four-digit year")
        return int(first), None, None
    if third is None:
        if len(first) == 4:
            return int(first), int(second), None
        raise _fail(text, "a month and year are read as year/month (1402/12 or 2024-03)")
    if len(first) == 4:
        return int(first), int(second), int(third)
    if len(third) == 4:
        return int(third), int(second), int(first)
    raise _fail(text, "the year must have four digits")


def _parse_words(text: str, body: str) -> tuple[int, int | None, int | None, Calendar | None]:
    words = [w for w in _WORDS.findall(_ORDINAL.sub(r"\1", body)) if w not in _NOISE_WORDS]
    part_of_month = any(w in _PART_OF_MONTH_WORDS for w in words)
    words = [w for w in words if w not in _PART_OF_MONTH_WORDS]
    month: int | None = None
    hint: Calendar | None = None
    numbers: list[int] = []
    for word in words:
        if word.isdigit():
            numbers.append(int(word))
        elif word in _JALALI_MONTHS and month is None:
            month, hint = _JALALI_MONTHS[word], "jalali"
        elif word in _GREGORIAN_MONTHS and month is None:
            month, hint = _GREGORIAN_MONTHS[word], "gregorian"
        elif word in _JALALI_LATIN_MARKERS:
            hint = hint or "jalali"
        elif word in _GREGORIAN_LATIN_MARKERS:
            hint = hint or "gregorian"
        else:
            raise _fail(text, f"{word!r} is not a month name")
    if month is None:
        if len(numbers) == 1 and numbers[0] > 31:
            return numbers[0], None, None, hint  # "سال ۱۴۰۲", "1402 AP"
        raise _fail(text, "no month name or numeric date found")
    years = [n for n in numbers if n > 31]
    days = [n for n in numbers if n <= 31]
    if len(years) != 1 or len(days) > 1 or (part_of_month and days):
        raise _fail(text, "expected a month name with one year and at most one day")
    return years[0], month, (days[0] if days else None), hint


@lru_cache(maxsize=1 << 18)
def parse_date(text: str | dt.date, calendar: CalendarChoice = "auto") -> NormalizedDate:
    """Parse a date written in either calendar, keeping its precision.

    Numbers are read year/month/day when the year comes first and day/month/year when
    it comes last (``05/03/2024`` is 5 March); month/day/year is not accepted. Month
    names (Persian or Latin, Jalali or Gregorian) fix the calendar. Otherwise, with
    ``calendar="auto"``, years 1700-2200 are Gregorian and 1200-1500 Jalali. An explicit
    ``calendar`` is checked against the year and month name, not overridden.

    Args:
        text: the date text (any digits), or a ``datetime.date``/``datetime`` (a
            Gregorian day, as spreadsheet cells give).
        calendar: ``"auto"``, ``"jalali"`` or ``"gregorian"`` (the field's calendar).

    Returns:
        The :class:`NormalizedDate`.

    Raises:
        ValueError: the text is not a date of an accepted form, or not a real day; the
            message says why and lists the accepted forms.

    Example:
        >>> parse_date("اسفند ۱۴۰۲")
        NormalizedDate(start=datetime.date(2024, 2, 20), end=datetime.date(2024, 3, 19), \
precision='month', calendar='jalali')
    """
    if isinstance(text, dt.date):
        given = text.date() if isinstance(text, dt.datetime) else text
        return NormalizedDate(given, given, "day", "gregorian")
    folded = fold(text) or ""
    if not folded:
        raise _fail(text, "it is empty")
    folded, hint = _strip_markers(folded)
    body = _TIME_SUFFIX.sub("", " ".join(folded.replace(",", " ").split()))
    numeric = _parse_numeric(text, body)
    if numeric is not None:
        year, month, day = numeric
    else:
        year, month, day, word_hint = _parse_words(text, body)
        if word_hint is not None and hint is not None and word_hint != hint:
            raise _fail(text, "its month name and calendar marker disagree")
        hint = word_hint or hint
    resolved = _resolve_calendar(text, year, hint, calendar)
    return _build(text, resolved, year, month, day)
