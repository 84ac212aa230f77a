"""The synthetic truth: every real event of the period, whether documented or not.

Executions follow the annual totals monitors reported (975 in 2024, over 1,500 in
2025), fewer during Nowruz and Ramadan, rising through a year whose successor is
higher. Detentions of activists are followed person by person (arrest, then release on
bail or a prison sentence and release later, sometimes a torture report or a death in
custody), so that the number of political prisoners held at any date is known exactly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from paymaan.synth import rates, sampling
from paymaan.synth._arrays import pick
from paymaan.synth.geography import Geography
from paymaan.synth.names import NameTable
from paymaan.synth.population import (
    EXECUTION_ETHNICITY,
    draw_categories,
    groups,
)
from paymaan.synth.sampling import Context

__all__ = ["EVENT_TYPES", "POLITICAL_GROUNDS", "Truth", "annual_executions", "generate_truth"]

EVENT_TYPES = (
    "execution",
    "death_sentence",
    "arrest",
    "journalist_arrest",
    "imprisonment_sentence",
    "release",
    "torture_report",
    "death_in_custody",
    "press_closure",
    "internet_shutdown",
)
POLITICAL_GROUNDS = (
    "political",
    "ideological",
    "religious",
    "ethnic",
    "labour",
    "civil_activism",
    "journalism",
)


def annual_executions(year: int) -> int:
    """True executions in ``year`` at scale 1 (monitors' reported totals; 975 otherwise)."""
    return rates.EXECUTIONS.get(year, 975)


@dataclass
class Truth:
    """The generated truth.

    ``events`` has one row per real event with the public columns of
    ``truth/events.csv`` plus the internal ones the renderer needs (``day``: days since
    ``start``; ``given``/``surname``/``father``: indices into the name lists;
    ``birth_year``; ``visibility``: the event's latent prominence, shared by monitors).
    ``persons`` has one row per person with an event in the period.
    ``stock`` is the number of political prisoners held at each month's end.
    """

    start: dt.date
    end: dt.date
    events: pd.DataFrame
    persons: pd.DataFrame
    stock: pd.DataFrame
    stock_before_start: int


def _political_grounds(
    rng: np.random.Generator, charge: np.ndarray, ethnicity: np.ndarray
) -> np.ndarray:
    political = np.isin(charge, ["moharebeh", "efsad_fel_arz", "baghi", "espionage"])
    ethnic = (
        political
        & np.isin(ethnicity, ["kurdish", "baluch", "arab"])
        & (rng.random(len(charge)) < 0.6)
    )
    return pick(ethnic, "ethnic", pick(political, "political", "criminal")).astype(object)


def _capital_sentences(ctx: Context, day: np.ndarray, executed: bool) -> None:
    """Executions (with the death sentences before them) or death sentences not carried out."""
    rng, n = ctx.rng, len(day)
    ethnicity = draw_categories(rng, n, EXECUTION_ETHNICITY)
    female = pick(ethnicity == "afghan_national", 0.01, 0.031)
    draw, person = ctx.new_persons(n, ethnicity, female, 36.0, day)
    charge = np.empty(n, dtype=object)
    for sex, shares in rates.EXECUTION_CHARGES.items():
        mask = draw.sex == sex
        charge[mask] = draw_categories(rng, int(mask.sum()), shares)
    # Baluch prisoners are executed for drug offences more often than others.
    to_drugs = (ethnicity == "baluch") & (charge == "qisas_murder") & (rng.random(n) < 0.4)
    charge[to_drugs] = "drug_related"
    grounds = _political_grounds(rng, charge, ethnicity)
    prison, where = sampling.assign_prisons(
        rng,
        ctx.geography,
        draw.province,
        female=draw.sex == "female",
        political=grounds != "criminal",
        execution=True,
    )
    p_official = pd.Series(charge).map(rates.OFFICIAL_EXECUTION).to_numpy(dtype=float)
    common = dict(person=person, charge=charge, grounds=grounds, province=where, prison=prison)
    if executed:
        official = rng.random(n) < p_official
        media = official | (rng.random(n) < pick(grounds == "criminal", 0.3, 0.8))
        ctx.events.add(event_type="execution", day=day, official=official, media=media, **common)
        earlier = rng.random(n) < 0.3
        day = day - rng.integers(120, 900, size=n)
        keep = earlier & ctx.in_window(day)
        common = {k: v[keep] for k, v in common.items()}
        day = day[keep]
        n = len(day)
    official = rng.random(n) < 0.15
    media = official | (rng.random(n) < 0.4)
    ctx.events.add(event_type="death_sentence", day=day, official=official, media=media, **common)


def _executions(ctx: Context) -> None:
    for i, year in enumerate(ctx.years):
        rate = annual_executions(year)
        ratio = (
            annual_executions(ctx.years[i + 1]) / rate
            if i + 1 < len(ctx.years)
            else (rate / annual_executions(year - 1))
        )
        offsets, p = sampling.day_weights(ctx.start, year, ratio)
        n = int(ctx.rng.poisson(rate * ctx.scale))
        _capital_sentences(ctx, np.sort(ctx.rng.choice(offsets, size=n, p=p)), executed=True)
        n_sentences = int(ctx.rng.poisson(0.45 * rate * ctx.scale))
        _capital_sentences(ctx, np.sort(ctx.rng.choice(offsets, size=n_sentences)), executed=False)


def _detainees(ctx: Context) -> dict[str, np.ndarray]:
    """Arrests from a burn-in period before the window on, with each person's grounds."""
    rng = ctx.rng
    first = ctx.years[0] - rates.BURN_IN_YEARS
    span_start = (dt.date(first, 1, 1) - ctx.start).days
    span_days = ctx.last_day + 1 - span_start
    span_years = span_days / 365.25
    n_activists = int(rng.poisson(rates.ARRESTS_PER_YEAR * ctx.scale * span_years))
    n_journalists = int(rng.poisson(rates.JOURNALIST_ARRESTS_PER_YEAR * ctx.scale * span_years))
    grounds = np.concatenate(
        [
            draw_categories(rng, n_activists, rates.ARREST_GROUNDS),
            np.full(n_journalists, "journalism", dtype=object),
        ]
    )
    n = len(grounds)
    day = span_start + rng.integers(0, span_days, size=n)
    ethnicity = np.empty(n, dtype=object)
    charge = np.empty(n, dtype=object)
    for g, rows in groups(grounds):
        ethnic_mix = rates.ARREST_ETHNICITY.get(str(g), rates.ARREST_ETHNICITY["default"])
        ethnicity[rows] = draw_categories(rng, len(rows), ethnic_mix)
        charge[rows] = draw_categories(rng, len(rows), rates.ARREST_CHARGES[str(g)])
    female = pd.Series(grounds).map(rates.FEMALE_BY_GROUNDS).to_numpy(dtype=float)
    draw, person = ctx.new_persons(n, ethnicity, female, 36.0, day)
    prison, where = sampling.assign_prisons(
        rng,
        ctx.geography,
        draw.province,
        female=draw.sex == "female",
        political=np.ones(n, dtype=bool),
        execution=False,
    )
    kind = pick(grounds == "journalism", "journalist_arrest", "arrest").astype(object)
    return dict(
        person=person,
        day=day,
        grounds=grounds,
        charge=charge,
        prison=prison,
        province=where,
        home=draw.province,
        kind=kind,
    )


def _detentions(ctx: Context) -> np.ndarray:
    """Arrest, sentence, release, torture and custody-death events; returns held intervals."""
    rng = ctx.rng
    d = _detainees(ctx)
    n = len(d["day"])
    arrest = d["day"]
    sentenced = rng.random(n) < 0.45
    sentence_day = arrest + 30 + rng.integers(0, 150, size=n)
    bail_day = arrest + 3 + rng.exponential(25.0, size=n).astype(np.int64)
    exit_day = pick(
        sentenced, sentence_day + 60 + rng.exponential(500.0, size=n).astype(np.int64), bail_day
    )
    died = np.zeros(n, dtype=bool)
    held_in_window = (arrest <= ctx.last_day) & (exit_day > np.maximum(arrest, 0) + 1)
    candidates = np.flatnonzero(held_in_window)
    k = min(len(candidates), int(rng.poisson(6.0 * ctx.scale * len(ctx.years))))
    chosen = np.sort(rng.choice(candidates, size=k, replace=False))
    low = np.maximum(arrest[chosen], 0) + 1
    high = np.minimum(exit_day[chosen], ctx.last_day + 1)
    ok = high > low
    chosen, low, high = chosen[ok], low[ok], high[ok]
    exit_day[chosen] = low + (rng.random(len(chosen)) * (high - low)).astype(np.int64)
    died[chosen] = True
    base = dict(person=d["person"], charge=d["charge"], grounds=d["grounds"])

    def emit(
        event_type: str | np.ndarray,
        day: np.ndarray,
        mask: np.ndarray,
        official: float,
        media: np.ndarray | float,
        at_home: bool = False,
    ) -> None:
        keep = mask & ctx.in_window(day)
        m = int(keep.sum())
        media_p = media[keep] if isinstance(media, np.ndarray) else media
        off = rng.random(m) < official
        types = event_type[keep] if isinstance(event_type, np.ndarray) else event_type
        province = d["home"][keep] if at_home else d["province"][keep]
        prison = np.full(m, None, dtype=object) if at_home else d["prison"][keep]
        ctx.events.add(
            event_type=types,
            day=day[keep],
            official=off,
            media=off | (rng.random(m) < media_p),
            province=province,
            prison=prison,
            **{key: value[keep] for key, value in base.items()},
        )

    everyone = np.ones(n, dtype=bool)
    arrest_media = pd.Series(d["grounds"]).map(rates.MEDIA_ARREST).fillna(0.5).to_numpy(dtype=float)
    emit(d["kind"], arrest, everyone, 0.05, arrest_media)
    emit("imprisonment_sentence", sentence_day, sentenced & (sentence_day < exit_day), 0.05, 0.45)
    emit("release", exit_day, ~died, 0.0, 0.35)
    emit("death_in_custody", exit_day, died, 0.1, 0.7)
    torture_day = arrest + 2 + rng.exponential(20.0, size=n).astype(np.int64)
    emit("torture_report", torture_day, (rng.random(n) < 0.09) & (torture_day < exit_day), 0.0, 0.3)
    return np.stack([arrest, exit_day])


def _criminal_custody_deaths(ctx: Context) -> None:
    rng = ctx.rng
    n = int(rng.poisson(40.0 * ctx.scale * len(ctx.years)))
    day = np.sort(rng.integers(0, ctx.last_day + 1, size=n))
    ethnicity = draw_categories(rng, n, EXECUTION_ETHNICITY)
    draw, person = ctx.new_persons(n, ethnicity, 0.05, 34.0, day)
    prison, where = sampling.assign_prisons(
        rng,
        ctx.geography,
        draw.province,
        female=draw.sex == "female",
        political=np.zeros(n, dtype=bool),
        execution=False,
    )
    charge = draw_categories(rng, n, {"drug_related": 0.5, "armed_robbery": 0.2, "other": 0.3})
    official = rng.random(n) < 0.1
    ctx.events.add(
        event_type="death_in_custody",
        day=day,
        person=person,
        charge=charge,
        grounds="criminal",
        province=where,
        prison=prison,
        official=official,
        media=official | (rng.random(n) < 0.5),
    )


def _press_and_internet(ctx: Context) -> None:
    rng = ctx.rng
    codes = np.array(ctx.geography.codes, dtype=object)
    n = int(rng.poisson(18.0 * ctx.scale * len(ctx.years)))
    day = np.sort(rng.integers(0, ctx.last_day + 1, size=n))
    province = pick(
        rng.random(n) < 0.7,
        "IR-23",
        codes[rng.choice(len(codes), size=n, p=ctx.geography.population_weights())],
    )
    words = rng.integers(0, len(rates.OUTLET_WORDS), size=n)
    kinds = rng.integers(0, len(rates.OUTLET_KINDS), size=n)
    pairs = list(zip(kinds.tolist(), words.tolist(), strict=True))
    outlet = np.array(
        [f"{rates.OUTLET_KINDS[k][0]} {rates.OUTLET_WORDS[w][0]}" for k, w in pairs], dtype=object
    )
    outlet_en = np.array(
        [f"{rates.OUTLET_WORDS[w][1]} {rates.OUTLET_KINDS[k][1]}" for k, w in pairs], dtype=object
    )
    ctx.events.add(
        event_type="press_closure",
        day=day,
        person=np.full(n, -1),
        province=province,
        outlet=outlet,
        outlet_en=outlet_en,
        grounds="journalism",
        official=rng.random(n) < 0.7,
        media=True,
    )
    n = int(rng.poisson(12.0 * ctx.scale * len(ctx.years)))
    day = np.sort(rng.integers(0, ctx.last_day + 1, size=n))
    province = draw_categories(
        rng, n, {"IR-11": 0.3, "IR-12": 0.15, "IR-04": 0.1, "IR-06": 0.15, "IR-23": 0.3}
    )
    ctx.events.add(
        event_type="internet_shutdown",
        day=day,
        person=np.full(n, -1),
        province=province,
        official=False,
        media=True,
    )


def _month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    out: list[dt.date] = []
    year, month = start.year, start.month
    while True:
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        last = nxt - dt.timedelta(days=1)
        if last > end:
            return out
        out.append(last)
        year, month = nxt.year, nxt.month


def _assemble(ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
    frame = ctx.events.frame()
    for column in ("charge", "grounds", "prison", "outlet", "outlet_en"):
        if column not in frame:
            frame[column] = None
    order = {t: i for i, t in enumerate(EVENT_TYPES)}
    frame["type_order"] = frame["event_type"].map(order)
    frame["person"] = frame["person"].astype(np.int64)
    frame["day"] = frame["day"].astype(np.int64)
    frame = frame.sort_values(["day", "type_order", "person"], kind="mergesort").reset_index(
        drop=True
    )
    n = len(frame)
    frame["event_id"] = [f"E{i + 1:07d}" for i in range(n)]
    has_person = frame["person"].to_numpy() >= 0
    used = pd.unique(frame.loc[has_person, "person"].to_numpy())
    person_id = np.full(ctx.people.count, None, dtype=object)
    person_id[used] = [f"P{i + 1:07d}" for i in range(len(used))]
    idx = pick(has_person, frame["person"].to_numpy(), 0)
    columns = ("sex", "ethnicity", "province", "city", "given", "surname", "father", "birth_year")
    people = {name: ctx.people.column(name) for name in columns}
    for name in ("sex", "ethnicity", "given", "surname", "father", "birth_year"):
        frame[name] = pick(has_person, people[name][idx], None)
    frame["person_id"] = pick(has_person, person_id[idx], None)
    home = people["province"][idx]
    capital = {code: ctx.geography.cities[code][0].id for code in ctx.geography.codes}
    event_capital = frame["province"].map(capital).to_numpy()
    frame["city"] = pick(
        has_person & (home == frame["province"].to_numpy()), people["city"][idx], event_capital
    )
    dates = np.datetime64(ctx.start) + frame["day"].to_numpy().astype("timedelta64[D]")
    frame["date"] = dates.astype(str)
    year = dates.astype("datetime64[Y]").astype(np.int64) + 1970
    frame["age"] = pick(
        has_person,
        year - pick(has_person, frame["birth_year"].to_numpy(), 0).astype(np.int64),
        None,
    )
    frame["official"] = frame["official"].astype(bool).astype(np.int64)
    frame["media"] = frame["media"].astype(bool).astype(np.int64)
    frame["visibility"] = np.round(ctx.rng.lognormal(0.0, 0.9, size=n), 4)
    frame = frame.drop(columns=["type_order", "person"])
    persons = pd.DataFrame({"person_id": person_id[used]})
    for name in columns:
        persons[name] = people[name][used]
    first = frame.groupby("person_id", sort=False)["age"].first()
    persons["age_at_first_event"] = persons["person_id"].map(first)
    fa_given, fa_surname = ctx.given.fa, ctx.surnames.fa
    persons["first_name_fa"] = fa_given[persons["given"].to_numpy(np.int64)]
    persons["surname_fa"] = fa_surname[persons["surname"].to_numpy(np.int64)]
    persons["father_name_fa"] = fa_given[persons["father"].to_numpy(np.int64)]
    persons["first_name_latin"] = ctx.given.latin[persons["given"].to_numpy(np.int64)]
    persons["surname_latin"] = ctx.surnames.latin[persons["surname"].to_numpy(np.int64)]
    persons["father_name_latin"] = ctx.given.latin[persons["father"].to_numpy(np.int64)]
    return frame, persons


def generate_truth(
    rng: np.random.Generator,
    *,
    years: list[int],
    scale: float,
    geography: Geography,
    given: NameTable,
    surnames: NameTable,
) -> Truth:
    """Draw every real event of ``years`` at ``scale`` (1 = Iran's reported volume).

    Args:
        rng: the random source; the same state gives the same truth.
        years: consecutive Gregorian years.
        scale: multiplies every rate (executions, arrests, closures ...).
        geography: provinces, cities, prisons.
        given: the given-name list.
        surnames: the surname list.

    Returns:
        The :class:`Truth`: events, persons and the monthly stock of political prisoners.

    Example:
        >>> from paymaan.synth.geography import load_geography
        >>> from paymaan.synth.names import load_given_names, load_surnames
        >>> truth = generate_truth(np.random.default_rng(1), years=[2024], scale=0.05,
        ...     geography=load_geography(), given=load_given_names(), surnames=load_surnames())
        >>> bool((truth.events["event_type"] == "execution").any())
        True
    """
    start, end = dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31)
    ctx = Context(
        rng,
        geography,
        given,
        surnames,
        start,
        (end - start).days,
        list(years),
        scale,
        sampling.People(),
        sampling.Events(),
    )
    _executions(ctx)
    held = _detentions(ctx)
    _criminal_custody_deaths(ctx)
    _press_and_internet(ctx)
    events, persons = _assemble(ctx)
    month_ends = _month_ends(start, end)
    offsets = np.array([(d - start).days for d in month_ends])
    arrest, exit_day = held
    sorted_arrest, sorted_exit = np.sort(arrest), np.sort(exit_day)
    arrested = np.searchsorted(sorted_arrest, offsets, side="right")
    left = np.searchsorted(sorted_exit, offsets, side="right")
    stock = pd.DataFrame(
        {"date": [d.isoformat() for d in month_ends], "political_prisoners_held": arrested - left}
    )
    before = int(np.sum((arrest <= -1) & (exit_day > -1)))
    return Truth(start, end, events, persons, stock, before)
