"""Set-based bulk paths for records.

Records arrive by the hundred thousand. They are inserted in batches with one
``executemany`` per batch (SQLAlchemy's insertmanyvalues on PostgreSQL, sqlite3's
executemany on SQLite) inside the caller's single transaction, so an interrupted insert
leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from paymaan.store.schema import QuarantinedRow, Record

__all__ = ["RECORD_COLUMNS", "insert_quarantined", "insert_records"]

_RECORDS = cast(Table, Record.__table__)
_QUARANTINE = cast(Table, QuarantinedRow.__table__)
RECORD_COLUMNS: tuple[str, ...] = tuple(c.name for c in _RECORDS.columns if c.name != "id")
_DEFAULTS: dict[str, Any] = {
    name: None for name in RECORD_COLUMNS if _RECORDS.columns[name].nullable
} | {"public": False}


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def insert_records(
    session: Session,
    rows: Iterable[dict[str, Any]],
    *,
    batch_size: int = 20_000,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Insert record rows (dicts keyed by column name) and return how many.

    Missing nullable columns default to NULL. The caller owns the transaction.

    Args:
        session: an open session inside a transaction.
        rows: dicts with at least submission_id, source_id, row_number,
            source_record_id, event_type, original and pii.
        batch_size: rows per executemany.
        on_batch: called with the number of rows of each batch written (progress).
    """
    connection = session.connection()
    statement = insert(_RECORDS)
    total = 0
    for batch in _batches(rows, batch_size):
        connection.execute(statement, [_DEFAULTS | row for row in batch])
        total += len(batch)
        if on_batch is not None:
            on_batch(len(batch))
    return total


def insert_quarantined(session: Session, rows: Iterable[dict[str, Any]]) -> int:
    """Insert quarantined rows (submission_id, row_number, column, reason, raw)."""
    connection = session.connection()
    total = 0
    for batch in _batches(rows, 5_000):
        connection.execute(insert(_QUARANTINE), [{"status": "open"} | r for r in batch])
        total += len(batch)
    return total
