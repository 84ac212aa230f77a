"""Benchmark of ``paymaan synth``: time to generate monitors and truth at several scales.

``run(quick=True)`` generates scale 5 (about 70,000 rows across monitors) and stays
within a few seconds; the full run adds scale 70 (about 1,000,000 rows) and scale
1000 is left out because it is about 14,000,000 rows (scale 1 is Iran's reported
volume, about 13,900 rows across the five default monitors).
"""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path

from paymaan.synth import generate


def _one(scale: float) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="paymaan-bench-synth-") as folder:
        started = time.perf_counter()
        result = generate(Path(folder) / "out", scale=scale)
        seconds = time.perf_counter() - started
    rows = sum(result.rows_per_monitor.values())
    events = sum(result.true_counts.values())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "name": f"synth scale {scale:g}",
        "size": f"{rows:,} rows, {events:,} true events",
        "seconds": round(seconds, 2),
        "peak_mb": round(peak_mb, 1),
        "rows_per_second": round(rows / seconds),
        "notes": "five default monitors, 2024-2025, seed 2024; peak is the process's",
    }


def run(quick: bool = False) -> list[dict[str, object]]:
    """Time generation at scale 5 (quick) or at scales 1, 5 and 70 (about 1M rows)."""
    scales = [5.0] if quick else [1.0, 5.0, 70.0]
    return [_one(scale) for scale in scales]


if __name__ == "__main__":
    for row in run(quick=False):
        print(row)
