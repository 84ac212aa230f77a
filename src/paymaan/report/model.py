"""What a report is made from: the :class:`ReportInput` and its parts.

The report stage reads nothing itself. The caller (the workspace wiring, or a test)
gathers the agreement, the assessments of the verify stage, the sources, the
methodology facts of the run and the previous report's figures into one
:class:`ReportInput`; :func:`paymaan.report.build_report` turns it into files. Every
part can be given as these dataclasses or as plain mappings (``ReportInput.from_dict``),
and an assessment may also be any object with the same attribute names (such as
``paymaan.verify``'s ``Assessment``), so the stages need no converter.

Example:
    >>> rec = AssessmentRecord.coerce({"agreement_id": "a", "commitment_id": "c",
    ...     "indicator_id": "i", "period_label": "2025-05", "period_start": "2025-05-01",
    ...     "period_end": "2025-05-31", "status": "met", "documented": 0})
    >>> rec.status, rec.period_start.isoformat()
    ('met', '2025-05-01')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final, Literal

from paymaan.errors import InputError
from paymaan.report._coerce import (
    _as_date,
    _as_datetime,
    _as_optional_float,
    _coverage_fields,
    _get,
    _period_fields,
)

__all__ = [
    "STATUSES",
    "Agreement",
    "AssessmentRecord",
    "Commitment",
    "Indicator",
    "LocalText",
    "PreviousFigure",
    "PreviousReport",
    "PublicCase",
    "ReportInput",
    "RunInfo",
    "SourceInfo",
    "Status",
    "StratumFigure",
]

Status = Literal["met", "not_met", "cannot_verify", "pending"]
STATUSES: Final[tuple[Status, ...]] = ("met", "not_met", "cannot_verify", "pending")


@dataclass(frozen=True)
class LocalText:
    """A text in both languages; ``fa`` falls back to ``en`` when empty."""

    en: str
    fa: str = ""

    def get(self, lang: str) -> str:
        """The text in *lang*, the English one when no Persian text was given."""
        return self.fa if lang == "fa" and self.fa else self.en

    @classmethod
    def coerce(cls, value: Any) -> LocalText:
        """From a ``LocalText``, a plain string or a mapping ``{en, fa}``."""
        if isinstance(value, LocalText):
            return value
        if isinstance(value, str):
            return cls(en=value)
        return cls(en=str(_get(value, "en", "")), fa=str(_get(value, "fa", "")))


@dataclass(frozen=True)
class Indicator:
    """One measurable indicator of a commitment."""

    id: str
    title_en: str
    title_fa: str

    @classmethod
    def coerce(cls, value: Any) -> Indicator:
        """From an ``Indicator`` or a mapping with the same keys."""
        if isinstance(value, Indicator):
            return value
        return cls(
            id=str(_get(value, "id")),
            title_en=str(_get(value, "title_en")),
            title_fa=str(_get(value, "title_fa", "")),
        )


@dataclass(frozen=True)
class Commitment:
    """A commitment of the agreement, in both languages, with its indicators in order."""

    id: str
    text_en: str
    text_fa: str
    indicators: tuple[Indicator, ...]

    @classmethod
    def coerce(cls, value: Any) -> Commitment:
        """From a ``Commitment`` or a mapping whose ``indicators`` are mappings."""
        if isinstance(value, Commitment):
            return value
        return cls(
            id=str(_get(value, "id")),
            text_en=str(_get(value, "text_en")),
            text_fa=str(_get(value, "text_fa", "")),
            indicators=tuple(Indicator.coerce(i) for i in _get(value, "indicators", ())),
        )


@dataclass(frozen=True)
class Agreement:
    """The agreement whose commitments the report verifies."""

    id: str
    title_en: str
    title_fa: str
    effective_date: date
    commitments: tuple[Commitment, ...]

    @classmethod
    def coerce(cls, value: Any) -> Agreement:
        """From an ``Agreement`` or a mapping."""
        if isinstance(value, Agreement):
            return value
        return cls(
            id=str(_get(value, "id")),
            title_en=str(_get(value, "title_en")),
            title_fa=str(_get(value, "title_fa", "")),
            effective_date=_as_date(_get(value, "effective_date"), "agreement effective_date"),
            commitments=tuple(Commitment.coerce(c) for c in _get(value, "commitments")),
        )


@dataclass(frozen=True)
class StratumFigure:
    """The figures of one stratum (e.g. ``province=IR-23``) of an assessment."""

    stratum: str
    documented: int
    estimate: float | None = None
    lower: float | None = None
    upper: float | None = None

    @classmethod
    def coerce(cls, value: Any) -> StratumFigure:
        """From a ``StratumFigure`` or a mapping."""
        if isinstance(value, StratumFigure):
            return value
        return cls(
            stratum=str(_get(value, "stratum")),
            documented=int(_get(value, "documented")),
            estimate=_as_optional_float(_get(value, "estimate", None)),
            lower=_as_optional_float(_get(value, "lower", None)),
            upper=_as_optional_float(_get(value, "upper", None)),
        )


@dataclass(frozen=True)
class AssessmentRecord:
    """The verdict on one indicator for one period, with the figures behind it.

    ``period_end`` is the period's last day (inclusive). ``documented`` is the count of
    cases under the evidence rule (a lower bound; ``None`` for a structural indicator);
    ``estimate``/``lower``/``upper`` the estimated total and its 95% interval where one
    could be made; ``coverage`` the share (0–1) of the stratum the sources cover;
    ``target`` the target in words; ``strata`` optional per-stratum figures for the data
    package.

    ``coerce`` also takes ``paymaan.verify.Assessment`` as it is: a ``period`` object
    (label, start, half-open end) instead of the three period fields, and a coverage
    summary (``provinces_covered``/``provinces_in_scope``, ``uncovered``) instead of a
    share.
    """

    agreement_id: str
    commitment_id: str
    indicator_id: str
    period_label: str
    period_start: date
    period_end: date
    status: Status
    documented: int | None
    estimate: float | None = None
    lower: float | None = None
    upper: float | None = None
    coverage: float | None = None
    case_ids: tuple[str, ...] = ()
    pending_case_ids: tuple[str, ...] = ()
    reason: str = ""
    reason_fa: str = ""
    target: str = ""
    limitations: tuple[str, ...] = ()
    strata: tuple[StratumFigure, ...] = ()

    @classmethod
    def coerce(cls, value: Any) -> AssessmentRecord:
        """From an ``AssessmentRecord``, a mapping, or any object with these attributes.

        Raises:
            InputError: a required field is missing, or the status is not one of
                ``met``, ``not_met``, ``cannot_verify``, ``pending``.
        """
        if isinstance(value, AssessmentRecord):
            return value
        status = str(_get(value, "status"))
        if status not in STATUSES:
            raise InputError(
                f"report input: assessment status {status!r} is not one of {', '.join(STATUSES)}"
            )
        label, start, end = _period_fields(value)
        coverage, uncovered = _coverage_fields(_get(value, "coverage", None))
        documented = _get(value, "documented")
        limitations = [str(x) for x in _get(value, "limitations", ()) or ()]
        return cls(
            agreement_id=str(_get(value, "agreement_id")),
            commitment_id=str(_get(value, "commitment_id")),
            indicator_id=str(_get(value, "indicator_id")),
            period_label=label,
            period_start=start,
            period_end=end,
            status=status,
            documented=None if documented is None else int(documented),
            estimate=_as_optional_float(_get(value, "estimate", None)),
            lower=_as_optional_float(_get(value, "lower", None)),
            upper=_as_optional_float(_get(value, "upper", None)),
            coverage=coverage,
            case_ids=tuple(sorted(str(c) for c in _get(value, "case_ids", ()) or ())),
            pending_case_ids=tuple(
                sorted(str(c) for c in _get(value, "pending_case_ids", ()) or ())
            ),
            reason=str(_get(value, "reason", "") or ""),
            reason_fa=str(_get(value, "reason_fa", "") or ""),
            target=str(_get(value, "target", "") or ""),
            limitations=tuple(limitations + uncovered),
            strata=tuple(
                sorted(
                    (StratumFigure.coerce(s) for s in _get(value, "strata", ()) or ()),
                    key=lambda s: s.stratum,
                )
            ),
        )

    @property
    def key(self) -> tuple[str, str, str]:
        """``(commitment_id, indicator_id, period_label)``: one figure of the report."""
        return (self.commitment_id, self.indicator_id, self.period_label)


@dataclass(frozen=True)
class SourceInfo:
    """A source as the report may show it, with what it sent."""

    name: str
    alias: str
    anonymous: bool
    rows_accepted: int
    rows_quarantined: int
    submission_sha256s: tuple[str, ...] = ()

    @property
    def display_name(self) -> str:
        """What public outputs call the source: its alias when it asked for anonymity."""
        return self.alias if self.anonymous else self.name

    @classmethod
    def coerce(cls, value: Any) -> SourceInfo:
        """From a ``SourceInfo`` or a mapping."""
        if isinstance(value, SourceInfo):
            return value
        return cls(
            name=str(_get(value, "name")),
            alias=str(_get(value, "alias")),
            anonymous=bool(_get(value, "anonymous", False)),
            rows_accepted=int(_get(value, "rows_accepted", 0)),
            rows_quarantined=int(_get(value, "rows_quarantined", 0)),
            submission_sha256s=tuple(sorted(str(h) for h in _get(value, "submission_sha256s", ()))),
        )


@dataclass(frozen=True)
class RunInfo:
    """The run the report comes from; ``finished_at`` is the only time any output shows."""

    run_id: str
    finished_at: datetime
    software_version: str
    audit_head: str
    agreement_sha256: str

    @classmethod
    def coerce(cls, value: Any) -> RunInfo:
        """From a ``RunInfo`` or a mapping (``finished_at`` as ISO 8601 with a zone)."""
        if isinstance(value, RunInfo):
            return value
        return cls(
            run_id=str(_get(value, "run_id")),
            finished_at=_as_datetime(_get(value, "finished_at"), "run finished_at"),
            software_version=str(_get(value, "software_version")),
            audit_head=str(_get(value, "audit_head")),
            agreement_sha256=str(_get(value, "agreement_sha256")),
        )


@dataclass(frozen=True)
class PreviousFigure:
    """One figure of the previous report, for the list of changes."""

    commitment_id: str
    indicator_id: str
    period_label: str
    status: str
    documented: int | None
    estimate: float | None = None

    @classmethod
    def coerce(cls, value: Any) -> PreviousFigure:
        """From a ``PreviousFigure``, a mapping or an assessment-like object."""
        if isinstance(value, PreviousFigure):
            return value
        documented = _get(value, "documented")
        return cls(
            commitment_id=str(_get(value, "commitment_id")),
            indicator_id=str(_get(value, "indicator_id")),
            period_label=str(_get(value, "period_label")),
            status=str(_get(value, "status")),
            documented=None if documented in (None, "") else int(documented),
            estimate=_as_optional_float(_get(value, "estimate", None)),
        )

    @property
    def key(self) -> tuple[str, str, str]:
        """``(commitment_id, indicator_id, period_label)``."""
        return (self.commitment_id, self.indicator_id, self.period_label)


@dataclass(frozen=True)
class PreviousReport:
    """The previous report's run and figures."""

    run_id: str
    finished_at: datetime
    figures: tuple[PreviousFigure, ...]

    @classmethod
    def coerce(cls, value: Any) -> PreviousReport:
        """From a ``PreviousReport`` or a mapping."""
        if isinstance(value, PreviousReport):
            return value
        return cls(
            run_id=str(_get(value, "run_id")),
            finished_at=_as_datetime(_get(value, "finished_at"), "previous report finished_at"),
            figures=tuple(PreviousFigure.coerce(f) for f in _get(value, "figures", ())),
        )


