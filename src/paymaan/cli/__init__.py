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

import typer

from paymaan import __version__
from paymaan.cli._common import err_console
from paymaan.errors import PaymaanError

__all__ = ["app", "main"]

app = typer.Typer(
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
    """Run the CLI; user errors print one clear message and set the exit code."""
    try:
        app(args=argv, standalone_mode=False)
    except PaymaanError as error:
        err_console.print(f"[bold red]error:[/] {error.message}", highlight=False)
        if error.hint:
            err_console.print(error.hint, highlight=False)
        return error.exit_code
    except KeyboardInterrupt:
        err_console.print("[yellow]interrupted[/]: nothing was half-written; run again.")
        return 130
    except typer.Exit as exit_:
        return int(exit_.exit_code or 0)
    except typer.Abort:
        err_console.print("aborted")
        return 1
    except Exception as error:  # click usage errors carry their own exit code
        import click

        if isinstance(error, click.exceptions.ClickException):
            error.show()
            return error.exit_code
        raise
    return 0


if __name__ == "__main__":  # pragma: no cover - python -m paymaan.cli
    sys.exit(main())
