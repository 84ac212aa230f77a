"""The HTML editions: language, direction, digits, dates, content, self-containment."""

from __future__ import annotations

import re

import pytest
from report_fixture import report_dict

from paymaan.errors import InputError
from paymaan.report import ReportInput
from paymaan.report.render import commitment_status, render_html


@pytest.fixture
def pages(report_input: ReportInput) -> dict[tuple[str, bool], str]:
    return {
        (lang, public): render_html(report_input, lang, public=public, fingerprint="SHA256:ab")
        for lang in ("en", "fa")
        for public in (True, False)
    }


def test_persian_edition_is_right_to_left_with_persian_digits_and_jalali_dates(
    pages: dict[tuple[str, bool], str],
) -> None:
    page = pages[("fa", True)]
    assert '<html lang="fa" dir="rtl">' in page
    assert "۳۰ فروردین ۱۴۰۴ (۲۰۲۵/۰۴/۱۹)" in page  # effective date, both calendars
    assert "۱۲ آبان ۱۴۰۴" in page  # the run's date
    assert '<td class="num">۱۰۲</td>' in page  # documented executions, July
    assert "Noto Naskh Arabic" in page
    body = re.sub(r"<(style|svg|code)[^>]*>.*?</\1>", "", page, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", body)
    # The only ASCII digits left in the Persian text are in codes, hashes and Latin names.
    assert not re.search(r"[0-9]", re.sub(r"[A-Za-z0-9_.:/-]*[A-Za-z][A-Za-z0-9_.:/-]*", "", text))


def test_english_edition(pages: dict[tuple[str, bool], str]) -> None:
    page = pages[("en", True)]
    assert '<html lang="en" dir="ltr">' in page
    assert "2025-04-19 (30 Farvardin 1404)" in page
    assert 'class="badge not_met">not met<' in page
    assert "Changes since the previous report" in page and "run-2025-10-02-0800" in page
    assert "documented: 91 → 97; estimate: 118 → 127" in page
    assert "no longer assessed" in page


def test_pages_are_self_contained(pages: dict[tuple[str, bool], str]) -> None:
    for page in pages.values():
        assert "<script" not in page
        assert not re.search(r"(src|href)=\"(https?:)?//", page)
        assert "url(" not in page
        assert "default-src 'none'" in page


def test_public_edition_names_only_public_cases_and_no_case_ids(
    pages: dict[tuple[str, bool], str],
) -> None:
    public, internal = pages[("en", True)], pages[("en", False)]
    assert "Sharifeh Mohammadi" in public and "شریفه محمدی" in pages[("fa", True)]
    assert "C-2002" not in public and "C-2002" in internal
    assert "Do not publish" in internal and "Do not publish" not in public
    for page in pages.values():
        assert "Kurdistan Witness Network" not in page and "Source K" in page


def test_unverified_periods_say_why(pages: dict[tuple[str, bool], str]) -> None:
    page = pages[("en", True)]
    assert "2 case(s) await a reviewer&#39;s decision and are not counted." in page
    assert "The sources cover only 82% of what this indicator is about in this period." in page
    assert "Two sources stopped reporting" in page
    assert "No assessment for this indicator in this run." in page  # torture reports


def test_commitment_status_rule() -> None:
    assert commitment_status(["met", "met"]) == "met"
    assert commitment_status(["met", "not_met", "cannot_verify"]) == "not_met"
    assert commitment_status(["met", "pending", "cannot_verify"]) == "cannot_verify"
    assert commitment_status(["met", "pending"]) == "pending"
    assert commitment_status([]) == "pending"


def test_assessment_of_an_unknown_indicator_is_refused() -> None:
    data = report_dict()
    data["assessments"][0] = {**data["assessments"][0], "indicator_id": "nope"}
    with pytest.raises(InputError, match="names no indicator"):
        ReportInput.from_dict(data)
    data = report_dict()
    data["assessments"][0] = {**data["assessments"][0], "status": "fine"}
    with pytest.raises(InputError, match="not one of"):
        ReportInput.from_dict(data)
    data = report_dict()
    data["assessments"].append(data["assessments"][0])
    with pytest.raises(InputError, match="two assessments of political-prisoners/held/2025-05"):
        ReportInput.from_dict(data)
    data = report_dict()
    data["run"] = {**data["run"], "finished_at": "2025-11-03T09:30:00"}
    with pytest.raises(InputError, match="no time zone"):
        ReportInput.from_dict(data)


def test_verify_stage_assessment_is_accepted_as_it_is() -> None:
    from datetime import date

    from paymaan.report import AssessmentRecord
    from paymaan.verify import Assessment, CoverageSummary, Period

    assessment = Assessment(
        agreement_id="rome-2025",
        commitment_id="death-penalty",
        indicator_id="executions",
        kind="flow",
        period=Period("2025-06", date(2025, 6, 1), date(2025, 7, 1)),
        status="not_met",
        documented=84,
        whole=None,
        estimate=110.0,
        lower=94.0,
        upper=139.0,
        estimate_method="loglinear",
        coverage=CoverageSummary(
            provinces_in_scope=4,
            provinces_covered=3,
            min_sources=2,
            sources=("a", "b"),
            full_sources=("a", "b"),
            uncovered=("IR-11",),
        ),
        case_ids=("C-2", "C-1"),
        pending_case_ids=(),
        imprecise_case_ids=(),
        counted_from=None,
        target="= 0 from 2025-05-19",
        reason="84 executions documented",
    )
    record = AssessmentRecord.coerce(assessment)
    # Period is half-open [2025-06-01, 2025-07-01): its last day is 30 June.
    assert (record.period_label, record.period_end) == ("2025-06", date(2025, 6, 30))
    assert record.coverage == 0.75  # 3 of 4 provinces in scope covered
    assert record.limitations == ("Provinces not watched by enough sources: IR-11.",)
    assert record.case_ids == ("C-1", "C-2") and record.target == "= 0 from 2025-05-19"


def test_structural_indicator_without_a_count() -> None:
    from paymaan.report.package import figure_rows

    data = report_dict()
    data["assessments"].append(
        {
            "agreement_id": "rome-2025",
            "commitment_id": "death-penalty",
            "indicator_id": "torture-reports",
            "period_label": "2025-10",
            "period_start": "2025-10-01",
            "period_end": "2025-10-31",
            "status": "cannot_verify",
            "documented": None,
            "reason": "No law attested.",
        }
    )
    report_input = ReportInput.from_dict(data)
    page = render_html(report_input, "fa", public=True)
    assert "No law attested." in page  # no Persian text given: the English one, marked so
    assert '<span lang="en" dir="ltr">No law attested.</span>' in page
    row = [
        r for r in figure_rows(report_input, public=True) if r["indicator_id"] == "torture-reports"
    ]
    assert row[0]["documented"] == "" and row[0]["status"] == "cannot_verify"
