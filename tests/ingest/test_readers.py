"""Every reader, encoding and layout; unreadable files are refused clearly."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest

from paymaan.errors import InputError
from paymaan.ingest.readers import read_table, sniff_delimiter, sniff_encoding

TEXT = "id,name,date\n1,زینب,۱۴۰۲/۱۲/۱۵\n2,Sara,2024-03-05\n"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("cp1256", "cp1256")],
)
def test_csv_encodings_are_sniffed(encoding: str, expected: str) -> None:
    # Windows-1256 has Arabic yeh (ي) and no Persian digits, as in real exports from it.
    text = (
        TEXT.replace("ی", "ي").replace("۱۴۰۲/۱۲/۱۵", "1402/12/15") if encoding == "cp1256" else TEXT
    )
    name = "زينب" if encoding == "cp1256" else "زینب"
    data = text.encode(encoding)
    assert sniff_encoding(data) == expected
    table = read_table(data, Path("f.csv"))
    assert table.columns == ["id", "name", "date"]
    assert [r.values["name"] for r in table.rows] == [name, "Sara"]
    assert [r.row_number for r in table.rows] == [2, 3]


def test_excel_unicode_text_is_utf16_with_tabs() -> None:
    data = TEXT.replace(",", "\t").encode("utf-16")
    table = read_table(data, Path("export.txt"))
    assert table.delimiter == "\t" and table.rows[0].values["name"] == "زینب"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_are_sniffed(delimiter: str) -> None:
    text = TEXT.replace(",", delimiter)
    assert sniff_delimiter(text) == delimiter


def test_a_short_csv_row_becomes_a_row_problem_not_a_refusal() -> None:
    table = read_table(b"a,b\n1,2\n3\n4,5\n", Path("f.csv"))
    assert [r.row_number for r in table.rows] == [2, 4]
    assert table.problems[0].row_number == 3 and "1 cells" in table.problems[0].reason


def _workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_every_sheet_or_a_named_one() -> None:
    data = _workbook(
        {"2024": [["id", "age"], ["a", 30], ["b", 41.0]], "2025": [["id", "age"], ["c", None]]}
    )
    table = read_table(data, Path("m.xlsx"))
    assert [r.values["id"] for r in table.rows] == ["a", "b", "c"]
    assert table.rows[1].values["age"] == "41"  # floats that are whole become integers
    assert len({r.row_number for r in table.rows}) == 3  # unique across sheets
    assert (table.rows[2].sheet, table.rows[2].sheet_row) == ("2025", 2)
    named = read_table(data, Path("m.xlsx"), options=None)
    assert len(named.rows) == 3
    from paymaan.ingest.readers import ReadOptions

    only = read_table(data, Path("m.xlsx"), options=ReadOptions(sheet="2025"))
    assert [r.values["id"] for r in only.rows] == ["c"]
    with pytest.raises(InputError, match="no sheet named 'x'"):
        read_table(data, Path("m.xlsx"), options=ReadOptions(sheet="x"))


def test_json_array_and_json_lines() -> None:
    rows = [{"id": 1, "name": "زینب"}, {"id": 2, "name": "Sara"}]
    table = read_table(json.dumps(rows, ensure_ascii=False).encode(), Path("f.json"))
    assert [r.values["id"] for r in table.rows] == ["1", "2"]
    wrapped = read_table(json.dumps({"records": rows}).encode(), Path("f.json"))
    assert len(wrapped.rows) == 2
    lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + '\n{"id": 3, broken\n'
    jl = read_table(lines.encode(), Path("f.jsonl"))
    assert len(jl.rows) == 2 and jl.problems[0].row_number == 3


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("f.csv", b"", "empty"),
        ("f.csv", b"\x00\x01\x02binary", "not a text file"),
        ("f.xlsx", b"PK not really a zip", "not a readable XLSX"),
        ("f.json", b'{"a": [1, 2', "not valid JSON"),
        ("f.pdf", b"%PDF", "cannot tell the file's format"),
        ("f.csv", b"a,a\n1,2\n", "column 'a' twice"),
    ],
)
def test_unreadable_files_are_refused_with_the_file_named(
    name: str, data: bytes, message: str
) -> None:
    with pytest.raises(InputError, match=message) as caught:
        read_table(data, Path(name))
    assert name in str(caught.value)


def test_json_lines_the_fast_parser_cannot_read_are_read_as_the_standard_library_does() -> None:
    data = b'{"id": 1, "n": 123456789012345678901234567890}\n{"id": 2, "age": NaN}\n'
    table = read_table(data, Path("f.jsonl"))
    assert [r.values["id"] for r in table.rows] == ["1", "2"]
    assert table.rows[0].values["n"] == "123456789012345678901234567890"
    assert not table.problems
