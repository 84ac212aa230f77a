"""The column-wise conversion gives exactly what the row-by-row conversion gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from paymaan.crypto import UnlockedKeys
from paymaan.ingest import (
    RawRow,
    RowConverter,
    ingest_file,
    load_mapping,
    mapping_from_dict,
    read_table,
)
from paymaan.ingest.convert import ConvertedRow, RowIssue
from paymaan.ingest.pipeline import PII_PURPOSE
from paymaan.store.schema import Record
from paymaan.workspace import Workspace

# Every kind of field the converter knows: vocabularies with and without a values map,
# both date fields with their own calendars, whole numbers, places, names (split and
# whole), a constant, a free-text field marked identifying and one marked not.
MAPPING = mapping_from_dict(
    {
        "version": 1,
        "calendar": "jalali",
        "fields": {
            "source_record_id": {"column": "id"},
            "first_name": {"column": "first"},
            "surname": {"column": "last"},
            "father_name": {"column": "father", "identifying": False},
            "full_name": {"column": "name"},
            "sex": {"column": "sex", "values": {"مرد": "male", "زن": "female", "?": ""}},
            "event_type": {"column": "type", "values": {"اعدام": "execution"}},
            "charge": {"column": "charge"},
            "event_date": {"column": "date"},
            "report_date": {"column": "reported", "calendar": "gregorian"},
            "age": {"column": "age"},
            "birth_year": {"column": "born"},
            "province": {"column": "province"},
            "city": {"column": "city"},
            "prison": {"column": "prison"},
            "outlet": {"column": "outlet"},
            "public": {"column": "public"},
            "narrative": {"column": "story"},
            "evidence": {"value": "own_documentation"},
        },
    }
)
COLUMNS = [spec.column for spec in MAPPING.fields.values() if spec.column is not None]
# Values each column is likely to hold (places not in the gazetteer are good values too:
# they are kept as folded text and tallied) ...
GOOD: dict[str, list[str]] = {
    "id": ["K-1", "K-2"],
    "first": ["علی", "Mohammad Reza", "Hosseini", "محمد رضا"],
    "last": ["حسینی", "Ali", "رضایی"],
    "father": ["حسن", "Hassan"],
    "name": ["Ali Rezaei", "حسینی، محمد", "Sara"],
    "sex": ["مرد", "زن", "?", "male"],
    "type": ["اعدام", "execution", "arrest", "death sentence"],
    "charge": ["drug_related", "drug-related", "Qisas Murder"],
    "date": ["1402/12/15", "۱۴۰۲/۱۲/۱۵", "اسفند ۱۴۰۲", "1402"],
    "reported": ["2024-03-05", "March 2024", "2024"],
    "age": ["34", "۳۴", "34.0", "0"],
    "born": ["1360", "1990"],
    "province": ["کردستان", "Tehran", "IR-12", "Atlantis"],
    "city": ["سنندج", "Sanandaj", "Gotham"],
    "prison": ["اوین", "Evin Prison", "قزلحصار", "Alcatraz"],
    "outlet": ["Shargh"],
    "public": ["yes", "بله", "no", "maybe"],
    "story": ["seen at the gate"],
}
# ... and values that send the row to quarantine.
BAD: dict[str, list[str]] = {
    "sex": ["M"],
    "type": ["شلاق"],
    "charge": ["stealing"],
    "date": ["1402/13/45", "soon"],
    "reported": ["2024-02-30"],
    "age": ["121", "-1", "abc"],
    "born": ["1249", "2031", "x"],
}
# Random text avoids what float() reads as infinite ("inf", "1e999"): on an age both
# paths raise the same OverflowError, which is not a conversion outcome to compare.
_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8).filter(
    lambda t: not t.strip().lower().lstrip("+-").startswith(("inf", "1e"))
)


@st.composite
def tables(draw: st.DrawFn) -> list[RawRow]:
    """Rows with repeated values, blanks, bad values and (as in JSON) missing keys."""
    # How often (out of 40) a cell is missing, random text, blank or a bad value; the rest
    # are good values, so that tables hold accepted and quarantined rows alike.
    noise = draw(st.sampled_from([0, 1, 4]))
    rows = []
    for number in range(2, 2 + draw(st.integers(min_value=0, max_value=20))):
        values: dict[str, str | None] = {}
        for column in COLUMNS:
            kind = draw(st.integers(min_value=0, max_value=39)) // max(noise, 1)
            if noise and kind == 0:
                continue  # the key is missing
            if noise and kind == 1:
                values[column] = draw(_TEXT)
            elif noise and kind == 2:
                values[column] = None
            elif noise and kind == 3 and column in BAD:
                values[column] = draw(st.sampled_from(BAD[column]))
            else:
                values[column] = draw(st.sampled_from(GOOD[column]))
        rows.append(RawRow(number, values))
    return rows


def _snapshot(converter: RowConverter, outcomes: list[ConvertedRow | RowIssue]) -> Any:
    """Everything the caller sees, with the order of record keys and of the tallies."""
    return (
        outcomes,
        [list(o.record) for o in outcomes if isinstance(o, ConvertedRow)],
        list(converter.tally.unmapped.items()),
        list(converter.tally.unknown_places.items()),
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=tables(), cut=st.integers(min_value=0, max_value=30))
def test_convert_many_equals_convert_row_by_row(rows: list[RawRow], cut: int) -> None:
    by_row = RowConverter(MAPPING, "f.json")
    expected = _snapshot(by_row, [by_row.convert(row) for row in rows])
    by_column = RowConverter(MAPPING, "f.json")
    # Two calls, so values remembered from the first call are reused by the second.
    outcomes = by_column.convert_many(rows[:cut]) + by_column.convert_many(rows[cut:])
    assert _snapshot(by_column, outcomes) == expected


def _row(number: int, **cells: str | None) -> RawRow:
    names = {"id": None, "type": None, "date": None, "age": None, "province": None}
    return RawRow(number, names | cells)


def test_convert_many_on_a_known_table() -> None:
    rows = [
        _row(2, id="K-1", type="اعدام", date="1402/12/15", age="۳۴"),
        _row(3, id="K-2", type="شلاق", date="1402/12/15"),
        _row(4, type="اعدام"),
        _row(5, id="K-4", type="اعدام", date="1402/13/45"),
        _row(6, id="K-5", type="اعدام", province="Atlantis"),
    ]
    columns = {
        "version": 1,
        "calendar": "jalali",
        "fields": {
            "source_record_id": {"column": "id"},
            "event_type": {"column": "type", "values": {"اعدام": "execution"}},
            "event_date": {"column": "date"},
            "age": {"column": "age"},
            "province": {"column": "province"},
        },
    }
    converter = RowConverter(mapping_from_dict(columns), "k.csv")
    outcomes = converter.convert_many(rows)
    assert [type(o).__name__ for o in outcomes] == [
        "ConvertedRow",
        "RowIssue",
        "RowIssue",
        "RowIssue",
        "ConvertedRow",
    ]
    first = outcomes[0]
    assert isinstance(first, ConvertedRow)
    # 15 Esfand 1402 is 5 March 2024; Persian digits are read as ASCII.
    assert (str(first.record["event_date_start"]), first.record["age"]) == ("2024-03-05", 34)
    reasons = [o.reason for o in outcomes if isinstance(o, RowIssue)]
    assert reasons[:2] == [
        "k.csv row 3 column 'type': the value 'شلاق' is not in the mapping's values for "
        "event_type; add it under fields.event_type.values (one of the event_types codes in "
        "vocab.yaml) and re-ingest the row",
        "k.csv row 4 column 'id': empty; every row needs the monitor's own id",
    ]
    assert "month 13" in reasons[2] and "row 5 column 'date'" in reasons[2]
    assert dict(converter.tally.unmapped) == {("event_type", "شلاق"): 1}
    assert dict(converter.tally.unknown_places) == {("province", "Atlantis"): 1}


def test_stored_identifying_part_is_the_json_encrypt_json_writes(
    workspace: Workspace, keys: UnlockedKeys, persian_file: tuple[Path, Path]
) -> None:
    # ingest_file writes the JSON of the identifying part itself (splicing the name keys);
    # it must decrypt to exactly the bytes FieldCipher.encrypt_json would have encrypted.
    data, mapping_path = persian_file
    ingest_file(workspace, keys, "kurd", data, mapping_path=mapping_path)
    table = read_table(data.read_bytes(), data)
    converter = RowConverter(load_mapping(mapping_path), data.name)
    expected = {
        o.row_number: json.dumps(o.pii, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        for o in map(converter.convert, table.rows)
        if isinstance(o, ConvertedRow)
    }
    store = workspace.open_store()
    with store.transaction() as session:
        stored = session.execute(select(Record.row_number, Record.pii)).all()
    store.dispose()
    decrypted = {
        n: keys.cipher.decrypt(token, purpose=PII_PURPOSE).decode("utf-8") for n, token in stored
    }
    assert decrypted == expected and len(expected) == 2
