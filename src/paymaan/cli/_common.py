"""What every command shares: consoles, the workspace option, the passphrase."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

__all__ = ["console", "err_console", "workspace_option"]

console = Console()
err_console = Console(stderr=True)


def workspace_option() -> Path | None:
    """The ``--workspace`` option; ``None`` means PAYMAAN_WORKSPACE or the current folder."""
    return typer.Option(  # type: ignore[no-any-return]
        None,
        "--workspace",
        "-w",
        help="Workspace folder. Default: $PAYMAAN_WORKSPACE, else the current folder.",
        file_okay=False,
    )
