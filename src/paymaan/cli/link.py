"""Commands of the link stage: ``paymaan link`` and ``paymaan review``."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from paymaan.cli._common import console

_OUT_HELP = "Run folder: outputs, model.json and decisions.jsonl."


def _metrics_table(metrics: object) -> Table:
    from paymaan.link import Metrics

    assert isinstance(metrics, Metrics)
    table = Table(title=f"Linkage accuracy ({metrics.n_records:,} records)")
    for name in ("scope", "true pairs", "predicted pairs", "precision", "recall", "F1"):
        table.add_column(name, justify="left" if name == "scope" else "right")
    for row in metrics.rows():
        table.add_row(
            str(row["scope"]),
            f"{row['true_pairs']:,}",
            f"{row['predicted_pairs']:,}",
            *(f"{float(row[k]):.4f}" for k in ("precision", "recall", "f1")),  # type: ignore[arg-type]
        )
    table.add_row(
        "B-cubed",
        "",
        "",
        f"{metrics.bcubed_precision:.4f}",
        f"{metrics.bcubed_recall:.4f}",
        f"{metrics.bcubed_f1:.4f}",
    )
    return table


def link(
    records: Path = typer.Option(..., "--records", help="Record frame (Parquet or CSV)."),
    out: Path = typer.Option(Path("link-run"), "--out", "-o", help=_OUT_HELP, file_okay=False),
    threshold: float = typer.Option(0.9, help="Match probability that makes one person."),
    review_lower: float = typer.Option(0.5, help="Lower end of the review band."),
    review_upper: float = typer.Option(0.95, help="Upper end (exclusive) of the review band."),
    tolerance_days: int = typer.Option(7, help="Dates this many days apart are one event."),
    engine: str = typer.Option("duckdb", help="duckdb, or spark (needs the spark extra)."),
    model: Path | None = typer.Option(None, help="Reuse a trained model.json (no training)."),
    decisions: Path | None = typer.Option(None, help="Decisions file [OUT/decisions.jsonl]."),
    evaluate: Path | None = typer.Option(None, "--evaluate", help="Synthetic truth/rows.csv."),
    seed: int = typer.Option(20250419, help="Seed of Splink's random sampling."),
) -> None:
    """Link records into persons and cases.

    Example: paymaan link --records r.parquet -o run --evaluate truth/rows.csv
    """
    from paymaan.link import LinkConfig
    from paymaan.link.files import link_files

    config = LinkConfig(threshold, review_lower, review_upper, tolerance_days, engine, seed)  # type: ignore[arg-type]
    with console.status("linking") as status:
        outcome = link_files(
            records,
            out,
            config=config,
            model=model,
            decisions=decisions,
            truth=evaluate,
            progress=lambda step: status.update(f"linking: {step}"),
        )
    r = outcome.result
    console.print(
        f"{len(r.person_records):,} records → {r.person_records['person_id'].nunique():,} persons,"
        f" {len(r.cases):,} cases, {len(r.conflicts):,} conflicts,"
        f" {len(r.review):,} pairs to review; written to {out}"
    )
    if outcome.metrics is not None:
        console.print(_metrics_table(outcome.metrics))


def review(
    out: Path = typer.Option(Path("link-run"), "--out", "-o", help=_OUT_HELP, file_okay=False),
    records: Path = typer.Option(..., "--records", help="The record frame the run linked."),
    actor: str = typer.Option(..., "--actor", help="Your name, recorded with each decision."),
    decisions: Path | None = typer.Option(None, help="Decisions file [OUT/decisions.jsonl]."),
) -> None:
    """Decide uncertain pairs: a accept, r reject, s skip, q quit.

    Example: paymaan review -o run --records r.parquet --actor ana
    """
    from paymaan.link.files import start_review

    summary = start_review(out, records, actor=actor, decisions=decisions, console=console)
    console.print(
        f"{summary.accepted} accepted, {summary.rejected} rejected, {summary.skipped} skipped,"
        f" {summary.remaining} left; run `paymaan link` again to apply them."
    )


def register(app: typer.Typer) -> None:
    """Add this stage's commands to *app*."""
    app.command("link")(link)
    app.command("review")(review)
