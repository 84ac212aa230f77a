"""Ingest: one monitor's file in, records and quarantined rows out, nothing lost.

Order of work, so that a crash at any point loses nothing and half-writes nothing:

1. hash the file; a file already received from that source is a no-op that says so;
2. archive the bytes, encrypted, under their SHA-256 (before parsing);
3. read; a file that cannot be read is refused: only its archived copy and an audit
   entry remain;
4. convert every row (accepted, or quarantined with row, column and reason);
5. in **one** transaction: the submission, its records, its quarantined rows, the audit
   entry. The run that did it is recorded around all of this.
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from paymaan.crypto import FieldCipher, UnlockedKeys
from paymaan.errors import InputError
from paymaan.ingest.convert import ConvertedRow, RowConverter, RowIssue
from paymaan.ingest.mapping import Mapping, load_mapping, mapping_from_dict
from paymaan.ingest.readers import RawTable, ReadOptions, read_table
from paymaan.store import Store, audit
from paymaan.store.records import insert_quarantined, insert_records
from paymaan.store.runs import recorded_run
from paymaan.store.schema import Source, Submission
from paymaan.workspace import Workspace, current_actor

__all__ = [
    "IngestResult",
    "PII_PURPOSE",
    "QUARANTINE_PURPOSE",
    "add_source",
    "ingest_file",
]

PII_PURPOSE = "records.pii"
QUARANTINE_PURPOSE = "quarantine.raw"
Progress = Callable[[str, int, int], None]
_CHUNK = 20_000  # rows converted per call, and the step of the progress report
# The JSON that FieldCipher.encrypt_json writes (compact, sorted keys, UTF-8 text).
_PII_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode


@dataclass
class IngestResult:
    """What an ingest did (or, with dry_run, would do)."""

    path: str
    sha256: str
    source: str
    submission_id: int | None = None
    already_ingested: bool = False
    dry_run: bool = False
    rows_read: int = 0
    rows_accepted: int = 0
    rows_quarantined: int = 0
    issues: list[RowIssue] = field(default_factory=list)
    unmapped_values: dict[str, int] = field(default_factory=dict)
    unknown_places: dict[str, int] = field(default_factory=dict)


def add_source(
    workspace: Workspace,
    name: str,
    *,
    alias: str | None = None,
    anonymous: bool = False,
    description: str | None = None,
    actor: str | None = None,
) -> int:
    """Register a monitor; returns its id.

    Raises:
        InputError: a source with that name or alias exists.
    """
    store = workspace.open_store()
    try:
        with store.transaction() as session:
            clash = session.execute(
                select(Source).where((Source.name == name) | (Source.alias == (alias or name)))
            ).scalar()
            if clash is not None:
                raise InputError(
                    f"a source named {clash.name!r} (alias {clash.alias!r}) exists already",
                    hint="Choose another name or alias; `paymaan source list` shows them.",
                )
            source = Source(
                name=name, alias=alias or name, anonymous=anonymous, description=description
            )
            session.add(source)
            session.flush()
            audit.append(
                session,
                actor=actor or current_actor(),
                action="source.add",
                object=f"source:{source.id}",
                details={"name": name, "alias": source.alias, "anonymous": anonymous},
            )
            source_id = source.id
        workspace.record_audit_head(store)
        return source_id
    finally:
        store.dispose()


def _source(store: Store, name: str) -> tuple[int, str]:
    with store.transaction() as session:
        source = session.execute(select(Source).where(Source.name == name)).scalar()
        if source is None:
            raise InputError(
                f"no source named {name!r} in this workspace",
                hint=f"Register it first: paymaan source add {name}",
            )
        return source.id, source.name


def _mapping_for(store: Store, source_id: int, mapping_path: Path | None) -> Mapping:
    if mapping_path is not None:
        return load_mapping(mapping_path)
    with store.transaction() as session:
        last = session.execute(
            select(Submission.mapping)
            .where(Submission.source_id == source_id, Submission.mapping.is_not(None))
            .order_by(Submission.id.desc())
            .limit(1)
        ).scalar()
    if last is None:
        raise InputError(
            "no mapping given and this source has none on record",
            hint="Pass --mapping MAPPING.yaml (draft one with `paymaan mapping suggest FILE`).",
        )
    return mapping_from_dict(last, "the source's last mapping")


def _convert_all(
    table: RawTable, mapping: Mapping, label: str, progress: Progress | None
) -> tuple[list[ConvertedRow], list[RowIssue], RowConverter]:
    converter = RowConverter(mapping, label)
    accepted: list[ConvertedRow] = []
    issues = [RowIssue(p.row_number, None, f"{label}: {p.reason}") for p in table.problems]
    total = len(table.rows)
    for start in range(0, total, _CHUNK):
        for outcome in converter.convert_many(table.rows[start : start + _CHUNK]):
            if isinstance(outcome, ConvertedRow):
                accepted.append(outcome)
            else:
                issues.append(outcome)
        if progress is not None:
            progress("normalize", min(start + _CHUNK, total), total)
    return accepted, issues, converter


def _raw_rows(table: RawTable, wanted: set[int]) -> dict[int, dict[str, Any]]:
    """The raw values of the rows numbered in *wanted* (the quarantined ones)."""
    rows: dict[int, dict[str, Any]] = {
        r.row_number: dict(r.values) for r in table.rows if r.row_number in wanted
    }
    for problem in table.problems:
        rows[problem.row_number] = {"_raw_text": problem.raw_text}
    return rows


def _pii_texts(accepted: list[ConvertedRow]) -> Iterator[bytes]:
    """Each row's identifying part as the JSON ``encrypt_json`` would write, UTF-8.

    The normalized name keys are one shared dict per distinct name (converter caches),
    so their JSON is written once per distinct name and spliced in; sorted keys make
    ``{"keys":…,"original":…}`` exactly what json.dumps gives for the whole part.
    """
    written: dict[int, tuple[Any, str]] = {}  # id(keys) -> (keys, JSON); holding keys pins the id
    for row in accepted:
        pii = row.pii
        keys = pii.get("keys")
        if len(pii) != 2 or "original" not in pii or not isinstance(keys, dict):
            yield _PII_JSON(pii).encode("utf-8")
            continue
        found = written.get(id(keys))
        if found is None:
            found = written[id(keys)] = (keys, _PII_JSON(keys))
        yield f'{{"keys":{found[1]},"original":{_PII_JSON(pii["original"])}}}'.encode()


def ingest_file(
    workspace: Workspace,
    keys: UnlockedKeys,
    source_name: str,
    path: Path,
    *,
    mapping_path: Path | None = None,
    dry_run: bool = False,
    actor: str | None = None,
    progress: Progress | None = None,
) -> IngestResult:
    """Ingest one file from one source.

    Args:
        workspace: the open workspace.
        keys: unlocked keys (identifying fields and the archive are encrypted).
        source_name: a registered source.
        path: the monitor's file (CSV, XLSX, JSON or JSON lines).
        mapping_path: the mapping; default: the one used last for this source.
        dry_run: read and convert, report, write nothing (not even the archive).
        actor: who ingests (default: :func:`paymaan.workspace.current_actor`).
        progress: called as ``progress(step, done, total)``.

    Returns:
        An :class:`IngestResult`.

    Raises:
        InputError: unknown source, unreadable file or mapping.
    """
    actor = actor or current_actor()
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from error
    digest = hashlib.sha256(data).hexdigest()
    store = workspace.open_store()
    try:
        with _gc_paused():
            source_id, source = _source(store, source_name)
            result = IngestResult(str(path), digest, source, dry_run=dry_run)
            with store.transaction() as session:
                existing = session.execute(
                    select(Submission.id).where(
                        Submission.source_id == source_id, Submission.sha256 == digest
                    )
                ).scalar()
            if existing is not None:
                result.submission_id, result.already_ingested = existing, True
                return result
            mapping = _mapping_for(store, source_id, mapping_path)
            if not dry_run:
                workspace.archive_file(data, keys.cipher)
            table = _read_or_refuse(
                workspace, store, data, path, mapping, digest, source, actor, dry_run
            )
            accepted, issues, converter = _convert_all(table, mapping, path.name, progress)
            result.rows_read = len(table.rows) + len(table.problems)
            result.rows_accepted, result.rows_quarantined = len(accepted), len(issues)
            result.issues = sorted(issues, key=lambda i: i.row_number)
            result.unmapped_values = {
                f"{f}={v}": n for (f, v), n in converter.tally.unmapped.items()
            }
            result.unknown_places = {
                f"{k}={v}": n for (k, v), n in converter.tally.unknown_places.items()
            }
            if dry_run:
                return result
            inputs = {"file": digest, "mapping": mapping.sha256}
            with recorded_run(
                store, "ingest", actor=actor, inputs=inputs, config={"source": source}
            ) as run:
                result.submission_id = _write(
                    store,
                    keys.cipher,
                    source_id,
                    path,
                    digest,
                    mapping,
                    table,
                    accepted,
                    result,
                    actor,
                    run.id,
                    progress,
                )
                run.message = (
                    f"{result.rows_accepted} accepted, {result.rows_quarantined} quarantined"
                )
            workspace.record_audit_head(store)
            return result
    finally:
        store.dispose()


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration of one ingest.

    An ingest allocates millions of dicts and tuples that all live until the write, so
    each automatic collection walks every one of them again: that cost about 40% of the
    conversion time at a million rows. The rows hold no reference cycles; the few cycles
    made meanwhile (database sessions) are collected once collection resumes afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_or_refuse(
    workspace: Workspace,
    store: Store,
    data: bytes,
    path: Path,
    mapping: Mapping,
    digest: str,
    source: str,
    actor: str,
    dry_run: bool,
) -> RawTable:
    options = ReadOptions(mapping.encoding, mapping.delimiter, mapping.sheet)
    try:
        table = read_table(data, path, mapping.format, options)
        missing = [c for c in mapping.columns() if c not in table.columns]
        if missing and table.rows:
            raise InputError(
                f"{path}: the mapping names columns the file does not have: "
                f"{', '.join(missing)} (the file has: {', '.join(table.columns)})",
                hint="Fix the column names in the mapping.",
            )
    except InputError as error:
        if not dry_run:  # the refusal is audited; the archived copy stays
            workspace.audit(
                store,
                actor=actor,
                action="ingest.refused",
                object=f"file:{digest}",
                details={"source": source, "file": path.name, "reason": error.message},
            )
        raise
    return table


def _write(
    store: Store,
    cipher: FieldCipher,
    source_id: int,
    path: Path,
    digest: str,
    mapping: Mapping,
    table: RawTable,
    accepted: list[ConvertedRow],
    result: IngestResult,
    actor: str,
    run_id: int,
    progress: Progress | None,
) -> int:
    # Each text is what encrypt_json would encrypt; see _pii_texts.
    pii = [cipher.encrypt(text, purpose=PII_PURPOSE) for text in _pii_texts(accepted)]
    raw = _raw_rows(table, {issue.row_number for issue in result.issues})
    with store.transaction() as session:
        submission = Submission(
            source_id=source_id,
            sha256=digest,
            filename=path.name,
            received_by=actor,
            mapping=mapping.raw,
            mapping_sha256=mapping.sha256,
            rows_read=result.rows_read,
            rows_accepted=result.rows_accepted,
            rows_quarantined=result.rows_quarantined,
            run_id=run_id,
        )
        session.add(submission)
        session.flush()
        written = [0]

        def tick(n: int) -> None:
            written[0] += n
            if progress is not None:
                progress("store", written[0], len(accepted))

        insert_records(
            session,
            _record_rows(accepted, pii, submission.id, source_id),
            on_batch=tick,
        )
        insert_quarantined(
            session,
            (
                {
                    "submission_id": submission.id,
                    "row_number": issue.row_number,
                    "column": issue.column,
                    "reason": issue.reason,
                    "raw": cipher.encrypt_json(
                        raw.get(issue.row_number, {}), purpose=QUARANTINE_PURPOSE
                    ),
                }
                for issue in result.issues
            ),
        )
        audit.append(
            session,
            actor=actor,
            action="ingest",
            object=f"submission:{submission.id}",
            details={
                "source": result.source,
                "file": path.name,
                "sha256": digest,
                "mapping_sha256": mapping.sha256,
                "rows_read": result.rows_read,
                "rows_accepted": result.rows_accepted,
                "rows_quarantined": result.rows_quarantined,
            },
        )
        return submission.id


def _record_rows(
    accepted: list[ConvertedRow], pii: list[bytes], submission_id: int, source_id: int
) -> Iterator[dict[str, Any]]:
    """The rows to store: each record with its submission, row number and encrypted part.

    The converted records are completed in place (they are not used after this) rather
    than copied: a million dict copies cost more than the database writes them.
    """
    for row, token in zip(accepted, pii, strict=True):
        record = row.record
        record["submission_id"] = submission_id
        record["source_id"] = source_id
        record["row_number"] = row.row_number
        record["pii"] = token
        yield record
