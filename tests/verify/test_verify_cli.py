"""``paymaan verify`` and ``paymaan verify check-agreement``: arguments, output, exit codes."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner
from verify_world import make_world

import paymaan.verify
from paymaan.cli import app

runner = CliRunner()
DOCS = Path(__file__).parents[2] / "docs" / "commitments.md"


@pytest.fixture(scope="module")
def cases_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cases") / "cases.parquet"
    make_world(seed=3, start=date(2025, 1, 1)).cases.to_parquet(path)
    return path


def test_check_agreement_lists_indicators() -> None:
    result = runner.invoke(app, ["verify", "check-agreement", "rome-2025"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert (
        "c1-political-prisoners-held" in result.output
        and "valid: 5 commitments, 18 indicators" in result.output
    )


def test_check_agreement_reports_errors_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nid: Bad Id\n", encoding="utf-8")
    result = runner.invoke(app, ["verify", "check-agreement", str(bad)], env={"COLUMNS": "300"})
    assert result.exit_code == 6  # InputError
    assert "bad.yaml" in result.output and "at id (line 2)" in result.output
    assert "Traceback" not in result.output


def test_verify_writes_json_and_a_summary(cases_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "run.json"
    args = ["verify", "--cases", str(cases_file), "--agreement", "death-penalty-moratorium",
            "--period", "quarter", "--as-of", "2026-01-10", "--estimate", "none",
            "--json", str(out)]  # fmt: skip
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "latest assessed period per indicator" in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["run"]["agreement_id"] == "death-penalty-moratorium"
    assert (
        data["run"]["settings"]["period_kind"] == "quarter"
        and len(data["run"]["cases_sha256"]) == 64
    )
    statuses = {row["status"] for row in data["assessments"]}
    assert statuses <= {"met", "not_met", "cannot_verify", "pending"} and "not_met" in statuses


def test_verify_option_errors(
    cases_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without --cases the cases come from the workspace; here there is none.
    monkeypatch.delenv("PAYMAAN_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["verify"])
    assert result.exit_code == 3 and "not a paymaan workspace" in result.output
    result = runner.invoke(app, ["verify", "--cases", str(cases_file), "--as-of", "10/01/2026"])
    assert result.exit_code == 2 and "--as-of '10/01/2026': not a date" in result.output


def test_public_surface_is_declared() -> None:
    for name in paymaan.verify.__all__:
        assert hasattr(paymaan.verify, name), name
    assert {
        "assess",
        "Assessment",
        "Period",
        "periods",
        "load_agreement",
        "Coverage",
        "verify",
    } <= set(paymaan.verify.__all__)


def test_docs_name_every_option_of_the_commands() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    for args in (["verify", "--help"], ["verify", "check-agreement", "--help"]):
        help_text = runner.invoke(app, args, env={"COLUMNS": "200"}).output
        for option in set(re.findall(r"--[a-z][a-z-]+", help_text)) - {"--help"}:
            assert f"`{option}" in docs, f"{option} is not documented in docs/commitments.md"
