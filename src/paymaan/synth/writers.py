"""Write monitors' exports (CSV, XLSX, JSON lines), their mappings and the truth files.

Every writer is deterministic: the same table gives the same bytes. XLSX files are
zip archives whose entries carry a timestamp and whose ``docProps/core.xml`` carries
the save time; both are fixed here so that a seed always gives the same file.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from openpyxl import Workbook

from paymaan.synth.monitors import MonitorProfile
from paymaan.synth.render import RenderedMonitor

__all__ = [
    "FIXED_TIMESTAMP",
    "XLSX_ROWS_PER_SHEET",
    "mapping_for",
    "sha256_of",
    "write_csv",
    "write_monitor",
    "write_table",
]

FIXED_TIMESTAMP = dt.datetime(2020, 1, 1, 0, 0, 0)
# Excel holds 1,048,576 rows per sheet; larger registers continue on a new sheet.
XLSX_ROWS_PER_SHEET = 1_000_000
_SHEET_TITLE = "پرونده‌ها"
_VALUE_FIELDS = ("event_type", "sex", "charge", "grounds", "ethnicity", "evidence")


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def mapping_for(profile: MonitorProfile) -> dict[str, Any]:
    """The ingest mapping a monitor's analyst would write for its export.

    Args:
        profile: the monitor.

    Returns:
        A dict in the layout of docs/formats.md "Source mapping (YAML)".

    Example:
        >>> from paymaan.synth.monitors import default_profiles
        >>> mapping_for(default_profiles()[2])["delimiter"]
        ';'
    """
    mapping: dict[str, Any] = {"version": 1, "source": profile.key, "format": profile.file_format}
    if profile.file_format != "xlsx":  # a workbook has no text encoding to declare
        mapping["encoding"] = profile.encoding
    if profile.file_format == "csv":
        mapping["delimiter"] = profile.delimiter
    mapping["script"] = "fa" if profile.language == "fa" else "latin"
    mapping["calendar"] = profile.calendar
    fields: dict[str, Any] = {}
    for name, header in profile.columns.items():
        spec: dict[str, Any] = {"column": header}
        if name in _VALUE_FIELDS and profile.vocab.get(name):
            spec["values"] = {word: code for code, word in profile.vocab[name].items()}
        fields[name] = spec
    if profile.evidence_constant and "evidence" not in fields:
        fields["evidence"] = {"value": profile.evidence_constant}
    mapping["fields"] = fields
    return mapping


def _encoded(values: np.ndarray, encode: Callable[[Any], str], missing: str) -> np.ndarray:
    """Encode a column value by value, each distinct value once (columns repeat a lot)."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    table = np.array([encode(u) for u in uniques] + [missing], dtype=object)
    return np.asarray(table[codes])


def _csv_column(values: np.ndarray, delimiter: str) -> np.ndarray:
    """CSV cells of a column: quoted only where needed, empty where missing."""
    series = pd.Series(values, dtype=object)
    text = np.asarray(series.where(series.notna(), "").astype(str).to_numpy(dtype=object))
    specials = (delimiter, '"', "\n", "\r")
    # One scan over the whole column decides whether any cell needs quotes at all.
    joined = "\x00".join(text.tolist())
    if not any(special in joined for special in specials):
        return text
    encode = _csv_cell(delimiter)
    return np.array([encode(cell) for cell in text.tolist()], dtype=object)


def _join_columns(parts: list[np.ndarray], separator: str = "") -> list[str]:
    """Row strings: the parts of each row joined (one join per row, linear in the width)."""
    return [separator.join(row) for row in zip(*(p.tolist() for p in parts), strict=True)]


def _join_sep(parts: list[np.ndarray], separator: str) -> np.ndarray:
    return np.array(_join_columns(parts, separator), dtype=object)


def _csv_cell(delimiter: str) -> Callable[[Any], str]:
    def encode(value: Any) -> str:
        text = str(value)
        if delimiter in text or '"' in text or "\n" in text or "\r" in text:
            return '"' + text.replace('"', '""') + '"'
        return text

    return encode


def write_csv(
    table: pd.DataFrame,
    path: Path,
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    line_end: str = "\n",
) -> None:
    """Write ``table`` as CSV (minimal quoting, empty cells for missing values), fast.

    Args:
        table: the rows; columns in order.
        path: the file to write.
        delimiter: the field separator.
        encoding: ``utf-8`` or ``utf-8-sig`` (with a byte-order mark, as Excel writes).
        line_end: ``"\n"``, or ``"\r\n"`` as Excel writes.
    """
    encode = _csv_cell(delimiter)
    n = len(table)
    parts = [_csv_column(table[c].to_numpy(dtype=object), delimiter) for c in table.columns]
    header = delimiter.join(encode(c) for c in table.columns)
    body = line_end.join(_join_columns(parts, delimiter)) if n else ""
    with path.open("w", encoding=encoding, newline="") as handle:
        handle.write(header + line_end + (body + line_end if n else ""))


