"""Cases: same type and compatible dates consolidate; a second execution is a conflict."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from paymaan.link import CASE_COLUMNS, consolidate_cases

D = dt.date


def _frame(rows: list[tuple[int, str, str, D | None, D | None, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        rows,
        columns=[
            "record_id",
            "source",
            "event_type",
            "event_date_start",
            "event_date_end",
            "event_date_precision",
        ],
    ).assign(evidence="official", public=True)


def _one_person(ids: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"record_id": ids, "person_id": ["p"] * len(ids)})


def test_month_only_and_exact_dates_are_one_case_with_the_tightest_interval() -> None:
    frame = _frame(
        [
            (1, "hrana", "execution", D(2024, 2, 20), D(2024, 3, 19), "month"),  # Esfand 1402
            (2, "hengaw", "execution", D(2024, 3, 5), D(2024, 3, 5), "day"),
            (3, "ihrngo", "execution", D(2024, 3, 6), D(2024, 3, 6), "day"),  # a day off
        ]
    )
    c = consolidate_cases(frame, _one_person([1, 2, 3]))
    assert len(c.cases) == 1 and tuple(c.cases.columns) == CASE_COLUMNS
    case = c.cases.iloc[0]
    # the two day dates do not overlap; the finest member with the earliest start wins
    assert (case.date_start, case.date_end, case.date_precision) == (
        D(2024, 3, 5),
        D(2024, 3, 5),
        "day",
    )
    assert case.sources == ["hengaw", "hrana", "ihrngo"] and case.n_sources == 3
    assert case.record_ids == [1, 2, 3] and case.conflict is None and bool(case.public)
    assert case.evidence == {"hengaw": "official", "hrana": "official", "ihrngo": "official"}


def test_month_only_alone_keeps_month_precision() -> None:
    frame = _frame(
        [
            (1, "a", "arrest", D(2024, 2, 20), D(2024, 3, 19), "month"),
            (2, "b", "arrest", D(2024, 2, 20), D(2024, 3, 19), "month"),
        ]
    )
    case = consolidate_cases(frame, _one_person([1, 2])).cases.iloc[0]
    assert (case.date_start, case.date_end, case.date_precision) == (
        D(2024, 2, 20),
        D(2024, 3, 19),
        "month",
    )


def test_different_types_and_distant_dates_are_different_cases() -> None:
    frame = _frame(
        [
            (1, "a", "death_sentence", D(2023, 6, 1), D(2023, 6, 1), "day"),
            (2, "b", "execution", D(2024, 1, 10), D(2024, 1, 10), "day"),
            (3, "a", "arrest", D(2022, 1, 1), D(2022, 1, 1), "day"),
            (4, "b", "arrest", D(2022, 9, 1), D(2022, 9, 1), "day"),
        ]
    )
    c = consolidate_cases(frame, _one_person([1, 2, 3, 4]))
    assert sorted(c.cases["event_type"]) == ["arrest", "arrest", "death_sentence", "execution"]
    assert c.conflicts.empty and c.cases["conflict"].isna().all()


def test_second_execution_is_flagged_not_merged_or_split() -> None:
    frame = _frame(
        [
            (1, "a", "execution", D(2024, 1, 10), D(2024, 1, 10), "day"),
            (2, "b", "execution", D(2024, 1, 11), D(2024, 1, 11), "day"),
            (3, "c", "execution", D(2024, 7, 1), D(2024, 7, 1), "day"),
        ]
    )
    c = consolidate_cases(frame, _one_person([1, 2, 3]))
    assert len(c.cases) == 2
    assert c.cases["conflict"].str.startswith("second execution of the same person").all()
    assert c.conflicts.loc[0, "record_ids"] == [1, 2, 3]
    assert set(c.conflicts.loc[0, "case_ids"]) == set(c.cases["case_id"])


def test_undated_record_joins_the_latest_case_of_its_type() -> None:
    frame = _frame(
        [
            (1, "a", "arrest", D(2022, 1, 1), D(2022, 1, 1), "day"),
            (2, "b", "arrest", D(2023, 1, 1), D(2023, 1, 1), "day"),
            (3, "c", "arrest", None, None, None),
        ]
    )
    c = consolidate_cases(frame, _one_person([1, 2, 3]))
    ids = sorted(c.cases["record_ids"].tolist())
    assert ids == [[1], [2, 3]]


def test_case_ids_are_stable_and_every_record_is_in_one_case() -> None:
    frame = _frame([(i, "a", "arrest", D(2022, 1, i), D(2022, 1, i), "day") for i in range(1, 6)])
    persons = pd.DataFrame({"record_id": [1, 2, 3, 4, 5], "person_id": ["p", "p", "q", "q", "r"]})
    first = consolidate_cases(frame, persons)
    again = consolidate_cases(frame.iloc[::-1], persons.iloc[::-1])
    assert sorted(first.cases["case_id"]) == sorted(again.cases["case_id"])
    assert sorted(first.case_records["record_id"]) == [1, 2, 3, 4, 5]


def test_records_about_no_person_group_by_province_and_split_by_date() -> None:
    from paymaan.link import cluster_records, subject_pairs

    frame = _frame(
        [
            (1, "a", "press_closure", D(2024, 1, 17), D(2024, 1, 17), "day"),
            (2, "b", "press_closure", D(2024, 1, 18), D(2024, 1, 18), "day"),
            (3, "a", "press_closure", D(2024, 6, 1), D(2024, 6, 1), "day"),
            (4, "b", "press_closure", D(2024, 1, 17), D(2024, 1, 17), "day"),
            (5, "a", "internet_shutdown", D(2024, 3, 1), D(2024, 3, 1), "day"),
            (6, "b", "internet_shutdown", D(2024, 3, 1), D(2024, 3, 2), "day"),
        ]
    ).assign(
        outlet=[
            "هفته‌نامه صدای مردم",
            "هفته نامه صدای مردم",
            "هفته‌نامه صدای مردم",
            "روزنامه آینده",
            None,
            None,
        ],
        province=["IR-23"] * 4 + ["IR-11", "IR-11"],
    )
    named = pd.Series([False] * 6)
    pairs = subject_pairs(frame, named)
    persons = cluster_records(frame["record_id"].tolist(), pairs, threshold=0.9).person_records
    cases = consolidate_cases(frame, persons, exact_dates=range(1, 7)).cases
    # closures in IR-23: 1 and 4 the same day (outlets are not compared), 2 a day later
    # is another case (no tolerance for records about no person), 3 months later;
    # the shutdown in IR-11 reported as 1 March and as 1-2 March is one case
    assert sorted(cases["record_ids"].tolist()) == [[1, 4], [2], [3], [5, 6]]
    assert subject_pairs(frame, pd.Series([True] * 6)).empty
