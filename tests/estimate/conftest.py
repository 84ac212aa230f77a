"""Simulated capture data with known truth, shared by the estimate tests."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from paymaan.estimate import CountTable


def table_from_captures(captures: np.ndarray, lists: tuple[str, ...]) -> CountTable:
    """Pattern counts of a boolean ``(N, k)`` capture matrix (rows never seen drop out)."""
    k = captures.shape[1]
    cells = (captures.astype(np.int64) * (1 << np.arange(k))).sum(axis=1)
    counts = np.bincount(cells, minlength=2**k).astype(np.int64)
    counts[0] = 0
    return CountTable(lists, counts)


def two_class_captures(rng: np.random.Generator, n: int) -> np.ndarray:
    """4 lists, 40% of the population easy to document (p 0.5–0.7), 60% hard (0.2–0.35)."""
    easy = rng.random(n) < 0.4
    p = np.where(easy[:, None], np.array([0.6, 0.5, 0.7, 0.55]), np.array([0.25, 0.3, 0.2, 0.35]))
    return rng.random((n, 4)) < p


def executions_cases(seed: int, totals: dict[str, int]) -> pd.DataFrame:
    """A cases frame like the link stage's, for executions with a known total per year.

    Four monitors; announced executions (a third) are seen by each with probability
    0.55–0.75, unannounced ones with 0.2–0.4 (heterogeneity). Cases no monitor saw
    are not in the frame.
    """
    rng = np.random.default_rng(seed)
    monitors = ("amnesty", "hengaw", "hrana", "ihrngo")
    rows = []
    for year, total in totals.items():
        announced = rng.random(total) < 1 / 3
        p = np.where(
            announced[:, None],
            np.array([0.55, 0.6, 0.65, 0.75]),
            np.array([0.2, 0.35, 0.3, 0.4]),
        )
        seen = rng.random((total, 4)) < p
        for i in range(total):
            sources = [m for m, s in zip(monitors, seen[i], strict=True) if s]
            if sources:
                rows.append(
                    {
                        "case_id": f"{year}-{i}",
                        "event_type": "execution",
                        "date_start": dt.date(int(year), 1 + i % 12, 1 + i % 28),
                        "sources": sources,
                        "period": year,
                        "province": f"IR-{i % 31:02d}",
                        "sex": "female" if i % 40 == 0 else "male",
                    }
                )
    return pd.DataFrame(rows)