def _json_value(value: Any) -> str:
    if isinstance(value, np.integer):
        value = int(value)
    return json.dumps(value, ensure_ascii=False)


def _json_field(key: str, value: Any) -> str:
    return key + _json_value(value)


def _write_jsonl(table: pd.DataFrame, path: Path) -> None:
    parts = []
    for column in table.columns:
        key = json.dumps(str(column), ensure_ascii=False) + ": "
        encode = functools.partial(_json_field, key)
        parts.append(_encoded(table[column].to_numpy(dtype=object), encode, key + "null"))
    n = len(table)
    parts = [np.full(n, "{", dtype=object), *parts, np.full(n, "}\n", dtype=object)]
    lines = _join_columns([parts[0], _join_sep(parts[1:-1], ", "), parts[-1]])
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write("".join(lines))


def _xml_cell(value: Any) -> str:
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<c t="inlineStr"><is><t>{text}</t></is></c>'


def _sheet_xml(table: pd.DataFrame) -> bytes:
    """A worksheet with inline strings; cells carry no ``r`` (positions follow order)."""
    n = len(table)
    header = "".join(_xml_cell(c) for c in table.columns)
    parts = [np.array([f'<row r="{i + 2}">' for i in range(n)], dtype=object)]
    for column in table.columns:
        parts.append(_encoded(table[column].to_numpy(dtype=object), _xml_cell, "<c/>"))
    parts.append(np.full(n, "</row>", dtype=object))
    rows = "".join(_join_columns(parts))
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData><row r="1">{header}</row>{rows}</sheetData></worksheet>'
    )
    return xml.encode("utf-8")


def _fix_zip(data: bytes, sheets: dict[str, bytes]) -> bytes:
    """Rewrite an XLSX archive: our sheet XML, fixed entry timestamps and document times."""
    stamp = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = sheets.get(info.filename) or source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                pattern = r"(<dcterms:(created|modified)[^>]*>)[^<]*(<)"
                content = re.sub(pattern, rf"\g<1>{stamp}\g<3>", text).encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, content)
    return out.getvalue()


def _write_xlsx(table: pd.DataFrame, path: Path) -> None:
    # openpyxl writes the workbook's skeleton (styles, relations, properties); the
    # sheets themselves are written here, since openpyxl takes ~1 ms a row.
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "paymaan synth"
    workbook.properties.created = FIXED_TIMESTAMP
    workbook.properties.modified = FIXED_TIMESTAMP
    sheets: dict[str, bytes] = {}
    starts = range(0, max(len(table), 1), XLSX_ROWS_PER_SHEET)
    for number, begin in enumerate(starts, start=1):
        title = _SHEET_TITLE if number == 1 else f"{_SHEET_TITLE} {number}"
        workbook.create_sheet(title=title).append(list(table.columns))
        chunk = table.iloc[begin : begin + XLSX_ROWS_PER_SHEET]
        sheets[f"xl/worksheets/sheet{number}.xml"] = _sheet_xml(chunk)
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(_fix_zip(buffer.getvalue(), sheets))


def write_table(table: pd.DataFrame, path: Path, profile: MonitorProfile) -> None:
    """Write ``table`` in the monitor's format, encoding and delimiter.

    Args:
        table: the export, one column per header.
        path: the file to write.
        profile: the monitor (format, encoding, delimiter).

    Raises:
        ValueError: for a format the writer does not know (a bug in a profile).
    """
    if profile.file_format == "csv":
        # Excel writes CRLF line ends; the BOM-and-semicolon file imitates it.
        line_end = "\r\n" if profile.encoding == "utf-8-sig" else "\n"
        write_csv(
            table,
            path,
            delimiter=profile.delimiter or ",",
            encoding=profile.encoding,
            line_end=line_end,
        )
    elif profile.file_format == "jsonl":
        _write_jsonl(table, path)
    elif profile.file_format == "xlsx":
        _write_xlsx(table, path)
    else:
        raise ValueError(f"unknown file format {profile.file_format!r}")


def write_monitor(rendered: RenderedMonitor, monitors_dir: Path) -> list[Path]:
    """Write one monitor's folder: export, mapping.yaml and source.json.

    Returns:
        The paths written.
    """
    profile = rendered.profile
    folder = monitors_dir / profile.key
    folder.mkdir(parents=True, exist_ok=True)
    export = folder / profile.file_name
    write_table(rendered.table, export, profile)
    mapping = folder / "mapping.yaml"
    mapping.write_text(
        yaml.safe_dump(mapping_for(profile), allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8",
    )
    source = folder / "source.json"
    info = {
        "name": profile.name,
        "alias": profile.alias,
        "anonymous": profile.anonymous,
        "description": profile.description,
        "language": profile.language,
        "file": profile.file_name,
    }
    source.write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [export, mapping, source]
