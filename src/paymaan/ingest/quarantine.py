"""The quarantine: rows that could not be accepted, kept verbatim with their reasons.

Rows are listed and shown (decrypted for the verifier), exported to CSV for fixing, and a
fixed CSV is re-ingested: each row goes through its submission's mapping again; an
accepted row becomes a record with its original row number and the quarantine entry is
marked fixed; a row still wrong gets its new reason.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from paymaan.crypto import UnlockedKeys
from paymaan.errors import InputError
from paymaan.ingest.convert import ConvertedRow, RowConverter
from paymaan.ingest.mapping import mapping_from_dict
from paymaan.ingest.pipeline import PII_PURPOSE, QUARANTINE_PURPOSE
from paymaan.ingest.readers import RawRow
from paymaan.store import audit
from paymaan.store.records import insert_records
from paymaan.store.schema import QuarantinedRow, Record, Source, Submission
from paymaan.workspace import Workspace, current_actor

__all__ = [
    "QuarantineEntry",
    "ReingestResult",
    "export_quarantine",
    "list_quarantine",
    "reingest_quarantine",
]

ID_COLUMN = "paymaan_quarantine_id"
REASON_COLUMN = "paymaan_reason"


@dataclass(frozen=True)
class QuarantineEntry:
    """One quarantined row (``raw`` only when decrypted on request)."""

    id: int
    source: str
    submission_id: int
    filename: str
    row_number: int
    column: str | None
    reason: str
    status: str
    raw: dict[str, Any] | None = None


def list_quarantine(
    workspace: Workspace,
    *,
    keys: UnlockedKeys | None = None,
    submission_id: int | None = None,
    status: str | None = "open",
    entry_id: int | None = None,
) -> list[QuarantineEntry]:
    """Quarantined rows, oldest first; with *keys* their raw values are decrypted."""
    store = workspace.open_store()
    try:
        with store.transaction() as session:
            query = (
                select(QuarantinedRow, Submission.filename, Source.name)
                .join(Submission, QuarantinedRow.submission_id == Submission.id)
                .join(Source, Submission.source_id == Source.id)
                .order_by(QuarantinedRow.id)
            )
            if submission_id is not None:
                query = query.where(QuarantinedRow.submission_id == submission_id)
            if status is not None:
                query = query.where(QuarantinedRow.status == status)
            if entry_id is not None:
                query = query.where(QuarantinedRow.id == entry_id)
            return [
                QuarantineEntry(
                    id=row.id,
                    source=source,
                    submission_id=row.submission_id,
                    filename=filename,
                    row_number=row.row_number,
                    column=row.column,
                    reason=row.reason,
                    status=row.status,
                    raw=None
                    if keys is None
                    else keys.cipher.decrypt_json(row.raw, purpose=QUARANTINE_PURPOSE),
                )
                for row, filename, source in session.execute(query).all()
            ]
    finally:
        store.dispose()


def export_quarantine(
    workspace: Workspace, keys: UnlockedKeys, out: Path, *, submission_id: int | None = None
) -> int:
    """Write open quarantined rows as CSV (UTF-8 with BOM, for Excel); returns the count.

    The file holds the rows in clear, names included: keep it as safe as the workspace and
    delete it after re-ingesting.
    """
    entries = list_quarantine(workspace, keys=keys, submission_id=submission_id)
    columns: dict[str, None] = {}
    for entry in entries:
        columns.update(dict.fromkeys(entry.raw or {}))
    header = [ID_COLUMN, REASON_COLUMN, *columns]
    with Path(out).open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for entry in entries:
            raw = entry.raw or {}
            writer.writerow([entry.id, entry.reason, *[raw.get(c) or "" for c in columns]])
    return len(entries)


@dataclass
class ReingestResult:
    """What re-ingesting a fixed export did."""

    fixed: int = 0
    still_wrong: int = 0
    reasons: list[str] = field(default_factory=list)


def reingest_quarantine(
    workspace: Workspace, keys: UnlockedKeys, fixed_csv: Path, *, actor: str | None = None
) -> ReingestResult:
    """Re-ingest rows from a fixed export (see :func:`export_quarantine`).

    Raises:
        InputError: the file is not an export (no id column) or names unknown rows.
    """
    rows = _read_export(Path(fixed_csv))
    store = workspace.open_store()
    result = ReingestResult()
    try:
        with store.transaction() as session:
            for entry_id, values in rows:
                entry = session.get(QuarantinedRow, entry_id)
                if entry is None or entry.status != "open":
                    raise InputError(
                        f"{fixed_csv}: {ID_COLUMN} {entry_id} is not an open quarantined row",
                        hint="Export again with `paymaan quarantine export` and fix that file.",
                    )
                submission = session.get(Submission, entry.submission_id)
                assert submission is not None and submission.mapping is not None
                mapping = mapping_from_dict(submission.mapping, f"submission {submission.id}")
                converter = RowConverter(mapping, f"{fixed_csv.name} ({submission.filename})")
                outcome = converter.convert(RawRow(entry.row_number, values))
                if isinstance(outcome, ConvertedRow):
                    insert_records(
                        session,
                        [
                            {
                                **outcome.record,
                                "submission_id": submission.id,
                                "source_id": submission.source_id,
                                "row_number": entry.row_number,
                                "pii": keys.cipher.encrypt_json(outcome.pii, purpose=PII_PURPOSE),
                            }
                        ],
                    )
                    session.flush()
                    entry.status = "fixed"
                    entry.fixed_record_id = session.execute(
                        select(Record.id).where(
                            Record.submission_id == submission.id,
                            Record.row_number == entry.row_number,
                        )
                    ).scalar_one()
                    submission.rows_accepted += 1
                    submission.rows_quarantined -= 1
                    result.fixed += 1
                else:
                    entry.reason = outcome.reason
                    entry.column = outcome.column
                    result.still_wrong += 1
                    result.reasons.append(outcome.reason)
            audit.append(
                session,
                actor=actor or current_actor(),
                action="quarantine.reingest",
                object=f"file:{fixed_csv.name}",
                details={"fixed": result.fixed, "still_wrong": result.still_wrong},
            )
        workspace.record_audit_head(store)
        return result
    finally:
        store.dispose()


def _read_export(path: Path) -> list[tuple[int, dict[str, str | None]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None or ID_COLUMN not in reader.fieldnames:
                raise InputError(
                    f"{path}: no {ID_COLUMN} column: this is not a quarantine export",
                    hint="Create one with `paymaan quarantine export OUT.csv`.",
                )
            out = []
            for line, row in enumerate(reader, start=2):
                try:
                    entry_id = int(row.pop(ID_COLUMN) or "")
                except ValueError:
                    raise InputError(
                        f"{path} row {line} column {ID_COLUMN}: not a quarantine id",
                        hint="Do not edit the id column.",
                    ) from None
                row.pop(REASON_COLUMN, None)
                out.append(
                    (entry_id, {k: (v.strip() or None) if v else None for k, v in row.items()})
                )
            return out
    except FileNotFoundError as error:
        raise InputError(f"{path} does not exist") from error
