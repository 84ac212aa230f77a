"""The store opens, migrates, matches its models and explains its faults."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from paymaan.errors import DatabaseUnavailable, SchemaMismatch
from paymaan.store import head_revision, open_store
from paymaan.store.schema import Base


def test_upgrade_creates_the_schema_of_the_models(db_url: str) -> None:
    store = open_store(db_url, upgrade=True)
    assert store.current_revision() == head_revision()
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    store.dispose()


def test_an_empty_database_must_be_upgraded_first(db_url: str) -> None:
    with pytest.raises(SchemaMismatch, match="paymaan db upgrade"):
        open_store(db_url)


def test_a_database_of_a_newer_paymaan_is_refused(db_url: str) -> None:
    store = open_store(db_url, upgrade=True)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    store.dispose()
    with pytest.raises(SchemaMismatch, match="newer version of paymaan"):
        open_store(db_url)
    with pytest.raises(SchemaMismatch, match="newer version"):
        open_store(db_url, upgrade=True)


def test_sqlite_is_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'x.db'}", upgrade=True)
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    store.dispose()


def test_a_locked_sqlite_file_gives_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "locked.db"
    store = open_store(f"sqlite:///{path}", upgrade=True)
    monkeypatch.setattr("paymaan.store.db.SQLITE_BUSY_TIMEOUT_MS", 100)
    blocker = sqlite3.connect(path, timeout=0.1)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        quick = open_store(f"sqlite:///{path}", check=False)
        with pytest.raises(DatabaseUnavailable, match="locked by another paymaan process"):
            with quick.transaction() as session:
                session.execute(text("INSERT INTO users (name, role) VALUES ('a', 'verifier')"))
        quick.dispose()
    finally:
        blocker.rollback()
        blocker.close()
        store.dispose()


def test_a_postgresql_server_that_is_down_gives_a_clear_error_without_password() -> None:
    # Port 9 (discard) on loopback has no PostgreSQL server.
    url = "postgresql://analyst:s3cret-pw@127.0.0.1:9/paymaan"
    with pytest.raises(DatabaseUnavailable) as caught:
        open_store(url)
    message = str(caught.value)
    assert "s3cret-pw" not in message
    assert "127.0.0.1:9" in message and "server is running" in message
