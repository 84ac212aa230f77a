"""Persons: clusters of records, honouring reviewers' decisions.

The rule, in full (documented in ``docs/linkage.md``):

1. Edges are the scored pairs at or above the threshold, plus every must-link pair
   (weight +inf). Cannot-link pairs are removed from the edges.
2. Edges are taken strongest first (must-links first, then by match probability, ties
   by record ids), and each joins the two clusters of its records, as in Kruskal's
   algorithm, unless the two clusters hold records with a cannot-link between them:
   then that edge is skipped.
3. With no cannot-links this is exactly connected components of the thresholded graph.
   With cannot-links, a component that would join two records a reviewer separated is
   cut at its weakest links: the pair stays apart and each record keeps its strongest
   neighbours.

A must-link between records of two clusters separated by a cannot-link cannot be
satisfied together with it; the must-link is applied first (it is processed first)
and the contradicting cannot-link is reported in :attr:`Clustering.violated`.

Example:
    >>> import pandas as pd
    >>> pairs = pd.DataFrame({"record_id_l": [1, 2], "record_id_r": [2, 3],
    ...                       "match_probability": [0.99, 0.98]})
    >>> c = cluster_records([1, 2, 3, 4], pairs, threshold=0.9, cannot_link=[(1, 3)])
    >>> sorted(c.person_records.groupby("person_id")["record_id"].apply(list).tolist())
    [[1, 2], [3], [4]]
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["Clustering", "cluster_records", "stable_id", "subject_pairs"]


def stable_id(prefix: str, record_ids: Iterable[int]) -> str:
    """A stable identifier from a set of record ids: the same members, the same id.

    Example:
        >>> stable_id("p", [3, 1]) == stable_id("p", [1, 3])
        True
    """
    text = ",".join(str(i) for i in sorted(int(r) for r in record_ids))
    return prefix + hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class Clustering:
    """The outcome of clustering.

    Attributes:
        person_records: columns ``record_id``, ``person_id`` (one row per record).
        violated: cannot-link pairs that contradicting must-links made impossible.
        skipped_edges: edges above the threshold left out to honour a cannot-link.
    """

    person_records: pd.DataFrame
    violated: list[tuple[int, int]] = field(default_factory=list)
    skipped_edges: int = 0


class _Forest:
    """Union–find over record indices, with each root's cannot-link partners."""

    def __init__(self, n: int) -> None:
        self.parent = np.arange(n)
        self.apart: dict[int, set[int]] = {}

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = int(self.parent[root])
        while self.parent[i] != root:
            self.parent[i], i = root, int(self.parent[i])
        return root

    def forbidden(self, a: int, b: int) -> bool:
        pa, pb = self.apart.get(a), self.apart.get(b)
        if not pa or not pb:
            return False
        small, other = (pa, b) if len(pa) <= len(pb) else (pb, a)
        return any(self.find(x) == other for x in small)

    def union(self, a: int, b: int) -> None:
        self.parent[b] = a
        if b in self.apart:
            self.apart.setdefault(a, set()).update(self.apart.pop(b))


def _member_ids(prefix: str, groups: np.ndarray, record_ids: np.ndarray) -> np.ndarray:
    """For each row, :func:`stable_id` of all rows sharing its group label."""
    order = np.lexsort((record_ids, groups))
    sorted_groups = groups[order]
    starts = np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1]])
    ends = np.r_[starts[1:], len(order)]
    sorted_ids = record_ids[order]
    out = np.empty(len(order), dtype=object)
    for start, end in zip(starts, ends, strict=True):
        text = ",".join(map(str, sorted_ids[start:end].tolist()))
        out[order[start:end]] = prefix + hashlib.sha256(text.encode()).hexdigest()[:16]
    return out


def _index(record_ids: Sequence[int]) -> dict[int, int]:
    return {int(r): i for i, r in enumerate(record_ids)}


