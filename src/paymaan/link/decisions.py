"""Reviewers' decisions and the review queue.

A :class:`Decision` says that two records are the same person (``must_link``) or not
(``cannot_link``). Decisions always override the model: clustering joins every
must-link pair and never lets a cannot-link pair end in one person
(:mod:`paymaan.link.cluster`). For one pair, the latest decision wins, so a reviewer can
change their mind; every decision stays in the log (the store's audit chain records
it too).

The review queue holds the pairs a reviewer should look at: pairs whose match
probability falls in the uncertainty band, and pairs behind a conflict (a person with
two executions). :func:`next_review_pair` and :func:`record_decision` are what the
terminal UI (``paymaan review``) and the web UI both call.

Example:
    >>> log = MemoryDecisionLog()
    >>> _ = record_decision(log, 1, 2, "cannot_link", actor="ana")
    >>> decision_constraints(log.load())
    ([], [(1, 2)])
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal, Protocol

import pandas as pd

from paymaan.errors import InputError

__all__ = [
    "DECISIONS",
    "Decision",
    "DecisionLog",
    "JsonlDecisionLog",
    "MemoryDecisionLog",
    "ReviewPair",
    "decision_constraints",
    "next_review_pair",
    "record_decision",
    "review_pairs",
]

DecisionKind = Literal["must_link", "cannot_link"]
DECISIONS: tuple[DecisionKind, ...] = ("must_link", "cannot_link")
REVIEW_COLUMNS = ("record_id_a", "record_id_b", "match_probability", "reason")


@dataclass(frozen=True)
class Decision:
    """A reviewer's decision about a pair of records.

    Attributes:
        record_id_a: the smaller record id.
        record_id_b: the larger record id.
        decision: ``must_link`` or ``cannot_link``.
        actor: who decided.
        note: why, optionally.
        decided_at: when (UTC, ISO 8601).
    """

    record_id_a: int
    record_id_b: int
    decision: DecisionKind
    actor: str
    note: str | None = None
    decided_at: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat())


class DecisionLog(Protocol):
    """Where decisions are kept: the store in a workspace, a file, or memory."""

    def load(self) -> list[Decision]:
        """Every decision, oldest first."""
        ...

    def append(self, decision: Decision) -> None:
        """Keep one more decision."""
        ...


class MemoryDecisionLog:
    """Decisions kept in a list (tests, the web UI's session)."""

    def __init__(self, decisions: Iterable[Decision] = ()) -> None:
        self._decisions = list(decisions)

    def load(self) -> list[Decision]:
        """Every decision, oldest first."""
        return list(self._decisions)

    def append(self, decision: Decision) -> None:
        """Keep one more decision."""
        self._decisions.append(decision)


class JsonlDecisionLog:
    """Decisions appended to a JSON Lines file (one decision a line, never rewritten)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> list[Decision]:
        """Every decision in the file, oldest first.

        Raises:
            InputError: a line is not a decision.
        """
        if not self.path.exists():
            return []
        out = []
        for number, line in enumerate(self.path.read_text("utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                out.append(Decision(**json.loads(line)))
            except (TypeError, ValueError) as error:
                raise InputError(
                    f"{self.path}, line {number}: not a link decision ({error})",
                    hint="Fix or remove the line; decisions are one JSON object a line.",
                ) from error
        return out

    def append(self, decision: Decision) -> None:
        """Append one decision to the file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(asdict(decision), ensure_ascii=False) + "\n")


def record_decision(
    log: DecisionLog,
    record_id_a: int,
    record_id_b: int,
    decision: str,
    *,
    actor: str,
    note: str | None = None,
) -> Decision:
    """Record a reviewer's decision about two records.

    Args:
        log: where decisions are kept.
        record_id_a: one record.
        record_id_b: the other record.
        decision: ``must_link`` or ``cannot_link``.
        actor: who decides (recorded).
        note: why, optionally.

    Returns:
        The :class:`Decision` kept (record ids ordered, smaller first).

    Raises:
        InputError: an unknown decision, no actor, or a record paired with itself.

    Example:
        >>> record_decision(MemoryDecisionLog(), 9, 4, "must_link", actor="ana").record_id_a
        4
    """
    if decision not in DECISIONS:
        raise InputError(f"unknown decision {decision!r}", hint="Use must_link or cannot_link.")
    if not actor.strip():
        raise InputError("a decision needs the name of who made it", hint="Pass --actor NAME.")
    a, b = int(record_id_a), int(record_id_b)
    if a == b:
        raise InputError(f"record {a} cannot be linked with itself")
    kind: DecisionKind = "must_link" if decision == "must_link" else "cannot_link"
    made = Decision(min(a, b), max(a, b), kind, actor.strip(), note)
    log.append(made)
    return made


