"""Capture histories: from a counts CSV and from linked cases."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paymaan.errors import InputError
from paymaan.estimate import CountTable, capture_histories, read_counts_csv


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "counts.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_counts_csv_reads_patterns_and_adds_duplicates(tmp_path: Path) -> None:
    path = write(tmp_path, "A,B,C,count\n1,0,0,10\n0,1,1,4\n1,0,0,5\n1,1,1,2\n0,0,0,0\n")
    (table,) = read_counts_csv(path)
    assert table.lists == ("A", "B", "C")
    # cell index = A*1 + B*2 + C*4: A only = 1 (10 + 5), B and C = 6, all three = 7
    assert table.counts.tolist() == [0, 15, 0, 0, 0, 0, 4, 2]
    assert table.observed == 21
    assert table.list_totals().tolist() == [17, 6, 6]


def test_counts_csv_strata(tmp_path: Path) -> None:
    path = write(tmp_path, "year,A,B,count\n2023,1,0,3\n2024,1,1,2\n2023,1,1,1\n")
    tables = read_counts_csv(path, strata=["year"])
    assert [dict(t.stratum) for t in tables] == [{"year": "2023"}, {"year": "2024"}]
    assert tables[0].counts.tolist() == [0, 3, 0, 1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A,B,n\n1,0,3\n", "no 'count' column"),
        ("A,B,count\n1,0,3\n0,2,1\n", "row 3, column 'B': '2' is not 0 or 1"),
        ("A,B,count\n1,0,-3\n", "row 2, column 'count': '-3'"),
        ("A,B,count\n1,0,x\n", "row 2, column 'count': 'x'"),
        ("A,B,count\n0,0,4\n", "row 2: the pattern with every list 0 has count 4"),
        ("A,count\n1,4\n", "1 list column(s)"),
        ("A,B,count\n", "has no rows"),
    ],
)
def test_counts_csv_errors_name_file_row_and_column(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError, match="counts.csv") as error:
        read_counts_csv(path)
    assert expected in error.value.message


def test_counts_csv_missing_stratum_column(tmp_path: Path) -> None:
    path = write(tmp_path, "A,B,count\n1,1,3\n")
    with pytest.raises(InputError, match="stratum column 'year'"):
        read_counts_csv(path, strata=["year"])


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_counts_csv(tmp_path / "absent.csv")


def test_histories_per_stratum_with_coverage() -> None:
    cases = pd.DataFrame(
        {
            "province": ["IR-12", "IR-12", "IR-12", "IR-23", "IR-23"],
            "sources": [["khrn", "hrana"], ["khrn"], ["hrana"], ["hrana", "ihr"], ["ihr"]],
        }
    )
    coverage = {"khrn": {"IR-12", "IR-04"}}
    kurdistan, tehran = capture_histories(cases, by=["province"], coverage=coverage)
    # IR-12: lists hrana (bit 0), ihr left out (nothing documented), khrn (bit 1)
    assert kurdistan.lists == ("hrana", "khrn")
    assert kurdistan.counts.tolist() == [0, 1, 1, 1]
    assert any("ihr left out: it documented no case" in n for n in kurdistan.notes)
    # IR-23: khrn does not cover Tehran, so it is left out even if it had cases there
    assert tehran.lists == ("hrana", "ihr")
    assert any("khrn left out: it does not cover province=IR-23" in n for n in tehran.notes)


def test_coverage_callable_and_unstratified() -> None:
    cases = pd.DataFrame({"period": ["2023", "2024"], "sources": [["a", "b"], ["a"]]})
    tables = capture_histories(
        cases, by=["period"], coverage={"b": lambda s: s["period"] == "2023"}
    )
    assert [t.lists for t in tables] == [("a", "b"), ("a",)]
    (whole,) = capture_histories(cases, coverage={"b": {"IR-01"}})
    assert whole.lists == ("a", "b")  # b covers part of the whole population


def test_histories_input_errors() -> None:
    with pytest.raises(InputError, match="lacks column"):
        capture_histories(pd.DataFrame({"sources": [["a"]]}), by=["period"])
    with pytest.raises(InputError, match="no sources"):
        capture_histories(pd.DataFrame({"sources": [[]]}))


sources_st = st.lists(
    st.sets(st.sampled_from(["a", "b", "c", "d"]), min_size=1), min_size=1, max_size=60
)


@settings(max_examples=60, deadline=None)
@given(sources_st)
def test_histories_keep_every_case_and_every_source_total(cases: list[set[str]]) -> None:
    frame = pd.DataFrame({"sources": [sorted(s) for s in cases]})
    (table,) = capture_histories(frame)
    assert table.observed == len(cases)
    for name, total in zip(table.lists, table.list_totals(), strict=True):
        assert total == sum(name in s for s in cases)


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.tuples(*[st.integers(0, 1)] * 3), st.integers(0, 50)))
def test_table_rows_round_trip(patterns: dict[tuple[int, ...], int]) -> None:
    patterns = {p: c for p, c in patterns.items() if any(p)}
    table = CountTable.from_patterns(["A", "B", "C"], patterns)
    rows = table.as_rows()
    again = {(r["A"], r["B"], r["C"]): r["count"] for r in rows}
    assert again == {p: c for p, c in patterns.items() if c}
    assert table.observed == sum(patterns.values())
    assert np.all(table.counts >= 0)


def test_missing_labels_and_array_sources() -> None:
    cases = pd.DataFrame(
        {"sex": ["male", None, float("nan")], "sources": [np.array(["a", "b"]), ["a"], ("b",)]}
    )
    tables = capture_histories(cases, by=["sex"])
    assert [dict(t.stratum) for t in tables] == [{"sex": "male"}, {"sex": "unknown"}]
    assert tables[1].observed == 2
    with pytest.raises(InputError, match="no sources"):
        capture_histories(pd.DataFrame({"sources": [["a"], float("nan")]}))
