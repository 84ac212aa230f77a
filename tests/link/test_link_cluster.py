"""Clustering: connected components without decisions; decisions always honoured."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from paymaan.link import cluster_records, stable_id

pair_lists = st.lists(
    st.tuples(st.integers(1, 30), st.integers(1, 30), st.floats(0.0, 1.0)), max_size=60
)


def _pairs(rows: list[tuple[int, int, float]]) -> pd.DataFrame:
    rows = [(min(a, b), max(a, b), p) for a, b, p in rows if a != b]
    return pd.DataFrame(rows, columns=["record_id_l", "record_id_r", "match_probability"])


def _groups(person_records: pd.DataFrame) -> set[frozenset[int]]:
    return {frozenset(g) for g in person_records.groupby("person_id")["record_id"].apply(list)}


@settings(max_examples=60, deadline=None)
@given(pair_lists, st.floats(0.05, 1.0))
def test_without_decisions_persons_are_scipy_connected_components(
    rows: list[tuple[int, int, float]], threshold: float
) -> None:
    ids = list(range(1, 31))
    pairs = _pairs(rows)
    strong = pairs[pairs["match_probability"] >= threshold]
    graph = coo_matrix(
        (np.ones(len(strong)), (strong["record_id_l"] - 1, strong["record_id_r"] - 1)),
        shape=(30, 30),
    )
    _, labels = connected_components(graph, directed=False)
    expected = {frozenset(i + 1 for i in np.flatnonzero(labels == k)) for k in set(labels)}
    assert _groups(cluster_records(ids, pairs, threshold=threshold).person_records) == expected


@settings(max_examples=60, deadline=None)
@given(
    pair_lists,
    st.lists(st.tuples(st.integers(1, 30), st.integers(1, 30)), max_size=5),
    st.lists(st.tuples(st.integers(1, 30), st.integers(1, 30)), max_size=5),
)
def test_decisions_are_always_honoured(
    rows: list[tuple[int, int, float]],
    must: list[tuple[int, int]],
    cannot: list[tuple[int, int]],
) -> None:
    must = [(a, b) for a, b in must if a != b]
    cannot = [
        (a, b)
        for a, b in cannot
        if a != b and (min(a, b), max(a, b)) not in {(min(x, y), max(x, y)) for x, y in must}
    ]
    result = cluster_records(
        list(range(1, 31)), _pairs(rows), threshold=0.5, must_link=must, cannot_link=cannot
    )
    person = dict(
        zip(result.person_records["record_id"], result.person_records["person_id"], strict=False)
    )
    for a, b in must:
        assert person[a] == person[b]
    violated = set(result.violated)
    for a, b in cannot:
        assert person[a] != person[b] or (min(a, b), max(a, b)) in violated


def test_cannot_link_cuts_the_weakest_edge_on_the_path() -> None:
    # chain 1-2 (0.99), 2-3 (0.95), 3-4 (0.97); reviewer says 1 and 4 differ:
    # edges are applied strongest first, 2-3 is the one that would join them.
    pairs = _pairs([(1, 2, 0.99), (3, 4, 0.97), (2, 3, 0.95)])
    result = cluster_records([1, 2, 3, 4], pairs, threshold=0.9, cannot_link=[(4, 1)])
    assert _groups(result.person_records) == {frozenset({1, 2}), frozenset({3, 4})}
    assert result.skipped_edges == 1 and result.violated == []


def test_must_link_joins_unscored_records_and_wins_over_a_contradiction() -> None:
    empty = _pairs([])
    result = cluster_records(
        [1, 2, 3], empty, threshold=0.9, must_link=[(1, 2), (2, 3)], cannot_link=[(1, 3)]
    )
    assert _groups(result.person_records) == {frozenset({1, 2, 3})}
    assert result.violated == [(1, 3)]


def test_person_ids_are_stable_and_depend_only_on_members() -> None:
    pairs = _pairs([(1, 2, 0.99)])
    first = cluster_records([1, 2, 3], pairs, threshold=0.9).person_records
    again = cluster_records([3, 2, 1], pairs, threshold=0.9).person_records
    assert dict(zip(first.record_id, first.person_id, strict=False)) == dict(
        zip(again.record_id, again.person_id, strict=False)
    )
    assert set(first["person_id"]) == {stable_id("p", [1, 2]), stable_id("p", [3])}
