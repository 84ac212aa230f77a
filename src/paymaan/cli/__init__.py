"""The ``paymaan`` command line: a thin Typer shell over the library.

Each stage's commands live in a module of this package with one function,
``register(app)``, that adds them. A command parses its options, calls one library
function and renders the result. Errors a user can cause are
:class:`paymaan.errors.PaymaanError`; :func:`main` prints them without a traceback and
exits with their code. This is the one place that maps errors to exit codes.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from paymaan import __version__
from paymaan.cli._common import err_console
from paymaan.errors import PaymaanError

__all__ = ["app", "main"]


class _PaymaanGroup(TyperGroup):
    """Prints user errors as one message (no traceback) and exits with their code."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except PaymaanError as error:
            err_console.print(f"[bold red]error:[/] {error.message}", highlight=False)
            if error.hint:
                err_console.print(error.hint, highlight=False)
            ctx.exit(error.exit_code)


app = typer.Typer(
    cls=_PaymaanGroup,
    name="paymaan",
    help=(
        "Verify human-rights commitments from monitors' case records: "
        "ingest, link, estimate, verify and publish a signed report."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Stage modules, in the order of the data flow; each defines register(app).
_COMMAND_MODULES = (
    "workspace",
    "synth",
    "ingest",
    "link",
    "estimate",
    "verify",
    "report",
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"paymaan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version_callback, is_eager=True, help="Print the version."
    ),
) -> None:
    """Verify human-rights commitments from monitors' case records."""


for _name in _COMMAND_MODULES:
    importlib.import_module(f"paymaan.cli.{_name}").register(app)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (the ``paymaan`` console script)."""
    try:
        app(args=argv, prog_name="paymaan")
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    return 0


if __name__ == "__main__":  # python -m paymaan.cli
    sys.exit(main())
