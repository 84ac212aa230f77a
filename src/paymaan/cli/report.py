"""Commands of the report stage: ``paymaan report`` (build) and ``paymaan report verify``."""

from __future__ import annotations

from pathlib import Path

import typer

from paymaan.cli._common import (
    WorkspaceOption,
    console,
    err_console,
    get_passphrase,
    open_workspace,
)
from paymaan.errors import SignatureError

report_app = typer.Typer(
    help="Build the signed report, or verify one.",
    invoke_without_command=True,
    no_args_is_help=False,
)


@report_app.callback()
def build(
    ctx: typer.Context,
    lang: str = typer.Option("en,fa", "--lang", help="Editions: en, fa or both (en,fa)."),
    formats: str = typer.Option("html,pdf", "--format", help="html, pdf or both (html,pdf)."),
    public: bool = typer.Option(
        False, "--public", help="Public edition: only public cases named, small cells withheld."
    ),
    threshold: int = typer.Option(
        None,
        "--threshold",
        help="With --public: counts from 1 to N-1 are withheld [report.suppression_threshold].",
    ),
    run: int = typer.Option(None, "--run", help="The verify run to report on (default: newest)."),
    workspace: Path = WorkspaceOption,
) -> None:
    """Write reports/<run>/ from the workspace: HTML and PDF editions, data package, signature.

    Example: paymaan report --lang both --format html,pdf --public
    """
    if ctx.invoked_subcommand is not None:
        return
    from paymaan.report.stage import report_workspace

    langs = ("en", "fa") if lang == "both" else tuple(x.strip() for x in lang.split(","))
    ws = open_workspace(workspace)
    output = report_workspace(
        ws,
        ws.unlock(get_passphrase()),
        langs=langs,
        formats=tuple(x.strip() for x in formats.split(",")),
        public=public,
        threshold=threshold,
        verify_run_id=run,
    )
    for path in [*output.html.values(), *output.pdf.values()]:
        console.print(f"edition:      {path}", highlight=False, soft_wrap=True)
    if output.data_package is not None:
        console.print(f"data package: {output.data_package}", highlight=False, soft_wrap=True)
    console.print(f"signed:       {output.signature}", highlight=False, soft_wrap=True)
    console.print(f"Report written to {output.out_dir}", highlight=False, soft_wrap=True)


@report_app.command("verify")
def verify(
    directory: Path = typer.Argument(..., help="The report folder (holds manifest.json)."),
    public_key: Path | None = typer.Option(
        None,
        "--public-key",
        help="The publisher's Ed25519 public key (PEM). "
        "Default: public_key.pem in the folder (then compare its fingerprint).",
    ),
) -> None:
    """Check a report's signature and every file's SHA-256; needs no workspace.

    Example: paymaan report verify reports/run-7 --public-key publisher.pem
    """
    from paymaan.report import verify_report

    result = verify_report(directory, public_key)
    console.print(f"Key fingerprint: {result.key_fingerprint}", highlight=False, soft_wrap=True)
    if result.key_shipped_with_report:
        err_console.print(
            "[yellow]warning:[/] the key came with the report; whoever altered the report "
            "could have replaced it. Compare the fingerprint with the one the publisher "
            "announces, or pass --public-key.",
            highlight=False,
            soft_wrap=True,
        )
    for difference in result.differences:
        console.print(f"[red]✗[/] {difference.describe()}", highlight=False, soft_wrap=True)
    if not result.ok:
        raise SignatureError(
            f"{directory}: does not verify ({len(result.differences)} difference(s) above)"
        )
    console.print(
        f"[green]✓[/] signature good; all {result.files_checked} files match the manifest.",
        highlight=False,
        soft_wrap=True,
    )


def register(app: typer.Typer) -> None:
    """Add this stage's commands to *app*."""
    app.add_typer(report_app, name="report")
