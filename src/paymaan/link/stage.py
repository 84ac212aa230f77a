"""The link stage on a workspace: records from the store in, persons and cases back.

:func:`link_workspace` reads the record frame (names decrypted in memory only), runs
:func:`paymaan.link.run` with the reviewers' decisions from the store, and writes the
run's persons, cases, review queue and trained model in one transaction, with an audit
entry. :class:`StoreDecisionLog` keeps decisions in the store (``link_decisions``) and
audits each one; it is what ``paymaan review`` and the web UI use.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from rich.console import Console
from sqlalchemy import func, select, update

from paymaan.crypto import UnlockedKeys
from paymaan.errors import InputError
from paymaan.link import (
    Decision,
    LinkConfig,
    LinkResult,
    Metrics,
    ReviewSummary,
    evaluate_against_truth_file,
    review_session,
    run,
)
from paymaan.store import Store, audit
from paymaan.store.frames import read_record_frame
from paymaan.store.runs import recorded_run
from paymaan.store.schema import (
    Case,
    CaseRecord,
    LinkDecision,
    PersonRecord,
    Record,
    ReviewItem,
    Run,
)
from paymaan.workspace import Workspace, current_actor

__all__ = [
    "StoreDecisionLog",
    "WorkspaceLink",
    "latest_run_id",
    "link_workspace",
    "read_cases",
    "review_workspace",
]


class StoreDecisionLog:
    """Reviewers' decisions in the store; each append is audited in the same transaction."""

    def __init__(self, store: Store, *, on_change: Callable[[], None] | None = None) -> None:
        self.store = store
        self.on_change = on_change

    def load(self) -> list[Decision]:
        """Every decision, oldest first."""
        with self.store.transaction() as session:
            rows = session.execute(select(LinkDecision).order_by(LinkDecision.id)).scalars().all()
            return [
                Decision(
                    r.record_id_a,
                    r.record_id_b,
                    r.decision,  # type: ignore[arg-type]
                    r.actor,
                    r.note,
                    r.decided_at.isoformat(),
                )
                for r in rows
            ]

    def append(self, decision: Decision) -> None:
        """Store one decision, mark the pair decided in open review queues, audit it."""
        a, b = decision.record_id_a, decision.record_id_b
        with self.store.transaction() as session:
            exists = session.execute(
                select(func.count()).select_from(Record).where(Record.id.in_((a, b)))
            ).scalar_one()
            if exists != 2:
                raise InputError(f"records {a} and {b} are not both in this workspace")
            session.add(
                LinkDecision(
                    record_id_a=a,
                    record_id_b=b,
                    decision=decision.decision,
                    actor=decision.actor,
                    note=decision.note,
                )
            )
            session.execute(
                update(ReviewItem)
                .where(ReviewItem.record_id_a == a, ReviewItem.record_id_b == b)
                .values(status="decided")
            )
            audit.append(
                session,
                actor=decision.actor,
                action="link.decision",
                object=f"records:{a},{b}",
                details={"decision": decision.decision, "note": bool(decision.note)},
            )
        if self.on_change is not None:
            self.on_change()


@dataclass
class WorkspaceLink:
    """What a workspace linkage run produced (``metrics`` when evaluated against a truth)."""

    run_id: int
    result: LinkResult
    records: int
    metrics: Metrics | None = None


def latest_run_id(store: Store, stage: str = "link") -> int | None:
    """The newest successful run of *stage*, or None."""
    with store.transaction() as session:
        return session.execute(
            select(Run.id)
            .where(Run.stage == stage, Run.outcome == "succeeded")
            .order_by(Run.id.desc())
            .limit(1)
        ).scalar()


def _frame_digest(frame: pd.DataFrame) -> str:
    ids = ",".join(map(str, frame["record_id"].tolist()))
    return hashlib.sha256(ids.encode("ascii")).hexdigest()


