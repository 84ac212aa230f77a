"""Normalization of names, dates and provinces at the scale of a large submission.

Generates records from a fixed seed with the repetition real monitors' files have (a few
hundred given names, a few thousand surnames, dates over ten years in several written
forms, province names in both scripts) and normalizes each one: ``name_keys`` for given
name, surname and father's name, ``parse_date`` for the event date and ``province_code``.
Caches are cleared first, so the figure includes filling them. One process (one core).
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import time
from typing import Any

from paymaan.normalize import dates, names, places, text
from paymaan.normalize._lexicon import default_lexicon
from paymaan.normalize.dates import gregorian_to_jalali, parse_date
from paymaan.normalize.names import name_keys
from paymaan.normalize.places import place_table, province_code

SEED = 20240305
JALALI_MONTHS = "فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند".split()
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
LATIN_VARIANTS = (("ss", "s"), ("ou", "u"), ("gh", "q"), ("ei", "ey"), ("kh", "x"), ("ee", "i"))


def _spelling(rng: random.Random, latin: str) -> str:
    """A Latin spelling variant, as different monitors write the same name."""
    out = latin
    for old, new in LATIN_VARIANTS:
        if old in out and rng.random() < 0.3:
            out = out.replace(old, new)
    return out.title()


def _date_text(rng: random.Random, day: dt.date, persian: bool) -> str:
    year, month, jday = gregorian_to_jalali(day)
    if not persian:
        return day.isoformat() if rng.random() < 0.7 else day.strftime("%d %B %Y")
    form = rng.random()
    if form < 0.5:
        return f"{year}/{month:02d}/{jday:02d}".translate(PERSIAN_DIGITS)
    if form < 0.8:
        return f"{jday} {JALALI_MONTHS[month - 1]} {year}"
    return f"{JALALI_MONTHS[month - 1]} {year}".translate(PERSIAN_DIGITS)


def make_records(n: int, seed: int = SEED) -> list[tuple[str, str, str, str, str]]:
    """``n`` (first, surname, father, date, province) tuples with realistic repetition."""
    rng = random.Random(seed)
    lexicon = default_lexicon()
    given = sorted(lexicon.given.items())
    surnames = sorted(lexicon.surnames.items())
    # Zipf-like weights: a few names are very common, most are rare.
    given_weights = [1 / (rank + 1) for rank in range(len(given))]
    surname_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(surnames))]
    province_labels = [
        label for p in place_table("province").values() for label in (p.en, p.fa, *p.aliases)
    ]
    start = dt.date(2015, 3, 21).toordinal()
    records = []
    firsts = rng.choices(given, given_weights, k=n)
    lasts = rng.choices(surnames, surname_weights, k=n)
    fathers = rng.choices(given, given_weights, k=n)
    for i in range(n):
        persian = rng.random() < 0.6
        triple = (firsts[i], lasts[i], fathers[i])
        if persian:
            first, last, father = (fa for fa, _ in triple)
        else:
            first, last, father = (_spelling(rng, latin) for _, latin in triple)
        day = dt.date.fromordinal(start + rng.randrange(3650))
        records.append(
            (first, last, father, _date_text(rng, day, persian), rng.choice(province_labels))
        )
    return records


def _clear_caches() -> None:
    for module in (text, names, dates, places):
        for value in vars(module).values():
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


def normalize_records(records: list[tuple[str, str, str, str, str]]) -> int:
    """Normalize every record; returns the number of unreadable dates."""
    bad_dates = 0
    for first, last, father, date_text, province in records:
        name_keys(first, last, father)
        try:
            parse_date(date_text)
        except ValueError:
            bad_dates += 1
        province_code(province)
    return bad_dates


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Time normalization of 1,000,000 records (20,000 with ``quick``)."""
    n = 20_000 if quick else 1_000_000
    records = make_records(n)
    distinct = len({(r[0], r[1], r[2]) for r in records})
    _clear_caches()
    started, cpu_started = time.perf_counter(), time.process_time()
    bad = normalize_records(records)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    return [
        {
            "name": "normalize names + date + province (cold caches, 1 core)",
            "size": f"{n:,} records",
            "seconds": seconds,
            "records_per_second": n / seconds,
            "cpu_seconds": cpu_seconds,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "notes": f"{distinct:,} distinct name triples; {bad} unreadable dates; seed {SEED}",
        }
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
