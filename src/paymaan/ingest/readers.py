"""Readers: one per file format, each yielding raw rows with their row numbers.

The seam is :class:`Reader` (``read(data) -> RawTable``). A raw row is a mapping from
the file's column names to the text in the cell, exactly as written (numbers and dates
from spreadsheets become their text). ``row_number`` is what the monitor's analyst sees:
the line of a CSV file counting the header as line 1, the spreadsheet row, the line of
a JSON-lines file, the 1-based index in a JSON array.

CSV encoding and delimiter are sniffed here by hand because the standard library's
``csv.Sniffer`` guesses delimiters poorly on Persian text and has no encoding detection;
the rules are small: a BOM decides (UTF-8, UTF-16 LE/BE); else strict UTF-8; else
Windows-1256 (the Arabic-script code page Excel uses in Iran).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import orjson

from paymaan.errors import InputError

__all__ = [
    "FORMATS",
    "RawRow",
    "RawTable",
    "Reader",
    "RowProblem",
    "detect_format",
    "read_table",
    "sniff_delimiter",
    "sniff_encoding",
]

FORMATS = ("csv", "xlsx", "json", "jsonl")
_DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class RawRow:
    """One row as read: where it was and what it said."""

    row_number: int
    values: dict[str, str | None]
    sheet: str | None = None
    sheet_row: int | None = None  # the row within its sheet (row_number counts across sheets)


@dataclass(frozen=True)
class RowProblem:
    """A row that could not even be read as a row (e.g. a broken JSON line)."""

    row_number: int
    raw_text: str
    reason: str


@dataclass
class RawTable:
    """What a reader returns: the header, the rows and rows that could not be read."""

    columns: list[str]
    rows: list[RawRow]
    problems: list[RowProblem] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None


class Reader(Protocol):
    """Reads one file format."""

    def __call__(self, data: bytes, path: Path, options: ReadOptions) -> RawTable: ...


@dataclass(frozen=True)
class ReadOptions:
    """Hints from the mapping; anything None is sniffed."""

    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None


def detect_format(path: Path, declared: str | None = None) -> str:
    """The file's format from the mapping, else its name's ending."""
    if declared:
        return declared
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ("csv", "tsv", "txt"):
        return "csv"
    if suffix in ("xlsx", "xlsm"):
        return "xlsx"
    if suffix in ("jsonl", "ndjson"):
        return "jsonl"
    if suffix == "json":
        return "json"
    raise InputError(
        f"{path}: cannot tell the file's format from its name",
        hint="Name it .csv, .xlsx, .json or .jsonl, or set `format:` in the mapping.",
    )


def sniff_encoding(data: bytes) -> str:
    """The text encoding of *data*: by BOM, else UTF-8 if it decodes, else Windows-1256."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1256"
    return "utf-8"


