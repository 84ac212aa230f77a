"""Properties of the small helpers, over open-ended inputs."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from paymaan.synth import parse_years
from paymaan.synth.population import groups


@given(st.lists(st.sampled_from(["IR-11", "IR-12", "IR-23", "کرد"]), max_size=60))
def test_groups_partition_the_positions_by_value(values: list[str]) -> None:
    array = np.array(values, dtype=object)
    seen: list[int] = []
    for value, rows in groups(array):
        assert all(array[i] == value for i in rows)
        assert list(rows) == sorted(rows)
        seen += rows.tolist()
    assert sorted(seen) == list(range(len(values)))


@given(st.integers(1979, 2100), st.integers(0, 5))
def test_a_range_of_years_parses_to_every_year_in_it(first: int, extra: int) -> None:
    assert parse_years([f"{first}-{first + extra}"]) == list(range(first, first + extra + 1))
    assert parse_years([str(first)]) == [first]
