"""Bulk record inserts: set-based, transactional, and safe to interrupt."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from paymaan.crypto import FieldCipher
from paymaan.store import Store, open_store
from paymaan.store.records import insert_records
from paymaan.store.schema import Record, Source, Submission

CIPHER = FieldCipher(bytes(32))


def _submission(store: Store) -> tuple[int, int]:
    with store.transaction() as session:
        source = Source(name="monitor-a", alias="Monitor A")
        session.add(source)
        session.flush()
        submission = Submission(
            source_id=source.id, sha256="ab" * 32, filename="a.csv", received_by="ana"
        )
        session.add(submission)
        session.flush()
        return source.id, submission.id


def make_rows(source_id: int, submission_id: int, n: int) -> list[dict[str, Any]]:
    pii = CIPHER.encrypt_many_json(
        ({"first_name": f"name{i}"} for i in range(n)), purpose="records.pii"
    )
    return [
        {
            "submission_id": submission_id,
            "source_id": source_id,
            "row_number": i + 1,
            "source_record_id": f"A-{i}",
            "event_type": "execution",
            "province": "IR-12",
            "original": {"type": "اعدام"},
            "pii": pii[i],
        }
        for i in range(n)
    ]


def test_bulk_insert_writes_every_row_once(db_url: str) -> None:
    store = open_store(db_url, upgrade=True)
    source_id, submission_id = _submission(store)
    batches: list[int] = []
    with store.transaction() as session:
        written = insert_records(
            session,
            make_rows(source_id, submission_id, 2_500),
            batch_size=1_000,
            on_batch=batches.append,
        )
    assert written == 2_500 and batches == [1_000, 1_000, 500]
    with store.transaction() as session:
        assert session.execute(select(func.count()).select_from(Record)).scalar_one() == 2_500
        row = session.execute(select(Record).where(Record.row_number == 7)).scalar_one()
        assert row.public is False and row.sex is None
        assert CIPHER.decrypt_json(row.pii, purpose="records.pii") == {"first_name": "name6"}
    store.dispose()


def test_a_failing_batch_rolls_back_the_whole_insert(db_url: str) -> None:
    store = open_store(db_url, upgrade=True)
    source_id, submission_id = _submission(store)
    rows = make_rows(source_id, submission_id, 300)
    rows[250]["row_number"] = 1  # duplicate (submission, row): the second batch fails
    try:
        with store.transaction() as session:
            insert_records(session, rows, batch_size=100)
    except Exception as error:  # the driver's integrity error
        assert "unique" in str(error).lower() or "UNIQUE" in str(error)
    else:
        raise AssertionError("the duplicate row was accepted")
    with store.transaction() as session:
        assert session.execute(select(func.count()).select_from(Record)).scalar_one() == 0
    store.dispose()


_CHILD = textwrap.dedent(
    """
    import sys
    from paymaan.store import open_store
    from paymaan.store.records import insert_records
    sys.path.insert(0, {root!r})
    from tests.store.test_records import make_rows
    store = open_store({url!r})
    rows = make_rows({source_id}, {submission_id}, 400_000)
    def tick(n):
        print("batch", flush=True)
    with store.transaction() as session:
        insert_records(session, rows, batch_size=5_000, on_batch=tick)
    print("committed", flush=True)
    """
)


def test_kill_9_during_a_bulk_insert_leaves_the_store_consistent(db_url: str) -> None:
    store = open_store(db_url, upgrade=True)
    source_id, submission_id = _submission(store)
    script = _CHILD.format(
        root=str(Path(__file__).parents[2]),
        url=db_url,
        source_id=source_id,
        submission_id=submission_id,
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=dict(os.environ)
    )
    assert child.stdout is not None
    seen = 0
    for line in child.stdout:
        seen += line.startswith("batch")
        if seen == 3:
            os.kill(child.pid, signal.SIGKILL)
            break
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL, "the child finished before it could be killed"
    with store.transaction() as session:
        assert session.execute(select(func.count()).select_from(Record)).scalar_one() == 0
        if store.dialect == "sqlite":
            assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    with store.transaction() as session:  # and the store still takes writes
        insert_records(session, make_rows(source_id, submission_id, 10))
    with store.transaction() as session:
        assert session.execute(select(func.count()).select_from(Record)).scalar_one() == 10
    store.dispose()
