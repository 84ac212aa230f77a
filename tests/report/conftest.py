"""Fixtures of the report tests; the data itself is in report_fixture.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from report_fixture import SIGNING_SEED, report_dict

from paymaan.report import ReportInput


@pytest.fixture
def report_input() -> ReportInput:
    return ReportInput.from_dict(report_dict())


@pytest.fixture
def signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(SIGNING_SEED)


@pytest.fixture(scope="session")
def built_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One full public build (both languages, HTML and PDF, signed), shared by tests
    that only read it: setting two PDFs takes a few seconds."""
    from paymaan.report import build_report

    out = tmp_path_factory.mktemp("reports") / "run-2025-11-03-0930"
    build_report(
        ReportInput.from_dict(report_dict()),
        out,
        public=True,
        private_key=Ed25519PrivateKey.from_private_bytes(SIGNING_SEED),
    )
    return out
