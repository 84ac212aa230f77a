"""The workspace commands: arguments, output, exit codes, no tracebacks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paymaan.cli import app

runner = CliRunner()


def test_init_status_and_audit_verify(tmp_path: Path, passphrase: str) -> None:
    ws = tmp_path / "ws"
    result = runner.invoke(app, ["init", str(ws)])
    assert result.exit_code == 0, result.output
    assert "Created workspace" in result.output
    result = runner.invoke(app, ["status", "--workspace", str(ws)])
    assert result.exit_code == 0 and "audit entries" in result.output
    result = runner.invoke(app, ["audit", "verify", "-w", str(ws)])
    assert result.exit_code == 0 and "1 entries" in result.output


def test_no_workspace_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAYMAAN_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 3
    assert "not a paymaan workspace" in result.output
    assert "Traceback" not in result.output


def test_wrong_passphrase_exit_code_and_message(
    tmp_path: Path, passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = tmp_path / "ws"
    runner.invoke(app, ["init", str(ws)])
    monkeypatch.setenv("PAYMAAN_PASSPHRASE", "wrong passphrase")
    monkeypatch.setenv("PAYMAAN_NEW_PASSPHRASE", "another passphrase")
    result = runner.invoke(app, ["keys", "rotate-passphrase", "-w", str(ws)])
    assert result.exit_code == 5
    assert "wrong passphrase" in result.output and "Traceback" not in result.output
    assert "wrong passphrase" not in (ws / "paymaan.toml").read_text()


def test_audit_verify_names_the_tampered_entry(tmp_path: Path, passphrase: str) -> None:
    ws = tmp_path / "ws"
    runner.invoke(app, ["init", str(ws)])
    runner.invoke(app, ["db", "upgrade", "-w", str(ws)])
    with sqlite3.connect(ws / "paymaan.db") as connection:
        connection.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1")
    result = runner.invoke(app, ["audit", "verify", "-w", str(ws)])
    assert result.exit_code == 7
    assert "entry 1 (edited)" in result.output


def test_db_upgrade_on_a_current_database_says_so(tmp_path: Path, passphrase: str) -> None:
    ws = tmp_path / "ws"
    runner.invoke(app, ["init", str(ws)])
    result = runner.invoke(app, ["db", "upgrade", "-w", str(ws)])
    assert result.exit_code == 0 and "already at schema" in result.output


def test_config_lists_every_setting(tmp_path: Path, passphrase: str) -> None:
    ws = tmp_path / "ws"
    runner.invoke(app, ["init", str(ws)])
    result = runner.invoke(app, ["config", "-w", str(ws)])
    assert result.exit_code == 0
    for key in ("database.url", "linkage.match_threshold", "report.suppression_threshold"):
        assert key in result.output


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("paymaan ")
