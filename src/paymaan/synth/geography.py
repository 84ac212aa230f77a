"""Provinces, cities and prisons for the synthetic population.

Provinces come from ``paymaan/data/places.yaml`` (ISO 3166-2:IR codes, Persian and
English names, spelling variants, population). Cities and prisons come from the same
file when it has ``cities:`` and ``prisons:``; until it does, a small table of
provincial capitals and their central prisons below stands in, so that every event
still has a plausible place. The file is read when a generation starts, never at
import time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np
import yaml

__all__ = ["Geography", "Place", "load_geography"]

# Provincial capitals (fallback when places.yaml has no cities): code -> (en, fa).
_CAPITALS: dict[str, tuple[str, str]] = {
    "IR-00": ("Arak", "اراک"),
    "IR-01": ("Rasht", "رشت"),
    "IR-02": ("Sari", "ساری"),
    "IR-03": ("Tabriz", "تبریز"),
    "IR-04": ("Urmia", "ارومیه"),
    "IR-05": ("Kermanshah", "کرمانشاه"),
    "IR-06": ("Ahvaz", "اهواز"),
    "IR-07": ("Shiraz", "شیراز"),
    "IR-08": ("Kerman", "کرمان"),
    "IR-09": ("Mashhad", "مشهد"),
    "IR-10": ("Isfahan", "اصفهان"),
    "IR-11": ("Zahedan", "زاهدان"),
    "IR-12": ("Sanandaj", "سنندج"),
    "IR-13": ("Hamadan", "همدان"),
    "IR-14": ("Shahrekord", "شهرکرد"),
    "IR-15": ("Khorramabad", "خرم‌آباد"),
    "IR-16": ("Ilam", "ایلام"),
    "IR-17": ("Yasuj", "یاسوج"),
    "IR-18": ("Bushehr", "بوشهر"),
    "IR-19": ("Zanjan", "زنجان"),
    "IR-20": ("Semnan", "سمنان"),
    "IR-21": ("Yazd", "یزد"),
    "IR-22": ("Bandar Abbas", "بندرعباس"),
    "IR-23": ("Tehran", "تهران"),
    "IR-24": ("Ardabil", "اردبیل"),
    "IR-25": ("Qom", "قم"),
    "IR-26": ("Qazvin", "قزوین"),
    "IR-27": ("Gorgan", "گرگان"),
    "IR-28": ("Bojnurd", "بجنورد"),
    "IR-29": ("Birjand", "بیرجند"),
    "IR-30": ("Karaj", "کرج"),
}

# Prisons known by name (fallback): id -> (en, fa, city en, province, variants).
_KNOWN_PRISONS: dict[str, tuple[str, str, str, str, tuple[str, ...]]] = {
    "evin": ("Evin Prison", "زندان اوین", "Tehran", "IR-23", ("Evin",)),
    "qarchak": ("Qarchak Prison", "زندان قرچک", "Tehran", "IR-23", ("Gharchak Prison",)),
    "great-tehran": (
        "Great Tehran Prison",
        "زندان تهران بزرگ",
        "Tehran",
        "IR-23",
        ("Fashafouyeh Prison", "زندان فشافویه"),
    ),
    "qezel-hesar": (
        "Qezel Hesar Prison",
        "زندان قزلحصار",
        "Karaj",
        "IR-30",
        ("Ghezel Hesar Prison", "Ghezelhesar", "زندان قزل‌حصار"),
    ),
    "vakilabad": ("Vakilabad Prison", "زندان وکیل‌آباد", "Mashhad", "IR-09", ("Vakil Abad",)),
    "adelabad": ("Adelabad Prison", "زندان عادل‌آباد", "Shiraz", "IR-07", ("Adel Abad",)),
    "dastgerd": (
        "Dastgerd Prison",
        "زندان دستگرد",
        "Isfahan",
        "IR-10",
        ("Isfahan Central Prison", "زندان مرکزی اصفهان"),
    ),
    "sheiban": ("Sheiban Prison", "زندان شیبان", "Ahvaz", "IR-06", ("Ahvaz Central Prison",)),
    "lakan": ("Lakan Prison", "زندان لاکان", "Rasht", "IR-01", ("Rasht Central Prison",)),
    "dizelabad": (
        "Dizelabad Prison",
        "زندان دیزل‌آباد",
        "Kermanshah",
        "IR-05",
        ("Kermanshah Central Prison",),
    ),
    "parsilon": ("Parsilon Prison", "زندان پارسیلون", "Khorramabad", "IR-15", ()),
}


# Listed prisons that should receive no new synthetic cases: Rajaei Shahr closed in
# 2023 (inmates moved to Qezel Hesar); Kahrizak is a detention centre, not a prison.
_NOT_FOR_NEW_CASES = ("rajaei", "kahrizak")


@dataclass(frozen=True)
class Place:
    """A city or prison: a stable id, names in both scripts, its province, variants."""

    id: str
    en: str
    fa: str
    province: str
    variants: tuple[str, ...] = ()
    city: str | None = None


@dataclass(frozen=True)
class Geography:
    """Everything the generator needs to know about places.

    ``provinces`` maps an ISO code to its record from places.yaml; ``cities`` and
    ``prisons`` map a province code to the places in it (never empty: a province
    without a listed prison gets its central prison).
    """

    provinces: dict[str, dict[str, Any]]
    cities: dict[str, list[Place]]
    prisons: dict[str, list[Place]]
    source_of_cities: str = "fallback"
    source_of_prisons: str = "fallback"
    codes: list[str] = field(default_factory=list)

    def population_weights(self) -> np.ndarray:
        """Population share of each province, in the order of ``codes``."""
        weights = np.array(
            [float(self.provinces[code].get("population_k", 1000)) for code in self.codes]
        )
        return np.asarray(weights / weights.sum())


def _items(section: Any) -> list[dict[str, Any]]:
    """Rows of a places.yaml section given either as a list or as a mapping by id."""
    if isinstance(section, dict):
        return [{"id": key, **(value or {})} for key, value in section.items()]
    if isinstance(section, list):
        return [dict(item) for item in section if isinstance(item, dict)]
    return []


def _place(row: dict[str, Any]) -> Place | None:
    try:
        return Place(
            id=str(row["id"]),
            en=str(row["en"]),
            fa=str(row["fa"]),
            province=str(row["province"]),
            variants=tuple(str(v) for v in (row.get("variants") or row.get("aliases") or ())),
            city=str(row["city"]) if row.get("city") else None,
        )
    except KeyError:
        return None


def _fallback_cities(codes: list[str]) -> dict[str, list[Place]]:
    cities: dict[str, list[Place]] = {}
    for code in codes:
        en, fa = _CAPITALS.get(code, (code, code))
        cities[code] = [Place(id=en.lower().replace(" ", "-"), en=en, fa=fa, province=code)]
    return cities


def _fallback_prisons(codes: list[str]) -> dict[str, list[Place]]:
    prisons: dict[str, list[Place]] = {code: [] for code in codes}
    for pid, (en, fa, _city, province, variants) in _KNOWN_PRISONS.items():
        prisons.setdefault(province, []).append(Place(pid, en, fa, province, variants))
    return prisons


def load_geography() -> Geography:
    """Read places.yaml and build the tables the generator draws places from.

    Returns:
        A :class:`Geography`; cities and prisons come from places.yaml when it has
        them, else from the fallback table of provincial capitals.

    Example:
        >>> geography = load_geography()
        >>> "IR-23" in geography.provinces
        True
    """
    text = resources.files("paymaan.data").joinpath("places.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    provinces: dict[str, dict[str, Any]] = dict(data.get("provinces") or {})
    codes = sorted(provinces)
    city_rows = [p for p in (_place(r) for r in _items(data.get("cities"))) if p]
    prison_rows = [p for p in (_place(r) for r in _items(data.get("prisons"))) if p]
    cities = _fallback_cities(codes)
    source_of_cities = "fallback"
    if city_rows:
        source_of_cities = "places.yaml"
        listed: dict[str, list[Place]] = {}
        for city in city_rows:
            listed.setdefault(city.province, []).append(city)
        cities = {code: listed.get(code) or cities[code] for code in codes}
    prisons = _fallback_prisons(codes)
    source_of_prisons = "fallback"
    if prison_rows:
        source_of_prisons = "places.yaml"
        prisons = {code: [] for code in codes}
        for prison in prison_rows:
            if any(word in prison.id for word in _NOT_FOR_NEW_CASES):
                continue
            prisons.setdefault(prison.province, []).append(prison)
    for code in codes:
        if not prisons.get(code):
            capital = cities[code][0]
            prisons[code] = [
                Place(
                    id=f"{capital.id}_central",
                    en=f"{capital.en} Central Prison",
                    fa=f"زندان مرکزی {capital.fa}",
                    province=code,
                )
            ]
    return Geography(
        provinces=provinces,
        cities=cities,
        prisons=prisons,
        source_of_cities=source_of_cities,
        source_of_prisons=source_of_prisons,
        codes=codes,
    )
