"""Who the people in the synthetic truth are: ethnicity, province, city, names, age.

The shares below model what monitors report about Iran (see docs/synth.md for the
sources): Baluch and Kurdish people are executed far more often than their share of
the population; ethnic-rights arrests are concentrated in Kurdish, Baluch, Arab and
Azerbaijani areas; women are about 3% of those executed and a larger share of those
arrested for civil activism. Everything is drawn as NumPy arrays, one group at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from paymaan.synth.geography import Geography
from paymaan.synth.names import NameTable

__all__ = [
    "ETHNICITIES",
    "EXECUTION_ETHNICITY",
    "PersonDraw",
    "draw_categories",
    "draw_persons",
    "groups",
]

ETHNICITIES = (
    "persian",
    "azerbaijani",
    "kurdish",
    "baluch",
    "arab",
    "lur",
    "turkmen",
    "gilak_mazandarani",
    "afghan_national",
    "other",
)

# Share of each group among those executed (Baluch ~2-3% of the population, but
# around a fifth of executions in recent monitor reports; Kurds likewise).
EXECUTION_ETHNICITY = {
    "persian": 0.36,
    "azerbaijani": 0.09,
    "kurdish": 0.17,
    "baluch": 0.19,
    "arab": 0.05,
    "lur": 0.06,
    "turkmen": 0.01,
    "gilak_mazandarani": 0.02,
    "afghan_national": 0.05,
}

# Where members of each group live: province -> weight (persian and other: see below).
_ETHNIC_PROVINCES: dict[str, dict[str, float]] = {
    "azerbaijani": {
        "IR-03": 0.35,
        "IR-04": 0.15,
        "IR-24": 0.12,
        "IR-19": 0.08,
        "IR-26": 0.05,
        "IR-23": 0.2,
        "IR-30": 0.05,
    },
    "kurdish": {
        "IR-12": 0.35,
        "IR-05": 0.25,
        "IR-04": 0.22,
        "IR-16": 0.08,
        "IR-28": 0.04,
        "IR-23": 0.06,
    },
    "baluch": {"IR-11": 0.8, "IR-08": 0.06, "IR-22": 0.06, "IR-09": 0.04, "IR-27": 0.04},
    "arab": {"IR-06": 0.9, "IR-18": 0.04, "IR-23": 0.06},
    "lur": {
        "IR-15": 0.4,
        "IR-17": 0.15,
        "IR-14": 0.15,
        "IR-16": 0.05,
        "IR-06": 0.1,
        "IR-07": 0.1,
        "IR-23": 0.05,
    },
    "turkmen": {"IR-27": 0.85, "IR-28": 0.15},
    "gilak_mazandarani": {"IR-01": 0.45, "IR-02": 0.5, "IR-23": 0.05},
    "afghan_national": {
        "IR-23": 0.25,
        "IR-09": 0.2,
        "IR-10": 0.15,
        "IR-08": 0.1,
        "IR-07": 0.1,
        "IR-25": 0.1,
        "IR-21": 0.05,
        "IR-30": 0.05,
    },
}

# Persians live everywhere, less so where another group is the majority.
_PERSIAN_DAMPING = {
    "IR-11": 0.15,
    "IR-12": 0.05,
    "IR-05": 0.3,
    "IR-04": 0.1,
    "IR-03": 0.05,
    "IR-24": 0.05,
    "IR-06": 0.5,
    "IR-16": 0.2,
    "IR-15": 0.2,
    "IR-17": 0.3,
    "IR-27": 0.5,
    "IR-01": 0.3,
    "IR-02": 0.3,
    "IR-19": 0.2,
}


def groups(values: np.ndarray) -> Iterator[tuple[Any, np.ndarray]]:
    """Each distinct value of ``values`` with the positions holding it, in first-seen order.

    One pass over the data instead of one comparison per distinct value, which matters
    for object arrays of a million province codes.

    Example:
        >>> [(v, i.tolist()) for v, i in groups(np.array(["a", "b", "a"], dtype=object))]
        [('a', [0, 2]), ('b', [1])]
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
    for code, value in enumerate(uniques):
        yield value, order[bounds[code] : bounds[code + 1]]


