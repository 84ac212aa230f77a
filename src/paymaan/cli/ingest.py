"""Commands of the ingest stage: source, ingest, mapping, quarantine."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from paymaan.cli._common import WorkspaceOption, console, get_passphrase, open_workspace
from paymaan.errors import InputError

source_app = typer.Typer(help="Monitoring organizations that send files.", no_args_is_help=True)
mapping_app = typer.Typer(help="Source mappings (YAML).", no_args_is_help=True)
quarantine_app = typer.Typer(help="Rows that could not be accepted.", no_args_is_help=True)


@source_app.command("add")
def source_add(
    name: str = typer.Argument(..., help="Short name of the monitor, e.g. kurdish-rights-watch."),
    alias: str = typer.Option(None, help="Name to show in public outputs (default: NAME)."),
    anonymous: bool = typer.Option(False, help="Show only the alias in every public output."),
    description: str = typer.Option(None, help="What the monitor documents."),
    workspace: Path = WorkspaceOption,
) -> None:
    """Register a monitor. Example: paymaan source add hrm --alias "Monitor B" --anonymous"""
    from paymaan.ingest import add_source

    source_id = add_source(
        open_workspace(workspace), name, alias=alias, anonymous=anonymous, description=description
    )
    console.print(f"Source [bold]{name}[/] registered (id {source_id}).")


@source_app.command("list")
def source_list(workspace: Path = WorkspaceOption) -> None:
    """List the registered sources."""
    from sqlalchemy import select

    from paymaan.store.schema import Source

    store = open_workspace(workspace).open_store()
    table = Table("id", "name", "alias", "anonymous")
    with store.transaction() as session:
        for source in session.execute(select(Source).order_by(Source.id)).scalars():
            table.add_row(
                str(source.id), source.name, source.alias, "yes" if source.anonymous else ""
            )
    store.dispose()
    console.print(table)


def ingest(
    file: Path = typer.Argument(
        ..., exists=False, help="The monitor's file: CSV, XLSX, JSON, JSONL."
    ),
    source: str = typer.Option(..., "--source", "-s", help="The registered source it came from."),
    mapping: Path = typer.Option(
        None, "--mapping", "-m", help="Mapping YAML (default: the source's last)."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would happen; write nothing."),
    workspace: Path = WorkspaceOption,
) -> None:
    """Ingest one file: archive it, map and normalize its rows, quarantine bad ones.

    Example: paymaan ingest --source hrm --mapping hrm.yaml export-2025-03.csv
    """
    if not file.is_file():
        raise InputError(f"{file} does not exist or is not a file")
    from paymaan.ingest import ingest_file

    ws = open_workspace(workspace)
    keys = ws.unlock(get_passphrase())
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done)

        result = ingest_file(
            ws, keys, source, file, mapping_path=mapping, dry_run=dry_run, progress=progress
        )
    if result.already_ingested:
        console.print(
            f"{file.name} was ingested before (submission {result.submission_id}, SHA-256 "
            f"{result.sha256[:16]}…): nothing to do."
        )
        return
    verb = "Would ingest" if dry_run else f"Ingested as submission {result.submission_id}:"
    console.print(
        f"{verb} {result.rows_read:,} rows read, {result.rows_accepted:,} accepted, "
        f"{result.rows_quarantined:,} quarantined."
    )
    for issue in result.issues[:10]:
        console.print(f"  [yellow]row {issue.row_number}[/]: {issue.reason}", highlight=False)
    if len(result.issues) > 10:
        console.print(f"  … and {len(result.issues) - 10} more (`paymaan quarantine list`).")
    if result.unmapped_values:
        console.print("Unmapped values (add them to the mapping's values):")
        for value, count in sorted(result.unmapped_values.items(), key=lambda kv: -kv[1])[:20]:
            console.print(f"  {value} ×{count}", highlight=False)
    if result.unknown_places:
        console.print("Places not in the gazetteer (kept as text):")
        for value, count in sorted(result.unknown_places.items(), key=lambda kv: -kv[1])[:20]:
            console.print(f"  {value} ×{count}", highlight=False)


@mapping_app.command("suggest")
def mapping_suggest(
    file: Path = typer.Argument(..., help="A monitor's file to draft a mapping for."),
    out: Path = typer.Option(None, "--out", "-o", help="Write the draft here (default: print)."),
) -> None:
    """Draft a mapping from a file's headers and values; check it before use."""
    if not file.is_file():
        raise InputError(f"{file} does not exist or is not a file")
    from paymaan.ingest import suggest_mapping

    text = suggest_mapping(file)
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text, "utf-8")
        console.print(f"Draft mapping written to {out}; check it before use.")


