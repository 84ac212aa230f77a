"""The truth is internally consistent and shaped like the reality it models."""

from __future__ import annotations

import datetime as dt
from importlib import resources

import numpy as np
import pandas as pd
import yaml

from paymaan.synth import (
    POLITICAL_GROUNDS,
    SynthResult,
    generate_truth,
    load_given_names,
    load_surnames,
)
from paymaan.synth.geography import load_geography

VOCAB = yaml.safe_load(resources.files("paymaan.data").joinpath("vocab.yaml").read_text("utf-8"))
PLACES = yaml.safe_load(resources.files("paymaan.data").joinpath("places.yaml").read_text("utf-8"))


def test_every_row_maps_to_a_real_event_and_its_person(truth: dict[str, pd.DataFrame]) -> None:
    events = truth["events"].set_index("event_id")
    rows = truth["rows"]
    assert rows["event_id"].isin(events.index).all()
    assert (
        rows["person_id"].to_numpy() == events.loc[rows["event_id"], "person_id"].to_numpy()
    ).all()
    persons = set(truth["persons"]["person_id"])
    with_person = events["person_id"] != ""
    assert set(events.loc[with_person, "person_id"]) == persons


def test_record_ids_are_unique_and_duplicates_point_to_the_same_event(
    truth: dict[str, pd.DataFrame],
) -> None:
    rows = truth["rows"]
    assert not rows.duplicated(["monitor", "source_record_id"]).any()
    assert (rows["source_record_id"] != "").all()
    dups = rows[rows["duplicate_of"] != ""]
    assert len(dups) > 0
    by_id = rows.set_index(["monitor", "source_record_id"])["event_id"]
    originals = by_id.loc[list(zip(dups["monitor"], dups["duplicate_of"], strict=True))]
    assert (originals.to_numpy() == dups["event_id"].to_numpy()).all()


def test_malformed_rows_say_why(truth: dict[str, pd.DataFrame]) -> None:
    rows = truth["rows"]
    malformed = rows[rows["malformed"] == "1"]
    assert len(malformed) > 0
    assert set(malformed["malformed_reason"]) <= {
        "impossible_date",
        "unknown_event_type",
        "missing_event_type",
    }
    assert (rows.loc[rows["malformed"] == "0", "malformed_reason"] == "").all()


def test_stock_equals_arrests_minus_releases(truth: dict[str, pd.DataFrame]) -> None:
    events = truth["events"]
    stock = truth["stock"]
    political = events["grounds"].isin(POLITICAL_GROUNDS)
    entering = events["event_type"].isin(["arrest", "journalist_arrest"]) & political
    leaving = events["event_type"].isin(["release", "death_in_custody"]) & political
    start = int(stock["political_prisoners_held"].iloc[0])
    assert stock["date"].iloc[0] == "2023-12-31"
    for date, held in zip(
        stock["date"], stock["political_prisoners_held"].astype(int), strict=True
    ):
        arrived = int((entering & (events["date"] <= date)).sum())
        left = int((leaving & (events["date"] <= date)).sum())
        assert held == start + arrived - left, date
    # Month ends only: every date is the day before a first of the month.
    for date in stock["date"]:
        assert (dt.date.fromisoformat(date) + dt.timedelta(days=1)).day == 1


def test_counts_are_the_events_per_month_and_type(truth: dict[str, pd.DataFrame]) -> None:
    events = truth["events"]
    counts = truth["counts"].assign(count=lambda c: c["count"].astype(int))
    observed = events.groupby([events["date"].str[:7], "event_type"]).size()
    table = counts.set_index(["period", "event_type"])["count"]
    assert table.sum() == len(events)
    for (period, event_type), n in observed.items():
        assert table.loc[(period, event_type)] == n
    assert len(counts) == 24 * counts["event_type"].nunique()


def test_codes_come_from_the_vocabulary_and_places(truth: dict[str, pd.DataFrame]) -> None:
    events = truth["events"]
    assert set(events["event_type"]) <= set(VOCAB["event_types"])
    assert set(events["charge"]) - {""} <= set(VOCAB["charges"])
    assert set(events["grounds"]) - {""} <= set(VOCAB["grounds"])
    assert set(events["sex"]) - {""} <= set(VOCAB["sexes"])
    assert set(events["ethnicity"]) - {""} <= set(VOCAB["ethnicities"])
    assert set(events["province"]) <= set(PLACES["provinces"])
    if "prisons" in PLACES:
        # A province without a listed prison gets its central prison, "<capital>_central".
        unlisted = set(events["prison"]) - {""} - set(PLACES["prisons"])
        assert all(prison.endswith("_central") for prison in unlisted), unlisted
    if "cities" in PLACES:
        assert set(events["city"]) - {""} <= set(PLACES["cities"])


def test_executions_look_like_the_reported_ones(truth: dict[str, pd.DataFrame]) -> None:
    events = truth["events"]
    executions = events[events["event_type"] == "execution"]
    per_year = executions["date"].str[:4].value_counts()
    # Poisson(975) and Poisson(1500): four standard deviations are about 125 and 155.
    assert abs(per_year["2024"] - 975) < 125
    assert abs(per_year["2025"] - 1500) < 155
    shares = executions["charge"].value_counts(normalize=True)
    assert 0.47 < shares["drug_related"] < 0.58
    assert 0.37 < shares["qisas_murder"] < 0.48
    assert 0.015 < (executions["sex"] == "female").mean() < 0.05
    # Sistan and Baluchestan holds ~3% of Iran's people (2,900k of ~90,000k in
    # places.yaml); its prisons see far more of the executions.
    assert (executions["province"] == "IR-11").mean() > 0.1
    ages = executions["age"].astype(int)
    assert ages.min() >= 18 and 30 < ages.mean() < 45


def test_persons_have_persian_and_latin_names(truth: dict[str, pd.DataFrame]) -> None:
    persons = truth["persons"]
    for column in ("first_name_fa", "surname_fa", "father_name_fa"):
        assert persons[column].str.contains(r"^[\u0600-\u06FF\u200c ]+$").all(), column
    for column in ("first_name_latin", "surname_latin"):
        assert persons[column].str.contains(r"^[A-Za-z]+$").all(), column
    years = persons["birth_year"].astype(int)
    assert years.between(1930, 2008).all()


def test_result_summarises_the_truth(
    default_output: SynthResult, truth: dict[str, pd.DataFrame]
) -> None:
    events = truth["events"]
    for event_type, count in default_output.true_counts.items():
        assert count == int((events["event_type"] == event_type).sum())
    rows = truth["rows"].groupby("monitor").size()
    assert default_output.rows_per_monitor == {k: int(v) for k, v in rows.items()} | {}
    assert np.isclose(
        default_output.undocumented_executions_share,
        (truth["monitor_capture"].query("event_type == 'execution'")["n_monitors"] == "0").mean(),
    )


def test_volume_scales_linearly() -> None:
    def events(scale: float) -> int:
        truth = generate_truth(
            np.random.default_rng([5, 0]),
            years=[2024],
            scale=scale,
            geography=load_geography(),
            given=load_given_names(),
            surnames=load_surnames(),
        )
        return len(truth.events)

    small, large = events(0.2), events(0.6)
    # About 7,000 events a year at scale 1: Poisson noise on ~1,400 and ~4,200 events is
    # a few percent, so three times the scale gives three times the events within 10%.
    assert 2.7 < large / small < 3.3
