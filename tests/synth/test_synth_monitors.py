"""Monitors: heterogeneous coverage, realistic overlap, files their mappings describe."""

from __future__ import annotations

import json
import math
import re
from importlib import resources
from pathlib import Path
from typing import Any

import jdatetime
import numpy as np
import openpyxl
import pandas as pd
import pytest
import yaml

from paymaan.synth import SynthResult, capture_probability, default_profiles, profiles

VOCAB = yaml.safe_load(resources.files("paymaan.data").joinpath("vocab.yaml").read_text("utf-8"))
VOCAB_SECTION = {
    "event_type": "event_types",
    "sex": "sexes",
    "charge": "charges",
    "grounds": "grounds",
    "ethnicity": "ethnicities",
    "evidence": "evidence_levels",
}
RECORD_FIELDS = {
    "source_record_id",
    "full_name",
    "first_name",
    "surname",
    "father_name",
    "national_id",
    "contact",
    "witness",
    "source_details",
    "narrative",
    "sex",
    "age",
    "birth_year",
    "ethnicity",
    "event_type",
    "event_date",
    "report_date",
    "province",
    "city",
    "prison",
    "charge",
    "grounds",
    "evidence",
    "outlet",
    "public",
}


def read_export(folder: Path, mapping: dict[str, Any]) -> pd.DataFrame:
    """Read a monitor's export the way its mapping says, every cell as text."""
    (path,) = [p for p in folder.iterdir() if p.name not in {"mapping.yaml", "source.json"}]
    if mapping["format"] == "csv":
        return pd.read_csv(
            path,
            sep=mapping["delimiter"],
            encoding=mapping["encoding"],
            dtype=str,
            keep_default_na=False,
        )
    if mapping["format"] == "jsonl":
        lines = path.read_text(encoding=mapping["encoding"]).splitlines()
        return pd.DataFrame([json.loads(line) for line in lines]).fillna("").astype(str)
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = [row for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return pd.DataFrame(rows[1:], columns=rows[0]).fillna("").astype(str)


@pytest.fixture(scope="module")
def exports(default_output: SynthResult) -> dict[str, tuple[dict[str, Any], pd.DataFrame]]:
    out = {}
    for key in default_output.monitors:
        folder = Path(default_output.out_dir) / "monitors" / key
        mapping = yaml.safe_load((folder / "mapping.yaml").read_text(encoding="utf-8"))
        out[key] = (mapping, read_export(folder, mapping))
    return out


def test_a_quarter_to_a_half_of_executions_go_undocumented(default_output: SynthResult) -> None:
    assert 0.25 <= default_output.undocumented_executions_share <= 0.5


def test_coverage_is_heterogeneous(truth: dict[str, pd.DataFrame]) -> None:
    capture = truth["monitor_capture"]
    events = truth["events"].set_index("event_id")
    executions = capture[capture["event_type"] == "execution"].copy()
    executions["media"] = events.loc[executions["event_id"], "media"].to_numpy()
    executions["official"] = events.loc[executions["event_id"], "official"].to_numpy()

    def rate(monitor: str, mask: pd.Series) -> float:
        return float((executions.loc[mask, monitor] == "1").mean())

    kurdish_provinces = executions["province"].isin(["IR-12", "IR-05", "IR-04"])
    baluchestan = executions["province"] == "IR-11"
    assert rate("zagros-rights", kurdish_provinces) > 5 * rate("zagros-rights", baluchestan)
    media = executions["media"] == "1"
    assert rate("global-rights-wire", media) > 4 * rate("global-rights-wire", ~media)
    official = executions["official"] == "1"
    assert rate("gallows-watch", official) > 1.8 * rate("gallows-watch", ~official)
    # Lists overlap, but no monitor sees everything.
    counts = executions["n_monitors"].astype(int)
    assert (counts >= 2).mean() > 0.15
    for monitor in ("didban-daily", "gallows-watch", "zagros-rights", "global-rights-wire"):
        assert 0.02 < (executions[monitor] == "1").mean() < 0.7


def test_default_monitors_cover_every_file_layout(default_output: SynthResult) -> None:
    profiles = default_profiles()
    layouts = {(p.file_format, p.encoding, p.delimiter) for p in profiles}
    assert ("csv", "utf-8-sig", ";") in layouts
    assert ("csv", "utf-8", ",") in layouts
    assert {"xlsx", "jsonl"} <= {p.file_format for p in profiles}
    assert {p.calendar for p in profiles} == {"jalali", "gregorian"}
    assert {p.digits for p in profiles} >= {"persian", "arabic", "latin"}
    bom_file = Path(default_output.out_dir) / "monitors" / "zagros-rights" / "zagros_cases.csv"
    assert bom_file.read_bytes().startswith(b"\xef\xbb\xbf")
    for key in default_output.monitors:
        info = json.loads(
            (Path(default_output.out_dir) / "monitors" / key / "source.json").read_text("utf-8")
        )
        assert set(info) >= {"name", "alias", "anonymous", "description"}
    anonymous = [
        json.loads(
            (Path(default_output.out_dir) / "monitors" / k / "source.json").read_text("utf-8")
        )["anonymous"]
        for k in default_output.monitors
    ]
    assert any(anonymous) and not all(anonymous)


def test_each_mapping_describes_its_own_file(
    exports: dict[str, tuple[dict[str, Any], pd.DataFrame]], truth: dict[str, pd.DataFrame]
) -> None:
    rows = truth["rows"]
    for key, (mapping, table) in exports.items():
        assert mapping["version"] == 1 and mapping["source"] == key
        assert set(mapping["fields"]) <= RECORD_FIELDS
        assert {"source_record_id", "event_type", "event_date"} <= set(mapping["fields"])
        columns = {spec["column"] for spec in mapping["fields"].values() if "column" in spec}
        assert columns == set(table.columns), key
        well_formed = rows.loc[rows["monitor"] == key, "malformed"].to_numpy() == "0"
        assert len(table) == len(well_formed)
        for name, spec in mapping["fields"].items():
            if "value" in spec:
                assert spec["value"] in VOCAB[VOCAB_SECTION[name]]
            if "values" not in spec:
                continue
            assert set(spec["values"].values()) <= set(VOCAB[VOCAB_SECTION[name]]), (key, name)
            used = set(table.loc[well_formed, spec["column"]]) - {""}
            assert used <= set(spec["values"]), (key, name, used - set(spec["values"]))
        event_words = set(table.loc[~well_formed, mapping["fields"]["event_type"]["column"]])
        reasons = set(
            rows.loc[(rows["monitor"] == key) & (rows["malformed"] == "1"), "malformed_reason"]
        )
        if reasons & {"unknown_event_type", "missing_event_type"}:
            assert event_words - set(mapping["fields"]["event_type"]["values"])


def _gregorian(text: str, calendar: str) -> str | None:
    digits = text.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789"))
    match = re.fullmatch(r"(\d{4})[/-](\d{2})[/-](\d{2})", digits)
    if not match:
        return None
    y, m, d = (int(g) for g in match.groups())
    if calendar == "jalali":
        return jdatetime.date(y, m, d).togregorian().isoformat()
    return f"{y:04d}-{m:02d}-{d:02d}"


def test_full_dates_convert_back_to_the_event_date(
    exports: dict[str, tuple[dict[str, Any], pd.DataFrame]], truth: dict[str, pd.DataFrame]
) -> None:
    events = truth["events"].set_index("event_id")
    for key, (mapping, table) in exports.items():
        rows = truth["rows"][truth["rows"]["monitor"] == key].reset_index(drop=True)
        exact = (
            (rows["date_shift_days"] == "0")
            & (rows["month_only"] == "0")
            & (rows["malformed"] == "0")
        )
        column = mapping["fields"]["event_date"]["column"]
        checked = 0
        for i in rows.index[exact][:300]:
            converted = _gregorian(table.loc[i, column], mapping["calendar"])
            if converted is None:  # "5 March 2024" style: checked by month below
                assert (
                    str(pd.Timestamp(events.loc[rows.loc[i, "event_id"], "date"]).year)
                    in table.loc[i, column]
                )
                continue
            assert converted == events.loc[rows.loc[i, "event_id"], "date"], (key, i)
            checked += 1
        assert checked > 0 or mapping["calendar"] == "gregorian"


def _fold(text: str) -> str:
    return text.replace("ي", "ی").replace("ك", "ک").replace("\u200c", "").replace(" ", "")


def test_persian_names_are_the_persons_names_up_to_script_variants(
    exports: dict[str, tuple[dict[str, Any], pd.DataFrame]], truth: dict[str, pd.DataFrame]
) -> None:
    persons = truth["persons"].set_index("person_id")
    for key, (mapping, table) in exports.items():
        if mapping["script"] != "fa":
            continue
        rows = truth["rows"][truth["rows"]["monitor"] == key].reset_index(drop=True)
        clean = (rows["typo"] == "0") & (rows["names_swapped"] == "0") & (rows["person_id"] != "")
        surname_column = mapping["fields"]["surname"]["column"]
        shown = table.loc[clean, surname_column].map(_fold)
        expected = persons.loc[rows.loc[clean, "person_id"], "surname_fa"].map(_fold).to_numpy()
        assert (shown.to_numpy() == expected).all(), key
        arabic = table[surname_column].str.contains("[يك]").mean()
        assert arabic > 0 or key == "zagros-rights"


def test_capture_probability_is_one_minus_exp_of_the_hazard() -> None:
    daily = default_profiles()[0]
    events = pd.DataFrame(
        {
            "event_type": ["execution", "execution", "flogging"],
            "province": ["IR-23", "IR-11", "IR-23"],
            "ethnicity": ["persian", "baluch", "persian"],
            "grounds": ["criminal", "criminal", "criminal"],
            "charge": ["drug_related", "drug_related", "other"],
            "media": [1, 0, 1],
            "official": [0, 1, 0],
            "sex": ["male", "male", "male"],
            "visibility": [1.0, 2.0, 1.0],
        }
    )
    p = capture_probability(daily, events)
    # Tehran, in the media: h = 0.26 (execution) x 1.4 (IR-23) x 2.0 (media) = 0.728.
    assert math.isclose(p[0], 1 - math.exp(-0.728), rel_tol=1e-12)
    # Sistan and Baluchestan, announced, twice as visible: h = 0.26 x 0.5 x 1.5 x 2 = 0.39.
    assert math.isclose(p[1], 1 - math.exp(-0.39), rel_tol=1e-12)
    # A type the monitor does not document at all.
    assert p[2] == 0.0
    assert np.all((p >= 0) & (p < 1))


def test_more_than_five_monitors_are_distinct_variations() -> None:
    chosen = profiles(8, np.random.default_rng(0))
    assert len({p.key for p in chosen}) == 8
    assert len({p.file_name for p in chosen}) == 8
    base = default_profiles()
    for generated in chosen[5:]:
        template = next(
            b
            for b in base
            if b.file_format == generated.file_format and b.columns == generated.columns
        )
        ratios = {generated.hazard[k] / template.hazard[k] for k in template.hazard}
        assert len({round(r, 9) for r in ratios}) == 1
        assert 0.5 <= ratios.pop() <= 1.5
