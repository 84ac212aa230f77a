"""Commands of the link stage: ``paymaan link`` and ``paymaan review``."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from paymaan.cli._common import WorkspaceOption, console, get_passphrase, open_workspace

_OUT_HELP = "Run folder: outputs, model.json and decisions.jsonl."


def _metrics_table(metrics: object) -> Table:
    from paymaan.link import Metrics

    assert isinstance(metrics, Metrics)
    table = Table(title=f"Linkage accuracy ({metrics.n_records:,} records)")
    widest = max((len(str(row["scope"])) for row in metrics.rows()), default=5)
    table.add_column("scope", no_wrap=True, min_width=widest)
    for name in ("true pairs", "predicted pairs", "precision", "recall", "F1"):
        table.add_column(name, justify="right")
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
    records: Path | None = typer.Option(
        None,
        "--records",
        help="Link a record frame file (Parquet or CSV) instead of the workspace.",
    ),
    out: Path = typer.Option(Path("link-run"), "--out", "-o", help=_OUT_HELP, file_okay=False),
    threshold: float | None = typer.Option(
        None, help="Match probability that makes one person [linkage.match_threshold]."
    ),
    review_lower: float | None = typer.Option(
        None, help="Lower end of the review band [linkage.review_lower]."
    ),
    review_upper: float = typer.Option(0.95, help="Upper end (exclusive) of the review band."),
    tolerance_days: int = typer.Option(7, help="Dates this many days apart are one event."),
    engine: str = typer.Option("duckdb", help="duckdb, or spark (needs the spark extra)."),
    model: Path | None = typer.Option(None, help="Reuse a trained model.json (no training)."),
    decisions: Path | None = typer.Option(
        None, help="With --records: decisions file [OUT/decisions.jsonl]."
    ),
    evaluate: Path | None = typer.Option(None, "--evaluate", help="Synthetic truth/rows.csv."),
    seed: int = typer.Option(20250419, help="Seed of Splink's random sampling."),
    train_records: int = typer.Option(
        300_000, help="Train on a uniform sample of this many records when there are more."
    ),
    workspace: Path | None = WorkspaceOption,
) -> None:
    """Link records into persons and cases (the workspace's records, or --records FILE).

    Example: paymaan link --evaluate synth/truth/rows.csv
    """
    from paymaan.link import LinkConfig
    from paymaan.link.files import link_files, load_model

    if records is None:
        from paymaan.link.stage import link_workspace

        ws = open_workspace(workspace)
        config = LinkConfig(
            threshold if threshold is not None else ws.config.match_threshold,
            review_lower if review_lower is not None else ws.config.review_lower,
            review_upper, tolerance_days, engine, seed,  # type: ignore[arg-type]
            max_train_records=train_records,
        )  # fmt: skip
        keys = ws.unlock(get_passphrase())
        with console.status("linking") as status:
            linked = link_workspace(
                ws, keys, config=config, model=load_model(model) if model else None,
                truth=evaluate, progress=lambda step: status.update(f"linking: {step}"),
            )  # fmt: skip
        r, metrics, where = linked.result, linked.metrics, f"linkage run {linked.run_id}"
    else:
        config = LinkConfig(
            threshold or 0.9, review_lower or 0.5, review_upper, tolerance_days, engine, seed,  # type: ignore[arg-type]
            max_train_records=train_records,
        )  # fmt: skip
        with console.status("linking") as status:
            outcome = link_files(
                records, out, config=config, model=model, decisions=decisions, truth=evaluate,
                progress=lambda step: status.update(f"linking: {step}"),
            )  # fmt: skip
        r, metrics, where = outcome.result, outcome.metrics, f"written to {out}"
    console.print(
        f"{len(r.person_records):,} records → {r.person_records['person_id'].nunique():,} persons,"
        f" {len(r.cases):,} cases, {len(r.conflicts):,} conflicts,"
        f" {len(r.review):,} pairs to review; {where}"
    )
    if metrics is not None:
        console.print(_metrics_table(metrics))


def review(
    records: Path | None = typer.Option(
        None, "--records", help="Review a file run: the record frame it linked."
    ),
    out: Path = typer.Option(Path("link-run"), "--out", "-o", help=_OUT_HELP, file_okay=False),
    actor: str | None = typer.Option(
        None, "--actor", help="Your name, recorded with each decision [$PAYMAAN_USER]."
    ),
    decisions: Path | None = typer.Option(
        None, help="With --records: decisions file [OUT/decisions.jsonl]."
    ),
    workspace: Path | None = WorkspaceOption,
) -> None:
    """Decide uncertain pairs side by side: a accept, r reject, s skip, q quit.

    Decisions are stored (and audited) in the workspace and win on the next `paymaan link`.
    Example: paymaan review
    """
    if records is None:
        from paymaan.link.stage import review_workspace

        ws = open_workspace(workspace)
        summary = review_workspace(ws, ws.unlock(get_passphrase()), actor=actor, console=console)
    else:
        from paymaan.link.files import start_review
        from paymaan.workspace import current_actor

        summary = start_review(
            out, records, actor=actor or current_actor(), decisions=decisions, console=console
        )
    console.print(
        f"{summary.accepted} accepted, {summary.rejected} rejected, {summary.skipped} skipped,"
        f" {summary.remaining} left; run `paymaan link` again to apply them."
    )


def register(app: typer.Typer) -> None:
    """Add this stage's commands to *app*."""
    app.command("link")(link)
    app.command("review")(review)
