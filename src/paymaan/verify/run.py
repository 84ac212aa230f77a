"""One verification run: an agreement and the cases in, assessments and what made them out.

A run records the agreement file's SHA-256, a SHA-256 of the cases it read, its
settings and paymaan's version, so the store, reports and the web show the same
figures and anyone can recompute them.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from paymaan import __version__
from paymaan.verify.assess import Assessment, Estimator, assess, assessments_to_frame
from paymaan.verify.cases import prepare_cases
from paymaan.verify.coverage import Coverage
from paymaan.verify.periods import PeriodKind, periods
from paymaan.verify.spec import Agreement, Attestation

__all__ = ["VerificationRun", "cases_sha256", "describe_agreement", "verify", "verify_files"]

_HASHED_COLUMNS = (
    "case_id", "person_id", "event_type", "date_start", "date_end", "date_precision", "charge",
    "grounds", "sex", "age", "ethnicity", "province", "sources", "evidence", "conflict",
)  # fmt: skip


@dataclass(frozen=True)
class VerificationRun:
    """The result of :func:`verify`: assessments and the inputs and settings behind them."""

    agreement_id: str
    agreement_sha256: str | None
    cases_sha256: str
    cases: int
    settings: dict[str, Any]
    version: str
    assessments: tuple[Assessment, ...] = field(default_factory=tuple)

    def frame(self) -> pd.DataFrame:
        """The assessments as a frame (:func:`assessments_to_frame`)."""
        return assessments_to_frame(self.assessments)

    def counts(self) -> dict[str, int]:
        """How many assessments have each status."""
        result = {"met": 0, "not_met": 0, "cannot_verify": 0, "pending": 0}
        for a in self.assessments:
            result[a.status] += 1
        return result

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: ``run`` (inputs, settings, version) and ``assessments``."""
        rows = []
        for row in self.frame().to_dict(orient="records"):
            rows.append({key: _json_value(value) for key, value in row.items()})
        run = {key: value for key, value in asdict(self).items() if key != "assessments"}
        return {"run": run, "assessments": rows}

    def to_json(self) -> str:
        """:meth:`to_dict` as JSON text, keys sorted: the same run gives the same bytes."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1, sort_keys=True, default=str)


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, date):
        return value.isoformat()
    return value


def cases_sha256(cases: pd.DataFrame) -> str:
    """SHA-256 of the cases' contract columns, row order ignored."""
    present = [c for c in _HASHED_COLUMNS if c in cases.columns]
    columns = [cases[c].astype(str).tolist() for c in present]
    lines = sorted("\x1f".join(values) for values in zip(*columns, strict=True))
    return hashlib.sha256("\n".join([",".join(present), *lines]).encode("utf-8")).hexdigest()


def verify(
    agreement: Agreement,
    cases: pd.DataFrame,
    *,
    as_of: date,
    period_kind: PeriodKind = "month",
    start: date | None = None,
    end: date | None = None,
    coverage: Coverage | None = None,
    infer_coverage: bool = True,
    max_gap_days: int = 92,
    attestations: Sequence[Attestation] = (),
    estimator: Estimator | None = None,
) -> VerificationRun:
    """Assess *agreement* against *cases*, period by period.

    Args:
        agreement: the agreement.
        cases: the link stage's cases frame (checked by ``prepare_cases``).
        as_of: the day of assessment; later periods are ``pending``.
        period_kind: ``month``, ``quarter``, ``year``, ``iranian_month`` or ``iranian_year``.
        start: first day to assess; default the earliest case (or the effective date).
        end: first day after the assessment; default the day after *as_of*.
        coverage: declared coverage.
        infer_coverage: add the coverage inferred from the cases (``Coverage.from_cases``).
        max_gap_days: longest silence that still counts as continuous watching.
        attestations: attestations for structural indicators, beside the agreement's own.
        estimator: makes the estimates indicators ask for (``mse_estimator()``); ``None``: none.

    Returns:
        A :class:`VerificationRun`.

    Raises:
        InputError: the cases lack a required column, or an attestation names an unknown
            indicator.

    Example:
        >>> rome = load_agreement("rome-2025")
        >>> run = verify(rome, cases, as_of=date(2026, 1, 1))  # doctest: +SKIP
        >>> run.counts()  # doctest: +SKIP
        {'met': 0, 'not_met': 310, 'cannot_verify': 42, 'pending': 64}
    """
    if attestations:
        agreement = agreement.with_attestations(attestations)
    prepared = prepare_cases(cases)
    spells = coverage or Coverage()
    if infer_coverage:
        spells = spells | Coverage.from_cases(prepared, max_gap_days=max_gap_days)
    if start is None:
        start = prepared["_start"].min().date() if len(prepared) else agreement.effective_date
    end = end or as_of + timedelta(days=1)
    chosen = periods(period_kind, start, end)
    results = assess(agreement, prepared, spells, chosen, as_of, estimator)
    settings = {
        "as_of": as_of.isoformat(),
        "period_kind": period_kind,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "infer_coverage": infer_coverage,
        "max_gap_days": max_gap_days,
        "declared_spells": len(coverage.spells) if coverage else 0,
        "attestations": len(agreement.attestations),
        "estimator": getattr(estimator, "__name__", None) if estimator else None,
    }
    return VerificationRun(
        agreement_id=agreement.id,
        agreement_sha256=agreement.sha256,
        cases_sha256=cases_sha256(cases),
        cases=len(prepared),
        settings=settings,
        version=__version__,
        assessments=tuple(results),
    )


