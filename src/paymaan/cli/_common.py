"""What every command shares: consoles, the workspace option, the passphrase."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer
from rich.console import Console

from paymaan.errors import PassphraseError
from paymaan.workspace import Workspace, find_workspace

__all__ = [
    "ENV_PASSPHRASE",
    "WorkspaceOption",
    "console",
    "err_console",
    "get_passphrase",
    "open_workspace",
]

ENV_PASSPHRASE = "PAYMAAN_PASSPHRASE"

console = Console()
err_console = Console(stderr=True)

WorkspaceOption = typer.Option(
    None,
    "--workspace",
    "-w",
    help="Workspace folder. Default: $PAYMAAN_WORKSPACE, else the current folder.",
    file_okay=False,
)


def open_workspace(path: Path | None) -> Workspace:
    """The workspace named by --workspace, PAYMAAN_WORKSPACE or the current folder."""
    return find_workspace(path)


def get_passphrase(*, confirm: bool = False, prompt: str = "Passphrase") -> str:
    """PAYMAAN_PASSPHRASE, else a hidden prompt; never echoed, never logged."""
    value = os.environ.get(ENV_PASSPHRASE)
    if value:
        return value
    if not sys.stdin.isatty():
        raise PassphraseError(
            "a passphrase is needed and there is no terminal to ask for it",
            hint=f"Set {ENV_PASSPHRASE} in the environment of this command.",
        )
    return str(typer.prompt(prompt, hide_input=True, confirmation_prompt=confirm))
