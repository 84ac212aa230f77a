"""Operations on a whole workspace that the CLI and web call: upgrade, keys, audit."""

from __future__ import annotations

from paymaan import crypto
from paymaan.store import audit
from paymaan.workspace import Workspace, current_actor

__all__ = ["rotate_workspace_passphrase", "upgrade_database", "verify_audit"]


def upgrade_database(workspace: Workspace) -> tuple[str | None, str]:
    """Migrate the workspace's database to the newest schema; returns (before, after)."""
    store = workspace.open_store(check=False)
    try:
        before, after = store.upgrade()
        if before != after:
            workspace.audit(
                store, action="db.upgrade", object="database", details={"from": before, "to": after}
            )
        return before, after
    finally:
        store.dispose()


def rotate_workspace_passphrase(workspace: Workspace, old: str, new: str) -> None:
    """Re-wrap the workspace keys under *new*. A wrong *old* changes nothing."""
    rotated = crypto.rotate_passphrase(workspace.key_file(), old, new)
    store = workspace.open_store()
    try:
        with store.transaction() as session:
            audit.append(
                session,
                actor=current_actor(),
                action="keys.rotate_passphrase",
                object="keys",
                details={},
            )
            # The key file is replaced atomically inside the transaction's scope: if the
            # write fails the audit entry rolls back with it.
            rotated.write(workspace.key_file_path)
        workspace.record_audit_head(store)
    finally:
        store.dispose()


def verify_audit(workspace: Workspace) -> audit.AuditReport:
    """Verify the audit chain against the head recorded in the workspace."""
    store = workspace.open_store()
    try:
        with store.transaction() as session:
            return audit.verify_chain(session, audit.read_head(workspace.audit_head_path))
    finally:
        store.dispose()
