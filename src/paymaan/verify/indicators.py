"""Measure an indicator over a period from the cases: what counts, what is pending.

Takes a frame from :func:`paymaan.verify.cases.prepare_cases`. Dates are intervals
``[_start, _end)``; a case belongs to the period that contains the *start* of its
interval (a month-only date to its month's period; a year-only date to the period
holding 1 January), and a case whose interval is wider than a day and reaches past the
period is listed as *imprecise*.

- **flow**: cases of the filter whose start lies in the window.
- **stock**: persons held at the end of the period — they have an entry case
  (the filter: arrest or sentence on given grounds) before the end and no exit case
  (release, execution, death in custody by default; any evidence) on or after that
  entry and before the end. Each person counts once, however many records describe them.
  With ``stale_after_days``, a person whose latest entry case is older than that is
  pending evidence, not counted: they may have been released without anyone reporting it.
- **share**: the flow's documented cases (the whole) and those of them that also match
  ``part``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from paymaan.verify.spec import EvidenceRule, Filter, Indicator

__all__ = ["Measurement", "evidence_mask", "filter_mask", "measure"]


@dataclass(frozen=True)
class Measurement:
    """What the cases say about one indicator in one window.

    Attributes:
        documented: cases (flow) or persons (stock) that meet the evidence rule; for a
            share, the documented cases of the part.
        case_ids: the cases behind ``documented`` (for a stock, each person's latest entry).
        pending_case_ids: matching cases that do not (yet) meet the evidence rule.
        imprecise_case_ids: counted cases whose date interval reaches past the window.
        observed: every matching case (documented and pending) with its ``sources``, one
            row per case (flow) or person (stock): the input of an estimate.
        whole: for a share, the documented cases of the whole; else ``None``.
    """

    documented: int
    case_ids: tuple[str, ...]
    pending_case_ids: tuple[str, ...]
    imprecise_case_ids: tuple[str, ...]
    observed: pd.DataFrame
    whole: int | None = None


def _isin(series: pd.Series, values: tuple[str, ...]) -> pd.Series:
    return series.isin(values) & series.notna()


def filter_mask(cases: pd.DataFrame, spec: Filter) -> pd.Series:
    """Boolean mask of the cases that match *spec* (ignoring its ``within`` windows)."""
    mask = pd.Series(True, index=cases.index)
    for field, column in (
        ("event_types", "event_type"),
        ("charges", "charge"),
        ("grounds", "grounds"),
        ("sex", "sex"),
        ("ethnicities", "ethnicity"),
        ("provinces", "province"),
    ):
        values = getattr(spec, field)
        if values:
            mask &= _isin(cases[column], values)
    if spec.evidence_levels:
        wanted = frozenset(spec.evidence_levels)
        mask &= cases["_levels"].map(lambda levels: bool(levels & wanted)).astype(bool)
    if spec.age_min is not None:
        mask &= cases["age"].ge(spec.age_min).fillna(False).astype(bool)
    if spec.age_max is not None:
        mask &= cases["age"].le(spec.age_max).fillna(False).astype(bool)
    if spec.exclude is not None:
        mask &= ~filter_mask(cases, spec.exclude)
    return mask


def evidence_mask(cases: pd.DataFrame, rule: EvidenceRule) -> pd.Series:
    """Boolean mask of the cases documented under *rule* (see :class:`EvidenceRule`)."""
    mask = cases["_n_sources"] >= rule.min_independent_sources
    if rule.official_counts_alone:
        mask |= cases["_official"]
    if rule.own_documentation_counts_alone:
        mask |= cases["_own"]
    if not rule.conflicting_cases_count:
        mask &= ~cases["_conflict"]
    return mask.astype(bool)


def _window_mask(cases: pd.DataFrame, spec: Filter, start: date, end: date) -> pd.Series:
    starts = cases["_start"]
    mask = (starts >= pd.Timestamp(start)) & (starts < pd.Timestamp(end))
    if spec.within:
        inside = pd.Series(False, index=cases.index)
        for window in spec.within:
            inside |= (starts >= pd.Timestamp(window.start)) & (starts < pd.Timestamp(window.end))
        mask &= inside
    return mask


def _ids(frame: pd.DataFrame) -> tuple[str, ...]:
    return tuple(sorted(frame["case_id"].astype(str)))


def _flow(cases: pd.DataFrame, indicator: Indicator, start: date, end: date) -> Measurement:
    chosen = cases[
        filter_mask(cases, indicator.filter) & _window_mask(cases, indicator.filter, start, end)
    ]
    counted = evidence_mask(chosen, indicator.evidence)
    documented = chosen[counted]
    imprecise = documented[documented["_imprecise"] & (documented["_end"] > pd.Timestamp(end))]
    if indicator.kind == "share" and indicator.part is not None:
        part = documented[filter_mask(documented, indicator.part)]
        return Measurement(
            documented=len(part),
            case_ids=_ids(part),
            pending_case_ids=_ids(chosen[~counted]),
            imprecise_case_ids=_ids(imprecise),
            observed=chosen[["case_id", "person_id", "sources"]],
            whole=len(documented),
        )
    return Measurement(
        documented=len(documented),
        case_ids=_ids(documented),
        pending_case_ids=_ids(chosen[~counted]),
        imprecise_case_ids=_ids(imprecise),
        observed=chosen[["case_id", "person_id", "sources"]],
    )


def _stock(cases: pd.DataFrame, indicator: Indicator, at: date) -> Measurement:
    before = cases[cases["_start"] < pd.Timestamp(at)]
    entries = before[filter_mask(before, indicator.filter)]
    exits = before[before["event_type"].isin(indicator.exit_event_types)]
    last_exit = exits.groupby("person_id")["_start"].max()
    # An exit dated on or after an entry ends it: an entry holds only if after the last exit.
    exit_of_entry = entries["person_id"].map(last_exit)
    holding = entries[exit_of_entry.isna() | (entries["_start"] > exit_of_entry)]
    holding = holding.assign(_counts=evidence_mask(holding, indicator.evidence))
    if indicator.stale_after_days is not None:
        # Not confirmed held for too long: the person may have been released unreported.
        last_entry = holding.groupby("person_id")["_start"].transform("max")
        fresh = last_entry >= pd.Timestamp(at) - pd.Timedelta(days=indicator.stale_after_days)
        holding = holding.assign(_counts=holding["_counts"] & fresh)
    persons = (
        holding.sort_values(["person_id", "_counts", "_start", "case_id"])
        .groupby("person_id")
        .tail(1)
    )
    documented = persons[persons["_counts"]]
    pending = persons[~persons["_counts"]]
    sources = holding.groupby("person_id")["sources"].agg(
        lambda lists: sorted({s for ss in lists for s in ss})
    )
    observed = persons[["case_id", "person_id"]].assign(sources=persons["person_id"].map(sources))
    imprecise = documented[documented["_imprecise"] & (documented["_end"] > pd.Timestamp(at))]
    return Measurement(
        documented=len(documented),
        case_ids=_ids(documented),
        pending_case_ids=_ids(pending),
        imprecise_case_ids=_ids(imprecise),
        observed=observed,
    )


def measure(cases: pd.DataFrame, indicator: Indicator, start: date, end: date) -> Measurement:
    """Measure *indicator* over ``[start, end)``; a stock at *end* (after every case before it).

    Args:
        cases: a frame from :func:`paymaan.verify.cases.prepare_cases`.
        indicator: a flow, stock or share indicator.
        start: first day of the window.
        end: first day after the window.

    Returns:
        The :class:`Measurement`.

    Raises:
        ValueError: *indicator* is structural (it is attested, not measured).

    Example:
        >>> measure(prepare_cases(frame), agreement.indicator("c3-executions"),
        ...         date(2025, 5, 1), date(2025, 6, 1)).documented  # doctest: +SKIP
        41
    """
    if indicator.kind == "structural":
        raise ValueError(f"indicator {indicator.id} is structural: it is attested, not measured")
    if indicator.kind == "stock":
        return _stock(cases, indicator, end)
    return _flow(cases, indicator, start, end)
