"""Ingest with helper processes stores exactly what ingest in one process stores.

The chunk size is made small so that a file of a few hundred rows spans many chunks and
every helper gets several; helpers are real forked processes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from paymaan.config import load_config
from paymaan.crypto import UnlockedKeys
from paymaan.errors import ConfigError, WorkerError
from paymaan.ingest import IngestResult, add_source, ingest_file, pipeline
from paymaan.ingest.pipeline import PII_PURPOSE, QUARANTINE_PURPOSE
from paymaan.store.schema import QuarantinedRow, Record, Submission
from paymaan.workspace import Workspace, init_workspace
from paymaan.workspace_ops import verify_audit
from tests.ingest.conftest import HEADER, PERSIAN_MAPPING, ROWS

ROW_COUNT = 300


def _big_file(folder: Path) -> tuple[Path, Path]:
    """ROW_COUNT rows cycling through the fixture rows (good, bad and unmapped), own ids."""
    lines = []
    for index in range(ROW_COUNT):
        cells = ROWS[index % len(ROWS)].split(";")
        cells[0] = f"K-{index}"
        if index % 7 == 0:
            cells[8] = f"Atlantis {index % 3}"  # an unknown province, tallied
        lines.append(";".join(cells))
    data = folder / "big.csv"
    data.write_text(HEADER + "\n" + "\n".join(lines) + "\n", "utf-8")
    mapping = folder / "kurd.yaml"
    mapping.write_text(PERSIAN_MAPPING, "utf-8")
    return data, mapping


def _stored(ws: Workspace, keys: UnlockedKeys) -> dict[str, Any]:
    """Everything an ingest wrote, decrypted, without database ids or nonces."""
    store = ws.open_store()
    with store.transaction() as session:
        records = [
            {
                **{
                    c.name: getattr(r, c.name)
                    for c in Record.__table__.columns
                    if c.name not in ("id", "pii", "submission_id", "source_id")
                },
                "pii": keys.cipher.decrypt_json(r.pii, purpose=PII_PURPOSE),
            }
            for r in session.execute(select(Record).order_by(Record.row_number)).scalars()
        ]
        quarantined = [
            (
                q.row_number,
                q.column,
                q.reason,
                keys.cipher.decrypt_json(q.raw, purpose=QUARANTINE_PURPOSE),
            )
            for q in session.execute(
                select(QuarantinedRow).order_by(QuarantinedRow.row_number)
            ).scalars()
        ]
        counts = session.execute(
            select(Submission.rows_read, Submission.rows_accepted, Submission.rows_quarantined)
        ).all()
    store.dispose()
    return {"records": records, "quarantined": quarantined, "counts": counts}


def _decrypt(keys: UnlockedKeys, token: bytes, purpose: str) -> Any:
    return keys.cipher.decrypt_json(token, purpose=purpose)


def _summary(result: IngestResult) -> tuple[Any, ...]:
    return (
        result.rows_read,
        result.rows_accepted,
        result.rows_quarantined,
        result.issues,
        result.unmapped_values,
        result.unknown_places,
    )


def _ingest(
    tmp_path: Path, name: str, passphrase: str, workers: int, db_url: str | None = None
) -> tuple[IngestResult, dict[str, Any]]:
    ws = init_workspace(tmp_path / name, passphrase, database_url=db_url)
    add_source(ws, "kurd")
    keys = ws.unlock(passphrase)
    data, mapping = _big_file(tmp_path)
    result = ingest_file(ws, keys, "kurd", data, mapping_path=mapping, workers=workers)
    assert verify_audit(ws).ok
    return result, _stored(ws, keys)


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "_CHUNK", 16)  # 300 rows: 19 chunks


@pytest.mark.usefixtures("small_chunks")
def test_helpers_store_what_one_process_stores(tmp_path: Path, passphrase: str) -> None:
    one, stored_one = _ingest(tmp_path, "one", passphrase, workers=0)
    assert one.rows_read == ROW_COUNT and one.rows_quarantined == ROW_COUNT // 2
    assert one.unknown_places and one.unmapped_values == {"event_type=شلاق": ROW_COUNT // 4}
    assert len(stored_one["records"]) == one.rows_accepted == ROW_COUNT // 2
    for workers in (1, 2, 3):
        many, stored_many = _ingest(tmp_path, f"w{workers}", passphrase, workers=workers)
        assert _summary(many) == _summary(one)
        assert stored_many == stored_one


@pytest.mark.usefixtures("small_chunks")
def test_a_dry_run_with_helpers_reports_what_one_process_reports(
    tmp_path: Path, passphrase: str
) -> None:
    ws = init_workspace(tmp_path / "ws", passphrase)
    add_source(ws, "kurd")
    keys = ws.unlock(passphrase)
    data, mapping = _big_file(tmp_path)
    dry = {
        workers: ingest_file(
            ws, keys, "kurd", data, mapping_path=mapping, dry_run=True, workers=workers
        )
        for workers in (0, 2)
    }
    assert _summary(dry[2]) == _summary(dry[0])
    assert dry[2].rows_accepted == ROW_COUNT // 2 and dry[2].dry_run
    _nothing_stored(ws)


@pytest.mark.usefixtures("small_chunks")
def test_helpers_on_postgresql_store_what_one_process_stores_on_sqlite(
    tmp_path: Path, passphrase: str, db_url: str
) -> None:
    one, stored_one = _ingest(tmp_path, "one", passphrase, workers=0)
    many, stored_many = _ingest(tmp_path, "many", passphrase, workers=2, db_url=db_url)
    assert _summary(many) == _summary(one)
    assert stored_many == stored_one


def _nothing_stored(ws: Workspace) -> None:
    store = ws.open_store()
    with store.transaction() as session:
        for model in (Submission, Record, QuarantinedRow):
            assert session.execute(select(func.count()).select_from(model)).scalar_one() == 0
    store.dispose()
    assert verify_audit(ws).ok


@pytest.mark.usefixtures("small_chunks")
def test_a_failing_helper_stores_nothing_and_tells_no_values(
    tmp_path: Path, passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = init_workspace(tmp_path / "ws", passphrase)
    add_source(ws, "kurd")
    keys = ws.unlock(passphrase)
    data, mapping = _big_file(tmp_path)
    calls = {"n": 0}
    real = pipeline.json_bytes

    def failing(value: Any) -> bytes:  # a bug in the helper that quotes a name
        calls["n"] += 1
        if calls["n"] > 40:
            raise ValueError(f"cannot write {value['original']['surname']}")
        return real(value)

    monkeypatch.setattr(pipeline, "json_bytes", failing)
    with pytest.raises(WorkerError) as caught:
        ingest_file(ws, keys, "kurd", data, mapping_path=mapping, workers=2)
    message = str(caught.value)
    assert "failed (ValueError)" in message and "failing" in message
    assert "قاسمی" not in message and "رضایی" not in message and "حسيني" not in message
    _nothing_stored(ws)
    monkeypatch.setattr(pipeline, "json_bytes", real)
    again = ingest_file(ws, keys, "kurd", data, mapping_path=mapping, workers=2)
    assert again.rows_accepted == ROW_COUNT // 2 and not again.already_ingested


@pytest.mark.usefixtures("small_chunks")
def test_a_helper_that_dies_stores_nothing(
    tmp_path: Path, passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = init_workspace(tmp_path / "ws", passphrase)
    add_source(ws, "kurd")
    keys = ws.unlock(passphrase)
    data, mapping = _big_file(tmp_path)
    real = pipeline._ChunkPreparer.__call__
    main = os.getpid()

    def dying(self: pipeline._ChunkPreparer, start: int, stop: int) -> Any:
        if os.getpid() != main and start >= 64:
            os._exit(3)  # as the out-of-memory killer would end it
        return real(self, start, stop)

    monkeypatch.setattr(pipeline._ChunkPreparer, "__call__", dying)
    with pytest.raises(WorkerError, match=r"stopped without finishing \(exit code 3\)"):
        ingest_file(ws, keys, "kurd", data, mapping_path=mapping, workers=1)
    _nothing_stored(ws)


def test_ingest_workers_is_a_setting(tmp_path: Path, passphrase: str) -> None:
    ws = init_workspace(tmp_path / "ws", passphrase)
    assert ws.config.ingest_workers == 2
    path = ws.root / "paymaan.toml"
    path.write_text(path.read_text().replace("workers = 2", "workers = 0"), "utf-8")
    assert load_config(path).ingest_workers == 0
    path.write_text(path.read_text().replace("workers = 0", "workers = -1"), "utf-8")
    with pytest.raises(ConfigError, match="ingest.workers must be from 0 to 64"):
        load_config(path)
