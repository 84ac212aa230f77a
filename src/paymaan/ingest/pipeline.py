"""Ingest: one monitor's file in, records and quarantined rows out, nothing lost.

Order of work, so that a crash at any point loses nothing and half-writes nothing:

1. hash the file; a file already received from that source is a no-op that says so;
2. archive the bytes, encrypted, under their SHA-256 (before parsing);
3. read; a file that cannot be read is refused: only its archived copy and an audit
   entry remain;
4. in **one** transaction: the submission; then, chunk by chunk, every row converted
   (accepted, or quarantined with row, column and reason), its identifying part
   encrypted and the accepted rows stored; then the quarantined rows and the audit entry.
   The run that did it is recorded around all of this.

Both cores are used: with ``ingest.workers`` (paymaan.toml, default 2) helper processes
convert and encrypt the chunks while the main process, which alone holds the database
connection, stores the previous ones. Helpers are forked, so they share the read rows and
the unlocked key without either being copied through a pipe; what comes back is the
chunk's value tuples, issues and tallies, in order. Python's threads would not help here:
conversion is pure Python and holds the interpreter lock. The standard library's
``multiprocessing`` does the forking and the pipes; the little written here is the
ordering (chunk *i* from helper *i mod n*) and the hand-back of a helper's failure.
Where fork is not available (Windows), or a file has a single chunk, everything runs in
the main process, with the same result.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import traceback
import warnings
from collections import Counter
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from sqlalchemy import select

from paymaan.crypto import FieldCipher, UnlockedKeys, json_bytes
from paymaan.errors import InputError, WorkerError
from paymaan.ingest.convert import ConvertedRow, RowConverter, RowIssue
from paymaan.ingest.mapping import Mapping, load_mapping, mapping_from_dict
from paymaan.ingest.readers import RawRow, RawTable, ReadOptions, read_table
from paymaan.store import Store, audit
from paymaan.store.records import insert_quarantined, insert_record_values, record_values
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
_CHUNK = 20_000  # rows converted, encrypted and stored at a time; the progress step


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


@dataclass
class _Chunk:
    """What became of one chunk of rows: its rows for the store and its quarantined ones."""

    values: list[tuple[Any, ...]]  # accepted rows laid out for the store (none in a dry run)
    accepted: int
    issues: list[RowIssue]
    unmapped: Counter[tuple[str, str]]
    unknown_places: Counter[tuple[str, str]]


class _ChunkPreparer:
    """Converts, encrypts and lays out chunks of one table's rows, in whichever process.

    Without a cipher (a dry run) rows are converted and counted but not laid out.
    """

    def __init__(
        self,
        rows: Sequence[RawRow],
        mapping: Mapping,
        label: str,
        cipher: FieldCipher | None = None,
        submission_id: int = 0,
        source_id: int = 0,
        dialect: str = "sqlite",
    ) -> None:
        self.rows = rows
        self.converter = RowConverter(mapping, label)
        self.cipher = cipher
        self.submission_id, self.source_id, self.dialect = submission_id, source_id, dialect

    def __call__(self, start: int, stop: int) -> _Chunk:
        accepted: list[ConvertedRow] = []
        issues: list[RowIssue] = []
        for outcome in self.converter.convert_many(self.rows[start:stop]):
            if isinstance(outcome, ConvertedRow):
                accepted.append(outcome)
            else:
                issues.append(outcome)
        values: list[tuple[Any, ...]] = []
        if self.cipher is not None:
            pii = self.cipher.encrypt_many(
                [json_bytes(row.pii) for row in accepted], purpose=PII_PURPOSE
            )
            values = record_values(self._records(accepted, pii), dialect=self.dialect)
        tally = self.converter.take_tally()
        return _Chunk(values, len(accepted), issues, tally.unmapped, tally.unknown_places)

    def _records(self, accepted: list[ConvertedRow], pii: list[bytes]) -> Iterator[dict[str, Any]]:
        """Each record completed in place (it is not used after this; copies cost more)."""
        for row, token in zip(accepted, pii, strict=True):
            record = row.record
            record["submission_id"] = self.submission_id
            record["source_id"] = self.source_id
            record["row_number"] = row.row_number
            record["pii"] = token
            yield record


@dataclass(frozen=True)
class _Failure:
    """A helper's failure as it crosses the pipe: the exception's type and where, no values."""

    kind: str
    where: str


def _helper(pipe: Connection, prepare: _ChunkPreparer, ranges: list[tuple[int, int]]) -> None:
    """A helper process: prepare every chunk of *ranges* and send each back, in order.

    ``send`` blocks while the main process has not taken the previous chunk, so a helper
    is at most one chunk ahead and memory stays bounded.
    """
    try:
        for start, stop in ranges:
            pipe.send(prepare(start, stop))
    except BaseException as error:  # report it; the main process decides
        # The message may quote a row's values (identifying data): only the type and the
        # frames cross the pipe.
        frames = "".join(traceback.format_tb(error.__traceback__))
        pipe.send(_Failure(type(error).__name__, frames))
    finally:
        pipe.close()


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _prepared_chunks(
    prepare: _ChunkPreparer, total: int, workers: int
) -> Generator[_Chunk, None, None]:
    """Every chunk of rows ``0..total`` prepared, in order, by *workers* helper processes.

    With no helper, fork unavailable or a single chunk, the main process prepares them.
    Close the iterator (``contextlib.closing``) so that helpers are stopped on an error.
    """
    ranges = [(start, min(start + _CHUNK, total)) for start in range(0, total, _CHUNK)]
    workers = min(workers, len(ranges))
    if workers < 1 or len(ranges) < 2 or not _can_fork():
        for start, stop in ranges:
            yield prepare(start, stop)
        return
    context = multiprocessing.get_context("fork")
    pipes: list[Connection] = []
    helpers: list[Any] = []
    try:
        for index in range(workers):
            receive, send = context.Pipe(duplex=False)
            helper = context.Process(
                target=_helper,
                args=(send, prepare, ranges[index::workers]),
                name=f"paymaan-ingest-{index + 1}",
                daemon=True,
            )
            with warnings.catch_warnings():
                # Python 3.12+ warns about fork in a process with threads (Rich's progress
                # display has one). The helper runs only conversion and encryption, never
                # code of those threads or their locks; its result comes back by pipe.
                warnings.filterwarnings("ignore", "This process .* is multi-threaded")
                helper.start()
            send.close()
            pipes.append(receive)
            helpers.append(helper)
        for number in range(len(ranges)):
            try:
                item = pipes[number % workers].recv()
            except EOFError:
                helpers[number % workers].join(timeout=10)  # for its exit code
                raise WorkerError(
                    f"an ingest helper process stopped without finishing (exit code "
                    f"{helpers[number % workers].exitcode}); nothing was stored",
                    hint="Run the ingest again; if it happens again, set ingest.workers = 0 "
                    "in paymaan.toml and report the problem.",
                ) from None
            if isinstance(item, _Failure):
                raise WorkerError(
                    f"an ingest helper process failed ({item.kind}); nothing was stored\n"
                    f"{item.where}",
                    hint="This is a bug in paymaan; please report it with the lines above "
                    "(they hold no data). Setting ingest.workers = 0 in paymaan.toml runs "
                    "ingest in one process.",
                )
            yield item
    finally:
        for helper in helpers:
            if helper.is_alive():
                helper.terminate()
            helper.join()
        for pipe in pipes:
            pipe.close()


def _raw_rows(table: RawTable, wanted: set[int]) -> dict[int, dict[str, Any]]:
    """The raw values of the rows numbered in *wanted* (the quarantined ones)."""
    rows: dict[int, dict[str, Any]] = {
        r.row_number: dict(r.values) for r in table.rows if r.row_number in wanted
    }
    for problem in table.problems:
        rows[problem.row_number] = {"_raw_text": problem.raw_text}
    return rows


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
    workers: int | None = None,
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
        workers: helper processes that convert and encrypt while the main one stores
            (default: ``ingest.workers`` of paymaan.toml); 0 does all in this process.

    Returns:
        An :class:`IngestResult`.

    Raises:
        InputError: unknown source, unreadable file or mapping.
        WorkerError: a helper process stopped or failed (nothing was stored).
    """
    actor = actor or current_actor()
    path = Path(path)
    workers = workspace.config.ingest_workers if workers is None else workers
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
            del data
            result.rows_read = len(table.rows) + len(table.problems)
            if dry_run:
                prepare = _ChunkPreparer(table.rows, mapping, path.name)
                _tally(result, table, prepare, workers, progress)
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
                    result,
                    actor,
                    run.id,
                    workers,
                    progress,
                )
                run.message = (
                    f"{result.rows_accepted} accepted, {result.rows_quarantined} quarantined"
                )
            workspace.record_audit_head(store)
            return result
    finally:
        store.dispose()


