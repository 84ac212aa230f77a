"""Turn the events a monitor documented into that monitor's rows, errors included.

Everything a row shows is picked from tables computed once per monitor (each name's
spellings, each day's date string, each province's names), so rendering a million rows
is array indexing. The few per-row Python steps (typos) touch only the rows that get
one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import jdatetime
import numpy as np
import pandas as pd

from paymaan.synth import vocabulary as words
from paymaan.synth._arrays import pick
from paymaan.synth.geography import Geography, Place
from paymaan.synth.monitors import MonitorProfile
from paymaan.synth.names import (
    NameTable,
    latin_variant_table,
    persian_variant_table,
)
from paymaan.synth.population import groups

__all__ = ["RenderedMonitor", "render_monitor"]

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_GREGORIAN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")


@dataclass
class RenderedMonitor:
    """A monitor's export as a table (its own headers) and the truth about each row."""

    profile: MonitorProfile
    table: pd.DataFrame
    truth: pd.DataFrame


def _digits(text: str, digits: str) -> str:
    if digits == "persian":
        return text.translate(_PERSIAN_DIGITS)
    if digits == "arabic":
        return text.translate(_ARABIC_DIGITS)
    return text


def _date_strings(
    profile: MonitorProfile, start: dt.date, first: int, last: int
) -> tuple[np.ndarray, np.ndarray]:
    """Full and month-only date strings for every day offset in ``[first, last]``."""
    full, month = [], []
    for offset in range(first, last + 1):
        day = start + dt.timedelta(days=offset)
        if profile.calendar == "jalali":
            j = jdatetime.date.fromgregorian(date=day)
            y, m, d = j.year, j.month, j.day
            month_text = f"{words.JALALI_MONTHS[m - 1]} {y}"
        else:
            y, m, d = day.year, day.month, day.day
            month_text = f"{_GREGORIAN_MONTHS[m - 1]} {y}"
        if profile.date_pattern == "dmy_text":
            text = f"{d} {_GREGORIAN_MONTHS[m - 1]} {y}"
        else:
            text = profile.date_pattern.format(y=y, m=m, d=d)
        full.append(_digits(text, profile.digits))
        month.append(_digits(month_text, profile.digits))
    return np.array(full, dtype=object), np.array(month, dtype=object)


def _impossible_date(profile: MonitorProfile, year: int) -> str:
    if profile.calendar == "jalali":
        return _digits(f"{year - 621}/13/45", profile.digits)
    if profile.date_pattern == "dmy_text":
        return f"31 February {year}"
    return profile.date_pattern.format(y=year, m=2, d=31)


def _script_ok(text: str, language: str) -> bool:
    return bool(_ARABIC_SCRIPT.search(text)) == (language == "fa")


def _place_names(
    rng: np.random.Generator,
    keys: np.ndarray,
    places: dict[str, Place],
    language: str,
    p_variant: float,
) -> np.ndarray:
    """Each place as the monitor writes it: its name in the monitor's script, or a variant."""
    out = np.full(len(keys), None, dtype=object)
    variant_draw = rng.random(len(keys))
    for key, rows in groups(keys):
        place = places.get(str(key))
        if place is None:
            continue
        out[rows] = place.fa if language == "fa" else place.en
        variants = [v for v in place.variants if _script_ok(v, language)]
        if variants:
            use = rows[variant_draw[rows] < p_variant]
            out[use] = np.array(variants, dtype=object)[
                rng.integers(0, len(variants), size=len(use))
            ]
    return out


def _typo(text: str, op: int, where: float) -> str:
    if len(text) < 3:
        return text
    i = min(int(where * (len(text) - 1)), len(text) - 2)
    if text[i] == " " or text[i + 1] == " ":
        return text
    if op == 0:
        return text[:i] + text[i + 1 :]
    if op == 1:
        return text[: i + 1] + text[i] + text[i + 1 :]
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _variants(
    profile: MonitorProfile, rng: np.random.Generator, table: NameTable, *, surname: bool
) -> np.ndarray:
    if profile.language == "fa":
        return persian_variant_table(table, profile.zwnj_habit)
    return latin_variant_table(table, profile.habit, rng, is_surname=surname)


