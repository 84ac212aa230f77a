"""The rules of judgement, each tested on a hand-made case set."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from verify_build import NATIONAL, agreement, case, frame, indicator
from verify_world import chapman

from paymaan.verify import (
    Assessment,
    Attestation,
    Coverage,
    EvidenceRule,
    Filter,
    Period,
    Target,
    assess,
    assessments_to_frame,
    period_containing,
)

MARCH = Period("2025-03", date(2025, 3, 1), date(2025, 4, 1), "month")
LATER = date(2026, 1, 1)
KURDISH_PROVINCES = ["IR-04", "IR-05", "IR-11", "IR-12"]
KURDISH = Coverage.from_declarations(
    [{"source": s, "from": "2020-01-01", "to": "2030-01-01", "provinces": KURDISH_PROVINCES}
     for s in ("A", "B")]
)  # fmt: skip


def one(result: list[Assessment]) -> Assessment:
    assert len(result) == 1
    return result[0]


# Rule 1 --------------------------------------------------------------------------------


def test_zero_executions_with_partial_coverage_cannot_be_verified() -> None:
    ind = indicator()
    partial = one(assess(agreement(ind), frame(), KURDISH, [MARCH], LATER))
    assert partial.status == "cannot_verify" and partial.documented == 0
    assert "only 4 of 31 provinces are watched by ≥2 sources" in partial.reason
    assert partial.coverage is not None and partial.coverage.uncovered[:2] == ("IR-00", "IR-01")
    # The same zero where every province is watched by two sources is a "met".
    full = one(assess(agreement(ind), frame(), NATIONAL, [MARCH], LATER))
    assert full.status == "met" and "every province watched by at least 2 source(s)" in full.reason


def test_documented_executions_prove_a_miss_even_with_partial_coverage() -> None:
    cases = frame(case("e1", "execution", date(2025, 3, 5), province="IR-12"))
    result = one(assess(agreement(indicator()), cases, KURDISH, [MARCH], LATER))
    assert (result.status, result.documented, result.case_ids) == ("not_met", 1, ("e1",))
    assert result.reason.startswith("at least 1 documented under the evidence rule")


def test_no_source_at_all_is_cannot_verify_not_a_zero() -> None:
    result = one(assess(agreement(indicator()), frame(), Coverage(), [MARCH], LATER))
    assert result.status == "cannot_verify" and "only 0 of 31 provinces" in result.reason


# Rule 2 --------------------------------------------------------------------------------


def test_single_unconfirmed_report_is_pending_evidence_not_a_miss() -> None:
    single = frame(case("e1", "execution", date(2025, 3, 5), {"A": "unconfirmed"}))
    result = one(assess(agreement(indicator()), single, NATIONAL, [MARCH], LATER))
    assert result.status == "cannot_verify"  # not not_met, and not met either
    assert (result.documented, result.case_ids, result.pending_case_ids) == (0, (), ("e1",))
    assert (
        "1 report(s) await confirmation (an official announcement alone, or 2 independent sources)"
        in result.reason
    )
    # A second independent source confirms it: now it is a documented miss.
    confirmed = frame(case("e1", "execution", date(2025, 3, 5), {"A": "unconfirmed", "B": "media"}))
    assert (
        one(assess(agreement(indicator()), confirmed, NATIONAL, [MARCH], LATER)).status == "not_met"
    )


# Rule 3 --------------------------------------------------------------------------------


def test_stock_counts_each_person_once() -> None:
    political = {"grounds": "political"}
    cases = frame(
        # p1: two arrest cases (records the link stage could not merge) and a sentence: one person
        case("a1", "arrest", date(2024, 5, 1), person_id="p1", **political),
        case("a2", "arrest", date(2024, 5, 2), person_id="p1", **political),
        case("s1", "imprisonment_sentence", date(2024, 9, 1), person_id="p1", **political),
        # p2: arrested and released: not held
        case("a3", "arrest", date(2024, 6, 1), person_id="p2", **political),
        case("r3", "release", date(2024, 8, 1), {"A": "unconfirmed"}, person_id="p2"),
        # p3: released, then re-arrested: held
        case("a4", "arrest", date(2024, 1, 1), person_id="p3", **political),
        case("r4", "release", date(2024, 2, 1), person_id="p3"),
        case("a5", "arrest", date(2025, 2, 1), person_id="p3", **political),
        # p4: released on the day of the arrest: not held
        case("a6", "arrest", date(2025, 1, 10), person_id="p4", **political),
        case("r6", "release", date(2025, 1, 10), person_id="p4"),
        # p5: a criminal arrest: not a political prisoner
        case("a7", "arrest", date(2025, 1, 10), person_id="p5", grounds="criminal"),
        # p6: arrested after the period's end: not yet held
        case("a8", "arrest", date(2025, 4, 1), person_id="p6", **political),
        # p7: one unconfirmed report: held, but pending evidence
        case("a9", "arrest", date(2025, 3, 1), {"C": "unconfirmed"}, person_id="p7", **political),
    )
    ind = indicator("stock", ("arrest", "imprisonment_sentence"), grounds=("political",))
    result = one(assess(agreement(ind), cases, NATIONAL, [MARCH], LATER))
    assert result.documented == 2
    assert result.case_ids == ("a5", "s1")  # each person's latest qualifying entry
    assert result.pending_case_ids == ("a9",)
    assert result.status == "not_met"


def test_a_stale_holding_is_pending_not_counted() -> None:
    political = {"grounds": "political"}
    cases = frame(
        case("old", "arrest", date(2024, 1, 1), person_id="p1", **political),
        case("a2", "arrest", date(2024, 1, 1), person_id="p2", **political),
        case("s2", "imprisonment_sentence", date(2025, 1, 1), person_id="p2", **political),
    )
    ind = indicator(
        "stock", ("arrest", "imprisonment_sentence"), grounds=("political",), stale_after_days=365
    )
    result = one(assess(agreement(ind), cases, NATIONAL, [MARCH], LATER))
    # p1: last confirmed 2024-01-01, more than 365 days before 2025-04-01 → pending
    assert (result.documented, result.case_ids, result.pending_case_ids) == (1, ("s2",), ("old",))


# Rule 4 --------------------------------------------------------------------------------


def test_periods_are_half_open_across_nowruz() -> None:
    cases = frame(
        case("last-of-1403", "execution", date(2025, 3, 20)),
        case("nowruz-1404", "execution", date(2025, 3, 21)),
    )
    y1403 = period_containing("iranian_year", date(2025, 3, 20))
    y1404 = period_containing("iranian_year", date(2025, 3, 21))
    ind = indicator()
    by_label = {
        a.period.label: a
        for a in assess(
            agreement(ind, effective=date(2020, 1, 1)), cases, NATIONAL, [y1403, y1404], LATER
        )
    }
    assert by_label["1403"].case_ids == ("last-of-1403",)
    assert by_label["1404"].case_ids == ("nowruz-1404",)
    april = Period("2025-04", date(2025, 4, 1), date(2025, 5, 1))
    on_end = frame(case("on-the-end", "execution", date(2025, 4, 1)))
    march, april_result = assess(agreement(ind), on_end, NATIONAL, [MARCH, april], LATER)
    assert march.documented == 0 and april_result.documented == 1


def test_imprecise_dates_count_where_they_start_and_are_flagged() -> None:
    cases = frame(
        case(
            "month",
            "execution",
            date(2025, 3, 1),
            date_end=date(2025, 3, 31),
            date_precision="month",
        ),
        case(
            "year",
            "execution",
            date(2025, 1, 1),
            date_end=date(2025, 12, 31),
            date_precision="year",
        ),
    )
    january = Period("2025-01", date(2025, 1, 1), date(2025, 2, 1))
    year = Period("2025", date(2025, 1, 1), date(2026, 1, 1))
    results = assess(
        agreement(indicator(), effective=date(2024, 1, 1)),
        cases,
        NATIONAL,
        [january, MARCH, year],
        LATER,
    )
    jan, mar, whole = results
    assert jan.case_ids == ("year",) and jan.imprecise_case_ids == ("year",)
    assert "1 counted case(s) dated only to a month or year" in jan.reason
    assert (
        mar.case_ids == ("month",) and mar.imprecise_case_ids == ()
    )  # the month lies inside March
    assert whole.documented == 2 and whole.imprecise_case_ids == ()


# Evidence rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "sources", "counts"),
    [
        (EvidenceRule(), {"A": "official"}, True),  # an official announcement alone
        (EvidenceRule(official_counts_alone=False), {"A": "official"}, False),
        (EvidenceRule(), {"C": "own_documentation"}, False),
        (EvidenceRule(own_documentation_counts_alone=True), {"C": "own_documentation"}, True),
        (EvidenceRule(min_independent_sources=3), {"A": "media", "B": "media"}, False),
        (EvidenceRule(min_independent_sources=3), {"A": "media", "B": "media", "C": "media"}, True),
        (EvidenceRule(min_independent_sources=1), {"A": "unconfirmed"}, True),
    ],
)
def test_evidence_rules(rule: EvidenceRule, sources: dict[str, str], counts: bool) -> None:
    cases = frame(case("e1", "execution", date(2025, 3, 5), sources))
    result = one(assess(agreement(indicator(evidence=rule)), cases, NATIONAL, [MARCH], LATER))
    assert (result.documented, result.pending_case_ids) == ((1, ()) if counts else (0, ("e1",)))


def test_conflicting_cases_are_pending_unless_the_rule_counts_them() -> None:
    # The link stage flags both cases of a person executed "twice": one death, two dates.
    conflict = "second execution of the same person (2 cases)"
    cases = frame(
        case("e1", "execution", date(2025, 3, 5), person_id="p1", conflict=conflict),
        case("e2", "execution", date(2025, 3, 9), person_id="p1", conflict=conflict),
    )
    held_back = one(assess(agreement(indicator()), cases, NATIONAL, [MARCH], LATER))
    assert held_back.documented == 0 and held_back.pending_case_ids == ("e1", "e2")
    assert held_back.status == "cannot_verify"
    lenient = indicator(evidence=EvidenceRule(conflicting_cases_count=True))
    assert one(assess(agreement(lenient), cases, NATIONAL, [MARCH], LATER)).documented == 2


def test_a_source_with_several_evidence_levels() -> None:
    # The link stage keeps a list when one source reported a case at several levels.
    cases = frame(case("e1", "execution", date(2025, 3, 5), {"A": ["media", "official"]}))  # type: ignore[dict-item]
    assert one(assess(agreement(indicator()), cases, NATIONAL, [MARCH], LATER)).documented == 1


# Deadlines and pending -----------------------------------------------------------------


def test_deadlines_and_periods_not_over_are_pending() -> None:
    cases = frame(case("a1", "arrest", date(2024, 12, 1), person_id="p1", grounds="political"))
    ind = indicator(
        "stock", ("arrest",), target=Target("eq", 0, deadline_days=45), grounds=("political",)
    )
    months = [period_containing("month", date(2025, m, 1)) for m in (1, 2, 3)]
    jan, feb, mar = assess(agreement(ind), cases, NATIONAL, months, as_of=date(2025, 3, 15))
    # deadline: 2025-01-01 + 45 days = 2025-02-15; January ends before it.
    assert (
        jan.status == "pending" and "applies from 2025-02-15" in jan.reason and jan.documented == 1
    )
    assert feb.status == "not_met" and feb.target == "= 0 from 2025-02-15"
    assert mar.status == "pending" and "not over on 2025-03-15" in mar.reason


def test_a_flow_counts_from_the_day_the_commitment_applies() -> None:
    cases = frame(
        case("before", "execution", date(2025, 3, 10)),
        case("after", "execution", date(2025, 3, 20)),
    )
    result = one(
        assess(agreement(indicator(), effective=date(2025, 3, 15)), cases, NATIONAL, [MARCH], LATER)
    )
    assert (result.counted_from, result.case_ids) == (date(2025, 3, 15), ("after",))


def test_within_windows_skip_periods_outside_them() -> None:
    from paymaan.verify import Window

    ind = indicator(within=(Window(date(2025, 3, 10), date(2025, 3, 20), "election"),))
    cases = frame(
        case("in", "execution", date(2025, 3, 12)), case("out", "execution", date(2025, 3, 25))
    )
    april = Period("2025-04", date(2025, 4, 1), date(2025, 5, 1))
    (result,) = assess(agreement(ind), cases, NATIONAL, [MARCH, april], LATER)
    assert result.period == MARCH and result.case_ids == ("in",)


# Targets, estimates and shares ---------------------------------------------------------


def two_lists() -> list[dict[str, object]]:
    # 2 cases only in A, 2 only in B, 4 in both.
    rows = [case(f"a{i}", "execution", date(2025, 3, 2), {"A": "media"}) for i in range(2)]
    rows += [case(f"b{i}", "execution", date(2025, 3, 2), {"B": "media"}) for i in range(2)]
    rows += [case(f"ab{i}", "execution", date(2025, 3, 2)) for i in range(4)]
    return rows


def test_an_estimate_can_stand_in_the_way_of_met_but_never_proves_a_miss() -> None:
    ind = indicator(target=Target("le", 10), estimate=True)
    cases = frame(*two_lists())
    without = one(assess(agreement(ind), cases, NATIONAL, [MARCH], LATER))
    # documented 4 (both lists), pending 4: at most 8 ≤ 10 where every province is watched
    assert (without.status, without.documented, len(without.pending_case_ids)) == ("met", 4, 4)
    with_estimate = one(assess(agreement(ind), cases, NATIONAL, [MARCH], LATER, estimator=chapman))
    # Chapman, n1 = n2 = 6, m = 4: N = 7·7/5 − 1 = 8.8;
    # Var = 7·7·2·2/(5²·6) = 1.3067, half-width 1.96·1.1431 = 2.2405 → [max(8, 6.56), 11.04]
    assert with_estimate.estimate == pytest.approx(8.8)
    assert with_estimate.lower == 8 and with_estimate.upper == pytest.approx(11.0405, abs=1e-3)
    assert (
        with_estimate.status == "cannot_verify"
        and "interval reaches past target ≤ 10" in with_estimate.reason
    )
    assert with_estimate.estimate_method == "chapman"
    # A tighter target the documented count alone misses stays a documented miss.
    miss = one(
        assess(
            agreement(indicator(target=Target("le", 3), estimate=True)),
            cases,
            NATIONAL,
            [MARCH],
            LATER,
            estimator=chapman,
        )
    )
    assert miss.status == "not_met" and miss.reason.startswith("at least 4 documented")


def test_no_estimate_without_two_lists_covering_the_whole_stratum() -> None:
    only_a = Coverage.from_declarations([{"source": "A", "from": "2020-01-01", "to": "2030-01-01"}])
    ind = indicator(estimate=True, min_sources=1)
    result = one(
        assess(agreement(ind), frame(*two_lists()), only_a, [MARCH], LATER, estimator=chapman)
    )
    assert (
        result.estimate is None
        and "fewer than two sources watch the whole stratum" in result.reason
    )


def test_at_least_targets_are_met_by_the_lower_bound() -> None:
    releases = frame(*[case(f"r{i}", "release", date(2025, 3, 3)) for i in range(3)])
    ind = indicator(event_types=("release",), target=Target("ge", 3))
    assert one(assess(agreement(ind), releases, KURDISH, [MARCH], LATER)).status == "met"
    short = indicator(event_types=("release",), target=Target("ge", 5))
    assert (
        one(assess(agreement(short), releases, KURDISH, [MARCH], LATER)).status == "cannot_verify"
    )
    missed = one(assess(agreement(short), releases, NATIONAL, [MARCH], LATER))
    assert missed.status == "not_met" and "at most 3" in missed.reason


def test_share_indicator() -> None:
    ind = indicator("share", target=Target("ge", 1), part=Filter(evidence_levels=("official",)))
    cases = frame(
        case("o1", "execution", date(2025, 3, 2), {"A": "official"}),
        case("o2", "execution", date(2025, 3, 2), {"A": "official", "B": "media"}),
        case("m1", "execution", date(2025, 3, 2)),
        case("m2", "execution", date(2025, 3, 2)),
    )
    result = one(assess(agreement(ind), cases, NATIONAL, [MARCH], LATER))
    assert (result.status, result.documented, result.whole) == ("not_met", 2, 4)
    assert "2 of 4 documented (50%)" in result.reason
    assert one(assess(agreement(ind), frame(), NATIONAL, [MARCH], LATER)).status == "cannot_verify"
    assert one(assess(agreement(ind), cases, KURDISH, [MARCH], LATER)).status == "cannot_verify"


# Structural indicators -----------------------------------------------------------------


def test_structural_indicators_follow_their_attestation(tmp_path: Path) -> None:
    document = tmp_path / "agreement.pdf"
    document.write_bytes(b"the signed text")
    digest = hashlib.sha256(b"the signed text").hexdigest()
    ind = indicator("structural", target=None)

    def status(*attestations: Attestation) -> Assessment:
        return one(
            assess(agreement(ind, attestations=attestations), frame(), NATIONAL, [MARCH], LATER)
        )

    assert status().status == "cannot_verify" and "no attestation" in status().reason
    met = Attestation(
        ind.id, date(2025, 3, 10), "met", "Verifier", "agreement.pdf", digest, base_dir=tmp_path
    )
    assert (
        status(met).status == "met" and status(met).document == f"agreement.pdf (sha256 {digest})"
    )
    too_late = Attestation(
        ind.id, date(2025, 4, 1), "not_met", "V", "https://example.org/x", digest
    )
    assert status(met, too_late).status == "met"  # dated on the period's end: not yet in force
    document.write_bytes(b"edited")
    changed = status(met)
    assert changed.status == "cannot_verify" and "does not match its SHA-256" in changed.reason
    no_hash = Attestation(ind.id, date(2025, 3, 10), "not_met", "V", "https://example.org/x")
    assert status(no_hash).status == "cannot_verify"


def test_assessments_to_frame_is_flat() -> None:
    cases = frame(case("e1", "execution", date(2025, 3, 5)))
    table = assessments_to_frame(assess(agreement(indicator()), cases, NATIONAL, [MARCH], LATER))
    row = table.iloc[0]
    assert (row["period"], row["period_start"], row["status"], row["case_ids"]) == (
        "2025-03",
        date(2025, 3, 1),
        "not_met",
        ["e1"],
    )
    assert (row["provinces_in_scope"], row["provinces_covered"], row["sources"]) == (
        31,
        31,
        ["A", "B", "C"],
    )


@settings(max_examples=60, deadline=None)
@given(
    histories=st.lists(
        st.lists(
            st.tuples(st.sampled_from(["arrest", "release"]), st.integers(0, 120)), max_size=4
        ),
        min_size=1,
        max_size=6,
    ),
    copies=st.integers(1, 3),
)
def test_stock_is_a_count_of_persons_whatever_the_records(
    histories: list[list[tuple[str, int]]], copies: int
) -> None:
    """Repeating every case (records the link stage did not merge) never changes the stock,
    and the stock equals a replay of each person's events in date order."""
    rows = []
    for person, history in enumerate(histories):
        for index, (event_type, offset) in enumerate(history):
            day = date(2025, 1, 1) + timedelta(days=offset)
            for copy in range(copies):
                rows.append(
                    case(
                        f"{person}-{index}-{copy}",
                        event_type,
                        day,
                        person_id=f"p{person}",
                        grounds="political",
                    )
                )
    ind = indicator("stock", ("arrest",), grounds=("political",))
    at = Period("2025-04", date(2025, 4, 1), date(2025, 5, 1))
    result = one(assess(agreement(ind), frame(*rows), NATIONAL, [at], LATER))
    expected = 0
    for history in histories:
        last_arrest = max((o for t, o in history if t == "arrest" and o < 120), default=None)
        last_release = max((o for t, o in history if t == "release" and o < 120), default=None)
        expected += last_arrest is not None and (last_release is None or last_arrest > last_release)
    assert result.documented == expected
