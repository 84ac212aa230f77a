"""The verify stage on a workspace: the newest linkage run's cases in, assessments out.

:func:`verify_workspace` runs :func:`paymaan.verify.verify` on the cases of the newest
linkage run (or a given one) and stores every assessment with its run, in one
transaction with an audit entry, so that reports and the web show the same figures.
:func:`read_assessments` gives them back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select

from paymaan.link.stage import latest_run_id, read_cases
from paymaan.store import audit
from paymaan.store.runs import recorded_run
from paymaan.store.schema import Assessment as AssessmentRow
from paymaan.verify.assess import Assessment, mse_estimator
from paymaan.verify.coverage import load_coverage
from paymaan.verify.periods import PeriodKind
from paymaan.verify.run import VerificationRun, verify
from paymaan.verify.spec import load_agreement, load_attestations
from paymaan.workspace import Workspace, current_actor

__all__ = ["WorkspaceVerification", "read_assessments", "verify_workspace"]


@dataclasses.dataclass
class WorkspaceVerification:
    """What a workspace verification produced."""

    run_id: int
    link_run_id: int
    result: VerificationRun


def _row(run_id: int, a: Assessment) -> dict[str, Any]:
    coverage = None if a.coverage is None else dataclasses.asdict(a.coverage)
    return {
        "run_id": run_id,
        "agreement_id": a.agreement_id,
        "commitment_id": a.commitment_id,
        "indicator_id": a.indicator_id,
        "period_label": a.period.label,
        "period_start": a.period.start,
        "period_end": a.period.end,
        "kind": a.kind,
        "status": a.status,
        "documented": a.documented,
        "estimate": a.estimate,
        "lower": a.lower,
        "upper": a.upper,
        "coverage": coverage,
        "target": a.target,
        "reason": a.reason,
        "case_ids": list(a.case_ids),
        "pending_case_ids": list(a.pending_case_ids),
        "details": {
            "whole": a.whole,
            "estimate_method": a.estimate_method,
            "imprecise_case_ids": list(a.imprecise_case_ids),
            "counted_from": None if a.counted_from is None else a.counted_from.isoformat(),
            "document": a.document,
        },
    }


def verify_workspace(
    workspace: Workspace,
    *,
    agreement: str | Path = "rome-2025",
    as_of: dt.date | None = None,
    period_kind: PeriodKind = "month",
    start: dt.date | None = None,
    end: dt.date | None = None,
    coverage: Path | None = None,
    infer_coverage: bool = True,
    max_gap_days: int = 92,
    attestations: Path | None = None,
    estimate_method: str | None = "loglinear",
    seed: int = 0,
    link_run_id: int | None = None,
    actor: str | None = None,
) -> WorkspaceVerification:
    """Assess an agreement against the workspace's linked cases and store the assessments.

    Args:
        workspace: the open workspace.
        agreement: an agreement YAML file or a built-in name (``rome-2025``).
        as_of: the day of assessment (default: today); later periods are ``pending``.
        period_kind: ``month``, ``quarter``, ``year``, ``iranian_month``, ``iranian_year``.
        start: first day to assess (default: the earliest case).
        end: first day after the assessment (default: the day after *as_of*).
        coverage: a YAML file of declared coverage (added to what the cases show).
        infer_coverage: add the coverage inferred from the cases.
        max_gap_days: longest silence that still counts as continuous watching.
        attestations: a YAML file of attestations for structural indicators.
        estimate_method: ``loglinear`` or ``lcmcr``; ``None`` for no estimates.
        seed: seed of the estimates.
        link_run_id: the linkage run to use (default: the newest).
        actor: who runs it.

    Raises:
        InputError: no linkage run, or an invalid agreement, coverage or attestation file.
    """
    actor = actor or current_actor()
    as_of = as_of or dt.datetime.now(dt.UTC).date()
    spec = load_agreement(agreement)
    store = workspace.open_store()
    try:
        link_run_id = link_run_id or latest_run_id(store)
        cases = read_cases(store, link_run_id)
        assert link_run_id is not None  # read_cases raised otherwise
        config = {
            "agreement": spec.id,
            "agreement_ref": str(agreement),
            "as_of": as_of.isoformat(),
            "period_kind": period_kind,
            "estimate_method": estimate_method,
            "seed": seed,
            "link_run": link_run_id,
        }
        inputs = {"agreement": spec.sha256, "link_run": link_run_id}
        with recorded_run(store, "verify", actor=actor, inputs=inputs, config=config) as handle:
            result = verify(
                spec,
                cases,
                as_of=as_of,
                period_kind=period_kind,
                start=start,
                end=end,
                coverage=load_coverage(coverage) if coverage else None,
                infer_coverage=infer_coverage,
                max_gap_days=max_gap_days,
                attestations=load_attestations(attestations) if attestations else (),
                estimator=mse_estimator(estimate_method, seed) if estimate_method else None,
            )
            with store.transaction() as session:
                session.execute(
                    AssessmentRow.__table__.insert(),  # type: ignore[attr-defined]
                    [_row(handle.id, a) for a in result.assessments],
                )
                audit.append(
                    session,
                    actor=actor,
                    action="verify",
                    object=f"run:{handle.id}",
                    details={"agreement": spec.id, **result.counts()},
                )
            handle.artifacts = {"settings": result.settings, "cases_sha256": result.cases_sha256}
            handle.message = ", ".join(f"{k} {v}" for k, v in result.counts().items())
        workspace.record_audit_head(store)
        return WorkspaceVerification(handle.id, link_run_id, result)
    finally:
        store.dispose()


def read_assessments(workspace: Workspace, run_id: int | None = None) -> list[dict[str, Any]]:
    """The stored assessments of a verify run (default: the newest), as dicts.

    ``period_end`` is the period's last day (inclusive), as reports show it.
    """
    store = workspace.open_store()
    try:
        run_id = run_id or latest_run_id(store, "verify")
        if run_id is None:
            return []
        with store.transaction() as session:
            rows = session.execute(
                select(AssessmentRow)
                .where(AssessmentRow.run_id == run_id)
                .order_by(AssessmentRow.id)
            ).scalars()
            columns = [c.name for c in AssessmentRow.__table__.columns if c.name != "id"]
            out = []
            for row in rows:
                item = {c: getattr(row, c) for c in columns}
                item["period_end"] = row.period_end - dt.timedelta(days=1)
                out.append(item)
            return out
    finally:
        store.dispose()
