"""The audit log: an append-only list of entries chained by SHA-256.

Each entry's hash covers its sequence number, time, actor, action, object, details and
the previous entry's hash, so that editing, removing or reordering any entry breaks the
chain at that entry. Removing entries from the *end* leaves a valid shorter chain, so the
newest (sequence, hash) is also kept outside the database, in the workspace file
``audit.head``, and every signed report carries it: a log shorter than its recorded head
is reported as truncated.

Appending happens inside the caller's transaction, so an entry exists exactly when the
change it records was committed. On PostgreSQL a transaction-scoped advisory lock makes
concurrent appenders take turns; SQLite serialises writers itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from paymaan.store.schema import AuditEntry

__all__ = [
    "GENESIS_HASH",
    "AuditHead",
    "AuditProblem",
    "AuditReport",
    "append",
    "entry_hash",
    "read_head",
    "verify_chain",
    "write_head",
]

GENESIS_HASH = "0" * 64
_ADVISORY_LOCK_KEY = 0x70617961  # "paya"


def canonical_json(value: Any) -> str:
    """Sorted-key compact JSON: the form that is hashed."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(
    *, seq: int, at: str, actor: str, action: str, object: str, details: str, prev_hash: str
) -> str:
    """SHA-256 (hex) of an entry's fields and its predecessor's hash."""
    payload = canonical_json([seq, at, actor, action, object, details, prev_hash])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    object: str,
    details: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> AuditEntry:
    """Append an entry in *session*'s transaction and return it.

    Args:
        session: an open session; the entry commits or rolls back with the change it records.
        actor: who did it (a user name).
        action: what was done, e.g. ``ingest``, ``link.decision``, ``report``.
        object: what it was done to, e.g. ``submission:12``.
        details: JSON-serialisable details; never identifying data.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY})
    last = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    seq = 1 if last is None else last.seq + 1
    prev = GENESIS_HASH if last is None else last.hash
    when = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="microseconds")
    fields: dict[str, Any] = {
        "seq": seq,
        "at": when,
        "actor": actor,
        "action": action,
        "object": object,
        "details": canonical_json(details or {}),
        "prev_hash": prev,
    }
    entry = AuditEntry(**fields, hash=entry_hash(**fields))
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class AuditHead:
    """The newest entry's sequence number and hash."""

    seq: int
    hash: str


@dataclass(frozen=True)
class AuditProblem:
    """The first place where the chain does not verify."""

    seq: int
    kind: str  # edited | removed | reordered | truncated
    detail: str


@dataclass(frozen=True)
class AuditReport:
    """The result of walking the chain."""

    entries: int
    head: AuditHead | None
    problem: AuditProblem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify_chain(session: Session, recorded_head: AuditHead | None = None) -> AuditReport:
    """Walk the log in storage order and name the first entry that does not verify.

    Entries are read in insertion order (primary key) and checked for: consecutive
    sequence numbers (a gap means removal, a step back means reordering), the link to the
    previous hash, and the entry's own hash (an edit). *recorded_head*, if given, must be
    in the chain (else the log was truncated).
    """
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars()
    return _verify_rows(rows, recorded_head)


def _verify_rows(rows: Iterable[AuditEntry], recorded_head: AuditHead | None) -> AuditReport:
    expected_seq, prev_hash, count = 1, GENESIS_HASH, 0
    hashes: dict[int, str] = {}
    for row in rows:
        count += 1
        problem = _check_entry(row, expected_seq, prev_hash)
        if problem is not None:
            return AuditReport(count, None, problem)
        hashes[row.seq] = row.hash
        expected_seq, prev_hash = row.seq + 1, row.hash
    head = AuditHead(expected_seq - 1, prev_hash) if count else None
    if recorded_head is not None and hashes.get(recorded_head.seq) != recorded_head.hash:
        last = head.seq if head else 0
        return AuditReport(
            count,
            head,
            AuditProblem(
                recorded_head.seq,
                "truncated",
                f"the workspace recorded entry {recorded_head.seq} as the newest, but the log "
                f"ends at entry {last} or that entry differs: entries were removed from the end",
            ),
        )
    return AuditReport(count, head, None)


def _check_entry(row: AuditEntry, expected_seq: int, prev_hash: str) -> AuditProblem | None:
    if row.seq < expected_seq:
        return AuditProblem(
            row.seq, "reordered", f"entry {row.seq} appears after entry {expected_seq - 1}"
        )
    if row.seq > expected_seq:
        return AuditProblem(
            expected_seq,
            "removed",
            f"entry {expected_seq} is missing (the next entry found is {row.seq})",
        )
    if row.prev_hash != prev_hash:
        return AuditProblem(
            row.seq,
            "removed" if row.seq > 1 else "edited",
            f"entry {row.seq} does not follow its predecessor: an entry before it was "
            "removed, replaced or edited",
        )
    recomputed = entry_hash(
        seq=row.seq,
        at=row.at,
        actor=row.actor,
        action=row.action,
        object=row.object,
        details=row.details,
        prev_hash=row.prev_hash,
    )
    if recomputed != row.hash:
        return AuditProblem(row.seq, "edited", f"entry {row.seq} was edited after it was written")
    return None


def read_head(path: Path) -> AuditHead | None:
    """The head recorded in the workspace file, or None if there is none yet."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    return AuditHead(int(data["seq"]), str(data["hash"]))


def write_head(path: Path, head: AuditHead) -> None:
    """Record *head* unless the file already records a later entry."""
    current = read_head(path)
    if current is not None and current.seq >= head.seq:
        return
    tmp = path.with_suffix(".tmp")
    tmp.write_text(canonical_json({"seq": head.seq, "hash": head.hash}) + "\n", "utf-8")
    tmp.replace(path)
