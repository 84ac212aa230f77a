"""The estimate stage on a workspace: linked cases in, estimates per stratum stored.

:func:`estimate_workspace` takes the cases of the newest linkage run (or a given one),
derives the stratum columns asked for (``year``, ``month``, ``quarter``,
``iranian_year`` from each case's date; ``event_type``, ``province``, ``sex`` as they
are), runs :func:`paymaan.estimate.estimate_cases` and stores every estimate with its
run and an audit entry.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from paymaan.errors import ConfigError
from paymaan.estimate import METHODS, Estimate, EstimateSettings, estimate_cases
from paymaan.link.stage import latest_run_id, read_cases
from paymaan.normalize.dates import gregorian_to_jalali
from paymaan.store import audit
from paymaan.store.runs import recorded_run
from paymaan.store.schema import EstimateRow
from paymaan.workspace import Workspace, current_actor

__all__ = ["DERIVED_STRATA", "WorkspaceEstimates", "estimate_workspace", "with_strata"]

DERIVED_STRATA = ("year", "quarter", "month", "iranian_year")
CASE_STRATA = ("event_type", "province", "sex", "charge", "grounds", "ethnicity")


@dataclass
class WorkspaceEstimates:
    """What a workspace estimation produced."""

    run_id: int
    link_run_id: int
    estimates: list[Estimate]


def with_strata(cases: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """A copy of *cases* with the derived stratum columns in *by* added.

    Raises:
        ConfigError: a stratum that is neither derived nor a case column.
    """
    out = cases.copy()
    start = pd.to_datetime(out["date_start"])
    for name in by:
        if name == "year":
            out[name] = start.dt.year.astype("Int64").astype(str)
        elif name == "month":
            out[name] = start.dt.strftime("%Y-%m")
        elif name == "quarter":
            out[name] = (
                start.dt.year.astype("Int64").astype(str)
                + "-Q"
                + start.dt.quarter.astype("Int64").astype(str)
            )
        elif name == "iranian_year":
            out[name] = [
                "unknown" if pd.isna(d) else str(gregorian_to_jalali(d.date())[0]) for d in start
            ]
        elif name not in CASE_STRATA:
            raise ConfigError(
                f"--by {name}: not a stratum",
                hint="Use " + ", ".join((*DERIVED_STRATA, *CASE_STRATA)) + ".",
            )
    return out


def _finite(value: float | None) -> float | None:
    return None if value is None or math.isinf(value) or math.isnan(value) else float(value)


def estimate_workspace(
    workspace: Workspace,
    *,
    by: Sequence[str] = ("year", "event_type"),
    event_types: Sequence[str] = ("execution",),
    methods: Sequence[str] = METHODS,
    seed: int = 0,
    settings: EstimateSettings | None = None,
    link_run_id: int | None = None,
    actor: str | None = None,
) -> WorkspaceEstimates:
    """Estimate totals per stratum from the workspace's linked cases and store them.

    Args:
        workspace: the open workspace.
        by: stratum columns (derived: year, quarter, month, iranian_year; or case columns).
        event_types: event types to estimate (empty: all).
        methods: ``loglinear`` and/or ``lcmcr``.
        seed: random seed (LCMCR).
        settings: estimator settings.
        link_run_id: the linkage run (default: the newest).
        actor: who runs it.

    Raises:
        InputError: no linkage run yet.
        ConfigError: an unknown stratum or method.
    """
    actor = actor or current_actor()
    store = workspace.open_store()
    try:
        link_run_id = link_run_id or latest_run_id(store)
        cases = read_cases(store, link_run_id)
        assert link_run_id is not None
        if event_types:
            cases = cases[cases["event_type"].isin(list(event_types))]
        cases = with_strata(cases, by)
        settings = settings or EstimateSettings()
        config = {
            "by": list(by),
            "event_types": list(event_types),
            "methods": list(methods),
            "seed": seed,
            "settings": dataclasses.asdict(settings),
            "link_run": link_run_id,
        }
        with recorded_run(
            store, "estimate", actor=actor, inputs={"link_run": link_run_id}, config=config
        ) as handle:
            estimates = estimate_cases(
                cases, by=list(by), methods=methods, seed=seed, settings=settings
            )
            rows: list[dict[str, Any]] = [
                {
                    "run_id": handle.id,
                    "stratum": dict(e.stratum),
                    "method": e.method,
                    "observed": e.observed,
                    "estimate": _finite(e.estimate),
                    "lower": _finite(e.lower),
                    "upper": _finite(e.upper),
                    "details": {
                        "lists": list(e.lists),
                        "upper_unbounded": e.upper is not None and math.isinf(e.upper),
                        "warnings": list(e.warnings),
                        "error": e.error,
                        "summary": e.summary(),
                    },
                }
                for e in estimates
            ]
            with store.transaction() as session:
                if rows:
                    session.execute(EstimateRow.__table__.insert(), rows)  # type: ignore[attr-defined]
                audit.append(
                    session,
                    actor=actor,
                    action="estimate",
                    object=f"run:{handle.id}",
                    details={"estimates": len(rows), "by": list(by)},
                )
            handle.message = f"{len(rows)} estimates"
        workspace.record_audit_head(store)
        return WorkspaceEstimates(handle.id, link_run_id, estimates)
    finally:
        store.dispose()
