"""The PDF edition of a report: the HTML edition set by WeasyPrint.

Reproducibility: WeasyPrint takes the PDF's creation and modification dates from the
page's ``<meta name="dcterms.created|modified">`` (the run's timestamp, written by the
template), so it never reads the clock for them; the PDF file identifier is given
explicitly (derived from the page's own bytes) rather than left out or generated. The
same HTML with the same WeasyPrint, Pango and fonts then gives the same bytes. Fonts
are found by fontconfig: a machine with other fonts installed sets the text in other
fonts, and the PDF differs (the HTML and the data package do not).

WeasyPrint is imported when a PDF is written, not when paymaan is imported: it loads
Pango through ctypes, which is slow and needs the system libraries that
``scripts/system-deps.sh`` installs.

Example:
    >>> write_pdf(html, Path("reports/run-7/report.fa.pdf"))  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from paymaan.errors import ConfigError

__all__ = ["write_pdf"]


def _refusing_fetcher() -> Any:
    """A URL fetcher that fetches nothing: a report loads no outside resource."""
    from weasyprint.urls import URLFetcher

    class _Refuse(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"a report loads no outside resource (asked for {url[:60]})")

    return _Refuse()


def write_pdf(html: str, path: Path) -> Path:
    """Set *html* (a self-contained report page) as a PDF at *path*.

    Args:
        html: the page, with its ``dcterms.created`` meta element.
        path: where to write the PDF.

    Returns:
        *path*.

    Raises:
        ConfigError: WeasyPrint or its system libraries are missing (run
            ``scripts/system-deps.sh``).
    """
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        raise ConfigError(
            f"cannot write PDF: WeasyPrint is not usable ({error})",
            hint="Run `bash scripts/system-deps.sh` as root, then `make install`.",
        ) from None
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    document = weasyprint.HTML(string=html, url_fetcher=_refusing_fetcher()).render()
    document.write_pdf(path, pdf_identifier=identifier)
    return path
