"""Cells come out of every text reader stripped, with blanks as None (property tests)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from paymaan.ingest.readers import ReadOptions, read_table

# Cell text without NUL (refused as binary) and without line breaks' odd cousins that
# splitlines() would cut JSON lines at; padding spaces check the stripping.
_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=10
).map(lambda t: f"  {t} " if t.startswith("x") else t)
_JSON = st.one_of(
    st.none(),
    _TEXT,
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
)


def _expected(value: object) -> str | None:
    """A cell as the readers document it: text stripped, blank is None, 3.0 is "3"."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() or None


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.lists(_TEXT, min_size=3, max_size=3), min_size=1, max_size=8))
def test_csv_cells_are_stripped_and_blank_is_none(rows: list[list[str]]) -> None:
    # The row number is a cell, so that no row is all blank (blank rows are skipped).
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["n", "a", "b", "c"])
    writer.writerows([str(i), *row] for i, row in enumerate(rows))
    table = read_table(
        buffer.getvalue().encode("utf-8"), Path("f.csv"), "csv", ReadOptions(delimiter=",")
    )
    assert [list(r.values.values()) for r in table.rows] == [
        [str(i), *(_expected(cell) for cell in row)] for i, row in enumerate(rows)
    ]


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.dictionaries(st.sampled_from("abc"), _JSON), min_size=1, max_size=8))
def test_json_lines_cells_are_stripped_and_blank_is_none(rows: list[dict[str, object]]) -> None:
    text = "\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
    table = read_table(text.encode("utf-8"), Path("f.jsonl"))
    assert [r.values for r in table.rows] == [
        {k: _expected(v) for k, v in row.items()} for row in rows
    ]
