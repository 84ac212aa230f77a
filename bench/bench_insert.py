"""Bulk insert of records into the evidence store, SQLite and PostgreSQL.

paymaan's path (``paymaan.store.records.insert_records`` in one transaction) against the
driver baseline on the same rows: sqlite3 ``executemany`` and psycopg ``COPY``.
PostgreSQL runs when PAYMAAN_TEST_POSTGRES_URL names a server (``scripts/postgres.sh``).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from paymaan.crypto import FieldCipher
from paymaan.store import open_store
from paymaan.store.records import RECORD_COLUMNS, insert_records
from paymaan.store.schema import Source, Submission

EVENTS = ("execution", "arrest", "death_sentence", "release", "imprisonment_sentence")


def make_rows(
    n: int, cipher: FieldCipher, source_id: int, submission_id: int
) -> list[dict[str, Any]]:
    pii = cipher.encrypt_many_json(
        ({"first_name": f"given{i % 5000}", "surname": f"family{i % 20000}"} for i in range(n)),
        purpose="records.pii",
    )
    return [
        {
            "submission_id": submission_id,
            "source_id": source_id,
            "row_number": i + 1,
            "source_record_id": f"R{i}",
            "script": "fa",
            "event_type": EVENTS[i % 5],
            "sex": "male",
            "age": 20 + i % 50,
            "province": f"IR-{i % 31:02d}",
            "charge": "drug_related",
            "evidence": "own_documentation",
            "original": {"type": "x"},
            "pii": pii[i],
        }
        for i in range(n)
    ]


def _prepare(url: str) -> tuple[Any, int, int]:
    store = open_store(url, upgrade=True)
    with store.transaction() as session:
        source = Source(name="bench", alias="Bench")
        session.add(source)
        session.flush()
        sub = Submission(source_id=source.id, sha256="0" * 64, filename="b", received_by="b")
        session.add(sub)
        session.flush()
        return store, source.id, sub.id


def _paymaan(url: str, n: int, cipher: FieldCipher) -> float:
    store, source_id, sub_id = _prepare(url)
    rows = make_rows(n, cipher, source_id, sub_id)
    started = time.perf_counter()
    with store.transaction() as session:
        insert_records(session, rows)
    elapsed = time.perf_counter() - started
    store.dispose()
    return elapsed


def _full_row(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(
        json.dumps(row[c]) if c == "original" else row.get(c, False if c == "public" else None)
        for c in RECORD_COLUMNS
    )


def _sqlite_baseline(path: Path, n: int, cipher: FieldCipher) -> float:
    import sqlite3

    store, source_id, sub_id = _prepare(f"sqlite:///{path}")
    store.dispose()
    rows = [_full_row(r) for r in make_rows(n, cipher, source_id, sub_id)]
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    marks = ",".join("?" * len(RECORD_COLUMNS))
    started = time.perf_counter()
    with connection:
        connection.executemany(
            f"INSERT INTO records ({','.join(RECORD_COLUMNS)}) VALUES ({marks})", rows
        )
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def _pg_database(admin: str) -> tuple[str, Any]:
    name = f"bench_{uuid.uuid4().hex[:10]}"
    engine = create_engine(
        make_url(admin).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    return make_url(admin).set(database=name).render_as_string(hide_password=False), (engine, name)


def _pg_drop(handle: Any) -> None:
    engine, name = handle
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def _pg_baseline(url: str, n: int, cipher: FieldCipher) -> float:
    import psycopg

    store, source_id, sub_id = _prepare(url)
    store.dispose()
    rows = [_full_row(r) for r in make_rows(n, cipher, source_id, sub_id)]
    with psycopg.connect(url) as connection:
        started = time.perf_counter()
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY records ({','.join(RECORD_COLUMNS)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        connection.commit()
        return time.perf_counter() - started


def run(quick: bool = False) -> list[dict[str, Any]]:
    n = 20_000 if quick else 1_000_000
    cipher = FieldCipher(os.urandom(32))
    size = f"{n:,} records"
    started = time.perf_counter()
    make_rows(n, cipher, 1, 1)
    prep = time.perf_counter() - started
    results: list[dict[str, Any]] = [
        {"name": "encrypt identifying fields + build rows", "size": size, "seconds": prep}
    ]
    with tempfile.TemporaryDirectory() as tmp:
        ours = _paymaan(f"sqlite:///{Path(tmp) / 'a.db'}", n, cipher)
        base = _sqlite_baseline(Path(tmp) / "b.db", n, cipher)
    results.append(
        {
            "name": "insert_records, SQLite (WAL)",
            "size": size,
            "seconds": ours,
            "baseline": "sqlite3 executemany",
            "baseline_seconds": base,
        }
    )
    admin = os.environ.get("PAYMAAN_TEST_POSTGRES_URL")
    if admin:
        url, handle = _pg_database(admin)
        try:
            ours = _paymaan(url, n, cipher)
        finally:
            _pg_drop(handle)
        url, handle = _pg_database(admin)
        try:
            base = _pg_baseline(url, n, cipher)
        finally:
            _pg_drop(handle)
        results.append(
            {
                "name": "insert_records, PostgreSQL 15 (loopback)",
                "size": size,
                "seconds": ours,
                "baseline": "psycopg COPY",
                "baseline_seconds": base,
            }
        )
    else:
        results.append(
            {
                "name": "PostgreSQL",
                "size": size,
                "seconds": 0.0,
                "notes": "not run: PAYMAAN_TEST_POSTGRES_URL not set",
            }
        )
    return results
