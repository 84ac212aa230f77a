"""Commands of the verify stage: ``paymaan verify`` and ``paymaan verify check-agreement``."""

from __future__ import annotations

from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from paymaan.cli._common import WorkspaceOption, console, open_workspace
from paymaan.errors import ConfigError

if TYPE_CHECKING:
    from paymaan.verify import VerificationRun

_STATUS_STYLE = {"met": "green", "not_met": "red", "cannot_verify": "yellow", "pending": "dim"}


class PeriodChoice(str, Enum):
    """Kind of reporting period."""

    month = "month"
    quarter = "quarter"
    year = "year"
    iranian_month = "iranian_month"
    iranian_year = "iranian_year"


class EstimateChoice(str, Enum):
    """Estimator for indicators that ask for an estimate."""

    loglinear = "loglinear"
    lcmcr = "lcmcr"
    none = "none"


verify_app = typer.Typer(
    help="Assess every commitment of an agreement, period by period.", no_args_is_help=False
)


def register(app: typer.Typer) -> None:
    """Add this stage's commands to *app*."""
    app.add_typer(verify_app, name="verify")


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{option} {value!r}: not a date", hint="Write it YYYY-MM-DD.") from None


@verify_app.callback(invoke_without_command=True)
def verify_command(
    ctx: typer.Context,
    agreement: str = typer.Option(
        "rome-2025", "--agreement", help="Agreement YAML file or built-in name."
    ),
    cases: Path | None = typer.Option(
        None, "--cases", help="Cases (.parquet or .csv).", dir_okay=False
    ),
    start: str | None = typer.Option(
        None, "--from", help="First day assessed (default: earliest case)."
    ),
    end: str | None = typer.Option(
        None, "--to", help="First day NOT assessed (default: day after --as-of)."
    ),
    period: PeriodChoice = typer.Option(PeriodChoice.month, "--period", help="Kind of period."),
    as_of: str | None = typer.Option(None, "--as-of", help="Day of assessment (default: today)."),
    coverage: Path | None = typer.Option(
        None, "--coverage", help="YAML of declared coverage.", dir_okay=False
    ),
    infer: bool = typer.Option(
        True, "--infer-coverage/--no-infer-coverage", help="Infer coverage from cases."
    ),
    max_gap_days: int = typer.Option(
        92, "--max-gap-days", help="Longest silence that still counts as watching."
    ),
    attestations: Path | None = typer.Option(
        None, "--attestations", help="YAML of attestations.", dir_okay=False
    ),
    estimate: EstimateChoice = typer.Option(
        EstimateChoice.loglinear, "--estimate", help="Estimator."
    ),
    seed: int = typer.Option(0, "--seed", help="Random seed of the estimates."),
    json_out: Path | None = typer.Option(
        None, "--json", help="Write the run and every assessment as JSON."
    ),
    workspace: Path | None = WorkspaceOption,
) -> None:
    """Assess an agreement against the cases: met, not_met, cannot_verify or pending.

    Example: paymaan verify --cases cases.parquet --period quarter --json run.json
    """
    if ctx.invoked_subcommand is not None:
        return
    from paymaan.verify import verify_files

    if cases is None:  # the workspace: the newest linkage run's cases; assessments stored
        from paymaan.verify.stage import verify_workspace

        stored = verify_workspace(
            open_workspace(workspace), agreement=agreement, as_of=_day(as_of, "--as-of"),
            period_kind=period.value, start=_day(start, "--from"), end=_day(end, "--to"),
            coverage=coverage, infer_coverage=infer, max_gap_days=max_gap_days,
            attestations=attestations, seed=seed,
            estimate_method=None if estimate is EstimateChoice.none else estimate.value,
        )  # fmt: skip
        run = stored.result
        console.print(f"Verify run {stored.run_id} (cases of linkage run {stored.link_run_id}).")
    else:
        run = verify_files(
            agreement, cases, as_of=_day(as_of, "--as-of") or date.today(),
            period_kind=period.value, start=_day(start, "--from"), end=_day(end, "--to"),
            coverage=coverage, infer_coverage=infer, max_gap_days=max_gap_days,
            attestations=attestations, seed=seed,
            estimate_method=None if estimate is EstimateChoice.none else estimate.value,
        )  # fmt: skip
    if json_out is not None:
        json_out.write_text(run.to_json() + "\n", encoding="utf-8")
    console.print(_render_run(run))


@verify_app.command("check-agreement")
def check_agreement_command(
    file: str = typer.Argument(..., help="Agreement YAML file or built-in name."),
) -> None:
    """Validate an agreement file and list its indicators.

    Example: paymaan verify check-agreement my-agreement.yaml
    """
    from paymaan.verify import describe_agreement, load_agreement

    agreement = load_agreement(file)
    title = f"{agreement.id}: {agreement.title.en} (from {agreement.effective_date})"
    table = Table(title=escape(title))
    table.add_column(
        "indicator", no_wrap=True, min_width=max(len(i.id) for i in agreement.indicators())
    )
    for column in ("kind", "counts", "target", "evidence", "estimate"):
        table.add_column(column)
    for row in describe_agreement(agreement):
        table.add_row(
            *(
                escape(row[c])
                for c in ("indicator", "kind", "counts", "target", "evidence", "estimate")
            )
        )
    console.print(table)
    console.print(
        f"valid: {len(agreement.commitments)} commitments, {len(agreement.indicators())} indicators"
    )


def _render_run(run: VerificationRun) -> Table:
    latest = {}
    for a in run.assessments:
        if a.status != "pending" or a.indicator_id not in latest:
            latest[a.indicator_id] = a
    table = Table(
        title=f"{run.agreement_id}: latest assessed period per indicator; all: {run.counts()}"
    )
    table.add_column("indicator", no_wrap=True)
    table.add_column("period", no_wrap=True)
    table.add_column("status", no_wrap=True)
    for column in ("documented", "estimate", "reason"):
        table.add_column(column)
    for a in latest.values():
        estimate = (
            ""
            if a.estimate is None
            else f"{a.estimate:,.0f} ({a.lower or 0:,.0f}–{a.upper or 0:,.0f})"
        )
        documented = "" if a.documented is None else f"{a.documented:,}"
        status = f"[{_STATUS_STYLE[a.status]}]{a.status}[/]"
        table.add_row(
            a.indicator_id, a.period.label, status, documented, estimate, escape(a.reason)
        )
    return table