def link_workspace(
    workspace: Workspace,
    keys: UnlockedKeys,
    *,
    config: LinkConfig | None = None,
    model: dict[str, Any] | None = None,
    truth: Path | None = None,
    progress: Callable[[str], None] | None = None,
    actor: str | None = None,
) -> WorkspaceLink:
    """Link every record of the workspace and store persons, cases and the review queue.

    Args:
        workspace: the open workspace.
        keys: unlocked keys (names are decrypted in memory for linkage).
        config: thresholds; default from paymaan.toml.
        model: a trained model to reuse (no training).
        truth: a synthetic ground truth (``truth/rows.csv``) to evaluate against; the
            metrics are stored with the run and shown in reports.
        progress: called with each step's name.
        actor: who runs it.

    Raises:
        InputError: the workspace holds no records yet.
    """
    actor = actor or current_actor()
    config = config or LinkConfig(
        threshold=workspace.config.match_threshold, review_lower=workspace.config.review_lower
    )
    store = workspace.open_store()
    try:
        frame = read_record_frame(store, keys.cipher)
        if frame.empty:
            raise InputError("the workspace has no records to link", hint="Ingest files first.")
        decisions = StoreDecisionLog(store).load()
        inputs = {"records": _frame_digest(frame), "decisions": len(decisions)}
        with recorded_run(
            store, "link", actor=actor, inputs=inputs, config=dataclasses.asdict(config)
        ) as handle:
            result = run(frame, config=config, decisions=decisions, model=model, progress=progress)
            metrics = (
                evaluate_against_truth_file(result.person_records, truth, frame)
                if truth is not None
                else None
            )
            _persist(store, handle.id, result, actor)
            handle.artifacts = {"model": result.model, "seconds": result.seconds}
            if metrics is not None:
                handle.artifacts["evaluation"] = _summary(metrics)
            handle.message = f"{result.cases.shape[0]} cases from {frame.shape[0]} records"
        workspace.record_audit_head(store)
        return WorkspaceLink(handle.id, result, int(frame.shape[0]), metrics)
    finally:
        store.dispose()


def _summary(metrics: Metrics) -> dict[str, Any]:
    """The headline figures a report prints about linkage quality."""
    out: dict[str, Any] = {
        "pairwise precision": round(metrics.precision, 4),
        "pairwise recall": round(metrics.recall, 4),
        "pairwise F1": round(metrics.f1, 4),
        "B-cubed F1": round(metrics.bcubed_f1, 4),
    }
    for row in metrics.rows():
        scope = str(row["scope"])
        if scope.startswith("script"):
            out[f"F1 {scope}"] = round(float(row["f1"]), 4)  # type: ignore[arg-type]
    return out


def review_workspace(
    workspace: Workspace,
    keys: UnlockedKeys,
    *,
    actor: str | None = None,
    console: Console | None = None,
    ask: Callable[[str], str] | None = None,
) -> ReviewSummary:
    """Review the open pairs of the newest linkage run in the terminal; decisions are
    stored and audited, and win on the next ``paymaan link``.

    Raises:
        InputError: no linkage run yet.
    """
    store = workspace.open_store()
    try:
        run_id = latest_run_id(store)
        if run_id is None:
            raise InputError("no linkage run in this workspace yet", hint="Run `paymaan link`.")
        with store.transaction() as session:
            items = session.execute(
                select(ReviewItem).where(ReviewItem.run_id == run_id, ReviewItem.status == "open")
            ).scalars()
            queue = pd.DataFrame(
                [
                    {"record_id_a": i.record_id_a, "record_id_b": i.record_id_b,
                     "match_probability": i.match_probability, "reason": i.reason}
                    for i in items
                ],
                columns=["record_id_a", "record_id_b", "match_probability", "reason"],
            )  # fmt: skip
        records = read_record_frame(store, keys.cipher)
        log = StoreDecisionLog(store, on_change=lambda: workspace.record_audit_head(store))
        return review_session(
            queue, records, log, actor=actor or current_actor(), console=console, ask=ask
        )
    finally:
        store.dispose()


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    out = frame[columns].astype(object).where(frame[columns].notna(), None).to_dict("records")
    return out  # type: ignore[no-any-return]


