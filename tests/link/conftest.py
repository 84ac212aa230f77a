"""Fixtures for linkage tests: one trained run on the sample frame, shared by the session.

Training takes a few seconds, so the session trains once (seed logged in the fixture)
and later runs reuse the trained model, as ``paymaan link --model`` does.
"""

from __future__ import annotations

import pandas as pd
import pytest

from paymaan.link import LinkConfig, LinkResult, run
from paymaan.link.sample import sample_frame

SAMPLE_SEED = 7
SAMPLE_PERSONS = 400


@pytest.fixture(scope="session")
def sample() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sample record frame (seed 7, 400 persons) and its truth."""
    return sample_frame(SAMPLE_PERSONS, seed=SAMPLE_SEED)


@pytest.fixture(scope="session")
def linked(sample: tuple[pd.DataFrame, pd.DataFrame]) -> LinkResult:
    """The sample linked with the default configuration (trained here)."""
    return run(sample[0], config=LinkConfig())