@dataclass(frozen=True)
class PublicCase:
    """A case whose victim or family agreed to be named; only these are ever named."""

    case_id: str
    name_en: str
    name_fa: str

    @classmethod
    def coerce(cls, value: Any) -> PublicCase:
        """From a ``PublicCase`` or a mapping."""
        if isinstance(value, PublicCase):
            return value
        return cls(
            case_id=str(_get(value, "case_id")),
            name_en=str(_get(value, "name_en")),
            name_fa=str(_get(value, "name_fa", "")),
        )


@dataclass(frozen=True)
class ReportInput:
    """Everything a report is built from (see the module docstring).

    ``identifying_terms`` are names, fathers' names and ids of people in the workspace
    who are *not* public, in both scripts and their romanizations; a public build
    scans its outputs for them and refuses to sign on a hit.
    """

    agreement: Agreement
    assessments: tuple[AssessmentRecord, ...]
    sources: tuple[SourceInfo, ...]
    run: RunInfo
    evidence_rules: LocalText
    linkage_quality: Mapping[str, Any] = field(default_factory=dict)
    estimation: tuple[Mapping[str, Any], ...] = ()
    previous: PreviousReport | None = None
    public_cases: Mapping[str, PublicCase] = field(default_factory=dict)
    identifying_terms: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        known = {(c.id, i.id) for c in self.agreement.commitments for i in c.indicators}
        seen: set[tuple[str, str, str]] = set()
        for record in self.assessments:
            if record.key in seen:
                raise InputError(
                    f"report input: two assessments of {'/'.join(record.key)}",
                    hint="Give one assessment per indicator and period.",
                )
            seen.add(record.key)
            if (record.commitment_id, record.indicator_id) not in known:
                raise InputError(
                    f"report input: assessment of {record.commitment_id}/{record.indicator_id} "
                    f"names no indicator of agreement {self.agreement.id!r}",
                    hint="Build the report from the agreement the assessments were made for.",
                )
            if record.agreement_id != self.agreement.id:
                raise InputError(
                    f"report input: assessment for agreement {record.agreement_id!r} in a "
                    f"report on {self.agreement.id!r}"
                )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReportInput:
        """Build a report input from plain data (JSON-like mappings and lists).

        Raises:
            InputError: a field is missing or malformed, or an assessment names an
                indicator the agreement does not have.
        """
        previous = data.get("previous")
        return cls(
            agreement=Agreement.coerce(data["agreement"]),
            assessments=tuple(AssessmentRecord.coerce(a) for a in data.get("assessments", ())),
            sources=tuple(SourceInfo.coerce(s) for s in data.get("sources", ())),
            run=RunInfo.coerce(data["run"]),
            evidence_rules=LocalText.coerce(data.get("evidence_rules", "")),
            linkage_quality=dict(data.get("linkage_quality", {}) or {}),
            estimation=tuple(dict(e) for e in data.get("estimation", ()) or ()),
            previous=None if previous is None else PreviousReport.coerce(previous),
            public_cases=_public_cases(data.get("public_cases", ()) or ()),
            identifying_terms=tuple(str(t) for t in data.get("identifying_terms", ()) or ()),
        )


def _public_cases(value: Mapping[str, Any] | Iterable[Any]) -> dict[str, PublicCase]:
    items = value.values() if isinstance(value, Mapping) else value
    cases = (PublicCase.coerce(v) for v in items)
    return {case.case_id: case for case in sorted(cases, key=lambda c: c.case_id)}
