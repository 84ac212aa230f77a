"""Places: Iran's 31 provinces, major cities and prisons, in both scripts.

The tables live in ``paymaan/data/places.yaml``. A name is matched by its folded,
space- and punctuation-free form (word order ignored as a second try), then by its
consonant skeleton when exactly one place of the table has that skeleton (so
``Ghezel Hesar`` and ``قزل‌حصار`` meet without listing every spelling). Nothing else is
guessed: an unknown place returns ``None`` and the caller keeps the text and reports it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml

from paymaan.normalize.names import skeleton
from paymaan.normalize.text import compact_key, fold

__all__ = [
    "Place",
    "PlaceKind",
    "city",
    "place_table",
    "prison",
    "province",
    "province_code",
]

PlaceKind = Literal["province", "city", "prison"]

_STOP_WORDS: dict[PlaceKind, frozenset[str]] = {
    "province": frozenset({"province", "ostan", "استان", "of", "the", "and", "va", "o", "و"}),
    "city": frozenset({"city", "shahrestan", "شهرستان", "county", "of", "the"}),
    "prison": frozenset(
        {
            "prison",
            "زندان",
            "penitentiary",
            "detention",
            "centre",
            "center",
            "بازداشتگاه",
            "women",
            "womens",
            "s",
            "زنان",
            "of",
            "the",
        }
    ),
}
_ISO_CODE = re.compile(r"^ir[\s_-]?(\d{2})$")
_AMBIGUOUS = ""
_MIN_SKELETON = 3


@dataclass(frozen=True, slots=True)
class Place:
    """One province, city or prison of ``places.yaml``.

    Attributes:
        id: stable identifier (ISO 3166-2:IR code for provinces, a slug otherwise).
        en: English name.
        fa: Persian name.
        province: ISO 3166-2:IR code of the province it lies in.
        kind: ``"province"``, ``"city"`` or ``"prison"``.
        city: for a prison, the id of its city.
        aliases: other names and spellings listed in the table.
        renamed_from: former names (prisons).
        status: e.g. ``"reported closed in 2009"``.
    """

    id: str
    en: str
    fa: str
    province: str
    kind: PlaceKind
    city: str | None = None
    aliases: tuple[str, ...] = ()
    renamed_from: tuple[str, ...] = ()
    status: str | None = None


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in (value or ()))


@lru_cache(maxsize=1)
def _load() -> dict[PlaceKind, dict[str, Place]]:
    text = resources.files("paymaan").joinpath("data", "places.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    tables: dict[PlaceKind, dict[str, Place]] = {"province": {}, "city": {}, "prison": {}}
    for code, row in raw["provinces"].items():
        tables["province"][code] = Place(
            id=code, en=row["en"], fa=row["fa"], province=code, kind="province",
            aliases=_strings(row.get("variants")),
        )  # fmt: skip
    for key, row in (raw.get("cities") or {}).items():
        tables["city"][key] = Place(
            id=key, en=row["en"], fa=row["fa"], province=row["province"], kind="city",
            aliases=_strings(row.get("variants")),
        )  # fmt: skip
    for key, row in (raw.get("prisons") or {}).items():
        tables["prison"][key] = Place(
            id=key, en=row["en"], fa=row["fa"], province=row["province"], kind="prison",
            city=row.get("city"), aliases=_strings(row.get("aliases")),
            renamed_from=_strings(row.get("renamed_from")), status=row.get("status"),
        )  # fmt: skip
    return tables


def place_table(kind: PlaceKind) -> dict[str, Place]:
    """Every place of one kind, by id.

    Args:
        kind: ``"province"``, ``"city"`` or ``"prison"``.

    Returns:
        A new dict id -> :class:`Place`.

    Example:
        >>> len(place_table("province"))
        31
    """
    return dict(_load()[kind])


def _iso_names(code: str) -> tuple[str, ...]:
    """ISO 3166-2 names from pycountry (e.g. ``Khorāsān-e Raẕavī``), when available."""
    try:
        import pycountry
    except ImportError:  # pycountry is a dependency; be robust to a trimmed install
        return ()
    subdivision = pycountry.subdivisions.get(code=code)  # type: ignore[no-untyped-call]
    return (str(subdivision.name),) if subdivision is not None else ()


def _keys(label: str, stop: frozenset[str]) -> tuple[str, str]:
    compact = compact_key(label, stop)
    words = sorted(compact_key(w, stop) for w in (fold(label) or "").split(" "))
    return compact, "".join(words)


def _add(index: dict[str, str], key: str, place_id: str) -> None:
    if not key:
        return
    if index.get(key, place_id) != place_id:
        index[key] = _AMBIGUOUS
    else:
        index[key] = place_id


@lru_cache(maxsize=3)
def _index(kind: PlaceKind) -> tuple[dict[str, str], dict[str, str]]:
    stop = _STOP_WORDS[kind]
    exact: dict[str, str] = {}
    skeletons: dict[str, str] = {}
    for place in _load()[kind].values():
        labels: Iterable[str] = (place.en, place.fa, place.id.replace("_", " "), *place.aliases)
        if kind == "province":
            labels = (*labels, *_iso_names(place.id))
        for label in labels:
            for key in _keys(label, stop):
                _add(exact, key, place.id)
            skel = skeleton(" ".join(w for w in (fold(label) or "").split(" ") if w not in stop))
            if len(skel) >= _MIN_SKELETON:
                _add(skeletons, skel, place.id)
    return exact, skeletons


@lru_cache(maxsize=1 << 16)
def _lookup(kind: PlaceKind, text: str | None) -> Place | None:
    if text is None or not text.strip():
        return None
    stop = _STOP_WORDS[kind]
    exact, skeletons = _index(kind)
    table = _load()[kind]
    for key in _keys(text, stop):
        found = exact.get(key)
        if found:
            return table[found]
        if found == _AMBIGUOUS:
            return None
    skel = skeleton(" ".join(w for w in (fold(text) or "").split(" ") if w not in stop))
    found = skeletons.get(skel) if len(skel) >= _MIN_SKELETON else None
    return table[found] if found else None


@lru_cache(maxsize=1 << 16)
def province(text: str | None) -> Place | None:
    """The province a name or ISO code refers to.

    Args:
        text: ``"Tehran"``, ``"تهران"``, ``"استان تهران"``, ``"IR-23"``, ``"Teheran"``, ...

    Returns:
        The province's :class:`Place`, or ``None`` when unknown.

    Example:
        >>> province("Sistan-Baluchestan").id
        'IR-11'
    """
    if text is not None:
        iso = _ISO_CODE.match((fold(text) or "").strip())
        if iso:
            return _load()["province"].get(f"IR-{iso[1]}")
    return _lookup("province", text)


def province_code(text: str | None) -> str | None:
    """ISO 3166-2:IR code of a province given by name (either script) or code.

    Args:
        text: a province name, variant spelling or ISO code.

    Returns:
        ``"IR-00"`` … ``"IR-30"``, or ``None`` when the province is unknown.

    Example:
        >>> province_code("آذربايجان غربي"), province_code("ir-30"), province_code("Atlantis")
        ('IR-04', 'IR-30', None)
    """
    found = province(text)
    return found.id if found is not None else None


def city(text: str | None) -> Place | None:
    """The city a name refers to (major cities only; see ``places.yaml``).

    Args:
        text: a city name in either script.

    Returns:
        The city's :class:`Place` (its ``province`` is an ISO code), or ``None``.

    Example:
        >>> city("Orumiyeh").id, city("كرج").province
        ('urmia', 'IR-30')
    """
    return _lookup("city", text)


def prison(text: str | None) -> Place | None:
    """The prison a name refers to, through aliases and renames.

    Args:
        text: a prison name in either script (``"Gohardasht"``, ``"زندان رجایی‌شهر"``,
            ``"Central Prison of Isfahan"``, ...).

    Returns:
        The prison's :class:`Place`, or ``None`` when unknown.

    Example:
        >>> prison("Gohardasht").id == prison("Rajaei Shahr prison").id == "rajaei_shahr"
        True
    """
    return _lookup("prison", text)