def _sniff_and_decode(data: bytes) -> tuple[str, str]:
    """*data* decoded with :func:`sniff_encoding`'s choice, and that choice, decoding once."""
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    encoding = sniff_encoding(data)
    return data.decode(encoding), encoding


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most, equal-sized fields."""
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", -1
    for delimiter in _DELIMITERS:
        counts = [len(next(csv.reader([line], delimiter=delimiter))) for line in lines]
        if counts[0] < 2:
            continue
        consistent = sum(1 for c in counts if c == counts[0])
        score = consistent * 100 + counts[0]
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _clean(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    elif isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    text = text.strip()
    return text or None


def _unique_headers(path: Path, headers: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for index, header in enumerate(headers, start=1):
        name = header.strip() if header else ""
        if not name:
            name = f"column_{index}"
        if name in seen:
            raise InputError(
                f"{path}: the header has the column {name!r} twice (column {index})",
                hint="Rename one of them so that the mapping can tell them apart.",
            )
        seen.add(name)
        out.append(name)
    return out


def read_csv(data: bytes, path: Path, options: ReadOptions) -> RawTable:
    """Read CSV (any of the sniffed encodings and delimiters)."""
    try:
        if options.encoding:
            encoding = options.encoding
            text = data.decode(encoding)
        else:
            text, encoding = _sniff_and_decode(data)
    except (UnicodeDecodeError, LookupError) as error:
        raise InputError(
            f"{path}: cannot decode the file as {encoding} ({error})",
            hint="Save it as UTF-8, or set `encoding:` in the mapping.",
        ) from error
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise InputError(
            f"{path}: this is not a text file (it holds NUL bytes)",
            hint="Export the data as CSV, XLSX or JSON.",
        )
    delimiter = options.delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration as error:
        raise InputError(
            f"{path}: the file is empty", hint="Send a file with a header row."
        ) from error
    columns = _unique_headers(path, header)
    rows: list[RawRow] = []
    problems: list[RowProblem] = []
    width = len(columns)
    for cells in reader:
        line = reader.line_num
        # Cells are text already: _clean(cell) is cell.strip() or None.
        values = [cell.strip() or None for cell in cells]
        if not any(values):
            continue
        if len(cells) != width:
            problems.append(
                RowProblem(
                    line,
                    delimiter.join(cells),
                    f"row {line} has {len(cells)} cells but the header has {len(columns)}",
                )
            )
            continue
        rows.append(RawRow(line, dict(zip(columns, values, strict=True))))
    return RawTable(columns, rows, problems, encoding=encoding, delimiter=delimiter)


def read_xlsx(data: bytes, path: Path, options: ReadOptions) -> RawTable:
    """Read every sheet of a workbook (or the one the mapping names).

    Read with python-calamine (a Rust reader): openpyxl, which writes the synthetic
    workbooks, takes about 160 µs a row to read them, calamine about 1 µs.
    """
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(workbook.sheet_names)
    except (python_calamine.CalamineError, ValueError, OSError) as error:
        raise InputError(
            f"{path}: not a readable XLSX workbook ({error})",
            hint="Open it in a spreadsheet program and save it again as .xlsx.",
        ) from error
    if options.sheet is not None and options.sheet not in names:
        raise InputError(
            f"{path}: no sheet named {options.sheet!r} (sheets: {', '.join(names)})",
            hint="Fix `sheet:` in the mapping.",
        )
    columns: list[str] | None = None
    rows: list[RawRow] = []
    offset = 0  # row numbers continue across sheets so that each row has its own
    for name in [options.sheet] if options.sheet else names:
        try:
            values = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except python_calamine.CalamineError as error:
            raise InputError(f"{path}: sheet {name!r} cannot be read ({error})") from error
        if not values:
            continue
        sheet_columns = _unique_headers(path, [_clean(v) or "" for v in values[0]])
        if columns is None:
            columns = sheet_columns
        elif sheet_columns != columns:
            raise InputError(
                f"{path}: sheet {name!r} has other columns than the first sheet",
                hint="Name one sheet in the mapping (`sheet:`) or give all sheets one header.",
            )
        width = len(columns)
        for number, line in enumerate(values[1:], start=2):
            cells = [_clean(v) for v in line[:width]]
            if not any(cells):
                continue
            cells += [None] * (width - len(cells))
            rows.append(
                RawRow(offset + number, dict(zip(columns, cells, strict=True)), name, number)
            )
        offset += len(values)
    if columns is None:
        raise InputError(f"{path}: the workbook has no rows", hint="Send a sheet with a header.")
    return RawTable(columns, rows)


def _object_row(path: Path, number: int, value: object) -> RawRow | RowProblem:
    if not isinstance(value, dict):
        return RowProblem(
            number, json.dumps(value, ensure_ascii=False), f"row {number} is not an object"
        )
    # Most JSON values are strings: clean those inline (as _clean does), the rest in _clean.
    return RawRow(
        number,
        {k: (v.strip() or None) if type(v) is str else _clean(v) for k, v in value.items()},
    )


def _collect(path: Path, items: Iterator[RawRow | RowProblem]) -> RawTable:
    rows: list[RawRow] = []
    problems: list[RowProblem] = []
    columns: dict[str, None] = {}
    last: Any = None  # the keys of the previous row: most rows have the same ones
    for item in items:
        if isinstance(item, RowProblem):
            problems.append(item)
        else:
            rows.append(item)
            keys = item.values.keys()
            if keys != last:
                columns.update(dict.fromkeys(keys))
                last = keys
    if not rows and not problems:
        raise InputError(f"{path}: the file has no rows", hint="Send a file with records.")
    return RawTable(list(columns), rows, problems, encoding="utf-8")


def _decode_json_text(data: bytes, path: Path) -> str:
    try:
        return _sniff_and_decode(data)[0].lstrip("\ufeff")
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: JSON must be UTF-8 ({error})") from error


def read_json(data: bytes, path: Path, options: ReadOptions) -> RawTable:
    """Read a JSON array of objects (or an object with one array of objects)."""
    try:
        document = json.loads(_decode_json_text(data, path))
    except json.JSONDecodeError as error:
        raise InputError(
            f"{path}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
            hint="Fix the file, or export it as JSON lines so one bad row cannot spoil the rest.",
        ) from error
    if isinstance(document, dict):
        arrays = [v for v in document.values() if isinstance(v, list)]
        if len(arrays) != 1:
            raise InputError(f"{path}: expected an array of records, or an object with one array")
        document = arrays[0]
    if not isinstance(document, list):
        raise InputError(f"{path}: expected an array of records")
    return _collect(path, (_object_row(path, i, v) for i, v in enumerate(document, start=1)))


# An integer orjson would read as a float (more than 64 bits). JSON numbers are ASCII.
_LONG_NUMBER = re.compile(r"[0-9]{19}")


def _loads(line: str) -> Any:
    """One JSON value: orjson (several times faster) where it reads exactly what the
    standard library reads; the standard library for the rest (orjson turns integers of
    more than 64 bits into floats, and refuses NaN), so no digit is lost and errors read
    the same."""
    if _LONG_NUMBER.search(line) is None:
        return _loads_short(line)
    return json.loads(line)


def _loads_short(line: str) -> Any:
    """:func:`_loads` for a line known to hold no run of 19 digits."""
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        return json.loads(line)


def read_jsonl(data: bytes, path: Path, options: ReadOptions) -> RawTable:
    """Read JSON lines: one object per line; a broken line is a row problem, not a refusal."""
    text = _decode_json_text(data, path)
    # One search of the whole text spares one per line when no line has a long number.
    loads = _loads if _LONG_NUMBER.search(text) else _loads_short

    def items() -> Iterator[RawRow | RowProblem]:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                value = loads(line)
            except json.JSONDecodeError as error:
                yield RowProblem(number, line, f"line {number} is not valid JSON ({error.msg})")
                continue
            yield _object_row(path, number, value)

    table = _collect(path, items())
    if not table.rows:
        raise InputError(f"{path}: no line of the file is a JSON object", hint="Is it JSON lines?")
    return table


_READERS: dict[str, Reader] = {
    "csv": read_csv,
    "xlsx": read_xlsx,
    "json": read_json,
    "jsonl": read_jsonl,
}


def read_table(
    data: bytes, path: Path, fmt: str | None = None, options: ReadOptions | None = None
) -> RawTable:
    """Read *data* (the bytes of *path*) as a table.

    Raises:
        InputError: the file cannot be read at all (wrong format, undecodable, empty).
    """
    fmt = detect_format(path, fmt)
    if fmt not in _READERS:
        raise InputError(f"{path}: unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return _READERS[fmt](data, path, options or ReadOptions())
