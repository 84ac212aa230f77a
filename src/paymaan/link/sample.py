"""A small record frame with known persons, for examples, tests and benchmarks.

It is a stand-in with the shape of ``docs/formats.md``'s record frame, generated
directly (names already folded, romanized and skeletonised), so that linkage can be
exercised without the ingest stage. It has the difficulties linkage must handle:
spelling variants (Mohammad/Muhammad/Mohamad), compound names written joined, spaced
or hyphenated, given name and surname swapped, Persian- and Latin-script sources,
month-only dates beside exact ones, missing fields, duplicates within one source,
persons with several events, and a few persons reported executed twice.

``paymaan synth`` writes the full synthetic monitors with their files; this module is
its quick in-memory cousin.

Example:
    >>> frame, truth = sample_frame(n_persons=50, seed=1)
    >>> set(truth.columns) == {"record_id", "person_id"}
    True
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

__all__ = ["sample_frame"]

# given names: (Persian, [Latin spellings], skeleton)
_GIVEN = [
    ("محمد", ["Mohammad", "Muhammad", "Mohamad", "Mohammed"], "mhmd"),
    ("علی", ["Ali"], "l"),
    ("حسین", ["Hossein", "Hosein", "Hussein"], "hsn"),
    ("رضا", ["Reza"], "rz"),
    ("مهدی", ["Mehdi", "Mahdi"], "mhd"),
    ("جواد", ["Javad"], "jvd"),
    ("امیر", ["Amir"], "mr"),
    ("سعید", ["Saeed", "Said", "Saeid"], "sd"),
    ("قاسم", ["Ghasem", "Qasem"], "qsm"),
    ("کاظم", ["Kazem", "Kazim"], "kzm"),
    ("مصطفی", ["Mostafa", "Mustafa"], "mstf"),
    ("یوسف", ["Yousef", "Yusef", "Yousof"], "ysf"),
    ("فاطمه", ["Fatemeh", "Fatima"], "ftm"),
    ("زهرا", ["Zahra"], "zhr"),
    ("مریم", ["Maryam"], "mrm"),
]
_COMPOUND_SECOND = [("رضا", "Reza", "rz"), ("علی", "Ali", "l"), ("حسین", "Hossein", "hsn")]
_SURNAMES = [
    ("حسینی", ["Hosseini", "Hoseini", "Hoseyni", "Husseini"], "hsn"),
    ("قاسمی", ["Ghasemi", "Qasemi", "Ghassemi"], "qsm"),
    ("رضایی", ["Rezaei", "Rezaee", "Rezai"], "rz"),
    ("احمدی", ["Ahmadi"], "hmd"),
    ("کریمی", ["Karimi"], "krm"),
    ("محمدی", ["Mohammadi", "Mohamadi"], "mhmd"),
    ("جعفری", ["Jafari", "Jaafari"], "jfr"),
    ("موسوی", ["Mousavi", "Musavi"], "msv"),
    ("صادقی", ["Sadeghi", "Sadeqi"], "sdq"),
]
_CONSONANTS = "bdfghjklmnprstvz"
_PERSIAN = dict(zip(_CONSONANTS, "بدفگهجکلمنپرستوز", strict=True))
_VOWELS = ["a", "e", "o", "i", "ou"]
_PROVINCES = [f"IR-{i:02d}" for i in range(31)]
_EVENTS = ["execution", "death_sentence", "arrest", "imprisonment_sentence"]
_SOURCES = [("hengaw", "latin"), ("hrana", "fa"), ("ihrngo", "latin"), ("kurdpa", "fa")]


def _invented_surname(rng: np.random.Generator) -> tuple[str, list[str], str]:
    """A surname of 2-3 syllables, with a spelling variant, its skeleton and script."""
    cons = [str(rng.choice(list(_CONSONANTS))) for _ in range(int(rng.integers(2, 4)))]
    vows = [str(rng.choice(_VOWELS)) for _ in cons]
    latin = "".join(c + v for c, v in zip(cons, vows, strict=True)) + "i"
    variant = latin.replace("ou", "u").replace("e", "a", 1)
    persian = "".join(_PERSIAN[c] for c in cons) + "ی"
    return persian, [latin.capitalize(), variant.capitalize()], "".join(cons)


def _month_interval(day: dt.date) -> tuple[dt.date, dt.date]:
    start = day.replace(day=1)
    following = (start + dt.timedelta(days=32)).replace(day=1)
    return start, following - dt.timedelta(days=1)


def _person(
    rng: np.random.Generator, surnames: list[tuple[str, list[str], str]]
) -> dict[str, object]:
    g = _GIVEN[int(rng.integers(len(_GIVEN)))]
    compound = rng.random() < 0.2 and g[2] in {"mhmd", "l", "mr"}
    second = _COMPOUND_SECOND[int(rng.integers(len(_COMPOUND_SECOND)))] if compound else None
    s = surnames[int(rng.integers(len(surnames)))]
    f = _GIVEN[int(rng.integers(len(_GIVEN) - 3))]
    sex = "female" if g[2] in {"ftm", "zhr", "mrm"} else "male"
    return {
        "given": g,
        "second": second,
        "surname": s,
        "father": f,
        "sex": sex,
        "birth_year": int(rng.integers(1960, 2006)),
        "province": _PROVINCES[int(rng.integers(len(_PROVINCES)))],
    }


def _record(
    rng: np.random.Generator,
    person: dict[str, object],
    event: dict[str, object],
    source: str,
    script: str,
) -> dict[str, object]:
    g, s, f = person["given"], person["surname"], person["father"]
    second = person["second"]
    assert isinstance(g, tuple) and isinstance(s, tuple) and isinstance(f, tuple)
    assert second is None or isinstance(second, tuple)
    g_lat, s_lat = str(rng.choice(g[1])), str(rng.choice(s[1]))
    g_fa, g_skel = g[0], g[2]
    if isinstance(second, tuple):
        join = str(rng.choice(["", " ", "-"]))
        g_lat = g_lat + join + second[1]
        g_fa, g_skel = g_fa + " " + second[0], g_skel + second[2]
    if script == "fa":  # romanize gives one canonical spelling
        first, last, father = g_fa, s[0], f[0]
        g_lat, s_lat, f_lat = (
            g[1][0].lower() + (second[1].lower() if second else ""),
            s[1][0],
            f[1][0],
        )
    else:
        first, last, father = g_lat, s_lat, str(rng.choice(f[1]))
        f_lat = father
    g_key, s_key = g_skel, s[2]
    if rng.random() < 0.05:  # given name and surname swapped
        first, last, g_lat, s_lat, g_key, s_key = last, first, s_lat, g_lat, s_key, g_key
    day = event["date"]
    assert isinstance(day, dt.date)
    if rng.random() < 0.1:
        day = day + dt.timedelta(days=int(rng.choice([-1, 1])))
    start, end, precision = day, day, "day"
    if rng.random() < (0.4 if script == "fa" else 0.15):
        start, end = _month_interval(day)
        precision = "month"
    birth = int(person["birth_year"])  # type: ignore[call-overload]
    if rng.random() < 0.1:
        birth += int(rng.choice([-1, 1]))
    has_father = rng.random() < 0.6
    return {
        "source": source,
        "script": script,
        "first_name": first,
        "surname": last,
        "father_name": father if has_father else None,
        "first_name_latin": g_lat.lower(),
        "surname_latin": s_lat.lower(),
        "father_name_latin": f_lat.lower() if has_father else None,
        "first_name_skeleton": g_key,
        "surname_skeleton": s_key,
        "father_name_skeleton": f[2] if has_father else None,
        "name_tokens": sorted([*g_key.split(), s_key]),
        "sex": person["sex"] if rng.random() < 0.9 else None,
        "age": (day.year - birth) if rng.random() < 0.6 else None,
        "birth_year": birth if rng.random() < 0.2 else None,
        "event_type": event["type"],
        "event_date_start": start,
        "event_date_end": end,
        "event_date_precision": precision,
        "province": person["province"] if rng.random() < 0.9 else None,
        "city": None,
        "prison": None,
        "charge": event["charge"],
        "evidence": str(rng.choice(["own_documentation", "official", "media"])),
        "public": bool(rng.random() < 0.5),
    }


def _events(rng: np.random.Generator, twice: bool) -> list[dict[str, object]]:
    base = dt.date(2023, 1, 1) + dt.timedelta(days=int(rng.integers(0, 700)))
    charge = str(rng.choice(["drug_related", "qisas_murder", "moharebeh"]))
    kind = str(rng.choice(_EVENTS, p=[0.5, 0.2, 0.2, 0.1]))
    events = [{"type": kind, "date": base, "charge": charge}]
    if kind == "execution" and rng.random() < 0.2:
        events.insert(
            0, {"type": "death_sentence", "date": base - dt.timedelta(days=200), "charge": charge}
        )
    if twice:
        events = [
            {"type": "execution", "date": base, "charge": charge},
            {"type": "execution", "date": base + dt.timedelta(days=150), "charge": charge},
        ]
    return events


def sample_frame(
    n_persons: int = 500, *, seed: int = 0, executed_twice: int = 2
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A record frame of four monitors (two Persian-script) and its truth.

    Args:
        n_persons: persons to invent; each has one or two events, each event seen by
            every source with probability 0.55 (at least one), 3% duplicated in a source.
        seed: the random seed (same seed, same frame).
        executed_twice: persons whose sources report two executions months apart.

    Returns:
        ``(frame, truth)``: the record frame, and ``record_id``, ``person_id``.
    """
    rng = np.random.default_rng(seed)
    surnames = _SURNAMES + [_invented_surname(rng) for _ in range(max(40, n_persons // 3))]
    rows: list[dict[str, object]] = []
    truth: list[tuple[int, int]] = []
    for pid in range(n_persons):
        person = _person(rng, surnames)
        for event in _events(rng, pid < executed_twice):
            seen = [src for src in _SOURCES if rng.random() < 0.55] or [_SOURCES[0]]
            for source, script in seen:
                copies = 2 if rng.random() < 0.03 else 1
                for _ in range(copies):
                    rows.append(_record(rng, person, event, source, script))
                    truth.append((len(rows), pid))
    frame = pd.DataFrame(rows)
    frame.insert(0, "record_id", np.arange(1, len(frame) + 1, dtype=np.int64))
    frame.insert(
        2,
        "source_record_id",
        [f"{s[:2]}-{i}" for s, i in zip(frame["source"], frame["record_id"], strict=True)],
    )
    truth_frame = pd.DataFrame(truth, columns=["record_id", "person_id"])
    return frame, truth_frame
