"""Commands of the workspace stage (not yet written)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this stage's commands to *app*."""
