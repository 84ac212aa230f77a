"""Fixtures for the synth tests: generated outputs shared by the whole session."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from paymaan.synth import SynthResult, generate


@pytest.fixture(scope="session")
def default_output(tmp_path_factory: pytest.TempPathFactory) -> SynthResult:
    """The default generation (seed 2024, scale 1, 2024-2025, five monitors)."""
    return generate(tmp_path_factory.mktemp("synth-default") / "out")


@pytest.fixture(scope="session")
def truth(default_output: SynthResult) -> dict[str, pd.DataFrame]:
    """The default generation's truth tables, read back from disk."""
    folder = Path(default_output.out_dir) / "truth"
    names = ("events", "persons", "rows", "counts", "stock", "monitor_capture")
    return {
        name: pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in names
    }
