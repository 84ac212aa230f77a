"""Evaluation: pairwise and B-cubed metrics against hand-counted pairs."""

from __future__ import annotations

import pandas as pd
import pytest

from paymaan.errors import InputError
from paymaan.link import evaluate, truth_from_rows


def test_metrics_match_hand_counts() -> None:
    # truth: persons X = {1,2,3} (sources a,b,c; scripts fa,latin,latin), Y = {4,5}
    # predicted: P = {1,2}, Q = {3,4,5}
    pred = pd.DataFrame(
        {
            "record_id": [1, 2, 3, 4, 5],
            "person_id": ["P", "P", "Q", "Q", "Q"],
            "source": ["a", "b", "c", "a", "b"],
            "script": ["fa", "latin", "latin", "fa", "latin"],
        }
    )
    truth = pd.DataFrame({"record_id": [1, 2, 3, 4, 5], "person_id": ["X"] * 3 + ["Y"] * 2})
    m = evaluate(pred, truth)
    # true pairs: X has 3 (12,13,23), Y has 1 (45) -> 4. predicted: P 1 (12), Q 3 -> 4.
    # true positives: 12 and 45 -> 2.  precision = recall = 2/4.
    assert (m.pairwise.true_positive, m.pairwise.predicted, m.pairwise.actual) == (2, 4, 4)
    assert m.f1 == pytest.approx(0.5)
    # B-cubed precision per record: 1:1, 2:1, 3:1/3, 4:2/3, 5:2/3 -> mean 11/15
    # B-cubed recall per record: 1:2/3, 2:2/3, 3:1/3, 4:1, 5:1 -> mean 11/15
    assert m.bcubed_precision == pytest.approx(11 / 15)
    assert m.bcubed_recall == pytest.approx(11 / 15)
    # Persian-Latin pairs: true 12, 45, (13? 1 fa,3 latin: yes) -> 3; predicted 12, 34, 45 -> 3;
    # true positives 12, 45 -> 2
    fa_latin = m.by_script_pair[("fa", "latin")]
    assert (fa_latin.true_positive, fa_latin.predicted, fa_latin.actual) == (2, 3, 3)
    # latin-latin: true 23; predicted 35; none right
    assert m.by_script_pair[("latin", "latin")].true_positive == 0
    # source a-b: true 12, 45; predicted 12, 45 -> perfect
    assert m.by_source_pair[("a", "b")].f1 == 1.0
    assert {r["scope"] for r in m.rows()} >= {"overall", "script fa–latin", "source a–b"}


def test_truth_rows_are_matched_by_monitor_and_source_record_id() -> None:
    records = pd.DataFrame(
        {"record_id": [10, 11], "source": ["m1", "m2"], "source_record_id": ["7", "7"]}
    )
    rows = pd.DataFrame(
        {
            "monitor": ["m2", "m1"],
            "source_record_id": ["7", "7"],
            "person_id": [5, 6],
            "event_id": [1, 2],
        }
    )
    assert truth_from_rows(rows, records).set_index("record_id")["person_id"].to_dict() == {
        10: 6,
        11: 5,
    }
    with pytest.raises(InputError, match="none of the records"):
        truth_from_rows(rows.assign(monitor="zz"), records)
    with pytest.raises(InputError, match="lacks columns"):
        truth_from_rows(rows.drop(columns="monitor"), records)
