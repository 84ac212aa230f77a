"""Turning one raw row into a record, or into a reason it cannot be one.

:class:`RowConverter` applies a :class:`~paymaan.ingest.mapping.Mapping` to raw rows.
An accepted row gives two parts: the non-identifying record columns (stored in clear)
and the identifying part (original values and normalized name keys, encrypted by the
caller). A row that breaks a rule gives a :class:`RowIssue` naming its row, column and
what to do; nothing is guessed.

Values repeat a great deal (the same names, dates, provinces in thousands of rows), so
every normalizing call here goes through a cache.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from paymaan.ingest.mapping import NAME_FIELDS, VOCABULARY_FIELDS, FieldSpec, Mapping
from paymaan.ingest.readers import RawRow
from paymaan.normalize.dates import parse_date
from paymaan.normalize.names import name_keys, script_of
from paymaan.normalize.places import city, prison, province_code
from paymaan.normalize.text import fold, to_ascii_digits
from paymaan.normalize.vocab import is_code

__all__ = ["ConvertedRow", "RowConverter", "RowIssue"]

_TRUE = frozenset({"true", "yes", "1", "y", "بله", "آری", "x", "public"})
_FALSE = frozenset({"false", "no", "0", "n", "خیر", "نه", ""})


@dataclass(frozen=True)
class RowIssue:
    """Why a row was quarantined: where and what to do."""

    row_number: int
    column: str | None
    reason: str


@dataclass
class ConvertedRow:
    """An accepted row: clear columns and the identifying part (to be encrypted)."""

    row_number: int
    record: dict[str, Any]
    pii: dict[str, Any]


@dataclass
class _Tally:
    unmapped: Counter[tuple[str, str]] = field(default_factory=Counter)
    unknown_places: Counter[tuple[str, str]] = field(default_factory=Counter)


class _Reject(Exception):
    def __init__(self, column: str | None, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


@lru_cache(maxsize=1 << 20)
def _cached_date(text: str, calendar: str) -> tuple[Any, Any, str] | str:
    try:
        parsed = parse_date(text, calendar)  # type: ignore[arg-type]
    except ValueError as error:
        return str(error)
    return parsed.start, parsed.end, parsed.precision


@lru_cache(maxsize=1 << 20)
def _cached_name_keys(
    first: str | None, surname: str | None, father: str | None, full: str | None
) -> dict[str, Any]:
    keys = name_keys(first, surname, father, full)
    out = keys._asdict() if hasattr(keys, "_asdict") else dataclasses.asdict(keys)
    out["name_tokens"] = list(keys.name_tokens)
    return out


@lru_cache(maxsize=1 << 16)
def _cached_place(kind: str, text: str) -> str | None:
    if kind == "province":
        return province_code(text)
    found = city(text) if kind == "city" else prison(text)
    return None if found is None else found.id


class RowConverter:
    """Applies one mapping to rows of one file.

    Example:
        >>> converter = RowConverter(mapping, file_label="hengaw.csv")
        >>> outcome = converter.convert(raw_row)   # ConvertedRow or RowIssue
    """

    def __init__(self, mapping: Mapping, file_label: str) -> None:
        self.mapping = mapping
        self.file_label = file_label
        self.tally = _Tally()
        self._value_maps = {
            name: {fold(k) or "": v for k, v in spec.values.items()}
            for name, spec in mapping.fields.items()
            if spec.values
        }

    # -- values ------------------------------------------------------------------

    def _raw(self, spec: FieldSpec, row: RawRow) -> str | None:
        if spec.column is None:
            return None if spec.value is None else str(spec.value)
        if spec.column not in row.values:
            raise _Reject(
                spec.column,
                f"the column {spec.column!r} named in the mapping for {spec.name} is not in "
                "this row; fix the mapping or the file",
            )
        return row.values[spec.column]

    def _where(self, row: RawRow, spec: FieldSpec) -> str:
        sheet = f" sheet {row.sheet!r}" if row.sheet else ""
        number = row.sheet_row if row.sheet_row is not None else row.row_number
        column = f" column {spec.column!r}" if spec.column else f" field {spec.name}"
        return f"{self.file_label}{sheet} row {number}{column}"

    def _vocabulary(self, spec: FieldSpec, text: str | None, row: RawRow) -> str | None:
        if text is None:
            return None
        kind = VOCABULARY_FIELDS[spec.name]
        mapped = self._value_maps.get(spec.name, {})
        key = fold(text) or ""
        if key in mapped:
            value = mapped[key]
            return None if value in (None, "") else str(value)
        code = key.replace(" ", "_").replace("-", "_")
        if is_code(kind, code):  # type: ignore[arg-type]
            return code
        self.tally.unmapped[(spec.name, text)] += 1
        raise _Reject(
            spec.column,
            f"{self._where(row, spec)}: the value {text!r} is not in the mapping's values for "
            f"{spec.name}; add it under fields.{spec.name}.values (one of the {kind} codes in "
            "vocab.yaml) and re-ingest the row",
        )

    def _date(self, spec: FieldSpec, text: str | None, row: RawRow) -> tuple[Any, Any, Any]:
        if text is None:
            return None, None, None
        result = _cached_date(text, spec.calendar or self.mapping.calendar)
        if isinstance(result, str):
            raise _Reject(spec.column, f"{self._where(row, spec)}: {result}")
        return result

    def _integer(
        self, spec: FieldSpec, text: str | None, row: RawRow, low: int, high: int
    ) -> int | None:
        if text is None:
            return None
        digits = to_ascii_digits(text).strip()
        try:
            number = int(float(digits))
        except ValueError:
            raise _Reject(
                spec.column, f"{self._where(row, spec)}: {text!r} is not a whole number"
            ) from None
        if not low <= number <= high:
            raise _Reject(
                spec.column,
                f"{self._where(row, spec)}: {number} is outside {low}–{high}; check the value",
            )
        return number

    def _birth_year(self, spec: FieldSpec, text: str | None, row: RawRow) -> int | None:
        year = self._integer(spec, text, row, 1250, 2030)
        if year is not None and year < 1500:  # a Jalali year: Nowruz falls in March of year+621
            year += 621
        return year

    def _place(self, kind: str, spec: FieldSpec, text: str | None) -> str | None:
        if text is None:
            return None
        found = _cached_place(kind, text)
        if found is None:
            self.tally.unknown_places[(kind, text)] += 1
            # Kept as folded text, never guessed; the province stays unknown.
            return None if kind == "province" else fold(text)
        return found

    # -- rows --------------------------------------------------------------------

    def convert(self, row: RawRow) -> ConvertedRow | RowIssue:
        """Convert one raw row; a rule it breaks gives a RowIssue instead."""
        try:
            return self._convert(row)
        except _Reject as reject:
            return RowIssue(row.row_number, reject.column, reject.reason)

    def _convert(self, row: RawRow) -> ConvertedRow:
        fields = self.mapping.fields
        texts = {name: self._raw(spec, row) for name, spec in fields.items()}
        record_id_spec = fields["source_record_id"]
        if texts["source_record_id"] is None:
            raise _Reject(
                record_id_spec.column,
                f"{self._where(row, record_id_spec)}: empty; every row needs the monitor's own id",
            )
        record: dict[str, Any] = {"source_record_id": texts["source_record_id"]}
        for name in VOCABULARY_FIELDS:
            if name in fields:
                record[name] = self._vocabulary(fields[name], texts[name], row)
        if record.get("event_type") is None:
            spec = fields["event_type"]
            raise _Reject(
                spec.column, f"{self._where(row, spec)}: empty; the event type is required"
            )
        for name, prefix in (("event_date", "event_date"), ("report_date", "report_date")):
            if name in fields:
                start, end, precision = self._date(fields[name], texts[name], row)
                record[f"{prefix}_start"], record[f"{prefix}_end"] = start, end
                if name == "event_date":
                    record["event_date_precision"] = precision
        if "age" in fields:
            record["age"] = self._integer(fields["age"], texts["age"], row, 0, 120)
        if "birth_year" in fields:
            record["birth_year"] = self._birth_year(fields["birth_year"], texts["birth_year"], row)
        for kind in ("province", "city", "prison"):
            if kind in fields:
                record[kind] = self._place(kind, fields[kind], texts[kind])
        if "outlet" in fields:
            record["outlet"] = texts["outlet"]
        if "public" in fields:
            record["public"] = (fold(texts["public"]) or "") in _TRUE
        names = {n: texts.get(n) for n in NAME_FIELDS}
        keys = _cached_name_keys(
            names["first_name"], names["surname"], names["father_name"], names["full_name"]
        )
        record["script"] = self.mapping.script or keys.get("script") or _script(names)
        original = {
            spec.column: texts[name]
            for name, spec in fields.items()
            if spec.column is not None and not spec.identifying
        }
        identifying = {
            name: texts[name] for name, spec in fields.items() if spec.identifying and texts[name]
        }
        record["original"] = original
        return ConvertedRow(row.row_number, record, {"original": identifying, "keys": keys})


def _script(names: dict[str, str | None]) -> str | None:
    for value in names.values():
        found = script_of(value)
        if found:
            return found
    return None
