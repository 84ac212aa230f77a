"""Assess every indicator in every period: ``met``, ``not_met``, ``cannot_verify`` or ``pending``.

The judgement (``docs/commitments.md``, "Rules of judgement") works on what is known
about the true value, an interval ``[low, high]``:

- the documented count under the evidence rule is a lower bound: ``low >= documented``;
- where a province in scope is not watched by enough sources, nothing bounds the true
  value from above: ``high = ∞`` (a zero there is not evidence of none);
- where every province is watched, ``high`` is the documented count plus the reports
  still pending evidence, or the estimate's upper limit when an estimate was asked for
  and could be made, whichever is larger.

Only documented cases prove a miss (``low`` is never raised by pending reports or by
an estimate, which counts unconfirmed reports as true); pending reports and estimates
can only stand in the way of a ``met``.

The target holds for every value in the interval → ``met``; for none → ``not_met``;
for some → ``cannot_verify``. A period the commitment does not yet apply to, or one
not over on the day of assessment, is ``pending``. A structural indicator takes the
finding of its latest attestation dated before the period's end.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Literal, Protocol

import pandas as pd

from paymaan.errors import EstimationError
from paymaan.verify.cases import prepare_cases
from paymaan.verify.coverage import Coverage, CoverageSummary
from paymaan.verify.indicators import Measurement, filter_mask, measure
from paymaan.verify.periods import Period
from paymaan.verify.spec import Agreement, Attestation, Indicator, national_provinces

__all__ = [
    "STATUSES",
    "Assessment",
    "EstimateLike",
    "Estimator",
    "Status",
    "assess",
    "assessments_to_frame",
    "mse_estimator",
]

Status = Literal["met", "not_met", "cannot_verify", "pending"]
STATUSES: tuple[Status, ...] = ("met", "not_met", "cannot_verify", "pending")


class EstimateLike(Protocol):
    """What an estimator returns (``paymaan.estimate.Estimate`` fits)."""

    @property
    def observed(self) -> int: ...
    @property
    def estimate(self) -> float | None: ...
    @property
    def lower(self) -> float | None: ...
    @property
    def upper(self) -> float | None: ...
    @property
    def method(self) -> str: ...


class Estimator(Protocol):
    """Estimate a total from the cases of one stratum.

    Args:
        observed: one row per case (or person) with ``sources``, restricted to *lists*.
        lists: the sources that watch the whole stratum.

    Returns:
        An estimate, or ``None`` when none can be made.

    Raises:
        EstimationError: no estimate can be made (its message is shown as the reason).
    """

    def __call__(self, observed: pd.DataFrame, lists: Sequence[str]) -> EstimateLike | None: ...


def mse_estimator(method: str = "loglinear", seed: int = 0) -> Estimator:
    """The default estimator: ``paymaan.estimate`` (multiple systems estimation), imported lazily.

    Args:
        method: ``loglinear`` or ``lcmcr``.
        seed: random seed (LCMCR).

    Returns:
        An :class:`Estimator`.

    Example:
        >>> estimator = mse_estimator("loglinear")
    """

    def estimator(observed: pd.DataFrame, lists: Sequence[str]) -> EstimateLike | None:
        from paymaan.estimate import estimate_cases

        result = estimate_cases(observed, methods=(method,), seed=seed)[0]
        if result.estimate is None:
            raise EstimationError(result.error or "the estimator gave no estimate")
        return result

    estimator.__name__ = f"paymaan.estimate:{method}"
    return estimator


@dataclass(frozen=True)
class Assessment:
    """The verdict on one indicator in one period, with the figures and cases behind it.

    Attributes:
        agreement_id, commitment_id, indicator_id, kind: what is assessed.
        period: the period (label, start, end; half-open).
        status: ``met``, ``not_met``, ``cannot_verify`` or ``pending``.
        documented: cases (flow; for a share, of the part) or persons (stock) documented
            under the evidence rule: a lower bound. ``None`` for a structural indicator.
        whole: a share's denominator (documented cases of the whole), else ``None``.
        estimate, lower, upper, estimate_method: the estimate and its interval, where
            asked for and possible.
        coverage: how the stratum is covered (``None`` for a structural indicator).
        case_ids: the cases behind ``documented``.
        pending_case_ids: matching cases that do not meet the evidence rule (yet).
        imprecise_case_ids: counted cases whose date interval reaches past the period.
        counted_from: when the window was clipped to the day the commitment applies from.
        target: the target in words, e.g. ``= 0 from 2025-05-19``.
        reason: one line in plain words.
        document: a structural indicator's attested document and its SHA-256.
    """

    agreement_id: str
    commitment_id: str
    indicator_id: str
    kind: str
    period: Period
    status: Status
    documented: int | None
    whole: int | None
    estimate: float | None
    lower: float | None
    upper: float | None
    estimate_method: str | None
    coverage: CoverageSummary | None
    case_ids: tuple[str, ...]
    pending_case_ids: tuple[str, ...]
    imprecise_case_ids: tuple[str, ...]
    counted_from: date | None
    target: str
    reason: str
    document: str | None = None


def _fmt(value: float) -> str:
    return "∞" if math.isinf(value) else f"{value:,.0f}"


def _holds(indicator: Indicator, low: float, high: float) -> bool | None:
    """True: the target holds on all of [low, high]; False: on none; None: on some."""
    target = indicator.target
    assert target is not None
    if target.comparison in ("le", "lt"):
        return True if target.holds(high) else (False if not target.holds(low) else None)
    if target.comparison in ("ge", "gt"):
        return True if target.holds(low) else (False if not target.holds(high) else None)
    if low == high == target.value:
        return True
    return False if target.value < low or target.value > high else None


@dataclass(frozen=True)
class _Context:
    agreement: Agreement
    coverage: Coverage
    as_of: date
    estimator: Estimator | None


def _estimate(
    ctx: _Context, indicator: Indicator, m: Measurement, summary: CoverageSummary
) -> tuple[EstimateLike | None, str]:
    if not indicator.estimate or indicator.kind == "share":
        return None, ""
    if ctx.estimator is None:
        return None, "no estimator was given"
    if len(summary.full_sources) < 2:
        return None, "no estimate: fewer than two sources watch the whole stratum"
    lists = set(summary.full_sources)
    observed = m.observed.assign(
        sources=m.observed["sources"].map(lambda s: sorted(set(s) & lists))
    )
    observed = observed[observed["sources"].map(bool)]
    if observed.empty:
        return None, "no estimate: nothing documented to estimate from"
    try:
        result = ctx.estimator(observed, summary.full_sources)
    except EstimationError as error:
        return None, f"no estimate: {error.message}"
    except (ArithmeticError, ValueError) as error:
        # An estimate is optional: a numerical failure is reported, not fatal to the run.
        return None, f"no estimate: the estimator failed ({type(error).__name__}: {error})"
    if result is None or result.estimate is None:
        return None, "no estimate could be made"
    return result, ""


def _count_verdict(
    indicator: Indicator, m: Measurement, summary: CoverageSummary, est: EstimateLike | None
) -> tuple[Status, str]:
    pending = len(m.pending_case_ids)
    # Only documented cases prove a miss; pending reports and the estimate can only
    # stand in the way of a "met".
    low = float(m.documented)
    high = math.inf
    if summary.complete:
        high = float(m.documented + pending)
        if est is not None and est.upper is not None:
            high = max(high, float(est.upper))
    holds = _holds(indicator, low, high)
    target = indicator.target.describe() if indicator.target else ""
    what = f"{m.documented:,} documented"
    if est is not None and est.estimate is not None:
        interval = f"{_fmt(est.lower or 0)}–{_fmt(est.upper or math.inf)}"
        what += f" (estimated {_fmt(est.estimate)}, {interval})"
    watched = f"every province watched by at least {summary.min_sources} source(s)"
    if holds is True:
        if summary.complete:
            seen = "none pending" if not pending else f"{pending} pending"
            return "met", f"{what}, {seen}, {watched}: no indication that target {target} is missed"
        return "met", f"{what}: the documented lower bound already reaches target {target}"
    if holds is False:
        if _holds(indicator, low, math.inf) is False:
            return "not_met", f"at least {what} under the evidence rule; target {target}"
        at_most = f"at most {_fmt(high)} with pending reports and estimate"
        return "not_met", f"{what}, {at_most}, {watched}; target {target} is missed"
    if not summary.complete:
        missing = ", ".join(summary.uncovered[:5]) + (" …" if len(summary.uncovered) > 5 else "")
        return "cannot_verify", (
            f"{what}, but only {_covered(summary)} are watched by ≥{summary.min_sources} sources "
            f"(not {missing}): no evidence of absence there"
        )
    if pending and (est is None or est.upper is None or est.upper <= m.documented + pending):
        return "cannot_verify", (
            f"{what}; {pending} report(s) await confirmation ({indicator.evidence.describe()}) "
            f"and would miss target {target} if confirmed"
        )
    return "cannot_verify", f"{what}: the estimate's interval reaches past target {target}"


def _covered(summary: CoverageSummary) -> str:
    return f"{summary.provinces_covered} of {summary.provinces_in_scope} provinces"


def _share_verdict(
    indicator: Indicator, m: Measurement, summary: CoverageSummary
) -> tuple[Status, str]:
    whole = m.whole or 0
    pending = len(m.pending_case_ids)
    target = indicator.target.describe() if indicator.target else ""
    if whole + pending == 0:
        return "cannot_verify", "no case of the whole documented: the share is undefined"
    share = f"{m.documented:,} of {whole:,} documented" + (
        f" ({m.documented / whole:.0%})" if whole else ""
    )
    if not summary.complete:
        return "cannot_verify", (
            f"{share}, but only {_covered(summary)} are watched enough: "
            "a share from part of the country can be biased"
        )
    candidates = [m.documented / (whole + pending), (m.documented + pending) / (whole + pending)]
    if whole:
        candidates.append(m.documented / whole)
    holds = _holds(indicator, min(candidates), max(candidates))
    if holds is True:
        return "met", f"{share}; target {target} holds"
    if holds is False:
        return "not_met", f"{share}; target {target} is missed"
    return (
        "cannot_verify",
        f"{share}; {pending} pending report(s) decide whether target {target} holds",
    )


def _attestation_verdict(
    ctx: _Context, indicator: Indicator, period: Period
) -> tuple[Status, str, str | None]:
    found = [
        a
        for a in ctx.agreement.attestations
        if a.indicator_id == indicator.id and a.date < period.end
    ]
    if not found:
        return "cannot_verify", "no attestation by the verifier yet: nothing to judge", None
    att = max(found, key=lambda a: a.date)
    document = att.document + (f" (sha256 {att.sha256})" if att.sha256 else "")
    problem = _document_problem(att)
    if problem:
        return "cannot_verify", f"attestation of {att.date} by {att.verifier}: {problem}", document
    return (
        att.finding,
        f"attested {att.finding.replace('_', ' ')} on {att.date} by {att.verifier}",
        document,
    )


def _document_problem(att: Attestation) -> str | None:
    path = att.document_path()
    if path is None:
        return None if att.sha256 else "the document has no SHA-256 to check it by"
    if not path.exists():
        return f"the document {path} is not there"
    if att.sha256 and hashlib.sha256(path.read_bytes()).hexdigest() != att.sha256:
        return f"the document {path} does not match its SHA-256: changed since it was attested"
    return None


def _assess_one(
    ctx: _Context, cases: pd.DataFrame, indicator: Indicator, period: Period
) -> Assessment | None:
    target = indicator.target
    applies_from = (
        target.applies_from(ctx.agreement.effective_date)
        if target
        else ctx.agreement.effective_date
    )
    due = period.end > applies_from
    start = period.start
    counted_from: date | None = None
    if indicator.kind in ("flow", "share") and due and period.start < applies_from:
        start = counted_from = applies_from
    if indicator.filter.within and indicator.kind != "stock":
        if not any(w.start < period.end and period.start < w.end for w in indicator.filter.within):
            return None
    if indicator.kind == "structural":
        status, reason, document = _attestation_verdict(ctx, indicator, period)
        status, reason = _pending(ctx, period, due, applies_from, status, reason)
        return Assessment(
            ctx.agreement.id, indicator.commitment_id, indicator.id, indicator.kind, period,
            status, None, None, None, None, None, None, None, (), (), (), None,
            f"attested met from {applies_from}", reason, document,
        )  # fmt: skip
    m = measure(cases, indicator, start, period.end)
    provinces = indicator.filter.provinces or national_provinces()
    summary = ctx.coverage.summarize(
        indicator.filter.event_types, provinces, start, period.end, indicator.min_covering_sources
    )
    est, est_note = _estimate(ctx, indicator, m, summary)
    if indicator.kind == "share":
        status, reason = _share_verdict(indicator, m, summary)
    else:
        status, reason = _count_verdict(indicator, m, summary, est)
    if est_note:
        reason += f" ({est_note})"
    if m.imprecise_case_ids:
        reason += f"; {len(m.imprecise_case_ids)} counted case(s) dated only to a month or year"
    status, reason = _pending(ctx, period, due, applies_from, status, reason)
    assert target is not None  # the schema requires a target of every counted indicator
    return Assessment(
        ctx.agreement.id, indicator.commitment_id, indicator.id, indicator.kind, period,
        status, m.documented, m.whole,
        est.estimate if est else None, est.lower if est else None, est.upper if est else None,
        est.method if est else None, summary, m.case_ids, m.pending_case_ids,
        m.imprecise_case_ids, counted_from, target.describe(ctx.agreement.effective_date), reason,
    )  # fmt: skip


def _pending(
    ctx: _Context, period: Period, due: bool, applies_from: date, status: Status, reason: str
) -> tuple[Status, str]:
    if not due:
        return (
            "pending",
            f"not due: the commitment applies from {applies_from}; for now: {status}, {reason}",
        )
    if period.end > ctx.as_of:
        return "pending", f"the period is not over on {ctx.as_of}; so far: {status}, {reason}"
    return status, reason


def assess(
    agreement: Agreement,
    cases: pd.DataFrame,
    coverage: Coverage,
    periods: Sequence[Period],
    as_of: date,
    estimator: Estimator | None = None,
) -> list[Assessment]:
    """Assess every indicator of *agreement* in every period.

    Args:
        agreement: the agreement (``load_agreement``), with its attestations.
        cases: the cases frame (prepared by :func:`paymaan.verify.cases.prepare_cases`
            here if it was not already).
        coverage: who watches what (declared and/or ``Coverage.from_cases``).
        periods: the periods to assess (``paymaan.verify.periods``).
        as_of: the day of assessment; periods not over then are ``pending``.
        estimator: makes the estimates indicators ask for; ``None`` gives none (the
            reason says so). ``mse_estimator()`` uses ``paymaan.estimate``.

    Returns:
        One assessment per indicator and period, in the agreement's order, then by
        period. A period outside every ``within`` window of an indicator is skipped.

    Example:
        >>> results = assess(agreement, prepare_cases(frame), Coverage.from_cases(frame),
        ...                  periods("quarter", date(2025, 1, 1), date(2026, 1, 1)),
        ...                  as_of=date(2026, 1, 15))  # doctest: +SKIP
    """
    ctx = _Context(agreement, coverage, as_of, estimator)
    results = []
    if "_start" not in cases.columns:
        cases = prepare_cases(cases)
    cases = cases[[c for c in _USED_COLUMNS if c in cases.columns]]
    for indicator in agreement.indicators():
        relevant = _relevant(cases, indicator)
        for period in periods:
            assessment = _assess_one(ctx, relevant, indicator, period)
            if assessment is not None:
                results.append(assessment)
    return results


_USED_COLUMNS = (
    "case_id", "person_id", "event_type", "charge", "grounds", "sex", "age", "ethnicity",
    "province", "sources", "_start", "_end", "_imprecise", "_n_sources", "_levels",
    "_official", "_own", "_conflict",
)  # fmt: skip


def _relevant(cases: pd.DataFrame, indicator: Indicator) -> pd.DataFrame:
    """The cases an indicator can use in any period: filter once, not once per period."""
    if indicator.kind == "structural":
        return cases.iloc[0:0]
    mask = filter_mask(cases, indicator.filter)
    if indicator.kind == "stock":
        mask |= cases["event_type"].isin(indicator.exit_event_types)
    return cases[mask]


def assessments_to_frame(assessments: Sequence[Assessment]) -> pd.DataFrame:
    """One row per assessment; the period and coverage become flat columns.

    Columns: ``agreement_id, commitment_id, indicator_id, kind, period, period_start,
    period_end, status, documented, whole, estimate, lower, upper, estimate_method,
    provinces_in_scope, provinces_covered, min_sources, sources, case_ids,
    pending_case_ids, imprecise_case_ids, counted_from, target, reason, document``.
    """
    rows = []
    for a in assessments:
        row = asdict(a)
        period = row.pop("period")
        cov = row.pop("coverage")
        row.update(
            period=period["label"],
            period_start=period["start"],
            period_end=period["end"],
            provinces_in_scope=cov["provinces_in_scope"] if cov else None,
            provinces_covered=cov["provinces_covered"] if cov else None,
            min_sources=cov["min_sources"] if cov else None,
            sources=list(cov["sources"]) if cov else [],
        )
        for key in ("case_ids", "pending_case_ids", "imprecise_case_ids"):
            row[key] = list(row[key])
        rows.append(row)
    columns = [
        "agreement_id", "commitment_id", "indicator_id", "kind", "period", "period_start",
        "period_end", "status", "documented", "whole", "estimate", "lower", "upper",
        "estimate_method", "provinces_in_scope", "provinces_covered", "min_sources", "sources",
        "case_ids", "pending_case_ids", "imprecise_case_ids", "counted_from", "target", "reason",
        "document",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