@quarantine_app.command("list")
def quarantine_list(
    submission: int = typer.Option(None, help="Only this submission."),
    all_rows: bool = typer.Option(False, "--all", help="Include rows already fixed."),
    workspace: Path = WorkspaceOption,
) -> None:
    """List quarantined rows with their reasons (no row contents)."""
    from paymaan.ingest import list_quarantine

    entries = list_quarantine(
        open_workspace(workspace), submission_id=submission, status=None if all_rows else "open"
    )
    table = Table("id", "source", "file", "row", "column", "reason", "status")
    for e in entries:
        table.add_row(
            str(e.id), e.source, e.filename, str(e.row_number), e.column or "", e.reason, e.status
        )
    console.print(table)
    console.print(f"{len(entries)} rows.")


@quarantine_app.command("show")
def quarantine_show(
    entry_id: int = typer.Argument(..., help="Quarantine id."), workspace: Path = WorkspaceOption
) -> None:
    """Show one quarantined row verbatim (decrypted: needs the passphrase)."""
    from paymaan.ingest import list_quarantine

    ws = open_workspace(workspace)
    entries = list_quarantine(ws, keys=ws.unlock(get_passphrase()), status=None, entry_id=entry_id)
    if not entries:
        raise InputError(
            f"no quarantined row with id {entry_id}", hint="See `paymaan quarantine list`."
        )
    entry = entries[0]
    console.print(f"{entry.source} · {entry.filename} · row {entry.row_number} · {entry.status}")
    console.print(f"reason: {entry.reason}", highlight=False)
    table = Table("column", "value")
    for column, value in (entry.raw or {}).items():
        table.add_row(str(column), "" if value is None else str(value))
    console.print(table)


@quarantine_app.command("export")
def quarantine_export(
    out: Path = typer.Argument(..., help="CSV file to write (holds names: keep it safe)."),
    submission: int = typer.Option(None, help="Only this submission."),
    workspace: Path = WorkspaceOption,
) -> None:
    """Export open quarantined rows to CSV for fixing, then `paymaan quarantine reingest`."""
    from paymaan.ingest import export_quarantine

    ws = open_workspace(workspace)
    count = export_quarantine(ws, ws.unlock(get_passphrase()), out, submission_id=submission)
    console.print(f"{count} rows written to {out}. It holds identifying data: delete it when done.")


@quarantine_app.command("reingest")
def quarantine_reingest(
    fixed: Path = typer.Argument(..., help="The exported CSV, with rows fixed."),
    workspace: Path = WorkspaceOption,
) -> None:
    """Re-ingest fixed rows from an export; rows still wrong stay quarantined."""
    from paymaan.ingest import reingest_quarantine

    ws = open_workspace(workspace)
    result = reingest_quarantine(ws, ws.unlock(get_passphrase()), fixed)
    console.print(f"{result.fixed} rows accepted, {result.still_wrong} still quarantined.")
    for reason in result.reasons[:10]:
        console.print(f"  {reason}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the ingest commands to *app*."""
    app.add_typer(source_app, name="source")
    app.command()(ingest)
    app.add_typer(mapping_app, name="mapping")
    app.add_typer(quarantine_app, name="quarantine")