def _tally(
    result: IngestResult,
    table: RawTable,
    prepare: _ChunkPreparer,
    workers: int,
    progress: Progress | None,
    store: Callable[[list[tuple[Any, ...]]], object] | None = None,
) -> None:
    """Prepare every chunk (storing each with *store*) and count the outcomes in *result*."""
    label = prepare.converter.file_label
    issues = [RowIssue(p.row_number, None, f"{label}: {p.reason}") for p in table.problems]
    unmapped: Counter[tuple[str, str]] = Counter()
    unknown: Counter[tuple[str, str]] = Counter()
    accepted = done = 0
    total = len(table.rows)
    with closing(_prepared_chunks(prepare, total, workers)) as chunks:
        for chunk in chunks:
            if store is not None:
                store(chunk.values)
            accepted += chunk.accepted
            issues += chunk.issues
            unmapped.update(chunk.unmapped)
            unknown.update(chunk.unknown_places)
            done += chunk.accepted + len(chunk.issues)
            if progress is not None:
                progress("rows" if store is None else "rows stored", min(done, total), total)
    result.rows_accepted, result.rows_quarantined = accepted, len(issues)
    result.issues = sorted(issues, key=lambda i: i.row_number)
    result.unmapped_values = {f"{f}={v}": n for (f, v), n in unmapped.items()}
    result.unknown_places = {f"{k}={v}": n for (k, v), n in unknown.items()}


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration of one ingest.

    An ingest holds a million read rows and allocates millions of dicts and tuples while
    converting, so each automatic collection walks every live one of them again: that
    cost about 40% of the conversion time at a million rows. Forked helpers inherit the
    pause. The rows hold no reference cycles; the few cycles
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
    result: IngestResult,
    actor: str,
    run_id: int,
    workers: int,
    progress: Progress | None,
) -> int:
    with store.transaction() as session:
        submission = Submission(
            source_id=source_id,
            sha256=digest,
            filename=path.name,
            received_by=actor,
            mapping=mapping.raw,
            mapping_sha256=mapping.sha256,
            rows_read=result.rows_read,
            rows_accepted=0,
            rows_quarantined=0,
            run_id=run_id,
        )
        session.add(submission)
        session.flush()
        prepare = _ChunkPreparer(
            table.rows, mapping, path.name, cipher, submission.id, source_id, store.dialect
        )
        _tally(
            result,
            table,
            prepare,
            workers,
            progress,
            store=lambda values: insert_record_values(session, values),
        )
        submission.rows_accepted = result.rows_accepted
        submission.rows_quarantined = result.rows_quarantined
        raw = _raw_rows(table, {issue.row_number for issue in result.issues})
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