def decision_constraints(
    decisions: Sequence[Decision],
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Must-link and cannot-link pairs; for one pair the latest decision wins.

    Args:
        decisions: oldest first, as :meth:`DecisionLog.load` returns them.

    Returns:
        ``(must_link, cannot_link)``, each a sorted list of ``(smaller, larger)`` ids.
    """
    latest: dict[tuple[int, int], str] = {}
    for d in decisions:
        latest[(min(d.record_id_a, d.record_id_b), max(d.record_id_a, d.record_id_b))] = d.decision
    must = sorted(p for p, k in latest.items() if k == "must_link")
    cannot = sorted(p for p, k in latest.items() if k == "cannot_link")
    return must, cannot


def review_pairs(
    pairs: pd.DataFrame,
    *,
    lower: float,
    upper: float,
    conflicts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The review queue: pairs in the uncertainty band and pairs behind conflicts.

    Args:
        pairs: scored pairs (``record_id_l``, ``record_id_r``, ``match_probability``).
        lower: the band's lower bound (inclusive).
        upper: the band's upper bound (exclusive).
        conflicts: from case consolidation; each conflict's records are queued in pairs.

    Returns:
        Columns ``record_id_a``, ``record_id_b``, ``match_probability``, ``reason``;
        conflicts first, then the most uncertain pairs (closest to 0.5) first.
    """
    band = pairs[(pairs["match_probability"] >= lower) & (pairs["match_probability"] < upper)]
    queue = pd.DataFrame(
        {
            "record_id_a": band["record_id_l"].astype("int64"),
            "record_id_b": band["record_id_r"].astype("int64"),
            "match_probability": band["match_probability"].astype(float),
            "reason": "uncertain match",
        }
    )
    rows = []
    if conflicts is not None and len(conflicts):
        score = {
            (int(a), int(b)): float(p)
            for a, b, p in pairs[["record_id_l", "record_id_r", "match_probability"]].itertuples(
                index=False
            )
        }
        for conflict in conflicts.itertuples():
            ids = sorted(int(r) for r in conflict.record_ids)
            for i, a in enumerate(ids):
                for b in ids[i + 1 :]:
                    rows.append((a, b, score.get((a, b), float("nan")), str(conflict.conflict)))
    flagged = pd.DataFrame(rows, columns=list(REVIEW_COLUMNS))
    queue = queue.assign(_order=(queue["match_probability"] - 0.5).abs())
    queue = queue.sort_values(["_order", "record_id_a", "record_id_b"]).drop(columns="_order")
    parts = [p for p in (flagged, queue) if len(p)]
    if not parts:
        return pd.DataFrame(columns=list(REVIEW_COLUMNS))
    out = pd.concat(parts, ignore_index=True)
    return out.drop_duplicates(["record_id_a", "record_id_b"]).reset_index(drop=True)


@dataclass(frozen=True)
class ReviewPair:
    """A pair to show a reviewer.

    Attributes:
        record_id_a: one record.
        record_id_b: the other record.
        match_probability: the model's probability (NaN when the pair was not scored).
        reason: why the pair is in the queue.
        remaining: pairs still undecided in the queue, this one included.
    """

    record_id_a: int
    record_id_b: int
    match_probability: float
    reason: str
    remaining: int


def next_review_pair(
    queue: pd.DataFrame,
    decisions: Sequence[Decision],
    *,
    skipped: Iterable[tuple[int, int]] = (),
) -> ReviewPair | None:
    """The next undecided pair of the review queue, or ``None`` when all are decided.

    Args:
        queue: from :func:`review_pairs`.
        decisions: decisions made so far (decided pairs are not shown again).
        skipped: pairs skipped in this session.

    Returns:
        A :class:`ReviewPair`, or ``None``.
    """
    done = {
        (min(d.record_id_a, d.record_id_b), max(d.record_id_a, d.record_id_b)) for d in decisions
    }
    done |= {(min(a, b), max(a, b)) for a, b in skipped}
    open_rows = [
        row
        for row in queue.itertuples(index=False)
        if (int(row.record_id_a), int(row.record_id_b)) not in done
    ]
    if not open_rows:
        return None
    row = open_rows[0]
    return ReviewPair(
        int(row.record_id_a),
        int(row.record_id_b),
        float(row.match_probability),
        str(row.reason),
        len(open_rows),
    )