def _persist(store: Store, run_id: int, result: LinkResult, actor: str) -> None:
    persons = result.person_records[["record_id", "person_id"]]
    with store.transaction() as session:
        connection = session.connection()
        connection.execute(
            PersonRecord.__table__.insert(),  # type: ignore[attr-defined]
            [
                {"run_id": run_id, "record_id": int(r), "person_id": str(p)}
                for r, p in persons.itertuples(index=False)
            ],
        )
        case_pk: dict[str, int] = {}
        for row in _records(result.cases, list(result.cases.columns)):
            case = Case(
                run_id=run_id,
                case_id=str(row["case_id"]),
                person_id=str(row["person_id"]),
                event_type=row["event_type"],
                date_start=row.get("date_start"),
                date_end=row.get("date_end"),
                date_precision=row.get("date_precision"),
                sex=row.get("sex"),
                age=None if row.get("age") is None else int(row["age"]),
                ethnicity=row.get("ethnicity"),
                province=row.get("province"),
                city=row.get("city"),
                prison=row.get("prison"),
                charge=row.get("charge"),
                grounds=row.get("grounds"),
                sources=list(row.get("sources") or []),
                evidence=dict(row.get("evidence") or {}),
                n_sources=int(row.get("n_sources") or 0),
                conflict=row.get("conflict"),
                public=bool(row.get("public") or False),
            )
            session.add(case)
            session.flush()
            case_pk[case.case_id] = case.id
        if not result.case_records.empty:
            connection.execute(
                CaseRecord.__table__.insert(),  # type: ignore[attr-defined]
                [
                    {"case_pk": case_pk[str(c)], "record_id": int(r)}
                    for c, r in result.case_records[["case_id", "record_id"]].itertuples(
                        index=False
                    )
                ],
            )
        if not result.review.empty:
            connection.execute(
                ReviewItem.__table__.insert(),  # type: ignore[attr-defined]
                [
                    {
                        "run_id": run_id,
                        "record_id_a": int(a),
                        "record_id_b": int(b),
                        "match_probability": float(p),
                        "reason": reason,
                        "status": "open",
                    }
                    for a, b, p, reason in result.review[
                        ["record_id_a", "record_id_b", "match_probability", "reason"]
                    ].itertuples(index=False)
                ],
            )
        audit.append(
            session,
            actor=actor,
            action="link",
            object=f"run:{run_id}",
            details={
                "records": int(result.person_records.shape[0]),
                "persons": int(result.person_records["person_id"].nunique()),
                "cases": int(result.cases.shape[0]),
                "review_pairs": int(result.review.shape[0]),
                "conflicts": int(result.conflicts.shape[0]),
            },
        )


def read_cases(store: Store, run_id: int | None = None) -> pd.DataFrame:
    """The cases of a linkage run (default: the newest) as the cases frame.

    Raises:
        InputError: no linkage run yet.
    """
    run_id = run_id or latest_run_id(store)
    if run_id is None:
        raise InputError("no linkage run in this workspace yet", hint="Run `paymaan link` first.")
    with store.transaction() as session:
        cases = (
            session.execute(select(Case).where(Case.run_id == run_id).order_by(Case.id))
            .scalars()
            .all()
        )
        members = session.execute(
            select(Case.case_id, CaseRecord.record_id)
            .join(Case, CaseRecord.case_pk == Case.id)
            .where(Case.run_id == run_id)
        ).all()
    record_ids: dict[str, list[int]] = {}
    for case_id, record_id in members:
        record_ids.setdefault(case_id, []).append(int(record_id))
    columns = [c.name for c in Case.__table__.columns if c.name not in ("id", "run_id")]
    frame = pd.DataFrame(
        [{c: getattr(case, c) for c in columns} for case in cases], columns=columns
    )
    frame["record_ids"] = [sorted(record_ids.get(c, [])) for c in frame["case_id"]]
    return frame