def _names(
    profile: MonitorProfile,
    rng: np.random.Generator,
    index: np.ndarray,
    variants: np.ndarray,
) -> np.ndarray:
    """Spell the names ``index`` (−1: no person) the monitor's way, with row-level noise."""
    n = len(index)
    if profile.language == "fa":
        column = pick(rng.random(n) < profile.p_spelling_noise, 2, 0)
        column = column + (rng.random(n) < profile.p_arabic_letters)
    else:
        noisy = rng.random(n) < profile.p_spelling_noise
        column = pick(noisy, rng.integers(1, variants.shape[1], size=n), 0)
    out = variants[np.maximum(index, 0), column]
    return pick(index >= 0, out, None)


def _apply_typos(rng: np.random.Generator, values: list[np.ndarray], p: float) -> np.ndarray:
    n = len(values[0])
    hit = rng.random(n) < p
    which = rng.integers(0, len(values), size=n)
    ops = rng.integers(0, 3, size=n)
    where = rng.random(n)
    for row in np.flatnonzero(hit):
        target = values[which[row]]
        if target[row] is not None:
            target[row] = _typo(str(target[row]), int(ops[row]), float(where[row]))
    return hit


def _code_words(codes: np.ndarray, mapping: dict[str, str]) -> np.ndarray:
    return np.asarray(pd.Series(codes, dtype=object).map(mapping).to_numpy(dtype=object))


@dataclass
class _Plan:
    """Which event each row shows, on which day, under which id, in which order."""

    ev: pd.DataFrame
    event_day: np.ndarray
    report_day: np.ndarray
    use_report: np.ndarray
    shift: np.ndarray
    month_only: np.ndarray
    order: np.ndarray
    record_id: np.ndarray
    duplicate_of: np.ndarray
    dates: dict[str, np.ndarray]


def _plan_rows(
    profile: MonitorProfile,
    events: pd.DataFrame,
    captured: np.ndarray,
    rng: np.random.Generator,
    start: dt.date,
) -> _Plan:
    first_block = np.flatnonzero(captured)
    dup = rng.random(len(first_block)) < profile.p_duplicate
    rows = np.concatenate([first_block, first_block[dup]])
    original = np.concatenate([np.arange(len(first_block)), np.flatnonzero(dup)])
    is_dup = np.arange(len(rows)) >= len(first_block)
    n = len(rows)
    ev = events.iloc[rows].reset_index(drop=True)
    event_day = ev["day"].to_numpy(np.int64)
    report_day = event_day + rng.geometric(0.35, size=n)
    use_report = rng.random(n) < profile.p_report_date
    shifted = rng.random(n) < profile.p_date_shift
    shift = pick(shifted, rng.choice([-5, -3, -2, -1, 1, 2, 3, 4, 6], size=n), 0)
    shown_day = pick(use_report, report_day, event_day + shift)
    month_only = rng.random(n) < profile.p_month_only
    first = int(min(shown_day.min(initial=0), report_day.min(initial=0)))
    last = int(max(shown_day.max(initial=0), report_day.max(initial=0)))
    full_dates, month_dates = _date_strings(profile, start, first, last)
    dates = {
        "event_date": pick(
            month_only, month_dates[shown_day - first], full_dates[shown_day - first]
        ),
        "report_date": full_dates[report_day - first],
    }
    # Monitors publish in the order they learn of cases: ids follow the report date.
    order = np.argsort(report_day, kind="stable")
    serial = np.empty(n, dtype=np.int64)
    serial[order] = np.arange(1, n + 1)
    width = max(5, len(str(n)))
    record_id = np.array([f"{profile.id_prefix}{s:0{width}d}" for s in serial], dtype=object)
    duplicate_of = pick(is_dup, record_id[original], None)
    return _Plan(
        ev,
        event_day,
        report_day,
        use_report,
        shift,
        month_only,
        order,
        record_id,
        duplicate_of,
        dates,
    )


