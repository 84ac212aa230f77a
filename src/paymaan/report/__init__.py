"""The verification report: bilingual HTML and PDF, a public data package, a signature.

:func:`build_report` writes one report folder from a :class:`ReportInput`::

    reports/<run>/
      report.en.html  report.fa.html     self-contained pages (no network, no script)
      report.en.pdf   report.fa.pdf      the same pages set by WeasyPrint
      data/figures.csv  data/sources.csv  data/datapackage.json   the public data package
      manifest.json  manifest.sig  public_key.pem                 what is signed, and by whom

:func:`verify_report` checks such a folder with the public key alone. The same input
gives byte-identical files: the only time printed is the run's, every collection is
sorted and every number is formatted with fixed precision.

Example:
    >>> out = build_report(report_input, Path("reports/run-7"), public=True,
    ...                    private_key=signing_key)  # doctest: +SKIP
    >>> verify_report(out.out_dir, Path("publisher.pem")).ok  # doctest: +SKIP
    True
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from paymaan.errors import ConfigError, InputError
from paymaan.report.i18n import LANGS, Lang
from paymaan.report.manifest import (
    Difference,
    VerificationResult,
    build_manifest,
    key_fingerprint,
    verify_report,
    write_signed_manifest,
)
from paymaan.report.model import (
    Agreement,
    AssessmentRecord,
    Commitment,
    Indicator,
    LocalText,
    PreviousFigure,
    PreviousReport,
    PublicCase,
    ReportInput,
    RunInfo,
    SourceInfo,
    StratumFigure,
)
from paymaan.report.package import load_previous_report, write_data_package
from paymaan.report.render import render_html
from paymaan.report.safety import ScanHit, scan_outputs, scan_text

__all__ = [
    "FORMATS",
    "LANGS",
    "Agreement",
    "AssessmentRecord",
    "Commitment",
    "Difference",
    "Indicator",
    "LocalText",
    "PreviousFigure",
    "PreviousReport",
    "PublicCase",
    "ReportInput",
    "ReportOutput",
    "RunInfo",
    "ScanHit",
    "SourceInfo",
    "StratumFigure",
    "VerificationResult",
    "build_report",
    "load_previous_report",
    "scan_outputs",
    "verify_report",
]

FORMATS: tuple[str, ...] = ("html", "pdf")


@dataclass(frozen=True)
class ReportOutput:
    """Where :func:`build_report` wrote each file (all under ``out_dir``)."""

    out_dir: Path
    html: dict[str, Path] = field(default_factory=dict)
    pdf: dict[str, Path] = field(default_factory=dict)
    data_package: Path | None = None
    manifest: Path | None = None
    signature: Path | None = None
    public_key: Path | None = None

    @property
    def files(self) -> list[Path]:
        """Every file of the report, sorted."""
        return sorted(p for p in self.out_dir.rglob("*") if p.is_file())


def _check_choices(langs: Sequence[str], formats: Sequence[str], threshold: int) -> None:
    for name, given, allowed in (("--lang", langs, LANGS), ("--format", formats, FORMATS)):
        unknown = sorted(set(given) - set(allowed))
        if unknown or not given:
            raise ConfigError(
                f"{name}: {', '.join(unknown) or 'nothing'} is not one of {', '.join(allowed)}",
                hint=f"Give {name} as a comma-separated list of {', '.join(allowed)}.",
            )
    if threshold < 1:
        raise ConfigError(f"--threshold {threshold}: must be at least 1 (1 suppresses nothing)")


def _staging_dir(out_dir: Path) -> Path:
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise InputError(
            f"{out_dir}: already exists and is not empty; a published report is never overwritten",
            hint="Remove it first if it is a draft, or build into another folder.",
        )
    staging = out_dir.parent / f".{out_dir.name}.partial"
    if staging.exists():  # left by an interrupted build of ours
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    return staging


def _refuse_disclosure(staging: Path, hits: Sequence[ScanHit], pages: Sequence[str]) -> None:
    where = sorted({h.path.relative_to(staging).as_posix() for h in hits} | set(pages))
    shutil.rmtree(staging)
    raise InputError(
        f"the public report would show identifying details of people who are not public "
        f"(in {', '.join(where)}); nothing was written",
        hint="Mark the cases public only with consent, or remove the name from the "
        "assessment's reason or limitations; build without --public to inspect.",
    )


def build_report(
    report_input: ReportInput,
    out_dir: Path,
    *,
    langs: Sequence[str] = LANGS,
    formats: Sequence[str] = FORMATS,
    public: bool = False,
    private_key: Ed25519PrivateKey | None = None,
    threshold: int = 5,
) -> ReportOutput:
    """Write the report folder *out_dir*: editions, data package, signed manifest.

    Args:
        report_input: what the report is made from.
        out_dir: the folder to create (``reports/<run>/``); must not exist or be empty.
        langs: editions to write, among ``en`` and ``fa``.
        formats: ``html`` and/or ``pdf``.
        public: the public edition: no case ids, only public cases named, small cells
            suppressed, and the outputs scanned for ``report_input.identifying_terms``.
        private_key: the workspace's Ed25519 signing key; ``None`` writes an unsigned
            draft (no manifest, signature or key).
        threshold: counts from 1 to ``threshold - 1`` are withheld in public tables.

    Returns:
        A :class:`ReportOutput` with every path.

    Raises:
        ConfigError: an unknown language or format, or a threshold below 1.
        InputError: *out_dir* is not empty, or a public build would name a person who
            is not public (nothing is written then).

    Example:
        >>> build_report(report_input, Path("reports/run-7"), langs=["fa"],
        ...              formats=["html"], public=True)  # doctest: +SKIP
    """
    _check_choices(langs, formats, threshold)
    staging = _staging_dir(out_dir)
    fingerprint = None if private_key is None else key_fingerprint(private_key.public_key())
    chosen: list[Lang] = [lang for lang in LANGS if lang in langs]
    pages = {}
    for lang in chosen:
        other = [f"report.{o}.html" for o in chosen if o != lang and "html" in formats]
        pages[lang] = render_html(
            report_input,
            lang,
            public=public,
            fingerprint=fingerprint,
            other_edition=other[0] if other else None,
        )
        if "html" in formats:
            (staging / f"report.{lang}.html").write_text(pages[lang], encoding="utf-8")
    write_data_package(report_input, staging / "data", public=public, threshold=threshold)
    if public and report_input.identifying_terms:
        terms = report_input.identifying_terms
        hits = scan_outputs(staging, terms)
        dirty_pages = [f"report.{lang}" for lang, page in pages.items() if scan_text(page, terms)]
        if hits or dirty_pages:
            _refuse_disclosure(staging, hits, dirty_pages)
    if "pdf" in formats:
        from paymaan.report.pdf import write_pdf

        for lang in chosen:
            write_pdf(pages[lang], staging / f"report.{lang}.pdf")
    signed = private_key is not None
    if private_key is not None:
        manifest = build_manifest(
            report_input, staging, private_key.public_key(), public=public, threshold=threshold
        )
        write_signed_manifest(staging, manifest, private_key)
    if out_dir.exists():
        out_dir.rmdir()
    staging.rename(out_dir)
    return ReportOutput(
        out_dir=out_dir,
        html={lang: out_dir / f"report.{lang}.html" for lang in chosen if "html" in formats},
        pdf={lang: out_dir / f"report.{lang}.pdf" for lang in chosen if "pdf" in formats},
        data_package=out_dir / "data" / "datapackage.json",
        manifest=out_dir / "manifest.json" if signed else None,
        signature=out_dir / "manifest.sig" if signed else None,
        public_key=out_dir / "public_key.pem" if signed else None,
    )
