"""paymaan: verification of human-rights commitments from monitors' case records.

The pipeline (see docs/ and the architecture page): ingest -> normalize -> link ->
estimate -> verify -> report. Each stage is a subpackage with a small public surface.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("paymaan")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
