"""The ``paymaan synth`` command, its errors and its documentation."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import paymaan.synth
from paymaan.cli import app, main
from paymaan.synth import default_profiles, parse_years

DOCS = Path(__file__).resolve().parents[2] / "docs" / "synth.md"


def test_command_writes_output_and_prints_a_summary(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["synth", str(tmp_path / "out"), "--scale", "0.05", "--year", "2024", "--monitors", "3"],
    )
    assert result.exit_code == 0, result.output
    assert "gallows-watch" in result.output and "truth: execution" in result.output
    assert "documented by no monitor" in result.output
    assert sorted(p.name for p in (tmp_path / "out" / "monitors").iterdir()) == [
        "didban-daily",
        "gallows-watch",
        "zagros-rights",
    ]


def test_user_mistakes_are_one_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["synth", str(tmp_path / "a"), "--year", "2024", "--year", "2026"]) == 2
    assert "not consecutive" in capsys.readouterr().err
    assert main(["synth", str(tmp_path / "b"), "--monitors", "1"]) == 2
    assert main(["synth", str(tmp_path / "e"), "--scale", "1000"]) == 2
    assert "a million rows" in capsys.readouterr().err
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "notes.txt").write_text("mine")
    assert main(["synth", str(tmp_path / "c"), "--scale", "0.05"]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["synth", str(tmp_path / "d"), "--year", "twenty"]) == 2


def test_force_replaces_only_synth_output(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["synth", str(tmp_path), "--scale", "0.05", "--force"]) == 0
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert (tmp_path / "manifest.json").exists()


def test_years_parse_as_years_and_ranges() -> None:
    assert parse_years([]) == [2024, 2025]
    assert parse_years(["2025", "2023-2024"]) == [2023, 2024, 2025]


def test_docs_name_every_option_and_monitor() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for option in ("--seed", "--scale", "--year", "--monitors", "--force"):
        assert f"`{option}" in text, option
    for profile in default_profiles():
        assert profile.key in text, profile.key
    for field in paymaan.synth.MonitorProfile.__dataclass_fields__:
        assert f"`{field}`" in text, field


def test_public_surface() -> None:
    for name in paymaan.synth.__all__:
        assert getattr(paymaan.synth, name) is not None
