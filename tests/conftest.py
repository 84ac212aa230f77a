"""Shared fixtures: a database URL for each backend, workspaces, passphrases.

Store tests take the ``db_url`` fixture and run once on SQLite and once on PostgreSQL.
PostgreSQL comes from PAYMAAN_TEST_POSTGRES_URL (``.ci/run`` starts a server and sets it;
locally: ``eval "$(scripts/postgres.sh start | sed 's/^/export PAYMAAN_TEST_POSTGRES_URL=/')"``).
Without it the PostgreSQL variants are skipped with that reason, except under CI, where a
missing server is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_ENV = "PAYMAAN_TEST_POSTGRES_URL"
# CLI output is wrapped by Rich at the terminal width; a wide one keeps long temporary
# paths from splitting the words tests look for.
os.environ["COLUMNS"] = "250"
PASSPHRASE = "correct horse battery staple"


def _postgres_admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url and os.environ.get("CI"):
        pytest.fail(f"CI is set but {PG_ENV} is not: .ci/run must start PostgreSQL")
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    admin = _postgres_admin_url()
    if not admin:
        pytest.skip(f"{PG_ENV} is not set (no PostgreSQL server for this run)")
    name = f"t_{uuid.uuid4().hex[:16]}"
    engine = create_engine(
        make_url(admin).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture
def passphrase(monkeypatch: pytest.MonkeyPatch) -> str:
    """The test passphrase, also set as PAYMAAN_PASSPHRASE for CLI tests."""
    monkeypatch.setenv("PAYMAAN_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("PAYMAAN_USER", "test-verifier")
    return PASSPHRASE
