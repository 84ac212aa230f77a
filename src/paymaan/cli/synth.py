"""``paymaan synth``: synthetic monitors with ground truth (see docs/synth.md)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import Progress
from rich.table import Table

from paymaan.cli._common import console

# The library's default seed (paymaan.synth.DEFAULT_SEED; a test keeps them equal). The
# library is imported inside the command so that `paymaan --help` stays fast.
DEFAULT_SEED = 2024


def synth(
    out_dir: Path = typer.Argument(
        ..., help="Folder to write (new or empty).", file_okay=False, metavar="OUT_DIR"
    ),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="Random seed; same seed, same bytes."),
    scale: float = typer.Option(
        1.0, "--scale", help="Volume; 1 = Iran's reported volume, 70 = about a million rows."
    ),
    year: list[str] = typer.Option(
        [],
        "--year",
        help="Year or range (2023-2025); repeatable. Default: 2024-2025.",
        metavar="YEAR",
    ),
    monitors: int = typer.Option(5, "--monitors", help="Number of monitors, 2..20."),
    force: bool = typer.Option(False, "--force", help="Replace earlier synth output in OUT_DIR."),
) -> None:
    """Generate monitors' exports, their mappings and the ground truth.

    Example: paymaan synth demo/synth --seed 2024 --scale 1 --year 2024-2025
    """
    from paymaan.synth import generate, parse_years

    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("synth", total=monitors + 2)
        result = generate(
            out_dir,
            seed=seed,
            scale=scale,
            years=parse_years(year),
            monitors=monitors,
            overwrite=force,
            progress=lambda step: bar.update(task, advance=1, description=step),
        )
    table = Table(title=f"paymaan synth → {result.out_dir}")
    table.add_column("monitor")
    table.add_column("rows", justify="right")
    for key, rows in result.rows_per_monitor.items():
        table.add_row(key, f"{rows:,}")
    for event_type, count in result.true_counts.items():
        table.add_row(f"[dim]truth: {event_type}[/]", f"{count:,}")
    console.print(table)
    console.print(
        f"Executions documented by no monitor: {result.undocumented_executions_share:.1%}"
    )


def register(app: typer.Typer) -> None:
    """Add this stage's commands to *app*."""
    app.command("synth")(synth)