def verify_files(
    agreement: str | Path,
    cases: str | Path,
    *,
    as_of: date,
    period_kind: PeriodKind = "month",
    start: date | None = None,
    end: date | None = None,
    coverage: str | Path | None = None,
    infer_coverage: bool = True,
    max_gap_days: int = 92,
    attestations: str | Path | None = None,
    estimate_method: str | None = "loglinear",
    seed: int = 0,
) -> VerificationRun:
    """:func:`verify` from files: the library side of ``paymaan verify --cases``.

    Args:
        agreement: an agreement YAML file, or a built-in name (``rome-2025``).
        cases: the cases frame as ``.parquet`` or ``.csv``.
        as_of: the day of assessment.
        period_kind: kind of period.
        start: first day to assess (default: the earliest case).
        end: first day after the assessment (default: the day after *as_of*).
        coverage: a YAML file of declared coverage.
        infer_coverage: add the coverage inferred from the cases.
        max_gap_days: longest silence that still counts as continuous watching.
        attestations: a YAML file of attestations for structural indicators.
        estimate_method: ``loglinear`` or ``lcmcr`` (``paymaan.estimate``); ``None``: no estimates.
        seed: random seed of the estimates.

    Returns:
        A :class:`VerificationRun`.

    Raises:
        InputError: a file is missing or invalid (names the file and the place in it).

    Example:
        >>> verify_files("rome-2025", "cases.parquet", as_of=date(2026, 1, 1))  # doctest: +SKIP
    """
    from paymaan.verify.assess import mse_estimator
    from paymaan.verify.cases import read_cases
    from paymaan.verify.coverage import load_coverage
    from paymaan.verify.spec import load_agreement, load_attestations

    return verify(
        load_agreement(agreement),
        read_cases(cases),
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


def describe_agreement(agreement: Agreement) -> list[dict[str, str]]:
    """One row per indicator: commitment, id, kind, what it counts, target, evidence rule.

    Example:
        >>> describe_agreement(load_agreement("rome-2025"))[0]["indicator"]  # doctest: +SKIP
        'c1-political-prisoners-held'
    """
    rows = []
    for indicator in agreement.indicators():
        counts = (
            indicator.filter.describe()
            if indicator.kind != "structural"
            else "attested by the verifier"
        )
        if indicator.part is not None:
            counts += f"; part: {indicator.part.describe()}"
        rows.append(
            {
                "commitment": indicator.commitment_id,
                "indicator": indicator.id,
                "kind": indicator.kind,
                "title": indicator.title.en,
                "counts": counts,
                "target": indicator.target.describe(agreement.effective_date)
                if indicator.target
                else "",
                "evidence": indicator.evidence.describe()
                if indicator.kind != "structural"
                else "attestation",
                "estimate": "yes" if indicator.estimate else "no",
            }
        )
    return rows
