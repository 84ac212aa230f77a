"""Turning one raw row into a record, or into a reason it cannot be one.

:class:`RowConverter` applies a :class:`~paymaan.ingest.mapping.Mapping` to raw rows.
An accepted row gives two parts: the non-identifying record columns (stored in clear)
and the identifying part (original values and normalized name keys, encrypted by the
caller). A row that breaks a rule gives a :class:`RowIssue` naming its row, column and
what to do; nothing is guessed.

Values repeat a great deal (the same names, dates, provinces in thousands of rows), so
every normalizing call here goes through a cache. :meth:`RowConverter.convert_many` goes
further for whole files: it converts column by column, once per distinct value of each
column, and assembles the records afterwards; a row that breaks a rule is handed to the
row-by-row path, so outcomes, messages and tallies are those of :meth:`~RowConverter.convert`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import repeat
from operator import itemgetter
from typing import Any, Final

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


class _Bad:
    """The marker of a value that breaks a rule (the row path then says which and where)."""


_BAD: Final = _Bad()


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
    out = keys._asdict()
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
        self._memos: dict[str, dict[Any, Any]] = {}
        self._value_maps = {
            name: {fold(k) or "": v for k, v in spec.values.items()}
            for name, spec in mapping.fields.items()
            if spec.values
        }

    def take_tally(self) -> _Tally:
        """The unmapped values and unknown places counted so far; the count starts again."""
        tally, self.tally = self.tally, _Tally()
        return tally

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

    def _vocabulary_value(self, name: str, text: str | None) -> str | None | _Bad:
        """The code for *text* in field *name*, or _BAD when it is neither mapped nor a code."""
        if text is None:
            return None
        mapped = self._value_maps.get(name, {})
        key = fold(text) or ""
        if key in mapped:
            value = mapped[key]
            return None if value in (None, "") else str(value)
        code = key.replace(" ", "_").replace("-", "_")
        if is_code(VOCABULARY_FIELDS[name], code):  # type: ignore[arg-type]
            return code
        return _BAD

    def _vocabulary(self, spec: FieldSpec, text: str | None, row: RawRow) -> str | None:
        if text is None:
            return None
        value = self._vocabulary_value(spec.name, text)
        if not isinstance(value, _Bad):
            return value
        kind = VOCABULARY_FIELDS[spec.name]
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
        except (ValueError, OverflowError):  # "abc", and also "inf" or "1e999"
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

    # -- whole files, column by column ---------------------------------------------

    def convert_many(self, rows: Sequence[RawRow]) -> list[ConvertedRow | RowIssue]:
        """Convert many rows: the outcomes and tallies of :meth:`convert` on each, in order.

        Each field is converted once per distinct value (the results are remembered for
        later calls on this converter), then every accepted row is assembled from the
        converted columns. A row that breaks a rule goes through :meth:`convert`, which
        names the first rule it breaks, exactly as the row-by-row path does.

        Args:
            rows: raw rows of one file.

        Returns:
            One ConvertedRow or RowIssue per row, in the order of *rows*.

        Example:
            >>> outcomes = converter.convert_many(table.rows)
        """
        count = len(rows)
        texts, good = self._texts(rows)
        fields = self.mapping.fields
        good = [
            ok and text is not None
            for ok, text in zip(good, texts["source_record_id"], strict=True)
        ]
        values: dict[str, list[Any]] = {"source_record_id": texts["source_record_id"]}
        for name in VOCABULARY_FIELDS:
            if name in fields:
                values[name] = self._checked(
                    name, partial(self._vocabulary_value, name), texts[name], good
                )
        if "event_type" in values:
            good = [
                ok and code is not None for ok, code in zip(good, values["event_type"], strict=True)
            ]
        for name, prefix in (("event_date", "event_date"), ("report_date", "report_date")):
            if name in fields:
                dates = self._checked(name, self._date_value(fields[name]), texts[name], good)
                values[f"{prefix}_start"] = [d[0] if d is not _BAD else None for d in dates]
                values[f"{prefix}_end"] = [d[1] if d is not _BAD else None for d in dates]
                if name == "event_date":
                    values["event_date_precision"] = [
                        d[2] if d is not _BAD else None for d in dates
                    ]
        if "age" in fields:
            values["age"] = self._checked("age", _age_value, texts["age"], good)
        if "birth_year" in fields:
            values["birth_year"] = self._checked(
                "birth_year", _birth_year_value, texts["birth_year"], good
            )
        unknown: dict[int, list[tuple[str, str]]] = {}
        for kind in ("province", "city", "prison"):
            if kind in fields:
                values[kind] = self._places(kind, texts[kind], unknown)
        if "outlet" in fields:
            values["outlet"] = texts["outlet"]
        if "public" in fields:
            values["public"] = self._memo("public", _public_value, texts["public"])
        name_texts = [texts.get(n, [None] * count) for n in NAME_FIELDS]
        named = self._memo("names", self._names_value, zip(*name_texts, strict=True))
        values["script"] = [script for _, script in named]
        return self._assemble(rows, texts, good, values, [keys for keys, _ in named], unknown)

    def _texts(self, rows: Sequence[RawRow]) -> tuple[dict[str, list[str | None]], list[bool]]:
        """Each field's raw text per row, and whether the row has every mapped column."""
        fields = self.mapping.fields
        columns = list(dict.fromkeys(s.column for s in fields.values() if s.column is not None))
        blank: tuple[str | None, ...] = (None,) * len(columns)
        getter = _tuple_getter(columns)
        cells: list[tuple[str | None, ...]] = []
        good = [True] * len(rows)
        for index, row in enumerate(rows):
            try:
                cells.append(getter(row.values))
            except KeyError:  # a JSON object without one of the mapped keys
                cells.append(blank)
                good[index] = False
        by_column = dict(zip(columns, (list(c) for c in zip(*cells, strict=True)), strict=False))
        texts: dict[str, list[str | None]] = {}
        for name, spec in fields.items():
            if spec.column is not None:
                texts[name] = by_column.get(spec.column, [None] * len(rows))
            else:
                texts[name] = [None if spec.value is None else str(spec.value)] * len(rows)
        return texts, good

    def _memo(self, key: str, func: Callable[[Any], Any], items: Iterable[Hashable]) -> list[Any]:
        """``[func(v) for v in items]``, computing each distinct ``v`` once per converter."""
        cache = self._memos.setdefault(key, {})
        out: list[Any] = []
        append = out.append
        for item in items:
            try:
                append(cache[item])
            except KeyError:
                result = cache[item] = func(item)
                append(result)
        return out

    def _checked(
        self, key: str, func: Callable[[Any], Any], items: list[str | None], good: list[bool]
    ) -> list[Any]:
        """:meth:`_memo`, marking rows whose value breaks a rule as not good (in place)."""
        out = self._memo(key, func, items)
        if _BAD in out:
            for index, value in enumerate(out):
                if value is _BAD:
                    good[index] = False
        return out

    def _date_value(self, spec: FieldSpec) -> Callable[[str | None], Any]:
        calendar = spec.calendar or self.mapping.calendar

        def value(text: str | None) -> tuple[Any, Any, Any] | _Bad:
            if text is None:
                return None, None, None
            result = _cached_date(text, calendar)
            return _BAD if isinstance(result, str) else result

        return value

    def _places(
        self, kind: str, items: list[str | None], unknown: dict[int, list[tuple[str, str]]]
    ) -> list[str | None]:
        """Place ids per row; the rows with a place not found are noted in *unknown*."""

        def value(text: str | None) -> tuple[str | None, bool]:
            if text is None:
                return None, False
            found = _cached_place(kind, text)
            if found is None:
                return (None if kind == "province" else fold(text)), True
            return found, False

        pairs = self._memo(kind, value, items)
        for index, (_, not_found) in enumerate(pairs):
            if not_found:
                unknown.setdefault(index, []).append((kind, items[index] or ""))
        return [place for place, _ in pairs]

    def _names_value(
        self, names: tuple[str | None, str | None, str | None, str | None]
    ) -> tuple[dict[str, Any], str | None]:
        full, first, surname, father = names
        keys = _cached_name_keys(first, surname, father, full)
        by_field = dict(zip(NAME_FIELDS, names, strict=True))
        return keys, self.mapping.script or keys.get("script") or _script(by_field)

    def _assemble(
        self,
        rows: Sequence[RawRow],
        texts: dict[str, list[str | None]],
        good: list[bool],
        values: dict[str, list[Any]],
        keys: list[dict[str, Any]],
        unknown: dict[int, list[tuple[str, str]]],
    ) -> list[ConvertedRow | RowIssue]:
        fields = self.mapping.fields
        original = [
            (s.column, texts[n]) for n, s in fields.items() if s.column and not s.identifying
        ]
        identifying = [(n, texts[n]) for n, s in fields.items() if s.identifying]
        record_names = [*values, "original"]
        out: list[ConvertedRow | RowIssue] = []
        tally = self.tally.unknown_places
        rows_of_values = _zip_columns(list(values.values()), len(rows))
        rows_of_original = _zip_columns([c for _, c in original], len(rows))
        rows_of_identifying = _zip_columns([c for _, c in identifying], len(rows))
        original_columns = [c for c, _ in original]
        identifying_names = [n for n, _ in identifying]
        for index, (row, ok, cells, original_cells, identifying_cells, row_keys) in enumerate(
            zip(
                rows, good, rows_of_values, rows_of_original, rows_of_identifying, keys, strict=True
            )
        ):
            if not ok:
                out.append(self.convert(row))
                continue
            original_values = dict(zip(original_columns, original_cells, strict=True))
            record = dict(zip(record_names, (*cells, original_values), strict=True))
            pii_original = {
                n: t for n, t in zip(identifying_names, identifying_cells, strict=True) if t
            }
            out.append(
                ConvertedRow(row.row_number, record, {"original": pii_original, "keys": row_keys})
            )
            if index in unknown:
                for place in unknown[index]:
                    tally[place] += 1
        return out


