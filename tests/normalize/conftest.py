"""Warm the caches that load data files (name lexicon, place indexes) once per session.

Hypothesis limits the time of each example; the first call of a normalize function reads
the lexicon CSVs and builds the place indexes, which belongs to no example.
"""

from __future__ import annotations

import pytest

from paymaan.normalize import city, parse_date, prison, province_code, romanize


@pytest.fixture(scope="session", autouse=True)
def _warm_normalize_caches() -> None:
    romanize("محمد")
    province_code("Tehran")
    city("Karaj")
    prison("Evin")
    parse_date("1402/12/15")
