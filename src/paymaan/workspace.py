"""A workspace: the folder that holds one verification effort.

::

    WORKSPACE/
      paymaan.toml      settings (see paymaan.config)
      paymaan.db        the evidence store (SQLite default; PostgreSQL by URL)
      audit.head        the newest audit entry's sequence number and hash
      archive/          received files, AES-GCM encrypted, named by SHA-256 of the plaintext
      keys/keys.json    the data key and signing key, wrapped by the passphrase
      keys/signing_public.pem   the public key readers use to verify reports
      reports/          reports, one folder per report run

Commands find the workspace by ``--workspace``, else ``PAYMAAN_WORKSPACE``, else the
current folder (:func:`find_workspace`).
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from paymaan import __version__
from paymaan.config import CONFIG_FILE, Config, load_config, write_config
from paymaan.crypto import FieldCipher, KeyFile, UnlockedKeys, create_key_file, unlock
from paymaan.errors import InputError, WorkspaceError
from paymaan.store import audit
from paymaan.store.db import Store, open_store
from paymaan.store.schema import AuditEntry, Case, Record, Run, Source, Submission

__all__ = [
    "ENV_WORKSPACE",
    "Workspace",
    "current_actor",
    "find_workspace",
    "init_workspace",
]

ENV_WORKSPACE = "PAYMAAN_WORKSPACE"
ENV_USER = "PAYMAAN_USER"
KEY_FILE = "keys.json"
PUBLIC_KEY_FILE = "signing_public.pem"
AUDIT_HEAD_FILE = "audit.head"
_ARCHIVE_PURPOSE = "archive.file"


def current_actor() -> str:
    """Who is acting: PAYMAAN_USER, else the operating-system user."""
    name = os.environ.get(ENV_USER)
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass(frozen=True)
class Workspace:
    """An opened workspace folder and its settings."""

    root: Path
    config: Config

    @property
    def keys_dir(self) -> Path:
        return self.root / self.config.keys

    @property
    def archive_dir(self) -> Path:
        return self.root / self.config.archive

    @property
    def reports_dir(self) -> Path:
        return self.root / self.config.reports

    @property
    def key_file_path(self) -> Path:
        return self.keys_dir / KEY_FILE

    @property
    def public_key_path(self) -> Path:
        return self.keys_dir / PUBLIC_KEY_FILE

    @property
    def audit_head_path(self) -> Path:
        return self.root / AUDIT_HEAD_FILE

    @property
    def database_url(self) -> str:
        """The store URL; a relative SQLite path is resolved inside the workspace."""
        url = self.config.database_url
        prefix = "sqlite:///"
        if url.startswith(prefix) and url != "sqlite:///:memory:":
            path = Path(url[len(prefix) :])
            if not path.is_absolute():
                return prefix + str(self.root / path)
        return url

    def open_store(self, *, upgrade: bool = False, check: bool = True) -> Store:
        """Open the evidence store (see :func:`paymaan.store.open_store`)."""
        return open_store(self.database_url, upgrade=upgrade, check=check)

    def key_file(self) -> KeyFile:
        return KeyFile.read(self.key_file_path)

    def unlock(self, passphrase: str) -> UnlockedKeys:
        """Unlock the keys; a wrong passphrase raises PassphraseError and changes nothing."""
        return unlock(self.key_file(), passphrase)

    def record_audit_head(self, store: Store) -> None:
        """Copy the newest audit entry to ``audit.head`` (after a committed change)."""
        with store.transaction() as session:
            last = session.execute(
                select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
            ).first()
        if last is not None:
            audit.write_head(self.audit_head_path, audit.AuditHead(last.seq, last.hash))

    def audit(
        self,
        store: Store,
        *,
        action: str,
        object: str,
        details: dict[str, Any] | None = None,
        actor: str | None = None,
    ) -> None:
        """Append one audit entry in its own transaction and record the new head.

        For events that change nothing else (a refused file, a report written, an upgrade);
        changes to the store append their entry inside their own transaction instead.
        """
        with store.transaction() as session:
            audit.append(
                session, actor=actor or current_actor(), action=action, object=object,
                details=details,
            )  # fmt: skip
        self.record_audit_head(store)

    def archive_file(self, data: bytes, cipher: FieldCipher) -> tuple[str, Path]:
        """Store *data* encrypted under its SHA-256; returns (sha256, path). Idempotent."""
        digest = hashlib.sha256(data).hexdigest()
        path = self.archive_dir / digest[:2] / f"{digest}.bin"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(cipher.encrypt(data, purpose=_ARCHIVE_PURPOSE))
            tmp.replace(path)
        return digest, path

    def read_archived(self, digest: str, cipher: FieldCipher) -> bytes:
        """The plaintext of an archived file; checks its hash."""
        path = self.archive_dir / digest[:2] / f"{digest}.bin"
        try:
            data = cipher.decrypt(path.read_bytes(), purpose=_ARCHIVE_PURPOSE)
        except FileNotFoundError as error:
            raise InputError(
                f"no archived file with SHA-256 {digest} in {self.archive_dir}"
            ) from error
        if hashlib.sha256(data).hexdigest() != digest:
            raise InputError(f"the archived file {path} does not match its hash")
        return data

    def status(self) -> dict[str, Any]:
        """A summary for ``paymaan status``: counts of what the store holds."""
        store = self.open_store()
        try:
            with store.transaction() as session:

                def count(model: Any) -> int:
                    return int(
                        session.execute(select(func.count()).select_from(model)).scalar_one()
                    )

                last_run = session.execute(select(Run).order_by(Run.id.desc()).limit(1)).scalar()
                return {
                    "workspace": str(self.root),
                    "database": store.url,
                    "schema": store.current_revision(),
                    "sources": count(Source),
                    "submissions": count(Submission),
                    "records": count(Record),
                    "cases": count(Case),
                    "runs": count(Run),
                    "audit_entries": count(AuditEntry),
                    "last_run": None
                    if last_run is None
                    else f"{last_run.stage} #{last_run.id} {last_run.outcome}",
                }
        finally:
            store.dispose()


def find_workspace(explicit: Path | None = None) -> Workspace:
    """Open the workspace given, else PAYMAAN_WORKSPACE, else the current folder.

    Raises:
        WorkspaceError: the folder is not a workspace (no paymaan.toml) or unreadable.
    """
    if explicit is not None:
        root, how = Path(explicit), "--workspace"
    elif os.environ.get(ENV_WORKSPACE):
        root, how = Path(os.environ[ENV_WORKSPACE]), f"${ENV_WORKSPACE}"
    else:
        root, how = Path.cwd(), "the current folder"
    config_path = root / CONFIG_FILE
    if not root.is_dir():
        raise WorkspaceError(
            f"the workspace folder {root} (from {how}) does not exist",
            hint="Create one with `paymaan init DIR`, or pass --workspace DIR.",
        )
    if not config_path.is_file():
        raise WorkspaceError(
            f"{root} (from {how}) is not a paymaan workspace: it has no {CONFIG_FILE}",
            hint="Create one with `paymaan init DIR`, or pass --workspace DIR / set "
            f"{ENV_WORKSPACE}.",
        )
    if not os.access(config_path, os.R_OK):
        raise WorkspaceError(f"{config_path} cannot be read: check its permissions")
    return Workspace(root.resolve(), load_config(config_path))


def init_workspace(
    root: Path,
    passphrase: str,
    *,
    database_url: str | None = None,
    actor: str | None = None,
) -> Workspace:
    """Create a workspace: settings, keys, the migrated database and the first audit entry.

    Args:
        root: the folder; it may exist but must be empty.
        passphrase: wraps the new keys (at least 8 characters).
        database_url: PostgreSQL URL, or None for SQLite inside the workspace.
        actor: who creates it (default: :func:`current_actor`).

    Raises:
        WorkspaceError: the folder is not empty.
        PassphraseError: the passphrase is too short.
        StoreError: the database cannot be created.
    """
    root = Path(root)
    if root.exists() and any(root.iterdir()):
        raise WorkspaceError(
            f"{root} is not empty",
            hint="Choose a new folder for the workspace; paymaan never writes into a "
            "folder that holds other files.",
        )
    key_file = create_key_file(passphrase)  # validates the passphrase before writing
    root.mkdir(parents=True, exist_ok=True)
    config = Config(database_url=database_url) if database_url else Config()
    workspace = Workspace(root.resolve(), config)
    for folder in (workspace.keys_dir, workspace.archive_dir, workspace.reports_dir):
        folder.mkdir(exist_ok=True)
    os.chmod(workspace.keys_dir, 0o700)
    key_file.write(workspace.key_file_path)
    workspace.public_key_path.write_text(key_file.public_key_pem, "ascii")
    write_config(root / CONFIG_FILE, config)
    store = workspace.open_store(upgrade=True)
    try:
        with store.transaction() as session:
            audit.append(
                session,
                actor=actor or current_actor(),
                action="workspace.init",
                object=f"workspace:{root.name}",
                details={
                    "software_version": __version__,
                    "database": store.dialect,
                    "created": dt.datetime.now(dt.UTC).date().isoformat(),
                },
            )
        workspace.record_audit_head(store)
    finally:
        store.dispose()
    return workspace
