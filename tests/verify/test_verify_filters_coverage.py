"""Filters over the vocabulary, and coverage declared or inferred from the cases."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from verify_build import case, frame

from paymaan.errors import InputError
from paymaan.verify import Coverage, Filter, filter_mask, prepare_cases


def matching(spec: Filter) -> list[str]:
    day = date(2025, 1, 1)
    cases = frame(
        case("drug", "execution", day, charge="drug_related", age=30, sex="male",
             ethnicity="baluch", province="IR-11"),
        case("qisas", "execution", day, charge="qisas_murder", age=17, sex="female",
             ethnicity="kurdish", province="IR-12"),
        case("noage", "execution", day, {"A": "official"}, charge="qisas_murder", province="IR-23"),
        case("arrest", "arrest", day, grounds="labour", age=40),
    )  # fmt: skip
    return sorted(cases.loc[filter_mask(cases, spec), "case_id"])


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (Filter(), ["arrest", "drug", "noage", "qisas"]),
        (Filter(event_types=("execution",)), ["drug", "noage", "qisas"]),
        (Filter(charges=("qisas_murder",)), ["noage", "qisas"]),
        (Filter(grounds=("labour",)), ["arrest"]),
        (Filter(sex=("female",)), ["qisas"]),
        (Filter(ethnicities=("baluch", "kurdish")), ["drug", "qisas"]),
        (Filter(provinces=("IR-11",)), ["drug"]),
        (Filter(age_max=17), ["qisas"]),  # a case without an age never matches an age bound
        (Filter(age_min=18, age_max=35), ["drug"]),
        (Filter(evidence_levels=("official",)), ["noage"]),
        (
            Filter(event_types=("execution",), exclude=Filter(charges=("drug_related",))),
            ["noage", "qisas"],
        ),
    ],
)
def test_filters(spec: Filter, expected: list[str]) -> None:
    assert matching(spec) == expected


def test_prepare_cases_checks_columns_and_reads_text_lists() -> None:
    with pytest.raises(InputError, match="missing column\\(s\\) sources"):
        prepare_cases(
            pd.DataFrame(
                {"case_id": ["1"], "event_type": ["execution"], "date_start": [date(2025, 1, 1)]}
            )
        )
    csv_like = pd.DataFrame(
        {"case_id": [1], "event_type": ["execution"], "date_start": ["2025-01-01"],
         "sources": ['["A", "B", "A"]'], "evidence": ['{"A": "official"}']}
    )  # fmt: skip
    prepared = prepare_cases(csv_like)
    row = prepared.iloc[0]
    assert (row["case_id"], row["person_id"], row["_n_sources"], bool(row["_official"])) == (
        "1",
        "1",
        2,
        True,
    )
    with pytest.raises(InputError, match="1 case\\(s\\) without date_start, e.g. case 2"):
        prepare_cases(csv_like.assign(case_id=[2], date_start=[None]))


def test_inferred_coverage_follows_continuity_of_reports() -> None:
    cases = pd.DataFrame(
        [
            case("1", "arrest", date(2025, 1, 1), {"A": "media"}, province="IR-12"),
            case(
                "2", "arrest", date(2025, 3, 1), {"A": "media"}, province="IR-12"
            ),  # 59 days later: continuous
            case(
                "3", "arrest", date(2025, 9, 1), {"A": "media"}, province="IR-12"
            ),  # 184 days later: a break
            case("4", "execution", date(2025, 2, 1), {"A": "media"}, province="IR-23"),
        ]
    )
    coverage = Coverage.from_cases(cases, max_gap_days=92)

    def covered(event_type: str, province: str, month: int) -> bool:
        start = date(2025, month, 1)
        end = date(2025, month + 1, 1)
        return "A" in coverage.sources_covering(event_type, province, start, end)

    assert covered("arrest", "IR-12", 2)  # between two reports
    assert covered("execution", "IR-12", 2)  # A reports executions elsewhere, so would here
    assert not covered("arrest", "IR-12", 5)  # the silence after March breaks continuity
    assert covered("arrest", "IR-12", 9)
    assert not covered("torture_report", "IR-12", 2)  # A never reported torture
    assert not covered("arrest", "IR-01", 2)


def test_declared_coverage_and_summary() -> None:
    coverage = Coverage.from_declarations(
        [
            {"source": "A", "from": "2025-01-01", "to": "2026-01-01"},
            {
                "source": "B",
                "from": "2025-01-01",
                "to": "2026-01-01",
                "provinces": ["IR-12"],
                "event_types": ["execution"],
            },
        ]
    )
    summary = coverage.summarize(
        ["execution"], ["IR-12", "IR-23"], date(2025, 3, 1), date(2025, 4, 1), 2
    )
    assert (summary.provinces_covered, summary.uncovered, summary.full_sources) == (
        1,
        ("IR-23",),
        ("A",),
    )
    assert not summary.complete
    with pytest.raises(InputError, match=r"declaration \[0\] needs source, from and to"):
        Coverage.from_declarations([{"source": "A", "from": "2025-01-01"}])


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("ABC"), st.dates(date(2024, 1, 1), date(2025, 12, 31))),
        min_size=1,
        max_size=30,
    )
)
def test_a_source_covers_every_day_it_reported(reports: list[tuple[str, date]]) -> None:
    cases = pd.DataFrame(
        [
            case(str(i), "arrest", day, {s: "media"}, province="IR-12")
            for i, (s, day) in enumerate(reports)
        ]
    )
    coverage = Coverage.from_cases(cases, max_gap_days=0)
    for source, day in reports:
        assert source in coverage.sources_covering(
            "arrest", "IR-12", day, date.fromordinal(day.toordinal() + 1)
        )
