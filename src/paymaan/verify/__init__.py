"""Verify commitments: every indicator, every period, a status with its evidence.

An agreement (YAML, ``docs/commitments.md``) lists commitments and their indicators;
:func:`assess` measures each indicator in each period from the linked cases, under
the indicator's evidence rule and the sources' coverage, and gives ``met``,
``not_met``, ``cannot_verify`` or ``pending`` with the documented count, the estimate
where asked, the case ids and a reason in plain words. :func:`verify` does it all from
an agreement and a cases frame.
"""

from __future__ import annotations

from paymaan.verify.assess import (
    STATUSES,
    Assessment,
    EstimateLike,
    Estimator,
    Status,
    assess,
    assessments_to_frame,
    mse_estimator,
)
from paymaan.verify.cases import REQUIRED_CASE_COLUMNS, prepare_cases, read_cases
from paymaan.verify.coverage import Coverage, CoverageSpell, CoverageSummary, load_coverage
from paymaan.verify.indicators import Measurement, evidence_mask, filter_mask, measure
from paymaan.verify.periods import PERIOD_KINDS, Period, PeriodKind, period_containing, periods
from paymaan.verify.run import (
    VerificationRun,
    cases_sha256,
    describe_agreement,
    verify,
    verify_files,
)
from paymaan.verify.spec import (
    Agreement,
    Attestation,
    Commitment,
    EvidenceRule,
    Filter,
    Indicator,
    IndicatorKind,
    Target,
    Text,
    Window,
    builtin_agreement,
    builtin_agreement_names,
    load_agreement,
    load_attestations,
    national_provinces,
    parse_agreement,
)

__all__ = [
    "PERIOD_KINDS",
    "REQUIRED_CASE_COLUMNS",
    "STATUSES",
    "Agreement",
    "Assessment",
    "Attestation",
    "Commitment",
    "Coverage",
    "CoverageSpell",
    "CoverageSummary",
    "EstimateLike",
    "Estimator",
    "EvidenceRule",
    "Filter",
    "Indicator",
    "IndicatorKind",
    "Measurement",
    "Period",
    "PeriodKind",
    "Status",
    "Target",
    "Text",
    "VerificationRun",
    "Window",
    "assess",
    "assessments_to_frame",
    "builtin_agreement",
    "builtin_agreement_names",
    "cases_sha256",
    "describe_agreement",
    "evidence_mask",
    "filter_mask",
    "load_agreement",
    "load_attestations",
    "load_coverage",
    "measure",
    "mse_estimator",
    "national_provinces",
    "parse_agreement",
    "period_containing",
    "periods",
    "prepare_cases",
    "read_cases",
    "verify",
    "verify_files",
]
