"""The terminal review: two records side by side, in both scripts; a/r/s/q.

The session is built from the library's :func:`~paymaan.link.decisions.next_review_pair`
and :func:`~paymaan.link.decisions.record_decision`, so the web UI decides pairs the
same way. Keys: ``a`` accept (same person: must-link), ``r`` reject (different
persons: cannot-link), ``s`` skip, ``q`` quit; each followed by Enter.

Example:
    >>> summary = review_session(queue, records, log, actor="ana")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from rich.console import Console
from rich.table import Table

from paymaan.errors import InputError
from paymaan.link.decisions import DecisionLog, ReviewPair, next_review_pair, record_decision

__all__ = ["ReviewSummary", "pair_table", "review_session"]

_SHOWN = (
    ("source", "source"),
    ("source_record_id", "source id"),
    ("script", "script"),
    ("first_name", "given name"),
    ("surname", "surname"),
    ("full_name", "full name"),
    ("first_name_latin", "given (latin)"),
    ("surname_latin", "surname (latin)"),
    ("father_name", "father"),
    ("father_name_latin", "father (latin)"),
    ("sex", "sex"),
    ("age", "age"),
    ("birth_year", "birth year"),
    ("event_type", "event"),
    ("event_date_start", "date from"),
    ("event_date_end", "date to"),
    ("event_date_precision", "precision"),
    ("province", "province"),
    ("city", "city"),
    ("prison", "prison"),
    ("charge", "charge"),
)
_KEYS = {"a": "must_link", "r": "cannot_link"}


@dataclass
class ReviewSummary:
    """What a review session did."""

    accepted: int = 0
    rejected: int = 0
    skipped: int = 0
    remaining: int = 0


def _cell(value: Any) -> str:
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return "—"
    return str(value)


def pair_table(pair: ReviewPair, records: pd.DataFrame) -> Table:
    """A Rich table of the two records of *pair*, field by field.

    Args:
        pair: the pair to show.
        records: the record frame indexed by ``record_id``.

    Returns:
        A table; rows whose values differ are marked with ``≠``.

    Raises:
        InputError: a record of the pair is not in *records*.
    """
    for rid in (pair.record_id_a, pair.record_id_b):
        if rid not in records.index:
            raise InputError(
                f"record {rid} of the review queue is not among the records",
                hint="Review with the same records the linkage run used.",
            )
    a, b = records.loc[pair.record_id_a], records.loc[pair.record_id_b]
    probability = (
        "not scored" if pd.isna(pair.match_probability) else f"{pair.match_probability:.3f}"
    )
    table = Table(
        title=f"{pair.reason} · match probability {probability} · {pair.remaining} to review",
        show_lines=False,
    )
    table.add_column("field")
    table.add_column(f"record {pair.record_id_a}")
    table.add_column(f"record {pair.record_id_b}")
    table.add_column("")
    for column, label in _SHOWN:
        if column not in records.columns:
            continue
        left, right = _cell(a[column]), _cell(b[column])
        if left == right == "—":
            continue
        table.add_row(label, left, right, "" if left == right else "≠")
    return table


def review_session(
    queue: pd.DataFrame,
    records: pd.DataFrame,
    log: DecisionLog,
    *,
    actor: str,
    console: Console | None = None,
    ask: Callable[[str], str] | None = None,
) -> ReviewSummary:
    """Show undecided pairs one by one and record the reviewer's decisions.

    Args:
        queue: the review queue of a linkage run.
        records: the record frame (indexed by ``record_id`` or with that column).
        log: where decisions go; decided pairs are not shown again.
        actor: who reviews (recorded with each decision).
        console: where to draw (default: the terminal).
        ask: reads one answer (default: ``console.input``).

    Returns:
        A :class:`ReviewSummary`.

    Raises:
        InputError: the queue names records that are not in *records*.
    """
    console = console or Console()
    read = ask or (lambda prompt: console.input(prompt))
    if "record_id" in records.columns:
        records = records.set_index("record_id", drop=False)
    summary = ReviewSummary()
    skipped: set[tuple[int, int]] = set()
    while (pair := next_review_pair(queue, log.load(), skipped=skipped)) is not None:
        console.print(pair_table(pair, records))
        try:
            answer = read("[a]ccept same person, [r]eject, [s]kip, [q]uit: ").strip().lower()
        except EOFError:
            answer = "q"
        if answer == "q":
            summary.remaining = pair.remaining
            return summary
        if answer in _KEYS:
            record_decision(log, pair.record_id_a, pair.record_id_b, _KEYS[answer], actor=actor)
            summary.accepted += answer == "a"
            summary.rejected += answer == "r"
        elif answer == "s":
            skipped.add((pair.record_id_a, pair.record_id_b))
            summary.skipped += 1
        else:
            console.print("Type a, r, s or q.")
    return summary
