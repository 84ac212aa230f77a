"""The public data package: tables, Frictionless descriptor, small-cell suppression."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paymaan.errors import ConfigError, InputError
from paymaan.report import ReportInput, load_previous_report
from paymaan.report.package import figure_rows, suppress_cells, write_data_package


def test_primary_and_secondary_suppression() -> None:
    # 3 is below 5; alone, it would be total - 40 - 12, so the smallest other (12) goes too.
    assert suppress_cells([("a", 3), ("b", 40), ("c", 12)], 5) == {"a", "c"}
    # Two primary cells protect each other: no secondary cell needed.
    assert suppress_cells([("a", 1), ("b", 2), ("c", 9)], 5) == {"a", "b"}
    # Zero names no one and is never withheld for itself.
    assert suppress_cells([("a", 0), ("b", 40)], 5) == set()
    assert suppress_cells([("a", 4), ("b", 5)], 5) == {"a", "b"}
    assert suppress_cells([("a", 4)], 5) == {"a"}
    assert suppress_cells([("a", 4), ("b", 1)], 1) == set()


@given(
    st.dictionaries(st.text(min_size=1, max_size=5), st.integers(0, 50), max_size=8),
    st.integers(1, 10),
)
def test_no_lone_withheld_cell(cells: dict[str, int], threshold: int) -> None:
    withheld = suppress_cells(sorted(cells.items()), threshold)
    assert {s for s, n in cells.items() if 0 < n < threshold} <= withheld
    # A single withheld cell among several could be recovered from the total.
    assert len(withheld) != 1 or len(cells) == 1


def test_public_rows_withhold_small_strata_but_not_totals(report_input: ReportInput) -> None:
    rows = figure_rows(report_input, public=True, threshold=5)
    executions = [r for r in rows if r["indicator_id"] == "executions"]
    # IR-30 has 3 executions every month: withheld, and with it the smallest other stratum.
    small = [r for r in executions if r["stratum"] == "province=IR-30"]
    assert small and all(r["suppressed"] == "true" and r["documented"] == "" for r in small)
    assert all(
        sum(r["suppressed"] == "true" for r in executions if r["period_label"] == p) == 2
        for p in {r["period_label"] for r in executions}
    )
    totals = [r for r in executions if r["stratum"] == "all"]
    assert [r["documented"] for r in totals] == ["71", "84", "102", "97", "110", "120"]
    assert all(r["suppressed"] == "false" for r in totals)
    internal = figure_rows(report_input, public=False)
    assert all(r["suppressed"] == "false" for r in internal)
    with pytest.raises(ConfigError):
        figure_rows(report_input, public=True, threshold=0)


def test_package_describes_its_files_and_recomputes_the_report(
    report_input: ReportInput, tmp_path: Path
) -> None:
    paths = write_data_package(report_input, tmp_path / "data", public=True)
    assert [p.name for p in paths] == ["datapackage.json", "figures.csv", "sources.csv"]
    descriptor = json.loads((tmp_path / "data" / "datapackage.json").read_text("utf-8"))
    assert descriptor["profile"] == "tabular-data-package"
    assert descriptor["created"] == "2025-11-03T09:30:00+00:00"
    for resource in descriptor["resources"]:
        data = (tmp_path / "data" / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["bytes"] == len(data)
        header = data.decode("utf-8").splitlines()[0].split(",")
        assert header == [f["name"] for f in resource["schema"]["fields"]]
    with (tmp_path / "data" / "figures.csv").open(encoding="utf-8") as handle:
        totals = {
            (r["indicator_id"], r["period_label"]): r
            for r in csv.DictReader(handle)
            if r["stratum"] == "all"
        }
    for record in report_input.assessments:
        row = totals[(record.indicator_id, record.period_label)]
        assert int(row["documented"]) == record.documented and row["status"] == record.status
    sources = (tmp_path / "data" / "sources.csv").read_text("utf-8")
    assert "Source K" in sources and "Kurdistan Witness Network" not in sources


def test_previous_report_round_trip(report_input: ReportInput, tmp_path: Path) -> None:
    write_data_package(report_input, tmp_path / "data", public=False)
    (tmp_path / "manifest.json").write_text(
        json.dumps({"run_id": "run-1", "finished_at": "2025-11-03T09:30:00+00:00"})
    )
    previous = load_previous_report(tmp_path)
    assert previous.run_id == "run-1"
    assert len(previous.figures) == len(report_input.assessments)
    with pytest.raises(InputError, match="not a report folder"):
        load_previous_report(tmp_path / "data")