def cluster_records(
    record_ids: Sequence[int],
    pairs: pd.DataFrame,
    *,
    threshold: float,
    must_link: Iterable[tuple[int, int]] = (),
    cannot_link: Iterable[tuple[int, int]] = (),
) -> Clustering:
    """Cluster records into persons.

    Args:
        record_ids: every record to place (records without edges become singletons).
        pairs: scored pairs with ``record_id_l``, ``record_id_r``, ``match_probability``.
        threshold: the match probability at or above which a pair links.
        must_link: pairs that a reviewer joined.
        cannot_link: pairs that a reviewer separated.

    Returns:
        A :class:`Clustering`; person ids are :func:`stable_id` of the members.

    Example:
        >>> import pandas as pd
        >>> empty = pd.DataFrame(columns=["record_id_l", "record_id_r", "match_probability"])
        >>> result = cluster_records([5, 6], empty, threshold=0.9, must_link=[(5, 6)])
        >>> result.person_records["person_id"].nunique()
        1
    """
    ids = [int(r) for r in record_ids]
    index = _index(ids)
    apart_pairs = {(min(a, b), max(a, b)) for a, b in cannot_link if a in index and b in index}
    must = [(min(a, b), max(a, b)) for a, b in must_link if a in index and b in index]
    forest = _Forest(len(ids))
    for a, b in apart_pairs:
        forest.apart.setdefault(index[a], set()).add(index[b])
        forest.apart.setdefault(index[b], set()).add(index[a])

    strong = pairs[pairs["match_probability"] >= threshold]
    strong = strong.sort_values(
        ["match_probability", "record_id_l", "record_id_r"],
        ascending=[False, True, True],
        kind="stable",
    )
    left = [int(x) for x in strong["record_id_l"]] if len(strong) else []
    right = [int(x) for x in strong["record_id_r"]] if len(strong) else []
    edges = [(a, b, True) for a, b in must] + [
        (a, b, False)
        for a, b in zip(left, right, strict=True)
        if (min(a, b), max(a, b)) not in apart_pairs and a in index and b in index
    ]
    skipped = 0
    for a, b, forced in edges:
        ra, rb = forest.find(index[a]), forest.find(index[b])
        if ra == rb:
            continue
        if not forced and forest.forbidden(ra, rb):
            skipped += 1
            continue
        forest.union(ra, rb)
    roots = np.array([forest.find(i) for i in range(len(ids))], dtype=np.int64)
    frame = pd.DataFrame({"record_id": np.array(ids, dtype=np.int64), "root": roots})
    frame["person_id"] = _member_ids("p", frame["root"].to_numpy(), frame["record_id"].to_numpy())
    violated = sorted(
        (a, b) for a, b in apart_pairs if forest.find(index[a]) == forest.find(index[b])
    )
    return Clustering(
        person_records=frame[["record_id", "person_id"]],
        violated=violated,
        skipped_edges=skipped,
    )


def subject_pairs(frame: pd.DataFrame, named: pd.Series) -> pd.DataFrame:
    """Pairs joining records about no person (press closures, internet shutdowns).

    A record without any name is about its subject, taken to be its province (an
    outlet's name, in either script, cannot be compared by text). Records of one event
    type and one province are chained with probability 1.0, so that they form one
    "person" (the subject); case consolidation then splits them by date, with no
    tolerance (pass them as ``exact_dates`` to :func:`consolidate_cases`). They are
    ordinary edges: a reviewer's cannot-link still separates them.

    Args:
        frame: the record frame (``record_id``, ``event_type``, ``province``).
        named: per row of *frame*, whether the record names a person.

    Returns:
        ``record_id_l``, ``record_id_r``, ``match_probability`` (1.0).
    """
    columns = ["record_id_l", "record_id_r", "match_probability"]
    nameless = frame.loc[~named.to_numpy()]
    if nameless.empty or "event_type" not in nameless:
        return pd.DataFrame(columns=columns)
    province = (
        nameless["province"].astype("string")
        if "province" in nameless
        else pd.Series(pd.NA, index=nameless.index, dtype="string")
    )
    # Outlets' names come in both scripts ("روزنامه روشنا", "Roshana daily") and cannot be
    # compared by text here: the subject is the province; dates then separate events.
    subject = "province:" + province
    keyed = pd.DataFrame(
        {
            "record_id": nameless["record_id"].astype("int64"),
            "key": nameless["event_type"].astype("string") + "|" + subject,
        }
    ).dropna()
    keyed = keyed.sort_values(["key", "record_id"])
    same = keyed["key"].eq(keyed["key"].shift())
    return pd.DataFrame(
        {
            "record_id_l": keyed["record_id"].shift().loc[same].astype("int64"),
            "record_id_r": keyed["record_id"].loc[same],
            "match_probability": 1.0,
        }
    ).reset_index(drop=True)
