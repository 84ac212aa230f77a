"""Ingest end to end on a real workspace: nothing lost, nothing exposed, nothing twice."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from paymaan.crypto import UnlockedKeys
from paymaan.errors import InputError, MappingError
from paymaan.ingest import (
    RawRow,
    RowConverter,
    export_quarantine,
    ingest_file,
    list_quarantine,
    load_mapping,
    mapping_from_dict,
    reingest_quarantine,
    suggest_mapping,
)
from paymaan.ingest.convert import ConvertedRow
from paymaan.store.frames import read_record_frame
from paymaan.store.schema import AuditEntry, Record, Submission
from paymaan.workspace import Workspace
from paymaan.workspace_ops import verify_audit
from tests.ingest.conftest import NAMES, PERSIAN_MAPPING


def _count(ws: Workspace, model: object) -> int:
    store = ws.open_store()
    with store.transaction() as session:
        n = session.execute(select(func.count()).select_from(model)).scalar_one()  # type: ignore[arg-type]
    store.dispose()
    return int(n)


def test_a_persian_file_is_ingested_with_bad_rows_quarantined(
    workspace: Workspace, keys: UnlockedKeys, persian_file: tuple[Path, Path]
) -> None:
    data, mapping = persian_file
    result = ingest_file(workspace, keys, "kurd", data, mapping_path=mapping)
    assert (result.rows_read, result.rows_accepted, result.rows_quarantined) == (4, 2, 2)
    reasons = {i.row_number: i.reason for i in result.issues}
    assert "month 13" in reasons[4] and "row 4 column 'تاریخ'" in reasons[4]
    assert "'شلاق' is not in the mapping's values for event_type" in reasons[5]
    assert result.unmapped_values == {"event_type=شلاق": 1}
    store = workspace.open_store()
    frame = read_record_frame(store, keys.cipher).set_index("source_record_id")
    store.dispose()
    k1, k2 = frame.loc["K-1"], frame.loc["K-2"]
    assert (k1.event_type, k1.province, k1.prison, k1.age) == (
        "execution",
        "IR-12",
        "sanandaj_central",
        34,
    )
    assert str(k1.event_date_start) == "2024-03-05" and k1.event_date_precision == "day"
    assert (str(k2.event_date_start), str(k2.event_date_end)) == ("2024-02-20", "2024-03-19")
    assert k1.surname_folded == "حسینی" and k1.surname_latin == "hosseini"  # Arabic ي folded
    assert k2.father_name is None and k2.prison == "qezel_hesar"
    assert verify_audit(workspace).ok


def test_the_same_file_twice_is_a_no_op(
    workspace: Workspace, keys: UnlockedKeys, persian_file: tuple[Path, Path]
) -> None:
    data, mapping = persian_file
    first = ingest_file(workspace, keys, "kurd", data, mapping_path=mapping)
    again = ingest_file(workspace, keys, "kurd", data)  # the mapping on record is reused
    assert again.already_ingested and again.submission_id == first.submission_id
    assert _count(workspace, Record) == 2 and _count(workspace, Submission) == 1


def test_dry_run_writes_nothing(
    workspace: Workspace, keys: UnlockedKeys, persian_file: tuple[Path, Path]
) -> None:
    data, mapping = persian_file
    audit_before = _count(workspace, AuditEntry)
    result = ingest_file(workspace, keys, "kurd", data, mapping_path=mapping, dry_run=True)
    assert result.dry_run and result.rows_accepted == 2 and result.submission_id is None
    assert _count(workspace, Record) == 0 and _count(workspace, Submission) == 0
    assert _count(workspace, AuditEntry) == audit_before
    assert not any(workspace.archive_dir.rglob("*.bin"))


def test_an_unreadable_file_leaves_only_its_archived_copy_and_an_audit_entry(
    workspace: Workspace, keys: UnlockedKeys, persian_file: tuple[Path, Path], tmp_path: Path
) -> None:
    _, mapping = persian_file
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK this is not a workbook")
    with pytest.raises(InputError, match="broken.xlsx: not a readable XLSX"):
        ingest_file(workspace, keys, "kurd", bad, mapping_path=mapping)
    assert _count(workspace, Submission) == 0 and _count(workspace, Record) == 0
    assert len(list(workspace.archive_dir.rglob("*.bin"))) == 1
    store = workspace.open_store()
    with store.transaction() as session:
        last = session.execute(select(AuditEntry).order_by(AuditEntry.seq.desc())).scalars().first()
    store.dispose()
    assert last is not None and last.action == "ingest.refused"


def test_unknown_source_and_bad_mapping_are_clear_errors(
    workspace: Workspace, keys: UnlockedKeys, persian_file: tuple[Path, Path], tmp_path: Path
) -> None:
    data, mapping = persian_file
    with pytest.raises(InputError, match="paymaan source add hrm"):
        ingest_file(workspace, keys, "hrm", data, mapping_path=mapping)
    broken = tmp_path / "bad.yaml"
    broken.write_text(PERSIAN_MAPPING.replace("event_type:", "event_kind:"), "utf-8")
    with pytest.raises(
        MappingError, match=r"bad.yaml: at fields: 'event_type' is a required property"
    ):
        load_mapping(broken)
    with pytest.raises(InputError, match="no mapping given"):
        ingest_file(workspace, keys, "kurd", data)


def test_names_are_encrypted_everywhere_in_the_workspace(
    workspace: Workspace, keys: UnlockedKeys, persian_file: tuple[Path, Path]
) -> None:
    data, mapping = persian_file
    ingest_file(workspace, keys, "kurd", data, mapping_path=mapping)
    blob = b"".join(p.read_bytes() for p in workspace.root.rglob("*") if p.is_file())
    for name in NAMES:  # Persian, Arabic-letter variant and romanized forms
        assert name.encode("utf-8") not in blob, name


def test_quarantined_rows_can_be_fixed_and_reingested(
    workspace: Workspace, keys: UnlockedKeys, persian_file: tuple[Path, Path], tmp_path: Path
) -> None:
    data, mapping = persian_file
    ingest_file(workspace, keys, "kurd", data, mapping_path=mapping)
    export = tmp_path / "fix.csv"
    assert export_quarantine(workspace, keys, export) == 2
    with export.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["تاریخ"] == "1402/13/45":
            row["تاریخ"] = "1402/12/25"  # the analyst corrects the date
    with export.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = reingest_quarantine(workspace, keys, export)
    assert (result.fixed, result.still_wrong) == (1, 1)
    assert _count(workspace, Record) == 3
    open_rows = list_quarantine(workspace)
    assert [e.row_number for e in open_rows] == [5]
    assert verify_audit(workspace).ok


def test_suggested_mapping_for_a_persian_file_is_valid_and_maps_headers(
    persian_file: tuple[Path, Path],
) -> None:
    import yaml

    data, _ = persian_file
    draft = yaml.safe_load(suggest_mapping(data))
    mapping = mapping_from_dict(draft)
    assert mapping.fields["father_name"].column == "نام پدر"
    assert mapping.fields["surname"].column == "نام خانوادگی"
    assert mapping.fields["event_type"].values["اعدام"] == "execution"
    assert draft["delimiter"] == ";" and draft["calendar"] == "jalali"


_CELL = st.one_of(st.none(), st.text(max_size=12), st.sampled_from(["اعدام", "1402/12/15", "abc"]))


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.tuples(_CELL, _CELL, _CELL, _CELL), min_size=1, max_size=15))
def test_conversion_never_loses_a_row(rows: list[tuple[str | None, ...]]) -> None:
    mapping = mapping_from_dict(
        {
            "version": 1,
            "calendar": "jalali",
            "fields": {
                "source_record_id": {"column": "id"},
                "full_name": {"column": "name"},
                "event_type": {"column": "type", "values": {"اعدام": "execution"}},
                "event_date": {"column": "date"},
            },
        }
    )
    converter = RowConverter(mapping, "f.csv")
    outcomes = [
        converter.convert(RawRow(i + 2, dict(zip(["id", "name", "type", "date"], r, strict=True))))
        for i, r in enumerate(rows)
    ]
    # Every row comes out exactly once, accepted or with a reason naming its row.
    assert [o.row_number for o in outcomes] == [i + 2 for i in range(len(rows))]
    for outcome in outcomes:
        if not isinstance(outcome, ConvertedRow):
            assert f"row {outcome.row_number}" in outcome.reason


@pytest.mark.parametrize("age", ["inf", "1e999", "-40", "200", "سی"])
def test_an_impossible_age_is_quarantined_not_a_crash(age: str) -> None:
    mapping = mapping_from_dict(
        {
            "version": 1,
            "fields": {
                "source_record_id": {"column": "id"},
                "event_type": {"value": "arrest"},
                "age": {"column": "age"},
            },
        }
    )
    outcome = RowConverter(mapping, "f.csv").convert(RawRow(2, {"id": "1", "age": age}))
    assert not isinstance(outcome, ConvertedRow)
    assert outcome.column == "age" and "row 2" in outcome.reason