def draw_categories(rng: np.random.Generator, n: int, shares: dict[str, float]) -> np.ndarray:
    """``n`` draws from a categorical distribution given as ``{code: share}``.

    Example:
        >>> rng = np.random.default_rng(1)
        >>> draw_categories(rng, 3, {"a": 1.0}).tolist()
        ['a', 'a', 'a']
    """
    codes = np.array(list(shares), dtype=object)
    p = np.array(list(shares.values()), dtype=float)
    return np.asarray(codes[rng.choice(len(codes), size=n, p=p / p.sum())])


def _province_weights(ethnicity: str, geography: Geography) -> tuple[list[str], np.ndarray]:
    codes = geography.codes
    if ethnicity in _ETHNIC_PROVINCES:
        table = _ETHNIC_PROVINCES[ethnicity]
        weights = np.array([table.get(code, 0.0) for code in codes])
    else:
        weights = geography.population_weights()
        if ethnicity == "persian":
            weights = weights * np.array([_PERSIAN_DAMPING.get(code, 1.0) for code in codes])
    return codes, weights / weights.sum()


@dataclass
class PersonDraw:
    """Attributes of a batch of new persons, one array per attribute."""

    sex: np.ndarray
    age: np.ndarray
    ethnicity: np.ndarray
    province: np.ndarray
    city: np.ndarray
    given: np.ndarray
    surname: np.ndarray
    father: np.ndarray

    def __len__(self) -> int:
        return len(self.sex)


def _draw_names(
    rng: np.random.Generator,
    sex: np.ndarray,
    ethnicity: np.ndarray,
    given: NameTable,
    surnames: NameTable,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(sex)
    given_idx = np.zeros(n, dtype=np.int64)
    surname_idx = np.zeros(n, dtype=np.int64)
    father_idx = np.zeros(n, dtype=np.int64)
    all_surnames = np.ones(len(surnames), dtype=bool)
    male = given.sex == "male"
    for group, rows in groups(ethnicity):
        count = len(rows)
        surname_idx[rows] = rng.choice(
            len(surnames), size=count, p=surnames.probabilities(all_surnames, str(group))
        )
        father_idx[rows] = rng.choice(
            len(given), size=count, p=given.probabilities(male, str(group))
        )
        for code, sub in groups(sex[rows]):
            p = given.probabilities(given.sex == code, str(group))
            given_idx[rows[sub]] = rng.choice(len(given), size=len(sub), p=p)
    return given_idx, surname_idx, father_idx


def draw_persons(
    rng: np.random.Generator,
    n: int,
    *,
    female_share: float | np.ndarray,
    ethnicity: np.ndarray,
    age_mean: float,
    geography: Geography,
    given: NameTable,
    surnames: NameTable,
) -> PersonDraw:
    """Draw ``n`` persons of the given ethnicities: sex, age, province, city, names.

    Args:
        rng: the random source.
        n: how many persons.
        female_share: probability of being a woman (scalar or per person).
        ethnicity: vocabulary code of each person (length ``n``).
        age_mean: mean age at the first event; ages are 18 + a gamma draw.
        geography: provinces and cities.
        given: the given-name list.
        surnames: the surname list.

    Returns:
        A :class:`PersonDraw`; ``province`` holds ISO codes, ``city`` city ids.
    """
    sex = np.where(rng.random(n) < female_share, "female", "male").astype(object)
    # 18 + Gamma(k=4, theta) has mean 18 + 4*theta; theta chosen to hit age_mean.
    age = (18 + rng.gamma(4.0, (age_mean - 18) / 4.0, size=n)).astype(np.int64)
    age = np.minimum(age, 85)
    province = np.empty(n, dtype=object)
    for group, rows in groups(ethnicity):
        codes, p = _province_weights(str(group), geography)
        province[rows] = np.array(codes, dtype=object)[rng.choice(len(codes), size=len(rows), p=p)]
    city = np.empty(n, dtype=object)
    for code, rows in groups(province):
        options = geography.cities[str(code)]
        weights = np.array([3.0] + [1.0] * (len(options) - 1))
        picks = rng.choice(len(options), size=len(rows), p=weights / weights.sum())
        city[rows] = np.array([c.id for c in options], dtype=object)[picks]
    given_idx, surname_idx, father_idx = _draw_names(rng, sex, ethnicity, given, surnames)
    return PersonDraw(sex, age, ethnicity, province, city, given_idx, surname_idx, father_idx)
