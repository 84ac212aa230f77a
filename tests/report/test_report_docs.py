"""docs/reports.md documents every report command and option; the public surface is pinned."""

from __future__ import annotations

from pathlib import Path

import typer.main

import paymaan.report
from paymaan.cli import app

DOCS = Path(__file__).resolve().parents[2] / "docs" / "reports.md"


def test_every_report_command_and_option_is_documented() -> None:
    text = DOCS.read_text("utf-8")
    group = typer.main.get_command(app).commands["report"]  # type: ignore[attr-defined]
    commands = {"report": group, **{f"report {n}": c for n, c in group.commands.items()}}
    for name, command in commands.items():
        assert f"paymaan {name}" in text, name
        for param in command.params:
            for option in param.opts:
                if option.startswith("--") and option != "--help":
                    assert f"`{option}" in text, (name, option)


def test_public_surface() -> None:
    assert {"build_report", "verify_report", "ReportInput", "ReportOutput"} <= set(
        paymaan.report.__all__
    )
    for name in paymaan.report.__all__:
        assert hasattr(paymaan.report, name), name
