"""``paymaan estimate`` through the CLI's entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paymaan.cli import main

COUNTS = "A,B,C,count\n1,0,0,300\n0,1,0,200\n1,1,0,100\n0,0,1,150\n1,0,1,60\n0,1,1,40\n1,1,1,25\n"


def test_estimate_counts_writes_json_and_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    counts = tmp_path / "counts.csv"
    counts.write_text(COUNTS, encoding="utf-8")
    argv = ["estimate", "--counts", str(counts), "--seed", "4", "--burn-in", "500",
            "--samples", "200", "--thin", "2", "--json", str(tmp_path / "o.json"),
            "--csv", str(tmp_path / "o.csv")]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "all: documented 875; estimated" in out and "[lcmcr]" in out and "[loglinear]" in out
    data = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    assert [d["method"] for d in data] == ["loglinear", "lcmcr"]
    assert data[1]["models"][0]["seed"] != 4 or data[1]["models"][0]["burn_in"] == 500
    assert (tmp_path / "o.csv").read_text(encoding="utf-8").startswith("stratum,method,")


def test_estimate_one_method_with_strata(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    counts = tmp_path / "counts.csv"
    counts.write_text("year,A,B,count\n2023,1,0,30\n2023,0,1,20\n2023,1,1,10\n", encoding="utf-8")
    argv = ["estimate", "--counts", str(counts), "--stratum", "year", "--method", "loglinear"]
    assert main(argv) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "year=2023: documented 60; estimated 120 (95% interval" in out


def test_bad_counts_file_exits_with_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    counts = tmp_path / "counts.csv"
    counts.write_text("A,B,count\n1,0,5\n0,2,3\n", encoding="utf-8")
    assert main(["estimate", "--counts", str(counts)]) == 6
    err = " ".join(capsys.readouterr().err.split())  # Rich wraps long lines
    assert "row 3, column 'B'" in err


def test_every_option_is_documented() -> None:
    import typer.main

    from paymaan.cli import app

    docs = (Path(__file__).parents[2] / "docs" / "methodology.md").read_text(encoding="utf-8")
    estimate = typer.main.get_command(app).commands["estimate"]  # type: ignore[attr-defined]
    options = [o for p in estimate.params for o in p.opts if o.startswith("--")]
    assert len(options) == 15  # 12 for count tables, 3 for the workspace path
    for option in options:
        assert f"`{option}" in docs, option


def test_docstring_examples_run() -> None:
    import doctest
    import importlib

    for name in ("table", "histories", "models", "profile", "loglinear", "lcmcr",
                 "diagnostics", "result"):  # fmt: skip
        module = importlib.import_module(f"paymaan.estimate.{name}")
        failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert failures == 0, name
    failures, _ = doctest.testmod(importlib.import_module("paymaan.estimate"))
    assert failures == 0