def _tuple_getter(columns: list[str]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """A function giving the values of *columns* of a dict as a tuple (KeyError if one lacks)."""
    if len(columns) > 1:
        return itemgetter(*columns)
    if columns:
        only = columns[0]
        return lambda values: (values[only],)
    return lambda values: ()


def _zip_columns(columns: list[list[Any]], count: int) -> Iterator[tuple[Any, ...]]:
    """Rows of *columns*; ``count`` empty tuples when there are no columns."""
    return zip(*columns, strict=True) if columns else repeat((), count)


def _whole_number(text: str | None, low: int, high: int) -> int | None | _Bad:
    """What :meth:`RowConverter._integer` accepts, or _BAD for what it rejects."""
    if text is None:
        return None
    try:
        number = int(float(to_ascii_digits(text).strip()))
    except (ValueError, OverflowError):  # the row path then says (or raises) the same
        return _BAD
    return number if low <= number <= high else _BAD


def _age_value(text: str | None) -> int | None | _Bad:
    return _whole_number(text, 0, 120)


def _birth_year_value(text: str | None) -> int | None | _Bad:
    year = _whole_number(text, 1250, 2030)
    if isinstance(year, int) and year < 1500:  # as in RowConverter._birth_year
        year += 621
    return year


def _public_value(text: str | None) -> bool:
    return (fold(text) or "") in _TRUE


def _script(names: dict[str, str | None]) -> str | None:
    for value in names.values():
        found = script_of(value)
        if found:
            return found
    return None
