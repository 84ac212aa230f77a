"""Set-based bulk paths for records.

Records arrive by the hundred thousand. They are written in batches inside the caller's
single transaction, so an interrupted insert leaves nothing behind: on PostgreSQL with
``COPY ... FROM STDIN`` (psycopg), on SQLite with one driver-level ``executemany`` per
batch. Both bypass SQLAlchemy's per-row type processing, which costs more than the
database itself at this volume (see bench/results.md); values are prepared here instead
(JSON columns serialised, booleans as 0/1 for SQLite).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from operator import itemgetter
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
_VALUES = itemgetter(*RECORD_COLUMNS)
# json.dumps(value, ensure_ascii=False) without building an encoder for every row.
_ORIGINAL_JSON = json.JSONEncoder(ensure_ascii=False).encode


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
    dialect = connection.dialect.name
    total = 0
    for batch in _batches(rows, batch_size):
        if dialect == "postgresql":
            _copy_postgresql(connection, batch)
        elif dialect == "sqlite":
            _executemany_sqlite(connection, batch)
        else:
            connection.execute(insert(_RECORDS), [_DEFAULTS | row for row in batch])
        total += len(batch)
        if on_batch is not None:
            on_batch(len(batch))
    return total


def _tuples(batch: list[dict[str, Any]], *, sqlite: bool) -> Iterator[tuple[Any, ...]]:
    for row in batch:
        full = _DEFAULTS | row
        full["original"] = _ORIGINAL_JSON(full["original"])
        if sqlite:
            full["public"] = int(bool(full["public"]))
        yield _VALUES(full)


def _executemany_sqlite(connection: Any, batch: list[dict[str, Any]]) -> None:
    marks = ",".join("?" * len(RECORD_COLUMNS))
    connection.exec_driver_sql(
        f"INSERT INTO records ({','.join(RECORD_COLUMNS)}) VALUES ({marks})",
        list(_tuples(batch, sqlite=True)),
    )


def _copy_postgresql(connection: Any, batch: list[dict[str, Any]]) -> None:
    raw = connection.connection.dbapi_connection
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY records ({','.join(RECORD_COLUMNS)}) FROM STDIN") as copy,
    ):
        for values in _tuples(batch, sqlite=False):
            copy.write_row(values)


def insert_quarantined(session: Session, rows: Iterable[dict[str, Any]]) -> int:
    """Insert quarantined rows (submission_id, row_number, column, reason, raw)."""
    connection = session.connection()
    total = 0
    for batch in _batches(rows, 5_000):
        connection.execute(insert(_QUARANTINE), [{"status": "open"} | r for r in batch])
        total += len(batch)
    return total
