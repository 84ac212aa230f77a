"""Data of the report tests: the Rome 2025 commitments, six months, four sources.

The people of the fixture workspace are written in Persian script with the spellings
monitors use in English; `IDENTIFYING_TERMS` holds what must never appear in a public
output (non-public people's names, every father's name, every national id), and
`PUBLIC_PEOPLE` the one family that agreed to be named.
"""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

# A fixed key, so two builds sign identically (Ed25519 signatures are deterministic).
SIGNING_SEED = bytes(range(32))

# (case_id, fa given, fa surname, fa father, latin spellings of the full name, national id)
PEOPLE: list[tuple[str, str, str, str, list[str], str]] = [
    (
        "C-0001",
        "محمدرضا",
        "حسینی",
        "غلامعلی",
        ["Mohammadreza Hosseini", "Mohammad-Reza Hoseini", "Muhammad Reza Husseini"],
        "0012345678",
    ),
    (
        "C-0002",
        "زهرا",
        "قاسمی",
        "عبدالله",
        ["Zahra Ghasemi", "Zahra Qasemi", "Zahra Ghassemi"],
        "1234567890",
    ),
    (
        "C-0003",
        "کاوه",
        "رجایی",
        "فریدون",
        ["Kaveh Rajaei", "Kaveh Rajaee", "Kaveh Rajai"],
        "2233445566",
    ),
    ("C-0004", "پخشان", "عزیزی", "ابراهیم", ["Pakhshan Azizi", "Pakhshan Azeezi"], "3344556677"),
    ("C-0005", "شریفه", "محمدی", "حسن", ["Sharifeh Mohammadi", "Sharife Mohammadi"], "4455667788"),
]
FATHER_LATIN = {
    "غلامعلی": ["Gholamali", "Gholam-Ali", "Qolamali"],
    "عبدالله": ["Abdollah", "Abdullah"],
    "فریدون": ["Fereydoun", "Fereidoon"],
    "ابراهیم": ["Ebrahim", "Ibrahim"],
    "حسن": ["Hassan", "Hasan"],
}
PUBLIC_CASE = "C-0005"  # the family of Sharifeh Mohammadi agreed to publication


def _romanized(text: str) -> list[str]:
    """Romanizations from paymaan.normalize.names when that module exists (written in
    parallel); the hand-written spellings above are used either way."""
    try:
        names = importlib.import_module("paymaan.normalize.names")
    except ImportError:
        return []
    romanize = getattr(names, "romanize", None)
    return [str(romanize(text))] if callable(romanize) else []


def identifying_terms() -> list[str]:
    terms: list[str] = []
    for case_id, given, surname, father, latin, national_id in PEOPLE:
        terms += [national_id, father, *FATHER_LATIN[father], *_romanized(father)]
        if case_id == PUBLIC_CASE:
            continue
        terms += [f"{given} {surname}", *latin, *_romanized(f"{given} {surname}")]
    return terms


def _months() -> list[tuple[str, date, date]]:
    ends = [31, 30, 31, 31, 30, 31]
    return [(f"2025-{m:02d}", date(2025, m, 1), date(2025, m, ends[m - 5])) for m in range(5, 11)]


