"""Set-based bulk paths for records.

Records arrive by the hundred thousand. They are written in batches inside the caller's
single transaction, so an interrupted insert leaves nothing behind: on PostgreSQL with
``COPY ... FROM STDIN`` (psycopg), on SQLite with one driver-level ``executemany`` per
batch. Both bypass SQLAlchemy's per-row type processing, which costs more than the
database itself at this volume (see bench/results.md); values are prepared here instead
(JSON columns serialised, booleans as 0/1 and dates as ISO text for SQLite) by
:func:`record_values`, which needs no connection, so callers can prepare rows elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from paymaan.crypto import json_bytes
from paymaan.store.schema import QuarantinedRow, Record

__all__ = [
    "RECORD_COLUMNS",
    "insert_quarantined",
    "insert_record_values",
    "insert_records",
    "record_values",
]

_RECORDS = cast(Table, Record.__table__)
_QUARANTINE = cast(Table, QuarantinedRow.__table__)
RECORD_COLUMNS: tuple[str, ...] = tuple(c.name for c in _RECORDS.columns if c.name != "id")
_DEFAULTS: dict[str, Any] = {
    name: None for name in RECORD_COLUMNS if _RECORDS.columns[name].nullable
} | {"public": False}
_VALUES = itemgetter(*RECORD_COLUMNS)
_DATES = tuple(name for name in RECORD_COLUMNS if name.endswith(("_start", "_end")))
_BULK_DIALECTS = ("sqlite", "postgresql")


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
    dialect = session.connection().dialect.name
    total = 0
    for batch in _batches(rows, batch_size):
        total += insert_record_values(session, record_values(batch, dialect=dialect))
        if on_batch is not None:
            on_batch(len(batch))
    return total


def record_values(rows: Iterable[dict[str, Any]], *, dialect: str) -> list[tuple[Any, ...]]:
    """Record rows as value tuples in :data:`RECORD_COLUMNS` order, ready for the database.

    Missing nullable columns become NULL and ``original`` its JSON text; for SQLite,
    booleans become 0/1 and dates ISO text (what SQLAlchemy's SQLite types store). This is
    the pure part of an insert: ingest runs it in its helper processes, away from the
    database connection.

    Args:
        rows: record dicts as for :func:`insert_records`.
        dialect: ``"sqlite"`` or ``"postgresql"``; another dialect gets plain values, for
            SQLAlchemy to convert.
    """
    out: list[tuple[Any, ...]] = []
    append = out.append
    bulk = dialect in _BULK_DIALECTS
    sqlite = dialect == "sqlite"
    for row in rows:
        full = _DEFAULTS | row
        if bulk:
            full["original"] = json_bytes(full["original"]).decode("utf-8")
        if sqlite:
            full["public"] = int(bool(full["public"]))
            for name in _DATES:
                if full[name] is not None:
                    full[name] = full[name].isoformat()
        append(_VALUES(full))
    return out


def insert_record_values(session: Session, values: list[tuple[Any, ...]]) -> int:
    """Insert rows prepared by :func:`record_values` for this session's dialect."""
    connection = session.connection()
    dialect = connection.dialect.name
    if dialect == "postgresql":
        raw: Any = connection.connection.dbapi_connection
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY records ({','.join(RECORD_COLUMNS)}) FROM STDIN") as copy,
        ):
            for row in values:
                copy.write_row(row)
    elif dialect == "sqlite":
        marks = ",".join("?" * len(RECORD_COLUMNS))
        connection.exec_driver_sql(
            f"INSERT INTO records ({','.join(RECORD_COLUMNS)}) VALUES ({marks})", values
        )
    elif values:
        connection.execute(
            insert(_RECORDS), [dict(zip(RECORD_COLUMNS, v, strict=True)) for v in values]
        )
    return len(values)


def insert_quarantined(session: Session, rows: Iterable[dict[str, Any]]) -> int:
    """Insert quarantined rows (submission_id, row_number, column, reason, raw)."""
    connection = session.connection()
    total = 0
    for batch in _batches(rows, 5_000):
        connection.execute(insert(_QUARANTINE), [{"status": "open"} | r for r in batch])
        total += len(batch)
    return total
