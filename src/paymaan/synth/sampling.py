"""Sampling machinery for the synthetic truth: event accumulation, persons, prisons, days.

:class:`Context` carries the random source, the places and name lists and the
period; the event generators of :mod:`paymaan.synth.truth` draw through it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from paymaan.synth import rates
from paymaan.synth.geography import Geography
from paymaan.synth.names import NameTable
from paymaan.synth.population import PersonDraw, draw_persons, groups

__all__ = ["Context", "Events", "People", "assign_prisons", "day_weights"]


class Events:
    """Accumulates event columns batch by batch."""

    def __init__(self) -> None:
        self.parts: list[dict[str, np.ndarray]] = []

    def add(self, **columns: Any) -> None:
        n = len(columns["day"])
        if n:
            self.parts.append(
                {k: np.asarray(v) if np.ndim(v) else np.full(n, v) for k, v in columns.items()}
            )

    def frame(self) -> pd.DataFrame:
        keys = sorted({k for part in self.parts for k in part})
        data = {}
        for key in keys:
            chunks = []
            for part in self.parts:
                n = len(part["day"])
                chunks.append(part[key] if key in part else np.full(n, None, dtype=object))
            data[key] = np.concatenate([c.astype(object) for c in chunks])
        return pd.DataFrame(data)


def day_weights(start: dt.date, year: int, next_ratio: float) -> tuple[np.ndarray, np.ndarray]:
    """Days of ``year`` (as offsets from ``start``) and their relative execution intensity."""
    first = dt.date(year, 1, 1)
    n = (dt.date(year + 1, 1, 1) - first).days
    offsets = np.arange(n) + (first - start).days
    t = np.arange(n) / n
    trend = 1.0 + np.clip(next_ratio - 1.0, -0.5, 0.6) * (t - 0.5)
    weights = trend.copy()
    nowruz = (dt.date(year, 3, 20) - first).days
    weights[nowruz : nowruz + 14] *= 0.35  # few executions in the Nowruz holidays
    if year in rates.RAMADAN:
        ramadan = (dt.date(year, *rates.RAMADAN[year]) - first).days
        weights[ramadan : ramadan + 30] *= 0.5
    return offsets, weights / weights.sum()


def _prisons_by_keyword(geography: Geography, keyword: str) -> str | None:
    for places in geography.prisons.values():
        for prison in places:
            if keyword in prison.id.lower() or keyword in prison.en.lower():
                return prison.id
    return None


def assign_prisons(
    rng: np.random.Generator,
    geography: Geography,
    province: np.ndarray,
    *,
    female: np.ndarray,
    political: np.ndarray,
    execution: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """Prison id and the prison's province for each held person."""
    prison = np.empty(len(province), dtype=object)
    where = province.copy()
    for code, rows in groups(province):
        options = np.array([p.id for p in geography.prisons[str(code)]], dtype=object)
        prison[rows] = options[rng.integers(0, len(options), size=len(rows))]
    province_of = {p.id: p.province for places in geography.prisons.values() for p in places}
    tehran = province == "IR-23"
    # Executions of men from Tehran province mostly take place in Qezel Hesar (Karaj).
    qezel = tehran & ~female & (rng.random(len(province)) < 0.7)
    qezel = qezel if execution else qezel & ~political
    evin = tehran & political & ~female & (not execution)
    specials = [
        (("qezel", "ghezel"), qezel),
        (("qarchak", "gharchak"), tehran & female),
        (("evin",), evin),
    ]
    for keywords, mask in specials:
        found = [_prisons_by_keyword(geography, keyword) for keyword in keywords]
        pid = next((f for f in found if f is not None), None)
        if pid is not None:
            prison[mask] = pid
            where[mask] = province_of.get(pid, "IR-23")
    return prison, where


def _persons(
    rng: np.random.Generator,
    n: int,
    ethnicity: np.ndarray,
    female: float | np.ndarray,
    age_mean: float,
    ctx: tuple[Geography, NameTable, NameTable],
) -> PersonDraw:
    geography, given, surnames = ctx
    return draw_persons(
        rng,
        n,
        female_share=female,
        ethnicity=ethnicity,
        age_mean=age_mean,
        geography=geography,
        given=given,
        surnames=surnames,
    )


class People:
    """All persons drawn so far; events refer to them by global index."""

    def __init__(self) -> None:
        self.batches: list[tuple[PersonDraw, np.ndarray]] = []
        self.count = 0

    def add(self, draw: PersonDraw, birth_year: np.ndarray) -> np.ndarray:
        index = np.arange(self.count, self.count + len(draw))
        self.batches.append((draw, birth_year))
        self.count += len(draw)
        return index

    def column(self, name: str) -> np.ndarray:
        if name == "birth_year":
            return np.concatenate([b for _, b in self.batches])
        return np.concatenate([getattr(d, name) for d, _ in self.batches])


@dataclass
class Context:
    rng: np.random.Generator
    geography: Geography
    given: NameTable
    surnames: NameTable
    start: dt.date
    last_day: int
    years: list[int]
    scale: float
    people: People
    events: Events

    def year_of(self, day: np.ndarray) -> np.ndarray:
        return (
            np.asarray(
                (np.datetime64(self.start) + day.astype("timedelta64[D]")).astype("datetime64[Y]")
            ).astype(np.int64)
            + 1970
        )

    def new_persons(
        self,
        n: int,
        ethnicity: np.ndarray,
        female: float | np.ndarray,
        age_mean: float,
        first_day: np.ndarray,
    ) -> tuple[PersonDraw, np.ndarray]:
        draw = _persons(
            self.rng, n, ethnicity, female, age_mean, (self.geography, self.given, self.surnames)
        )
        birth_year = self.year_of(first_day) - draw.age
        return draw, self.people.add(draw, birth_year)

    def in_window(self, day: np.ndarray) -> np.ndarray:
        return np.asarray((day >= 0) & (day <= self.last_day))