def _executions() -> list[dict[str, Any]]:
    documented = [71, 84, 102, 97, 110, 120]
    records = []
    for index, (label, start, end) in enumerate(_months()):
        count = documented[index]
        has_estimate = index != 5  # the last month is still being estimated
        records.append(
            {
                "agreement_id": "rome-2025",
                "commitment_id": "death-penalty",
                "indicator_id": "executions",
                "period_label": label,
                "period_start": start,
                "period_end": end,
                "status": "not_met",
                "documented": count,
                "estimate": count * 1.31 if has_estimate else None,
                "lower": count * 1.12 if has_estimate else None,
                "upper": count * 1.66 if has_estimate else None,
                "coverage": 1.0 if index < 4 else 0.82,
                "case_ids": [f"C-{index * 1000 + k:04d}" for k in range(1, 4)]
                + (["C-0001", "C-0005"] if index == 2 else []),
                "pending_case_ids": ["C-9001", "C-9002"] if index == 5 else [],
                "reason": f"{count} executions documented under the two-source rule; the "
                "commitment requires none.",
                "reason_fa": f"{count} اعدام با قاعدهٔ دو منبع مستند شد؛ "
                "تعهد هیچ اعدامی را نمی‌پذیرد.",
                "strata": [
                    {"stratum": "province=IR-23", "documented": count // 3},
                    {"stratum": "province=IR-12", "documented": count // 4},
                    {
                        "stratum": "province=IR-11",
                        "documented": count - count // 3 - count // 4 - 3,
                    },
                    {"stratum": "province=IR-30", "documented": 3},
                ],
            }
        )
    return records


def _prisoners() -> list[dict[str, Any]]:
    records = []
    for index, (label, start, end) in enumerate(_months()):
        status = "cannot_verify" if index >= 4 else "not_met"
        records.append(
            {
                "agreement_id": "rome-2025",
                "commitment_id": "political-prisoners",
                "indicator_id": "held",
                "period_label": label,
                "period_start": start,
                "period_end": end,
                "status": status,
                "documented": 540 - 12 * index,
                "estimate": None,
                "lower": None,
                "upper": None,
                "coverage": 0.9 if index < 4 else 0.35,
                "reason": "Prisoners held at month end; the commitment requires release of all."
                if index < 4
                else "Two sources stopped reporting; the stock cannot be checked.",
                "reason_fa": "زندانیان در پایان ماه؛ تعهد آزادی همه را می‌خواهد."
                if index < 4
                else "دو منبع گزارش‌دهی را متوقف کردند؛ شمار زندانیان قابل وارسی نیست.",
                "limitations": ["Prison Atlas counts only convicted political prisoners."],
            }
        )
    return records


def _press() -> list[dict[str, Any]]:
    records = []
    for index, (label, start, end) in enumerate(_months()):
        status = "met" if index in (1, 2) else ("pending" if index == 5 else "not_met")
        records.append(
            {
                "agreement_id": "rome-2025",
                "commitment_id": "expression",
                "indicator_id": "journalist-arrests",
                "period_label": label,
                "period_start": start,
                "period_end": end,
                "status": status,
                "documented": 0 if index in (1, 2) else 2 + index,
                "estimate": None,
                "lower": None,
                "upper": None,
                "coverage": 1.0,
                "reason": "Arrests of journalists documented by at least one source.",
                "reason_fa": "بازداشت روزنامه‌نگاران به گزارش دست‌کم یک منبع.",
            }
        )
    return records


def report_dict() -> dict[str, Any]:
    """The fixture as plain data (what the lead's wiring will produce)."""
    return {
        "agreement": {
            "id": "rome-2025",
            "title_en": "Human-rights preconditions of the Rome nuclear talks (2025)",
            "title_fa": "پیش‌شرط‌های حقوق بشری مذاکرات هسته‌ای رم (۲۰۲۵)",
            "effective_date": "2025-04-19",
            "commitments": [
                {
                    "id": "political-prisoners",
                    "text_en": "Release all political and ideological prisoners.",
                    "text_fa": "آزادی فوری و بی‌قیدوشرط همهٔ زندانیان سیاسی و عقیدتی.",
                    "indicators": [
                        {
                            "id": "held",
                            "title_en": "Political prisoners held",
                            "title_fa": "زندانیان سیاسی در بند",
                        }
                    ],
                },
                {
                    "id": "expression",
                    "text_en": "Freedom of expression, press and association.",
                    "text_fa": "آزادی بیان، مطبوعات و تشکل‌ها.",
                    "indicators": [
                        {
                            "id": "journalist-arrests",
                            "title_en": "Arrests of journalists",
                            "title_fa": "بازداشت روزنامه‌نگاران",
                        }
                    ],
                },
                {
                    "id": "death-penalty",
                    "text_en": "Abolish death sentences and executions; prohibit torture.",
                    "text_fa": "لغو فوری همهٔ اشکال حکم اعدام و اجرای آن و ممنوعیت شکنجه.",
                    "indicators": [
                        {"id": "executions", "title_en": "Executions", "title_fa": "اعدام‌ها"},
                        {
                            "id": "torture-reports",
                            "title_en": "Reports of torture",
                            "title_fa": "گزارش‌های شکنجه",
                        },
                    ],
                },
            ],
        },
        "assessments": _prisoners() + _press() + _executions(),
        "sources": [
            {
                "name": "Iran Human Rights",
                "alias": "Source A",
                "anonymous": False,
                "rows_accepted": 1180,
                "rows_quarantined": 14,
                "submission_sha256s": ["a" * 64, "b" * 64],
            },
            {
                "name": "Kurdistan Witness Network",
                "alias": "Source K",
                "anonymous": True,
                "rows_accepted": 402,
                "rows_quarantined": 31,
                "submission_sha256s": ["c" * 64],
            },
            {
                "name": "HRANA",
                "alias": "Source H",
                "anonymous": False,
                "rows_accepted": 2210,
                "rows_quarantined": 0,
                "submission_sha256s": ["d" * 64],
            },
            {
                "name": "Prison Atlas",
                "alias": "Source P",
                "anonymous": False,
                "rows_accepted": 540,
                "rows_quarantined": 3,
                "submission_sha256s": ["e" * 64],
            },
        ],
        "run": {
            "run_id": "run-2025-11-03-0930",
            "finished_at": "2025-11-03T09:30:00+00:00",
            "software_version": "0.1.0",
            "audit_head": "f" * 64,
            "agreement_sha256": "9" * 64,
        },
        "evidence_rules": {
            "en": "An execution counts when an official source announces it, or two "
            "independent sources report it. A prisoner counts as political under the "
            "PACE definition.",
            "fa": "اعدامی شمرده می‌شود که منبعی رسمی آن را اعلام کند یا دو منبع مستقل "
            "گزارش دهند. زندانی سیاسی بر پایهٔ تعریف مجمع پارلمانی شورای اروپا شمرده می‌شود.",
        },
        "linkage_quality": {
            "precision": 0.982,
            "recall": 0.947,
            "f1": 0.964,
            "clusters": 3915,
            "review_decisions": 212,
        },
        "estimation": [
            {
                "indicator_id": "executions",
                "method": "log-linear (model averaged)",
                "lists": 4,
                "diagnostics": {"aic_best": 41.2, "models_averaged": 11},
            },
        ],
        "previous": {
            "run_id": "run-2025-10-02-0800",
            "finished_at": "2025-10-02T08:00:00+00:00",
            "figures": [
                {
                    "commitment_id": "death-penalty",
                    "indicator_id": "executions",
                    "period_label": "2025-08",
                    "status": "not_met",
                    "documented": 91,
                    "estimate": 118.0,
                },
                {
                    "commitment_id": "expression",
                    "indicator_id": "journalist-arrests",
                    "period_label": "2025-08",
                    "status": "pending",
                    "documented": 5,
                },
                {
                    "commitment_id": "expression",
                    "indicator_id": "journalist-arrests",
                    "period_label": "2025-04",
                    "status": "not_met",
                    "documented": 7,
                },
            ],
        },
        "public_cases": [
            {"case_id": PUBLIC_CASE, "name_en": "Sharifeh Mohammadi", "name_fa": "شریفه محمدی"}
        ],
        "identifying_terms": identifying_terms(),
    }
