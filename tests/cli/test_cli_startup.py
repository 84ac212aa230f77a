"""The CLI stays quick to start: stage libraries load inside the commands that use them."""

from __future__ import annotations

import subprocess
import sys

from paymaan.cli import synth as synth_cli


def test_help_does_not_import_the_heavy_stages() -> None:
    code = (
        "import sys, paymaan.cli; "
        "heavy = [m for m in ('paymaan.estimate', 'paymaan.synth', 'paymaan.link', "
        "'paymaan.report', 'splink', 'statsmodels', 'numba', 'weasyprint') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_cli_default_seed_is_the_library_default() -> None:
    from paymaan.synth import DEFAULT_SEED

    assert synth_cli.DEFAULT_SEED == DEFAULT_SEED