def _name_values(
    profile: MonitorProfile,
    rng: np.random.Generator,
    ev: pd.DataFrame,
    given: NameTable,
    surnames: NameTable,
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """First name, surname, father's name (and full name) with typos and swaps."""

    def person_index(column: str) -> np.ndarray:
        values = ev[column].to_numpy(dtype=object)
        return pick(pd.notna(values), values, -1).astype(np.int64)

    n = len(ev)
    given_variants = _variants(profile, rng, given, surname=False)
    surname_variants = _variants(profile, rng, surnames, surname=True)
    first_name = _names(profile, rng, person_index("given"), given_variants)
    surname = _names(profile, rng, person_index("surname"), surname_variants)
    father = _names(profile, rng, person_index("father"), given_variants)
    typo = _apply_typos(rng, [first_name, surname], profile.p_typo)
    swapped = (rng.random(n) < profile.p_swap_names) & pd.notna(first_name)
    first_name, surname = pick(swapped, surname, first_name), pick(swapped, first_name, surname)
    father[rng.random(n) < profile.p_missing_father] = None
    values = {"first_name": first_name, "surname": surname, "father_name": father}
    if "full_name" in profile.columns:
        joined = pd.Series(first_name).astype(str) + " " + pd.Series(surname).astype(str)
        values["full_name"] = pick(pd.notna(first_name), joined, None)
    return values, typo, swapped


def _person_values(
    profile: MonitorProfile, rng: np.random.Generator, ev: pd.DataFrame
) -> dict[str, np.ndarray]:
    """Age, birth year and the monitor's words for type, sex, charge, grounds, evidence."""
    n = len(ev)
    has_person = pd.notna(ev["person_id"]).to_numpy()
    age = pick(has_person, ev["age"].to_numpy(dtype=object), 0).astype(np.int64)
    age = age + pick(rng.random(n) < 0.1, rng.integers(-1, 2, size=n), 0)
    shown = has_person & (rng.random(n) >= profile.p_missing_age)
    values = {"age": pick(shown, _digit_strings(age, profile.digits), None)}
    birth = pick(has_person, ev["birth_year"].to_numpy(dtype=object), 0).astype(np.int64)
    birth = birth - (621 if profile.calendar == "jalali" else 0)
    values["birth_year"] = pick(has_person, _digit_strings(birth, profile.digits), None)
    for column in ("event_type", "sex", "charge", "grounds", "ethnicity"):
        codes = ev[column].to_numpy(dtype=object)
        values[column] = _code_words(codes, profile.vocab.get(column, {}))
    if "ethnicity" in profile.columns:
        values["ethnicity"][rng.random(n) < 0.2] = None
    official = ev["official"].to_numpy() == 1
    evidence = profile.vocab.get("evidence", {})
    otherwise = evidence.get("media") or evidence.get("own_documentation")
    values["evidence"] = pick(official, evidence.get("official"), otherwise)
    return values


def _place_values(
    profile: MonitorProfile, rng: np.random.Generator, ev: pd.DataFrame, geography: Geography
) -> dict[str, np.ndarray]:
    """Province, city, prison and outlet as the monitor writes them."""
    values: dict[str, np.ndarray] = {}
    if profile.province_style == "iso":
        values["province"] = ev["province"].to_numpy(dtype=object)
    else:
        places = {
            code: Place(code, str(p["en"]), str(p["fa"]), code, tuple(p.get("variants") or ()))
            for code, p in geography.provinces.items()
        }
        provinces = ev["province"].to_numpy(dtype=object)
        values["province"] = _place_names(rng, provinces, places, profile.language, 0.1)
    cities = {c.id: c for group in geography.cities.values() for c in group}
    prisons = {p.id: p for group in geography.prisons.values() for p in group}
    city, prison = ev["city"].to_numpy(dtype=object), ev["prison"].to_numpy(dtype=object)
    values["city"] = _place_names(rng, city, cities, profile.language, 0.1)
    values["prison"] = _place_names(rng, prison, prisons, profile.language, 0.2)
    outlet = "outlet" if profile.language == "fa" else "outlet_en"
    values["outlet"] = ev[outlet].to_numpy(dtype=object) if outlet in ev else np.full(len(ev), None)
    return values


def render_monitor(
    profile: MonitorProfile,
    events: pd.DataFrame,
    captured: np.ndarray,
    rng: np.random.Generator,
    *,
    start: dt.date,
    geography: Geography,
    given: NameTable,
    surnames: NameTable,
) -> RenderedMonitor:
    """Write the rows of one monitor for the events it ``captured``.

    Args:
        profile: the monitor.
        events: the truth's events (internal columns included).
        captured: boolean mask over ``events``: what the monitor documented.
        rng: the random source.
        start: the first day of the period (day offset 0).
        geography: places, for the names of provinces, cities and prisons.
        given: the given-name list.
        surnames: the surname list.

    Returns:
        A :class:`RenderedMonitor`: the export table and one truth row per row.
    """
    plan = _plan_rows(profile, events, captured, rng, start)
    names, typo, swapped = _name_values(profile, rng, plan.ev, given, surnames)
    values = {"source_record_id": plan.record_id, **plan.dates, **names}
    values.update(_person_values(profile, rng, plan.ev))
    values.update(_place_values(profile, rng, plan.ev, geography))
    malformed, reason = _malform(profile, rng, values, plan.event_day, start)
    table = pd.DataFrame({header: values[name] for name, header in profile.columns.items()})
    truth = pd.DataFrame(
        {
            "monitor": profile.key,
            "source_record_id": plan.record_id,
            "person_id": plan.ev["person_id"].to_numpy(dtype=object),
            "event_id": plan.ev["event_id"].to_numpy(dtype=object),
            "malformed": malformed.astype(np.int64),
            "malformed_reason": reason,
            "duplicate_of": plan.duplicate_of,
            "reported_date_is_report_date": plan.use_report.astype(np.int64),
            "date_shift_days": pick(plan.use_report, plan.report_day - plan.event_day, plan.shift),
            "month_only": plan.month_only.astype(np.int64),
            "names_swapped": swapped.astype(np.int64),
            "typo": typo.astype(np.int64),
        }
    )
    table = table.iloc[plan.order].reset_index(drop=True)
    return RenderedMonitor(profile, table, truth.iloc[plan.order].reset_index(drop=True))


def _digit_strings(numbers: np.ndarray, digits: str) -> np.ndarray:
    """Numbers as text in the monitor's digits, each distinct number formatted once."""
    uniques, inverse = np.unique(numbers, return_inverse=True)
    texts = np.array([_digits(str(u), digits) for u in uniques.tolist()], dtype=object)
    return np.asarray(texts[inverse])


def _malform(
    profile: MonitorProfile,
    rng: np.random.Generator,
    values: dict[str, np.ndarray],
    event_day: np.ndarray,
    start: dt.date,
) -> tuple[np.ndarray, np.ndarray]:
    """Spoil a few rows plainly: an impossible date, an unknown or empty event type."""
    n = len(event_day)
    malformed = rng.random(n) < profile.p_malformed
    kind = rng.integers(0, 3, size=n)
    reason = np.full(n, None, dtype=object)
    year = start.year + event_day // 366
    for row in np.flatnonzero(malformed):
        if kind[row] == 0:
            values["event_date"][row] = _impossible_date(profile, int(year[row]))
            reason[row] = "impossible_date"
        elif kind[row] == 1:
            values["event_type"][row] = words.MALFORMED_EVENT_WORDS[profile.language]
            reason[row] = "unknown_event_type"
        else:
            values["event_type"][row] = None
            reason[row] = "missing_event_type"
    return malformed, reason
