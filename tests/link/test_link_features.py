"""Features: name keys for compound and swapped names, date intervals, birth year."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paymaan.errors import InputError
from paymaan.link import FEATURE_COLUMNS, build_features


def _frame(**columns: list[object]) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    base: dict[str, list[object]] = {"record_id": list(range(1, n + 1)), "source": ["a"] * n}
    return pd.DataFrame(base | columns)


def test_compound_names_agree_however_written() -> None:
    f = build_features(
        _frame(
            first_name_skeleton=["mhmd rz", "mhmd-rz", "mhmdrz"],
            first_name_latin=["mohammad reza", "Mohammad-Reza", "mohammadreza"],
        )
    )
    assert f["given_skel"].nunique() == 1
    assert f["given_latin"].tolist() == ["mohammadreza"] * 3
    assert f["given_tokens"].tolist() == [["mhmd", "rz"], ["mhmd", "rz"], ["mhmdrz"]]


def test_swapped_names_share_the_sorted_token_key() -> None:
    f = build_features(
        _frame(
            first_name_skeleton=["mhmd", "hsn"],
            surname_skeleton=["hsn", "mhmd"],
            name_tokens=[["hsn", "mhmd"], ["mhmd", "hsn"]],
        )
    )
    assert f.loc[0, "name_key"] == f.loc[1, "name_key"] == "hsn mhmd"
    assert f.loc[0, "full_skel"] != f.loc[1, "full_skel"]


def test_month_only_date_covers_every_day_of_the_month() -> None:
    f = build_features(
        _frame(
            event_date_start=[dt.date(2024, 2, 20), dt.date(2024, 3, 5)],
            event_date_end=[dt.date(2024, 3, 19), None],
            event_date_precision=["month", "day"],
        )
    )
    # 2024-02-20 is day 19773 since 1970-01-01 (54 years, 13 leap days: 54*365+13+50)
    assert f.loc[0, "event_start_day"] == 54 * 365 + 13 + 50
    assert f.loc[0, "event_end_day"] - f.loc[0, "event_start_day"] == 28  # 2024 is leap
    assert f.loc[1, "event_end_day"] == f.loc[1, "event_start_day"]  # day: end = start
    lo, hi = f.loc[0, "event_start_day"], f.loc[0, "event_end_day"]
    assert lo <= f.loc[1, "event_start_day"] <= hi


def test_birth_year_comes_from_age_at_the_event() -> None:
    f = build_features(
        _frame(
            age=[30, None, 40],
            birth_year=[None, 1990, 1900],
            event_date_start=[dt.date(2024, 1, 5), None, dt.date(2024, 1, 5)],
        )
    )
    assert f["birth_year"].tolist() == [1994, 1990, 1900]  # a given birth year wins


def test_full_name_only_is_split_into_given_and_surname() -> None:
    f = build_features(_frame(name_tokens=[["hsn", "l", "mhmd"]]))
    assert (f.loc[0, "given_skel"], f.loc[0, "surname_skel"]) == ("hsnl", "mhmd")


def test_every_feature_column_is_present_and_empty_text_is_null() -> None:
    f = build_features(_frame(first_name_skeleton=["  "], province=[""]))
    assert tuple(f.columns) == FEATURE_COLUMNS
    assert f.loc[0, "given_skel"] is None and f.loc[0, "province"] is None


def test_missing_column_and_repeated_id_are_input_errors() -> None:
    with pytest.raises(InputError, match="source"):
        build_features(pd.DataFrame({"record_id": [1]}))
    with pytest.raises(InputError, match="record_id 1"):
        build_features(pd.DataFrame({"record_id": [1, 1], "source": ["a", "b"]}))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(alphabet="abc -‌", max_size=8), min_size=1, max_size=5))
def test_name_keys_are_idempotent(names: list[str]) -> None:
    once = build_features(_frame(first_name_skeleton=names))["given_skel"]
    twice = build_features(_frame(first_name_skeleton=once.tolist()))["given_skel"]
    assert once.tolist() == twice.tolist()
