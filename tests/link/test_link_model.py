"""The Splink model end to end on the sample frame: recall, accuracy, hard pairs, decisions."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pyarrow as pa

from paymaan.link import Decision, LinkConfig, LinkResult, build_features, evaluate, run
from paymaan.link.model import BLOCKING_KEYS, training_sample
from paymaan.link.sample import sample_frame


def _true_pairs(truth: pd.DataFrame) -> set[tuple[int, int]]:
    pairs = truth.merge(truth, on="person_id")
    pairs = pairs[pairs["record_id_x"] < pairs["record_id_y"]]
    return set(zip(pairs["record_id_x"], pairs["record_id_y"], strict=True))


def test_blocking_rules_keep_recall_high(sample: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    frame, truth = sample
    features = build_features(frame)
    candidates: set[tuple[int, int]] = set()
    for keys in BLOCKING_KEYS:
        part = features.dropna(subset=list(keys))[["unique_id", *keys]]
        joined = part.merge(part, on=list(keys))
        joined = joined[joined["unique_id_x"] < joined["unique_id_y"]]
        candidates |= set(zip(joined["unique_id_x"], joined["unique_id_y"], strict=True))
    true = _true_pairs(truth)
    assert len(true & candidates) / len(true) >= 0.99
    # and blocking is selective: far fewer candidates than all pairs
    n = len(features)
    assert len(candidates) < 0.01 * n * (n - 1) / 2


def test_accuracy_overall_and_across_scripts(
    linked: LinkResult, sample: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    m = evaluate(linked.person_records, sample[1])
    assert m.f1 >= 0.97
    assert m.by_script_pair[("fa", "latin")].f1 >= 0.95
    assert m.bcubed_f1 >= 0.97


def _extra_records() -> pd.DataFrame:
    """Hard pairs for one new person each: swapped names, month-only date, two scripts."""
    base = {
        "sex": "male",
        "event_type": "execution",
        "province": "IR-12",
        "charge": "moharebeh",
        "evidence": "media",
        "public": False,
        "age": 31,
    }
    day = dt.date(2024, 3, 5)
    rows = [
        # swapped given name and surname (Persian source), exact date
        base
        | {
            "record_id": 9001,
            "source": "hrana",
            "script": "fa",
            "first_name": "زندی",
            "surname": "بهروز",
            "first_name_latin": "zandi",
            "surname_latin": "behrouz",
            "first_name_skeleton": "znd",
            "surname_skeleton": "bhrz",
            "father_name_skeleton": "kzm",
            "father_name_latin": "kazem",
            "name_tokens": ["bhrz", "znd"],
            "event_date_start": day,
            "event_date_end": day,
            "event_date_precision": "day",
        },
        base
        | {
            "record_id": 9002,
            "source": "hengaw",
            "script": "latin",
            "first_name": "Behrooz",
            "surname": "Zandi",
            "first_name_latin": "behrooz",
            "surname_latin": "zandi",
            "first_name_skeleton": "bhrz",
            "surname_skeleton": "znd",
            "father_name_skeleton": "kzm",
            "father_name_latin": "kazem",
            "name_tokens": ["bhrz", "znd"],
            "event_date_start": day,
            "event_date_end": day,
            "event_date_precision": "day",
        },
        # month-only (Esfand 1402) Persian record and exact-date Latin record
        base
        | {
            "record_id": 9003,
            "source": "kurdpa",
            "script": "fa",
            "first_name": "شاهو",
            "surname": "پیرانی",
            "first_name_latin": "shahou",
            "surname_latin": "pirani",
            "first_name_skeleton": "shh",
            "surname_skeleton": "prn",
            "name_tokens": ["prn", "shh"],
            "event_date_start": dt.date(2024, 2, 20),
            "event_date_end": dt.date(2024, 3, 19),
            "event_date_precision": "month",
        },
        base
        | {
            "record_id": 9004,
            "source": "ihrngo",
            "script": "latin",
            "first_name": "Shahu",
            "surname": "Pirani",
            "first_name_latin": "shahu",
            "surname_latin": "pirani",
            "first_name_skeleton": "shh",
            "surname_skeleton": "prn",
            "name_tokens": ["prn", "shh"],
            "event_date_start": day,
            "event_date_end": day,
            "event_date_precision": "day",
        },
    ]
    return pd.DataFrame(rows)


def test_swapped_names_and_month_only_dates_link_with_the_saved_model(
    linked: LinkResult, sample: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    model = json.loads(json.dumps(linked.model))  # the model survives JSON
    frame = pd.concat([sample[0], _extra_records()], ignore_index=True)
    result = run(frame, model=model)
    person = result.person_records.set_index("record_id")["person_id"]
    assert person[9001] == person[9002]
    assert person[9003] == person[9004]
    assert person[9001] != person[9003]
    case = result.cases[result.cases["record_ids"].map(lambda ids: 9003 in ids)].iloc[0]
    assert case.record_ids == [9003, 9004]
    assert (case.date_start, case.date_end, case.date_precision) == (
        dt.date(2024, 3, 5),
        dt.date(2024, 3, 5),
        "day",
    )


def test_person_executed_twice_is_one_person_with_a_flagged_conflict(
    linked: LinkResult, sample: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    truth = sample[1]
    twice = truth[truth["person_id"] == 0]["record_id"].tolist()  # sample's person 0
    persons = linked.person_records.set_index("record_id").loc[twice, "person_id"]
    assert persons.nunique() == 1
    flagged = linked.cases[linked.cases["person_id"] == persons.iloc[0]]
    flagged = flagged[flagged["event_type"] == "execution"]
    assert len(flagged) == 2
    assert flagged["conflict"].str.contains("second execution").all()
    assert persons.iloc[0] in set(linked.conflicts["person_id"])
    assert set(twice) <= set(linked.review["record_id_a"]) | set(linked.review["record_id_b"])


def test_decisions_override_the_model(
    linked: LinkResult, sample: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    pairs = linked.pairs
    strong = pairs[pairs["match_probability"] > 0.999].iloc[0]
    a, b = int(strong.record_id_l), int(strong.record_id_r)
    people = linked.person_records.set_index("record_id")["person_id"]
    loners = people[~people.duplicated(keep=False)].index[:2].tolist()
    decisions = [
        Decision(a, b, "cannot_link", "ana"),
        Decision(loners[0], loners[1], "must_link", "ana"),
    ]
    again = run(sample[0], model=linked.model, decisions=decisions, config=LinkConfig(seed=1))
    person = again.person_records.set_index("record_id")["person_id"]
    assert person[a] != person[b]
    assert person[loners[0]] == person[loners[1]]
    # the model alone, reused, reproduces the first run exactly
    same = run(sample[0], model=linked.model)
    assert same.person_records.equals(linked.person_records)


def test_a_model_from_another_version_is_a_config_error(
    linked: LinkResult, sample: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    import pytest

    from paymaan.errors import ConfigError
    from paymaan.link.model import model_for_dialect

    broken = json.loads(json.dumps(linked.model))
    broken["comparisons"] = broken["comparisons"][1:]
    with pytest.raises(ConfigError, match="does not fit"):
        model_for_dialect(broken, "duckdb")
    # the trained parameters are carried over exactly
    again = model_for_dialect(linked.model, "duckdb")
    levels = [
        lvl.get("m_probability") for c in again["comparisons"] for lvl in c["comparison_levels"]
    ]
    trained = [
        lvl.get("m_probability")
        for c in linked.model["comparisons"]
        for lvl in c["comparison_levels"]
    ]
    assert levels == trained


def test_training_sample_is_uniform_and_reproducible() -> None:
    table = pa.table({"unique_id": list(range(10_000))})
    assert training_sample(table, 20_000, seed=1) is table
    first = training_sample(table, 3_000, seed=1).column("unique_id").to_pylist()
    again = training_sample(table, 3_000, seed=1).column("unique_id").to_pylist()
    other = training_sample(table, 3_000, seed=2).column("unique_id").to_pylist()
    assert first == again != other
    assert len(set(first)) == 3_000 and first == sorted(first)
    # uniform: each tenth of the ids holds about a tenth of the sample
    per_tenth = np.bincount(np.asarray(first) // 1_000, minlength=10)
    assert per_tenth.min() > 240 and per_tenth.max() < 360


def test_a_model_trained_on_a_sample_of_records_links_them_all() -> None:
    frame, truth = sample_frame(1_200, seed=3)
    assert len(frame) > 2_500
    result = run(frame, config=LinkConfig(max_train_records=1_000))
    assert set(result.person_records["record_id"]) == set(frame["record_id"])
    m = evaluate(result.person_records, truth)
    assert m.f1 >= 0.97 and m.by_script_pair[("fa", "latin")].f1 >= 0.95
