"""The public data package: the report's figures as CSV with a Frictionless descriptor.

``data/figures.csv`` holds one row per indicator × period × stratum (stratum ``all``
is the whole country, the row every report figure and status rests on);
``data/sources.csv`` the sources with their row counts; ``data/datapackage.json``
describes both as a Frictionless Tabular Data Package (v1), with each file's SHA-256
and size, so a reader can load them with any Frictionless tool and recompute every
figure of the report.

Small-cell suppression (public builds only): a stratum cell whose documented count is
between 1 and ``threshold - 1`` is published empty with ``suppressed = true``, and so
are its estimate and interval (they would give the count away). When a group
(indicator × period) has exactly one suppressed cell, the smallest other cell of the
group is suppressed too, so the suppressed count cannot be recovered by subtracting
the other strata from the total. Zero is never suppressed: it names no one, and a
"met" verdict often rests on it. The ``all`` row is not suppressed either: it is the
figure the report itself prints and judges.

Example:
    >>> sorted(suppress_cells([("a", 3), ("b", 40), ("c", 12)], threshold=5))
    ['a', 'c']
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from paymaan.errors import ConfigError, InputError
from paymaan.report.model import (
    AssessmentRecord,
    PreviousFigure,
    PreviousReport,
    ReportInput,
)

__all__ = [
    "FIGURE_FIELDS",
    "figure_rows",
    "load_previous_report",
    "suppress_cells",
    "write_data_package",
]

ALL_STRATA: Final = "all"

# (name, Frictionless type, description); the CSV columns in order.
FIGURE_FIELDS: Final[tuple[tuple[str, str, str], ...]] = (
    ("agreement_id", "string", "Agreement identifier."),
    ("commitment_id", "string", "Commitment identifier within the agreement."),
    ("indicator_id", "string", "Indicator identifier within the commitment."),
    ("period_label", "string", "The period as the report labels it."),
    ("period_start", "date", "First day of the period (Gregorian)."),
    ("period_end", "date", "Last day of the period (Gregorian)."),
    ("stratum", "string", "'all' for the whole, else e.g. 'province=IR-23'."),
    ("status", "string", "met, not_met, cannot_verify or pending; on 'all' rows only."),
    ("documented", "integer", "Cases documented under the evidence rule (a lower bound)."),
    ("estimate", "number", "Estimated total, where an estimate could be made."),
    ("lower", "number", "Lower bound of the 95% interval of the estimate."),
    ("upper", "number", "Upper bound of the 95% interval of the estimate."),
    ("coverage", "number", "Share (0-1) of the period the sources cover; 'all' rows only."),
    ("suppressed", "boolean", "true when the counts of this cell are withheld (small cell)."),
)
SOURCE_FIELDS: Final[tuple[tuple[str, str, str], ...]] = (
    ("source", "string", "Source name, or its alias when it asked for anonymity."),
    ("anonymous", "boolean", "true when the source is shown under an alias."),
    ("rows_accepted", "integer", "Rows of its submissions accepted."),
    ("rows_quarantined", "integer", "Rows of its submissions quarantined, with a reason."),
    ("submissions", "integer", "Number of files it submitted."),
)


def suppress_cells(cells: Sequence[tuple[str, int]], threshold: int) -> set[str]:
    """The strata of one group whose counts must be withheld.

    Args:
        cells: ``(stratum, documented)`` for the strata of one indicator × period.
        threshold: counts from 1 to ``threshold - 1`` are withheld (primary
            suppression); a lone withheld cell takes the smallest other cell with it
            (secondary suppression, ties broken by stratum name).

    Returns:
        The strata to withhold.

    Example:
        >>> sorted(suppress_cells([("a", 1), ("b", 2), ("c", 9)], threshold=5))
        ['a', 'b']
    """
    primary = {stratum for stratum, count in cells if 0 < count < threshold}
    if len(primary) == 1:
        others = sorted((count, stratum) for stratum, count in cells if stratum not in primary)
        positive = [item for item in others if item[0] > 0]
        if positive or others:
            primary.add((positive or others)[0][1])
    return primary


def _number(value: float | None, decimals: int) -> str:
    return "" if value is None else f"{value:.{decimals}f}"


def _assessment_rows(record: AssessmentRecord, withheld: set[str]) -> list[dict[str, str]]:
    common = {
        "agreement_id": record.agreement_id,
        "commitment_id": record.commitment_id,
        "indicator_id": record.indicator_id,
        "period_label": record.period_label,
        "period_start": record.period_start.isoformat(),
        "period_end": record.period_end.isoformat(),
    }
    rows = [
        {
            **common,
            "stratum": ALL_STRATA,
            "status": record.status,
            "documented": "" if record.documented is None else str(record.documented),
            "estimate": _number(record.estimate, 2),
            "lower": _number(record.lower, 2),
            "upper": _number(record.upper, 2),
            "coverage": _number(record.coverage, 4),
            "suppressed": "false",
        }
    ]
    for stratum in record.strata:
        hidden = stratum.stratum in withheld
        rows.append(
            {
                **common,
                "stratum": stratum.stratum,
                "status": "",
                "documented": "" if hidden else str(stratum.documented),
                "estimate": "" if hidden else _number(stratum.estimate, 2),
                "lower": "" if hidden else _number(stratum.lower, 2),
                "upper": "" if hidden else _number(stratum.upper, 2),
                "coverage": "",
                "suppressed": "true" if hidden else "false",
            }
        )
    return rows


def figure_rows(
    report_input: ReportInput, *, public: bool, threshold: int = 5
) -> list[dict[str, str]]:
    """The rows of ``figures.csv``, sorted, with suppression applied when *public*.

    Raises:
        ConfigError: *threshold* is below 1.
    """
    if threshold < 1:
        raise ConfigError(
            f"suppression threshold {threshold} is below 1",
            hint="Give --threshold 1 (no suppression) or more; the default is 5.",
        )
    rows: list[dict[str, str]] = []
    records = sorted(
        report_input.assessments,
        key=lambda r: (r.commitment_id, r.indicator_id, r.period_start, r.period_label),
    )
    for record in records:
        cells = [(s.stratum, s.documented) for s in record.strata]
        withheld = suppress_cells(cells, threshold) if public else set()
        rows.extend(_assessment_rows(record, withheld))
    return rows


def _csv_bytes(fields: Sequence[tuple[str, str, str]], rows: Sequence[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[f[0] for f in fields], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _resource(name: str, data: bytes, fields: Sequence[tuple[str, str, str]]) -> dict[str, Any]:
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        "dialect": {"delimiter": ",", "lineTerminator": "\n", "header": True},
        "schema": {
            "fields": [
                {"name": n, "type": t, "description": d}
                | ({"format": "default"} if t == "date" else {})
                for n, t, d in fields
            ],
            "missingValues": [""],
        },
    }


def write_data_package(
    report_input: ReportInput, out_dir: Path, *, public: bool, threshold: int = 5
) -> list[Path]:
    """Write ``figures.csv``, ``sources.csv`` and ``datapackage.json`` into *out_dir*.

    Args:
        report_input: the report's input.
        out_dir: the ``data/`` folder of the report (created if absent).
        public: apply small-cell suppression.
        threshold: the suppression threshold (counts below it are withheld).

    Returns:
        The written paths, sorted.

    Raises:
        ConfigError: *threshold* is below 1.

    Example:
        >>> paths = write_data_package(report_input, Path("reports/r1/data"), public=True)
        ... # doctest: +SKIP
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    figures = _csv_bytes(
        FIGURE_FIELDS, figure_rows(report_input, public=public, threshold=threshold)
    )
    sources = _csv_bytes(
        SOURCE_FIELDS,
        [
            {
                "source": s.display_name,
                "anonymous": "true" if s.anonymous else "false",
                "rows_accepted": str(s.rows_accepted),
                "rows_quarantined": str(s.rows_quarantined),
                "submissions": str(len(s.submission_sha256s)),
            }
            for s in sorted(report_input.sources, key=lambda s: s.display_name)
        ],
    )
    note = (
        f"Stratum cells with 1 to {threshold - 1} documented cases are withheld (empty, "
        "suppressed = true), and so is the smallest other cell of a group with a single "
        "withheld cell. 'all' rows and zeros are never withheld."
        if public
        else "Internal edition: no cell is withheld. Do not publish."
    )
    descriptor = {
        "profile": "tabular-data-package",
        "name": _package_name(report_input),
        "title": f"{report_input.agreement.title_en}: verification figures",
        "description": note,
        "version": report_input.run.run_id,
        "created": report_input.run.finished_at.isoformat(),
        "keywords": ["human rights", "verification", report_input.agreement.id],
        "resources": [
            _resource("figures", figures, FIGURE_FIELDS),
            _resource("sources", sources, SOURCE_FIELDS),
        ],
    }
    paths = [out_dir / "figures.csv", out_dir / "sources.csv", out_dir / "datapackage.json"]
    paths[0].write_bytes(figures)
    paths[1].write_bytes(sources)
    text = json.dumps(descriptor, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    paths[2].write_bytes(text.encode("utf-8"))
    return sorted(paths)


def _package_name(report_input: ReportInput) -> str:
    raw = f"paymaan-{report_input.agreement.id}-{report_input.run.run_id}".lower()
    return re.sub(r"[^a-z0-9._-]+", "-", raw)


def load_previous_report(report_dir: Path) -> PreviousReport:
    """Read a published report's figures back, for "changes since the previous report".

    Args:
        report_dir: a report folder written by :func:`paymaan.report.build_report`.

    Returns:
        Its run id, timestamp and the ``all`` rows of ``data/figures.csv``.

    Raises:
        InputError: the folder has no ``manifest.json`` or ``data/figures.csv``.
    """
    manifest_path = report_dir / "manifest.json"
    figures_path = report_dir / "data" / "figures.csv"
    for path in (manifest_path, figures_path):
        if not path.is_file():
            raise InputError(
                f"{path}: not found; {report_dir} is not a report folder",
                hint="Give the folder of the previous report (reports/<run>/).",
            )
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    figures: list[PreviousFigure] = []
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    with figures_path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            groups[row["stratum"]].append(row)
    for row in groups.get(ALL_STRATA, []):
        figures.append(
            PreviousFigure(
                commitment_id=row["commitment_id"],
                indicator_id=row["indicator_id"],
                period_label=row["period_label"],
                status=row["status"],
                documented=int(row["documented"]) if row["documented"] else None,
                estimate=float(row["estimate"]) if row["estimate"] else None,
            )
        )
    return PreviousReport.coerce(
        {"run_id": manifest["run_id"], "finished_at": manifest["finished_at"], "figures": figures}
    )
