"""Persian digits, separators, Jalali dates and the label tables."""

from __future__ import annotations

from datetime import date, datetime, timezone

from hypothesis import given
from hypothesis import strategies as st

from paymaan.report.i18n import _LABELS as LABELS
from paymaan.report.i18n import (
    format_date,
    format_datetime,
    format_interval,
    format_number,
    format_percent,
    jalali_date,
    label,
    label_keys,
    to_persian_digits,
)


def test_persian_digits_and_separators() -> None:
    assert to_persian_digits("0123456789") == "۰۱۲۳۴۵۶۷۸۹"
    assert format_number(1234567, "fa") == "۱٬۲۳۴٬۵۶۷"
    assert format_number(1234.56, "fa", decimals=1) == "۱٬۲۳۴٫۶"
    assert format_number(1234.56, "en", decimals=1) == "1,234.6"
    assert format_number(None, "fa") == "–"
    assert format_percent(0.82, "fa") == "۸۲٪"
    assert format_percent(0.82, "en") == "82%"
    assert format_interval(80.2, 118.3, "fa") == "۸۰–۱۱۸"


def test_jalali_dates_hand_checked() -> None:
    # Nowruz 1404 fell on 21 March 2025 (1 Farvardin); 18 April is 28 days later.
    assert jalali_date(date(2025, 3, 21), "en") == "1 Farvardin 1404"
    assert jalali_date(date(2025, 4, 18), "fa") == "۲۹ فروردین ۱۴۰۴"
    # 20 March 2025 was the last day of 1403, a leap year whose Esfand has 30 days.
    assert jalali_date(date(2025, 3, 20), "en") == "30 Esfand 1403"
    assert format_date(date(2025, 4, 18), "en") == "2025-04-18 (29 Farvardin 1404)"
    # Slashes keep the Gregorian date in order inside a right-to-left line.
    assert format_date(date(2025, 4, 18), "fa") == "۲۹ فروردین ۱۴۰۴ (۲۰۲۵/۰۴/۱۸)"
    stamp = datetime(2025, 11, 3, 9, 30, tzinfo=timezone.utc)
    assert format_datetime(stamp, "fa") == "۱۲ آبان ۱۴۰۴ (۲۰۲۵/۱۱/۰۳) ۰۹:۳۰ UTC"


def test_every_label_has_both_languages() -> None:
    for key in label_keys():
        assert set(LABELS[key]) == {"en", "fa"}, key
        assert label(key, "en") and label(key, "fa"), key


_BACK = str.maketrans("۰۱۲۳۴۵۶۷۸۹٬٫", "0123456789,.")


@given(st.integers(min_value=-(10**12), max_value=10**12), st.integers(0, 3))
def test_persian_number_is_the_english_one_in_other_digits(value: int, decimals: int) -> None:
    number = value / 7
    assert format_number(number, "fa", decimals=decimals).translate(_BACK) == format_number(
        number, "en", decimals=decimals
    )
