"""Workspace commands: init, status, config, db, keys, audit."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from paymaan.cli._common import WorkspaceOption, console, get_passphrase, open_workspace
from paymaan.config import SETTINGS
from paymaan.errors import AuditError
from paymaan.workspace import init_workspace
from paymaan.workspace_ops import rotate_workspace_passphrase, upgrade_database, verify_audit

db_app = typer.Typer(help="The evidence store's schema.", no_args_is_help=True)
keys_app = typer.Typer(help="The workspace's keys and passphrase.", no_args_is_help=True)
audit_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)


def init(
    directory: Path = typer.Argument(..., help="Folder to create (must be new or empty)."),
    database_url: str = typer.Option(
        None, "--db", help="PostgreSQL URL instead of SQLite in the workspace."
    ),
) -> None:
    """Create a workspace: settings, keys wrapped by your passphrase, database, audit log.

    Example: PAYMAAN_PASSPHRASE=... paymaan init ~/paymaan-2025
    """
    passphrase = get_passphrase(confirm=True, prompt="New passphrase")
    workspace = init_workspace(directory, passphrase, database_url=database_url)
    console.print(f"Created workspace [bold]{workspace.root}[/]")
    console.print(f"Public key for report readers: {workspace.public_key_path}")
    console.print("Back up the whole folder; without keys/ and the passphrase nothing decrypts.")


def status(workspace: Path = WorkspaceOption) -> None:
    """Show what the workspace holds."""
    info = open_workspace(workspace).status()
    table = Table(show_header=False, box=None)
    for key, value in info.items():
        table.add_row(key.replace("_", " "), str(value))
    console.print(table)


def config(workspace: Path = WorkspaceOption) -> None:
    """Show every setting of paymaan.toml with its value and meaning."""
    settings = open_workspace(workspace).config.to_toml()
    table = Table()
    table.add_column("setting", no_wrap=True)
    table.add_column("value", no_wrap=True)
    table.add_column("meaning")
    for setting in SETTINGS:
        value = settings[setting.section][setting.key]
        table.add_row(f"{setting.section}.{setting.key}", repr(value), setting.help)
    console.print(table)


@db_app.command("upgrade")
def db_upgrade(workspace: Path = WorkspaceOption) -> None:
    """Migrate the database to this paymaan's schema (back up first)."""
    before, after = upgrade_database(open_workspace(workspace))
    if before == after:
        console.print(f"The database is already at schema {after}.")
    else:
        console.print(f"Upgraded the database from {before or 'empty'} to {after}.")


@keys_app.command("rotate-passphrase")
def keys_rotate_passphrase(workspace: Path = WorkspaceOption) -> None:
    """Change the passphrase; stored data stays readable (the data key is re-wrapped).

    The old passphrase comes from PAYMAAN_PASSPHRASE or a prompt; the new one from
    PAYMAAN_NEW_PASSPHRASE or a prompt.
    """
    ws = open_workspace(workspace)
    old = get_passphrase(prompt="Current passphrase")
    new = _new_passphrase()
    rotate_workspace_passphrase(ws, old, new)
    console.print("Passphrase changed. Back up keys/ again.")


def _new_passphrase() -> str:
    import os

    value = os.environ.get("PAYMAAN_NEW_PASSPHRASE")
    if value:
        return value
    return get_passphrase(confirm=True, prompt="New passphrase")


@audit_app.command("verify")
def audit_verify(workspace: Path = WorkspaceOption) -> None:
    """Walk the audit chain; name the first entry that was edited, removed or reordered."""
    report = verify_audit(open_workspace(workspace))
    if report.problem is not None:
        raise AuditError(
            f"the audit log does not verify at entry {report.problem.seq} "
            f"({report.problem.kind}): {report.problem.detail}",
            hint="Someone changed the database outside paymaan. Restore from a backup and "
            "compare; keep this workspace as evidence.",
        )
    head = report.head
    console.print(
        f"Audit log verified: {report.entries} entries"
        + (f", head {head.seq} {head.hash[:16]}…" if head else "")
    )


def register(app: typer.Typer) -> None:
    """Add the workspace commands to *app*."""
    app.command()(init)
    app.command()(status)
    app.command()(config)
    app.add_typer(db_app, name="db")
    app.add_typer(keys_app, name="keys")
    app.add_typer(audit_app, name="audit")
