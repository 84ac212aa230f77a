"""`paymaan link` and `paymaan review` through Typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from paymaan.cli import app, main
from paymaan.link import LinkResult


@pytest.fixture(scope="module")
def records(
    tmp_path_factory: pytest.TempPathFactory, sample: tuple[pd.DataFrame, pd.DataFrame]
) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("link")
    frame, truth = sample
    frame.to_parquet(folder / "records.parquet")
    rows = frame[["source", "source_record_id", "record_id"]].merge(truth, on="record_id")
    rows = rows.rename(columns={"source": "monitor"}).assign(
        event_id=0, malformed=0, duplicate_of=""
    )
    rows.drop(columns="record_id").to_csv(folder / "rows.csv", index=False)
    return folder / "records.parquet", folder / "rows.csv"


def test_link_with_saved_model_writes_outputs_and_prints_metrics(
    tmp_path: Path, records: tuple[Path, Path], linked: LinkResult
) -> None:
    model = tmp_path / "model-in.json"
    model.write_text(json.dumps(linked.model))
    out = tmp_path / "run"
    result = CliRunner().invoke(
        app,
        [
            "link",
            "--records",
            str(records[0]),
            "-o",
            str(out),
            "--model",
            str(model),
            "--evaluate",
            str(records[1]),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "persons" in result.output and "script fa–latin" in result.output
    assert "B-cubed" in result.output
    for name in (
        "cases.parquet",
        "person_records.parquet",
        "review.parquet",
        "model.json",
        "config.json",
    ):
        assert (out / name).is_file()
    cases = pd.read_parquet(out / "cases.parquet")
    assert cases["n_sources"].min() >= 1


def test_review_then_link_applies_the_decision(
    tmp_path: Path, records: tuple[Path, Path], linked: LinkResult
) -> None:
    model = tmp_path / "model.json"
    model.write_text(json.dumps(linked.model))
    out = tmp_path / "run"
    args = ["--records", str(records[0]), "-o", str(out)]
    assert CliRunner().invoke(app, ["link", *args, "--model", str(model)]).exit_code == 0
    queue = pd.read_parquet(out / "review.parquet")
    first = queue.iloc[0]
    result = CliRunner().invoke(app, ["review", *args, "--actor", "ana"], input="r\nq\n")
    assert result.exit_code == 0, result.output
    assert "1 rejected" in result.output
    decisions = (out / "decisions.jsonl").read_text().splitlines()
    assert json.loads(decisions[0])["decision"] == "cannot_link"
    assert CliRunner().invoke(app, ["link", *args, "--model", str(model)]).exit_code == 0
    persons = pd.read_parquet(out / "person_records.parquet").set_index("record_id")["person_id"]
    assert persons[int(first.record_id_a)] != persons[int(first.record_id_b)]


def test_user_mistakes_are_clear_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["link", "--records", str(tmp_path / "nope.parquet")]) == 6
    assert "no such file" in " ".join(capsys.readouterr().err.split())
    assert (
        main(
            [
                "review",
                "--records",
                str(tmp_path / "x.parquet"),
                "-o",
                str(tmp_path),
                "--actor",
                "ana",
            ]
        )
        == 6
    )
    assert "no review queue" in " ".join(capsys.readouterr().err.split())
    bad = tmp_path / "r.csv"
    bad.write_text("record_id,source\n1,a\n")
    assert main(["link", "--records", str(bad), "--threshold", "2"]) == 2
    capsys.readouterr()
    assert main(["link", "--records", str(bad), "--train-records", "10"]) == 2
    assert "--train-records must be at least 1000" in capsys.readouterr().err
