"""Decisions and review: latest decision wins, the queue, the terminal session."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from rich.console import Console

from paymaan.errors import InputError
from paymaan.link import (
    Decision,
    JsonlDecisionLog,
    MemoryDecisionLog,
    decision_constraints,
    next_review_pair,
    record_decision,
    review_pairs,
    review_session,
)


def _pairs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "record_id_l": [1, 1, 3, 5],
            "record_id_r": [2, 3, 4, 6],
            "match_probability": [0.97, 0.55, 0.8, 0.2],
        }
    )


def test_latest_decision_for_a_pair_wins() -> None:
    log = MemoryDecisionLog()
    record_decision(log, 2, 1, "must_link", actor="ana")
    record_decision(log, 1, 2, "cannot_link", actor="bob", note="different fathers")
    record_decision(log, 3, 4, "must_link", actor="ana")
    assert decision_constraints(log.load()) == ([(3, 4)], [(1, 2)])


def test_bad_decisions_are_input_errors() -> None:
    log = MemoryDecisionLog()
    with pytest.raises(InputError, match="unknown decision"):
        record_decision(log, 1, 2, "maybe", actor="ana")
    with pytest.raises(InputError, match="who made it"):
        record_decision(log, 1, 2, "must_link", actor=" ")
    with pytest.raises(InputError, match="itself"):
        record_decision(log, 1, 1, "must_link", actor="ana")
    assert log.load() == []


def test_jsonl_log_round_trips_and_reports_bad_lines(tmp_path: Path) -> None:
    log = JsonlDecisionLog(tmp_path / "d" / "decisions.jsonl")
    made = record_decision(log, 5, 4, "cannot_link", actor="ana", note="نام پدر متفاوت")
    assert JsonlDecisionLog(log.path).load() == [made]
    with log.path.open("a") as handle:
        handle.write("{not json\n")
    with pytest.raises(InputError, match="line 2"):
        log.load()


def test_queue_holds_the_band_and_conflicts_most_uncertain_first() -> None:
    conflicts = pd.DataFrame(
        {
            "person_id": ["p"],
            "case_ids": [["c1", "c2"]],
            "record_ids": [[7, 8]],
            "conflict": ["second execution"],
        }
    )
    queue = review_pairs(_pairs(), lower=0.5, upper=0.95, conflicts=conflicts)
    assert queue[["record_id_a", "record_id_b"]].values.tolist() == [[7, 8], [1, 3], [3, 4]]
    assert queue.loc[0, "reason"] == "second execution"


def test_next_pair_skips_decided_and_skipped_pairs() -> None:
    queue = review_pairs(_pairs(), lower=0.5, upper=0.95)
    first = next_review_pair(queue, [])
    assert first is not None and (first.record_id_a, first.record_id_b, first.remaining) == (
        1,
        3,
        2,
    )
    decided = [Decision(1, 3, "cannot_link", "ana")]
    second = next_review_pair(queue, decided)
    assert second is not None and (second.record_id_a, second.record_id_b) == (3, 4)
    assert next_review_pair(queue, decided, skipped=[(4, 3)]) is None


def _records() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "record_id": [1, 2, 3, 4],
            "source": ["hrana", "hengaw", "hengaw", "ihrngo"],
            "script": ["fa", "latin", "latin", "latin"],
            "first_name": ["محمد", "Mohammad", "Muhammad", "Ali"],
            "surname": ["حسینی", "Hosseini", "Hoseini", "Karimi"],
            "first_name_latin": ["mohammad", "mohammad", "muhammad", "ali"],
            "event_type": ["execution"] * 4,
        }
    )


def test_review_session_records_keys_and_stops_on_quit() -> None:
    queue = pd.DataFrame(
        {
            "record_id_a": [1, 2, 3],
            "record_id_b": [2, 3, 4],
            "match_probability": [0.6, 0.7, 0.52],
            "reason": ["uncertain match"] * 3,
        }
    )
    log = MemoryDecisionLog()
    answers = iter(["x", "a", "s", "r"])
    out = io.StringIO()
    summary = review_session(
        queue,
        _records(),
        log,
        actor="ana",
        console=Console(file=out, width=120),
        ask=lambda _p: next(answers),
    )
    assert (summary.accepted, summary.rejected, summary.skipped) == (1, 1, 1)
    assert [(d.record_id_a, d.record_id_b, d.decision) for d in log.load()] == [
        (1, 2, "must_link"),
        (3, 4, "cannot_link"),
    ]
    shown = out.getvalue()
    assert "محمد" in shown and "Mohammad" in shown and "Type a, r, s or q." in shown
    # a second session shows only the skipped pair, and q leaves it for later
    again = review_session(
        queue, _records(), log, actor="ana", console=Console(file=io.StringIO()), ask=lambda _p: "q"
    )
    assert again.remaining == 1


def test_review_of_unknown_record_is_an_input_error() -> None:
    queue = pd.DataFrame(
        {
            "record_id_a": [1],
            "record_id_b": [99],
            "match_probability": [0.6],
            "reason": ["uncertain match"],
        }
    )
    with pytest.raises(InputError, match="record 99"):
        review_session(
            queue,
            _records(),
            MemoryDecisionLog(),
            actor="ana",
            console=Console(file=io.StringIO()),
            ask=lambda _p: "a",
        )
