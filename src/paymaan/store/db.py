"""Connecting to the evidence store, migrating it and turning database faults into
clear errors.

SQLite is opened in WAL mode with foreign keys on and a busy timeout; PostgreSQL through
psycopg 3. Every fault a user can cause or meet (locked file, server down, schema of
another version) becomes a :class:`~paymaan.errors.StoreError` with what to do; the URL
in a message never shows a password.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from paymaan.errors import DatabaseUnavailable, SchemaMismatch, StoreError

__all__ = [
    "Store",
    "head_revision",
    "open_store",
    "safe_url",
]

_MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 5000


def safe_url(url: str | URL) -> str:
    """The URL as text with any password replaced by ***."""
    return make_url(url).render_as_string(hide_password=True)


def _normalise_url(url: str) -> URL:
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside one writer; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def head_revision() -> str:
    """The newest migration this version of paymaan knows."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def _alembic_config() -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


class Store:
    """The evidence store: an engine plus transactions that translate faults.

    Example:
        >>> store = open_store("sqlite:///:memory:", upgrade=True)
        >>> with store.transaction() as session:
        ...     _ = session.execute(text("select 1"))
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def url(self) -> str:
        return safe_url(self.engine.url)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        with self.translate_errors(), self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def translate_errors(self) -> Iterator[None]:
        """Turn driver faults into StoreErrors with advice; other errors pass through."""
        try:
            yield
        except OperationalError as error:
            raise self._explain(error) from error
        except DBAPIError as error:
            if error.connection_invalidated:
                raise self._explain(error) from error
            raise

    def _explain(self, error: SQLAlchemyError) -> StoreError:
        text = str(getattr(error, "orig", error)).strip().splitlines()[0] if str(error) else ""
        if self.dialect == "sqlite":
            if "locked" in text or "busy" in text:
                return DatabaseUnavailable(
                    f"the database {self.url} is locked by another paymaan process",
                    hint="Wait for the other command to finish (or close it), then run again.",
                )
            return DatabaseUnavailable(
                f"the database {self.url} cannot be used: {text}",
                hint="Check that the workspace folder is readable and writable and the disk "
                "is not full.",
            )
        return DatabaseUnavailable(
            f"cannot use the PostgreSQL database {self.url}: {text}",
            hint="Check that the server is running and reachable, and that the user, "
            "database and password (PGPASSWORD or ~/.pgpass) are right.",
        )

    def current_revision(self) -> str | None:
        """The migration the database is at; None for an empty database."""
        with self.translate_errors(), self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def upgrade(self) -> tuple[str | None, str]:
        """Migrate to the newest schema; returns (before, after) revisions."""
        before = self.current_revision()
        self._refuse_unknown(before)
        with self.translate_errors(), self.engine.begin() as connection:
            config = _alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        return before, head_revision()

    def check_schema(self) -> None:
        """Raise SchemaMismatch unless the database is at this paymaan's schema."""
        current = self.current_revision()
        self._refuse_unknown(current)
        if current != head_revision():
            raise SchemaMismatch(
                f"the database {self.url} has an older schema ({current or 'empty'}) "
                f"than this paymaan ({head_revision()})",
                hint="Back up the workspace, then run `paymaan db upgrade`.",
            )

    def _refuse_unknown(self, revision: str | None) -> None:
        if revision is None:
            return
        script = ScriptDirectory.from_config(_alembic_config())
        if revision not in {rev.revision for rev in script.walk_revisions()}:
            raise SchemaMismatch(
                f"the database {self.url} has schema {revision}, which this paymaan does "
                "not know: it was written by a newer version of paymaan",
                hint="Upgrade paymaan (pip install -U paymaan) before using this workspace.",
            )

    def dispose(self) -> None:
        self.engine.dispose()


def open_store(url: str, *, upgrade: bool = False, check: bool = True) -> Store:
    """Open the store at *url*; optionally migrate it, else check its schema.

    Args:
        url: SQLAlchemy URL (``sqlite:///path`` or ``postgresql://...``).
        upgrade: migrate to the newest schema first.
        check: raise SchemaMismatch if the schema is not current (ignored with upgrade).

    Raises:
        DatabaseUnavailable: the database cannot be reached or opened.
        SchemaMismatch: the schema is older or newer than this paymaan.
    """
    parsed = _normalise_url(url)
    kwargs: dict[str, Any] = {}
    if parsed.drivername.startswith("sqlite"):
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
    else:
        kwargs["pool_pre_ping"] = True
        kwargs["connect_args"] = {"connect_timeout": 5}
    engine = create_engine(parsed, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
    store = Store(engine)
    if upgrade:
        store.upgrade()
    elif check:
        store.check_schema()
    return store
