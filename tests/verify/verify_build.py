"""Small builders for verify tests: cases, indicators, agreements, coverage."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from paymaan.verify import (
    Agreement,
    Commitment,
    Coverage,
    EvidenceRule,
    Filter,
    Indicator,
    Target,
    Text,
    national_provinces,
    prepare_cases,
)

T = Text("x", "x")
ZERO = Target("eq", 0)
NATIONAL = Coverage.from_declarations(
    [{"source": s, "from": "2020-01-01", "to": "2030-01-01"} for s in ("A", "B", "C")]
)


def case(
    case_id: str,
    event_type: str,
    day: date,
    sources: dict[str, str] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A case row; *sources* maps source → evidence level (default: A and B, media)."""
    sources = sources if sources is not None else {"A": "media", "B": "media"}
    return {
        "case_id": case_id,
        "person_id": fields.pop("person_id", f"p-{case_id}"),
        "event_type": event_type,
        "date_start": day,
        "date_end": fields.pop("date_end", day),
        "date_precision": fields.pop("date_precision", "day"),
        "charge": fields.pop("charge", None),
        "grounds": fields.pop("grounds", None),
        "sex": fields.pop("sex", None),
        "age": fields.pop("age", None),
        "ethnicity": fields.pop("ethnicity", None),
        "province": fields.pop("province", "IR-23"),
        "sources": sorted(sources),
        "evidence": dict(sources),
        "conflict": fields.pop("conflict", False),
        **fields,
    }


def frame(*rows: dict[str, Any]) -> pd.DataFrame:
    """Prepared cases frame from rows (an empty frame keeps the columns)."""
    if not rows:
        empty = pd.DataFrame([case("x", "execution", date(2000, 1, 1))]).iloc[0:0]
        return prepare_cases(empty)
    return prepare_cases(pd.DataFrame(list(rows)))


def indicator(
    kind: str = "flow",
    event_types: tuple[str, ...] = ("execution",),
    target: Target | None = ZERO,
    evidence: EvidenceRule | None = None,
    min_sources: int = 2,
    estimate: bool = False,
    **filter_fields: Any,
) -> Indicator:
    part = filter_fields.pop("part", None)
    exits = filter_fields.pop("exit_event_types", ("release", "execution", "death_in_custody"))
    stale = filter_fields.pop("stale_after_days", None)
    return Indicator(
        id=f"i-{kind}",
        commitment_id="c",
        kind=kind,  # type: ignore[arg-type]
        title=T,
        filter=Filter(event_types=event_types, **filter_fields)
        if kind != "structural"
        else Filter(),
        target=target,
        part=part,
        exit_event_types=exits,
        evidence=evidence or EvidenceRule(),
        min_covering_sources=min_sources,
        estimate=estimate,
        stale_after_days=stale,
    )


def agreement(
    *indicators: Indicator, effective: date = date(2025, 1, 1), attestations: tuple = ()
) -> Agreement:
    return Agreement(
        id="test",
        title=T,
        effective_date=effective,
        commitments=(Commitment("c", T, tuple(indicators)),),
        attestations=attestations,
    )


def provinces_except(*codes: str) -> list[str]:
    return [p for p in national_provinces() if p not in codes]
