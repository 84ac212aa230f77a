"""Commands of the estimate stage: ``paymaan estimate``."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from paymaan.cli._common import WorkspaceOption, console, open_workspace

if TYPE_CHECKING:
    from paymaan.estimate import Estimate


class MethodChoice(str, Enum):
    """Which estimator(s) to run."""

    loglinear = "loglinear"
    lcmcr = "lcmcr"
    all = "all"


class CriterionChoice(str, Enum):
    """Information criterion for log-linear model weights."""

    aic = "aic"
    bic = "bic"


def register(app: typer.Typer) -> None:
    """Add this stage's commands to *app*."""
    app.command("estimate")(estimate_command)


def estimate_command(
    counts: Path | None = typer.Option(
        None,
        "--counts",
        help="CSV: one 0/1 column per list and a 'count' column. Default: the workspace's "
        "linked cases.",
        dir_okay=False,
    ),
    by: str = typer.Option(
        "year,event_type",
        "--by",
        help="Workspace: strata (year, quarter, month, iranian_year, event_type, province, sex).",
    ),
    event_type: list[str] = typer.Option(
        ["execution"], "--event-type", help="Workspace: event types to estimate (repeatable)."
    ),
    workspace: Path | None = WorkspaceOption,
    stratum: list[str] = typer.Option(
        [], "--stratum", help="A column of the CSV that labels strata (repeatable)."
    ),
    method: MethodChoice = typer.Option(MethodChoice.all, "--method", help="Estimator(s)."),
    seed: int = typer.Option(0, "--seed", help="Random seed (LCMCR); same seed, same result."),
    criterion: CriterionChoice = typer.Option(
        CriterionChoice.aic, "--criterion", help="Log-linear model weights."
    ),
    select: bool = typer.Option(
        False, "--select", help="Log-linear: use the best model instead of averaging."
    ),
    k: int = typer.Option(10, "--k", help="LCMCR: most latent classes."),
    burn_in: int = typer.Option(10_000, "--burn-in", help="LCMCR: scans discarded."),
    samples: int = typer.Option(1_000, "--samples", help="LCMCR: posterior draws kept."),
    thin: int = typer.Option(100, "--thin", help="LCMCR: scans per kept draw."),
    json_out: Path | None = typer.Option(None, "--json", help="Write the estimates as JSON."),
    csv_out: Path | None = typer.Option(None, "--csv", help="Write the estimates as CSV."),
) -> None:
    """Estimate how many cases no list documented, from a capture-history table.

    Example: paymaan estimate --counts histories.csv --method all --seed 1 --json out.json
    """
    from paymaan.estimate import (
        METHODS,
        EstimateSettings,
        estimate_counts_csv,
        estimates_to_csv,
        estimates_to_json,
    )

    settings = EstimateSettings(
        criterion=criterion.value, average=not select, k=k, burn_in=burn_in,
        samples=samples, thin=thin,
    )  # fmt: skip
    methods = METHODS if method is MethodChoice.all else (method.value,)
    if counts is None:  # the workspace's newest linkage run; estimates are stored
        from paymaan.estimate.stage import estimate_workspace

        stored = estimate_workspace(
            open_workspace(workspace), by=[b.strip() for b in by.split(",") if b.strip()],
            event_types=event_type, methods=methods, seed=seed, settings=settings,
        )  # fmt: skip
        estimates = stored.estimates
        console.print(f"Estimate run {stored.run_id} (cases of linkage run {stored.link_run_id}).")
    else:
        estimates = estimate_counts_csv(counts, stratum, methods, seed, settings)
    if json_out is not None:
        json_out.write_text(estimates_to_json(estimates) + "\n", encoding="utf-8")
    if csv_out is not None:
        csv_out.write_text(estimates_to_csv(estimates), encoding="utf-8")
    console.print(_render(estimates))
    for e in estimates:
        console.print(e.summary(), highlight=False, markup=False, soft_wrap=True)


def _render(estimates: list[Estimate]) -> Table:
    from paymaan.estimate import format_count

    table = Table(title="Estimated totals")
    for column in ("stratum", "method", "documented", "estimate", "interval", "model", "warnings"):
        table.add_column(column)
    for e in estimates:
        model = str(e.models[0].get("name", "")) if e.models else ""
        interval = ""
        if e.estimate is not None:
            interval = f"{format_count(e.lower)}–{format_count(e.upper)}"
        cells = (
            e.label(), e.method, format_count(e.observed), format_count(e.estimate),
            interval, model, "; ".join(e.warnings) or (e.error or ""),
        )  # fmt: skip
        table.add_row(*(escape(c) for c in cells))
    return table
