"""The HTML edition of a report, in English or Persian, from Jinja2 templates.

:func:`report_context` turns a :class:`~paymaan.report.model.ReportInput` into plain
values in one language (numbers and dates already formatted, charts already drawn);
:func:`render_html` fills ``templates/report.html.j2`` with them. The page is
self-contained: its style sheet and charts are inline, it loads nothing and runs no
script. Fonts are not embedded (a base64 Persian font would add about half a megabyte
to every edition): the style names a font stack that every current system carries
(Vazirmatn or Noto Naskh Arabic where installed, Tahoma on Windows, Geeza Pro on
macOS), and the PDF embeds the font it was set in.

Example:
    >>> html = render_html(report_input, "fa", public=True)  # doctest: +SKIP
    >>> 'dir="rtl"' in html  # doctest: +SKIP
    True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import jinja2
from markupsafe import Markup

from paymaan.report.changes import FigureChange, report_changes
from paymaan.report.charts import ChartPoint, render_chart
from paymaan.report.i18n import (
    Lang,
    format_date,
    format_datetime,
    format_interval,
    format_number,
    format_percent,
    jalali_date,
    label,
    to_persian_digits,
)
from paymaan.report.model import STATUSES, AssessmentRecord, Commitment, ReportInput, Status

__all__ = ["commitment_status", "render_html", "report_context"]

# Worst first: the order in which an indicator's status decides its commitment's.
_STATUS_PRECEDENCE: tuple[Status, ...] = ("not_met", "cannot_verify", "pending", "met")


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("paymaan.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def commitment_status(statuses: Sequence[Status]) -> Status:
    """A commitment's status from its indicators' latest statuses.

    Met only when all are met; otherwise the first present of not met, cannot verify,
    pending. No indicator assessed gives pending.

    Example:
        >>> commitment_status(["met", "pending", "cannot_verify"])
        'cannot_verify'
    """
    if not statuses:
        return "pending"
    for status in _STATUS_PRECEDENCE:
        if status in statuses:
            return status
    return "met"


def _text(en: str, fa: str, lang: Lang) -> dict[str, str]:
    """A text and the language it is really in (Persian falls back to English)."""
    if lang == "fa" and fa:
        return {"text": to_persian_digits(fa), "lang": "fa", "dir": "rtl"}
    return {"text": en, "lang": "en", "dir": "ltr"}


def _period(record: AssessmentRecord, lang: Lang) -> dict[str, str]:
    label_text = to_persian_digits(record.period_label) if lang == "fa" else record.period_label
    if lang == "fa":
        span = f"{jalali_date(record.period_start, 'fa')} – {jalali_date(record.period_end, 'fa')}"
    else:
        span = f"{record.period_start.isoformat()} – {record.period_end.isoformat()}"
    return {"label": label_text, "span": span}


def _gaps(record: AssessmentRecord, lang: Lang, estimated: bool) -> list[dict[str, str]]:
    """Why a period is not fully verified; each item carries its own language."""
    gaps = []
    if record.status in ("cannot_verify", "pending"):  # undecided: the reason says why
        gaps.append(_text(record.reason, record.reason_fa, lang))
    if record.pending_case_ids:
        count = format_number(len(record.pending_case_ids), lang)
        gaps.append(_own(label("gap_pending_cases", lang).format(n=count), lang))
    if estimated and record.estimate is None:  # only where this indicator is estimated
        gaps.append(_own(label("gap_no_estimate", lang), lang))
    if record.coverage is not None and record.coverage < 1.0:
        pct = format_percent(record.coverage, lang)
        gaps.append(_own(label("gap_low_coverage", lang).format(pct=pct), lang))
    # Limitations are recorded by analysts in English.
    gaps.extend(_text(limitation, "", lang) for limitation in record.limitations)
    return gaps


def _own(text: str, lang: Lang) -> dict[str, str]:
    return {"text": text, "lang": lang, "dir": "rtl" if lang == "fa" else "ltr"}


def _indicator_view(
    records: Sequence[AssessmentRecord],
    title: dict[str, str],
    report_input: ReportInput,
    lang: Lang,
    public: bool,
) -> dict[str, Any]:
    rows = []
    estimated = any(r.estimate is not None for r in records)
    for record in records:
        period = _period(record, lang)
        rows.append(
            {
                "period": period,
                "status": record.status,
                "status_label": label(record.status, lang),
                "documented": format_number(record.documented, lang),
                "estimate": format_number(record.estimate, lang),
                "interval": format_interval(record.lower, record.upper, lang),
                "coverage": format_percent(record.coverage, lang),
                "reason": _text(record.reason, record.reason_fa, lang),
                "target": record.target,
                "gaps": _gaps(record, lang, estimated),
            }
        )
    points = [
        ChartPoint(r.period_label, r.documented or 0, r.estimate, r.lower, r.upper) for r in records
    ]
    case_ids = sorted({c for r in records for c in r.case_ids})
    named = [
        _text(report_input.public_cases[c].name_en, report_input.public_cases[c].name_fa, lang)
        for c in case_ids
        if c in report_input.public_cases
    ]
    return {
        "title": title,
        "rows": rows,
        "chart": Markup(render_chart(points, lang, title["text"])) if records else None,
        "named_cases": named,
        "case_ids": [] if public else case_ids,
    }


def _commitment_views(
    report_input: ReportInput, lang: Lang, public: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    by_indicator: dict[tuple[str, str], list[AssessmentRecord]] = {}
    for record in sorted(
        report_input.assessments, key=lambda r: (r.period_start, r.period_end, r.period_label)
    ):
        by_indicator.setdefault((record.commitment_id, record.indicator_id), []).append(record)
    summary, findings = [], []
    for commitment in report_input.agreement.commitments:
        indicators, latest_statuses = [], []
        for indicator in commitment.indicators:
            records = by_indicator.get((commitment.id, indicator.id), [])
            title = _text(indicator.title_en, indicator.title_fa, lang)
            view = _indicator_view(records, title, report_input, lang, public)
            counts = Counter(r.status for r in records)
            view["counts"] = [
                {"status": s, "label": label(s, lang), "n": format_number(counts[s], lang)}
                for s in STATUSES
                if counts[s]
            ]
            view["latest"] = view["rows"][-1] if view["rows"] else None
            if records:
                latest_statuses.append(records[-1].status)
            indicators.append(view)
        status = commitment_status(latest_statuses)
        entry = {
            "id": commitment.id,
            "text": _commitment_text(commitment, lang),
            "status": status,
            "status_label": label(status, lang),
            "indicators": indicators,
        }
        summary.append(entry)
        findings.append(entry)
    return summary, findings


def _commitment_text(commitment: Commitment, lang: Lang) -> dict[str, str]:
    return _text(commitment.text_en, commitment.text_fa, lang)


def _value_text(value: Any, lang: Lang) -> str:
    if isinstance(value, bool) or value is None:
        return label("dash", lang) if value is None else str(value).lower()
    if isinstance(value, int):
        return format_number(value, lang)
    if isinstance(value, float):
        # At most three decimals, without trailing zeros: 41.2, 0.964, 3915.
        fixed = f"{value:.3f}".rstrip("0")
        return format_number(value, lang, decimals=len(fixed.split(".")[1]))
    text = str(value)
    return to_persian_digits(text) if lang == "fa" else text


def _flatten(entry: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    items: list[tuple[str, Any]] = []
    for key in sorted(entry, key=str):
        value = entry[key]
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            items.extend(_flatten(value, f"{name}."))
        elif isinstance(value, list | tuple):
            items.append((name, ", ".join(str(v) for v in value)))
        else:
            items.append((name, value))
    return items


def _methodology(report_input: ReportInput, lang: Lang) -> dict[str, Any]:
    sources = [
        {
            "name": s.display_name,
            "anonymous": s.anonymous,
            "accepted": format_number(s.rows_accepted, lang),
            "quarantined": format_number(s.rows_quarantined, lang),
            "submissions": format_number(len(s.submission_sha256s), lang),
        }
        for s in sorted(report_input.sources, key=lambda s: s.display_name)
    ]
    return {
        "sources": sources,
        "any_anonymous": any(s.anonymous for s in report_input.sources),
        "linkage": [(k, _value_text(v, lang)) for k, v in _flatten(report_input.linkage_quality)],
        "estimation": [
            [(k, _value_text(v, lang)) for k, v in _flatten(entry)]
            for entry in report_input.estimation
        ],
        "evidence_rules": _text(
            report_input.evidence_rules.en, report_input.evidence_rules.fa, lang
        ),
    }


def _change_views(report_input: ReportInput, lang: Lang) -> list[dict[str, Any]] | None:
    changes: list[FigureChange] | None = report_changes(report_input)
    if changes is None:
        return None
    titles = {
        (c.id, i.id): _text(i.title_en, i.title_fa, lang)
        for c in report_input.agreement.commitments
        for i in c.indicators
    }
    # In a right-to-left line "old ← new" reads from old to new.
    arrow, separator = ("←", "؛ ") if lang == "fa" else ("→", "; ")
    views = []
    for change in changes:
        commitment_id, indicator_id, period = change.key
        what = [
            f"{label('change_' + name, lang)}: "
            f"{_change_value(name, old, lang)} {arrow} {_change_value(name, new, lang)}"
            for name, old, new in change.fields
        ]
        if change.kind != "changed":
            what = [label("change_" + change.kind, lang)]
        fallback = {"text": f"{commitment_id} / {indicator_id}", "lang": "en", "dir": "ltr"}
        views.append(
            {
                "indicator": titles.get((commitment_id, indicator_id), fallback),
                "period": to_persian_digits(period) if lang == "fa" else period,
                "what": separator.join(what),
            }
        )
    return views


def _change_value(name: str, value: str, lang: Lang) -> str:
    if not value:
        return label("dash", lang)
    if name == "status" and value in STATUSES:
        return label(value, lang)
    return format_number(int(value), lang) if value.lstrip("-").isdigit() else value


def report_context(
    report_input: ReportInput,
    lang: Lang,
    *,
    public: bool,
    key_fingerprint_text: str | None,
    other_edition: str | None = None,
) -> dict[str, Any]:
    """Every value the template needs, in *lang*, formatted.

    Args:
        report_input: the report's input.
        lang: ``"en"`` or ``"fa"``.
        public: the public edition (no case identifiers; only public cases named).
        key_fingerprint_text: the signing key's fingerprint, ``None`` for an unsigned draft.
        other_edition: file name of the other language's edition, to link to.

    Returns:
        A mapping for ``templates/report.html.j2``.
    """
    run = report_input.run
    agreement = report_input.agreement
    summary, findings = _commitment_views(report_input, lang, public)
    return {
        "lang": lang,
        "dir": "rtl" if lang == "fa" else "ltr",
        "t": {key: label(key, lang) for key in _TEMPLATE_LABELS},
        "statuses": [{"status": s, "label": label(s, lang)} for s in STATUSES],
        "agreement_title": _text(agreement.title_en, agreement.title_fa, lang),
        "agreement_id": agreement.id,
        "effective": format_date(agreement.effective_date, lang),
        "run_id": run.run_id,
        "as_of": format_datetime(run.finished_at, lang),
        "created_iso": run.finished_at.isoformat(),
        "software_version": run.software_version,
        "audit_head": run.audit_head,
        "agreement_sha256": run.agreement_sha256,
        "public": public,
        "summary": summary,
        "findings": findings,
        "methodology": _methodology(report_input, lang),
        "changes": _change_views(report_input, lang),
        "previous_run": None if report_input.previous is None else report_input.previous.run_id,
        "fingerprint": key_fingerprint_text,
        "other_edition": other_edition,
    }


_TEMPLATE_LABELS = (
    "report_title agreement effective run as_of software edition_public edition_internal "
    "summary commitment indicator latest_period status periods_by_status summary_rule findings "
    "period documented estimate interval coverage reason legend_bars legend_band not_verified "
    "nothing_unverified named_cases case_ids no_assessment methodology sources source "
    "rows_accepted rows_quarantined submissions anonymous_note linkage no_linkage_quality "
    "estimation no_estimation evidence_rules metric value changes no_previous no_changes "
    "previous_report what_changed verify_heading verify_text key_fingerprint audit_head "
    "agreement_hash unsigned other_edition data_package data_package_text target"
).split()


def render_html(
    report_input: ReportInput,
    lang: Lang,
    *,
    public: bool,
    fingerprint: str | None = None,
    other_edition: str | None = None,
) -> str:
    """Render one edition of the report as a self-contained HTML page.

    Args:
        report_input: the report's input.
        lang: ``"en"`` or ``"fa"`` (right to left, Persian digits, Jalali dates).
        public: the public edition.
        fingerprint: the signing key's fingerprint (see
            :func:`paymaan.report.manifest.key_fingerprint`); ``None`` marks a draft.
        other_edition: file name of the other language's edition, linked from the top.

    Returns:
        The page, identical for identical arguments.
    """
    context = report_context(
        report_input,
        lang,
        public=public,
        key_fingerprint_text=fingerprint,
        other_edition=other_edition,
    )
    return _environment().get_template("report.html.j2").render(context)
