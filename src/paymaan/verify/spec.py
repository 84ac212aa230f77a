"""The commitments spec: an agreement's promises as typed, validated data.

An agreement file (YAML) is validated in two steps: the JSON Schema
``paymaan/data/schema/commitments.schema.json`` checks its shape, then the codes it
uses are checked against the vocabulary (``vocab.yaml``) and the provinces
(``places.yaml``) by :mod:`paymaan.verify.validation`. Every error names the file, the
place in the YAML (``commitments[0].indicators[2].target``) and its line. The format is
documented in ``docs/commitments.md``.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from paymaan.errors import InputError
from paymaan.verify.validation import (
    DateAsTextLoader,
    check_schema,
    code_errors,
    national_provinces,
    read_yaml,
    semantic_errors,
)

__all__ = [
    "Agreement",
    "Attestation",
    "Commitment",
    "EvidenceRule",
    "Filter",
    "Indicator",
    "IndicatorKind",
    "Target",
    "Text",
    "Window",
    "builtin_agreement",
    "builtin_agreement_names",
    "load_agreement",
    "load_attestations",
    "national_provinces",
    "parse_agreement",
]

IndicatorKind = Literal["flow", "stock", "share", "structural"]
Comparison = Literal["eq", "le", "lt", "ge", "gt"]

_COMPARISON_WORDS = {"eq": "=", "le": "≤", "lt": "<", "ge": "≥", "gt": ">"}
_DEFAULT_EXIT_EVENT_TYPES = ("release", "execution", "death_in_custody")


@dataclass(frozen=True)
class Text:
    """A text in English and Persian; ``fa_note`` says e.g. ``working translation``."""

    en: str
    fa: str
    fa_note: str | None = None


@dataclass(frozen=True)
class Window:
    """A half-open span of days ``[start, end)`` an indicator is restricted to."""

    start: date
    end: date
    label: str = ""


@dataclass(frozen=True)
class Filter:
    """Which cases an indicator counts; an empty field matches anything.

    A case matches when each non-empty field holds its value (``age`` bounds are
    inclusive; a case with no value never matches a field that is set) and it does
    not match ``exclude``. ``evidence_levels`` matches when any source of the case
    reported it at one of the levels. ``within`` restricts the indicator to windows
    of days (e.g. around elections).
    """

    event_types: tuple[str, ...] = ()
    charges: tuple[str, ...] = ()
    grounds: tuple[str, ...] = ()
    sex: tuple[str, ...] = ()
    ethnicities: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    evidence_levels: tuple[str, ...] = ()
    age_min: int | None = None
    age_max: int | None = None
    within: tuple[Window, ...] = ()
    exclude: Filter | None = None

    def describe(self) -> str:
        """A short plain description, e.g. ``execution; charges: qisas_murder``."""
        parts = []
        for name in ("event_types", "charges", "grounds", "sex", "ethnicities", "provinces"):
            values = getattr(self, name)
            if values:
                parts.append(
                    ", ".join(values) if name == "event_types" else f"{name}: {', '.join(values)}"
                )
        if self.evidence_levels:
            parts.append(f"evidence: {', '.join(self.evidence_levels)}")
        if self.age_min is not None or self.age_max is not None:
            low = "" if self.age_min is None else self.age_min
            high = "" if self.age_max is None else self.age_max
            parts.append(f"age {low}–{high}")
        if self.within:
            parts.append(
                "within " + ", ".join(w.label or f"{w.start}–{w.end}" for w in self.within)
            )
        if self.exclude is not None:
            parts.append(f"except ({self.exclude.describe()})")
        return "; ".join(parts) or "all cases"


@dataclass(frozen=True)
class Target:
    """What the indicator must reach: ``value`` compared by ``comparison``, maybe by a deadline.

    The commitment applies from ``deadline`` (a date), else from the agreement's effective
    date plus ``deadline_days``, else from the effective date itself.
    """

    comparison: Comparison
    value: float
    deadline: date | None = None
    deadline_days: int | None = None

    def applies_from(self, effective_date: date) -> date:
        """The first day the target must hold."""
        if self.deadline is not None:
            return self.deadline
        return effective_date + timedelta(days=self.deadline_days or 0)

    def holds(self, value: float) -> bool:
        """True when *value* satisfies the target."""
        if self.comparison == "eq":
            return value == self.value
        if self.comparison == "le":
            return value <= self.value
        if self.comparison == "lt":
            return value < self.value
        if self.comparison == "ge":
            return value >= self.value
        return value > self.value

    def describe(self, effective_date: date | None = None) -> str:
        """E.g. ``= 0 from 2025-05-19``."""
        value = f"{self.value:g}"
        text = f"{_COMPARISON_WORDS[self.comparison]} {value}"
        if effective_date is not None:
            text += f" from {self.applies_from(effective_date).isoformat()}"
        return text


@dataclass(frozen=True)
class EvidenceRule:
    """When a case counts as documented.

    A case counts when an official announcement reports it (and
    ``official_counts_alone``), when a source documented it itself (and
    ``own_documentation_counts_alone``), or when at least ``min_independent_sources``
    different sources report it. A case the link stage flagged as a ``conflict`` (e.g. a
    second execution of one person) is pending evidence until a reviewer resolves it,
    unless ``conflicting_cases_count``: counting both would count one death twice.
    """

    official_counts_alone: bool = True
    own_documentation_counts_alone: bool = False
    min_independent_sources: int = 2
    conflicting_cases_count: bool = False

    def describe(self) -> str:
        """E.g. ``an official announcement alone, or 2 independent sources``."""
        alone = []
        if self.official_counts_alone:
            alone.append("an official announcement alone")
        if self.own_documentation_counts_alone:
            alone.append("a source's own documentation alone")
        many = f"{self.min_independent_sources} independent source" + (
            "s" if self.min_independent_sources != 1 else ""
        )
        return ", or ".join([*alone, many])


@dataclass(frozen=True)
class Indicator:
    """One measurable part of a commitment (see ``docs/commitments.md``)."""

    id: str
    commitment_id: str
    kind: IndicatorKind
    title: Text
    filter: Filter = field(default_factory=Filter)
    target: Target | None = None
    part: Filter | None = None
    exit_event_types: tuple[str, ...] = _DEFAULT_EXIT_EVENT_TYPES
    evidence: EvidenceRule = field(default_factory=EvidenceRule)
    min_covering_sources: int = 2
    estimate: bool = False
    note: str | None = None
    stale_after_days: int | None = None


@dataclass(frozen=True)
class Commitment:
    """A promise of the agreement, in both languages, with its indicators."""

    id: str
    text: Text
    indicators: tuple[Indicator, ...]
    note: str | None = None


@dataclass(frozen=True)
class Attestation:
    """A verifier's finding on a structural indicator, with the document it rests on.

    ``document`` is a URL or a path; a relative path is resolved against ``base_dir``
    (the folder of the file the attestation came from).
    """

    indicator_id: str
    date: date
    finding: Literal["met", "not_met", "cannot_verify"]
    verifier: str
    document: str
    sha256: str | None = None
    note: str | None = None
    base_dir: Path | None = None

    def document_path(self) -> Path | None:
        """The local file of the document, or ``None`` for a URL."""
        if "://" in self.document:
            return None
        path = Path(self.document)
        if not path.is_absolute() and self.base_dir is not None:
            path = self.base_dir / path
        return path


@dataclass(frozen=True)
class Agreement:
    """An agreement: its commitments, their indicators and any attestations."""

    id: str
    title: Text
    effective_date: date
    commitments: tuple[Commitment, ...]
    attestations: tuple[Attestation, ...] = ()
    description: Text | None = None
    source: str | None = None
    path: Path | None = None
    sha256: str | None = None

    def indicators(self) -> list[Indicator]:
        """Every indicator, in the order of the file."""
        return [ind for commitment in self.commitments for ind in commitment.indicators]

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator with *indicator_id*.

        Raises:
            KeyError: no such indicator.
        """
        for ind in self.indicators():
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)

    def with_attestations(self, attestations: Sequence[Attestation]) -> Agreement:
        """A copy with *attestations* added to the agreement's own."""
        known = {ind.id for ind in self.indicators() if ind.kind == "structural"}
        for att in attestations:
            if att.indicator_id not in known:
                raise InputError(
                    f"attestation for {att.indicator_id!r}: agreement {self.id!r} has no "
                    "structural indicator of that id",
                    hint=f"Structural indicators: {', '.join(sorted(known)) or 'none'}.",
                )
        return _replace(self, attestations=(*self.attestations, *attestations))


def _replace(agreement: Agreement, **changes: Any) -> Agreement:
    from dataclasses import replace

    return replace(agreement, **changes)


def _text(data: Mapping[str, Any]) -> Text:
    return Text(en=data["en"], fa=data["fa"], fa_note=data.get("fa_note"))


def _filter(data: Mapping[str, Any] | None) -> Filter:
    if not data:
        return Filter()
    age = data.get("age", {})
    exclude = data.get("exclude")
    return Filter(
        event_types=tuple(data.get("event_types", ())),
        charges=tuple(data.get("charges", ())),
        grounds=tuple(data.get("grounds", ())),
        sex=tuple(data.get("sex", ())),
        ethnicities=tuple(data.get("ethnicities", ())),
        provinces=tuple(data.get("provinces", ())),
        evidence_levels=tuple(data.get("evidence_levels", ())),
        age_min=age.get("min"),
        age_max=age.get("max"),
        within=tuple(
            Window(date.fromisoformat(w["from"]), date.fromisoformat(w["to"]), w.get("label", ""))
            for w in data.get("within", ())
        ),
        exclude=_filter(exclude) if exclude else None,
    )


def _target(data: Mapping[str, Any] | None) -> Target | None:
    if data is None:
        return None
    deadline = data.get("deadline")
    return Target(
        comparison=data["comparison"],
        value=float(data["value"]),
        deadline=date.fromisoformat(deadline) if deadline else None,
        deadline_days=data.get("deadline_days"),
    )


def _evidence(data: Mapping[str, Any]) -> EvidenceRule:
    return EvidenceRule(
        official_counts_alone=data.get("official_counts_alone", True),
        own_documentation_counts_alone=data.get("own_documentation_counts_alone", False),
        min_independent_sources=data.get("min_independent_sources", 2),
        conflicting_cases_count=data.get("conflicting_cases_count", False),
    )


def _attestation(data: Mapping[str, Any], base_dir: Path | None) -> Attestation:
    return Attestation(
        indicator_id=data["indicator"],
        date=date.fromisoformat(data["date"]),
        finding=data["finding"],
        verifier=data["verifier"],
        document=data["document"],
        sha256=data.get("sha256"),
        note=data.get("note"),
        base_dir=base_dir,
    )


def parse_agreement(
    data: Any,
    *,
    where: str = "<agreement>",
    root: yaml.Node | None = None,
    path: Path | None = None,
) -> Agreement:
    """Validate agreement data (dates as ``YYYY-MM-DD`` text) and build an :class:`Agreement`.

    Args:
        data: the YAML document as Python data.
        where: how errors name the input (a file name).
        root: the composed YAML node tree, for line numbers in errors.
        path: the file the data came from (attestation documents resolve against it).

    Returns:
        The agreement.

    Raises:
        InputError: the data does not follow the format; the message lists each problem
            with its place and line.

    Example:
        >>> parse_agreement({"version": 1})  # doctest: +IGNORE_EXCEPTION_DETAIL
        Traceback (most recent call last):
        paymaan.errors.InputError: <agreement>: does not follow the commitments format: ...
    """
    check_schema(where, data, root, None)
    problems = [*code_errors(data, root), *semantic_errors(data, root)]
    if problems:
        raise InputError(
            f"{where}: does not follow the commitments format:\n" + "\n".join(problems),
            hint="See docs/commitments.md for the format and paymaan/data/vocab.yaml for codes.",
        )
    defaults = data.get("defaults", {})
    default_evidence = defaults.get("evidence", {})
    default_coverage = defaults.get("coverage", {})
    base_dir = path.parent if path is not None else None
    commitments = []
    for c in data["commitments"]:
        indicators = []
        for i in c["indicators"]:
            evidence = _evidence({**default_evidence, **i.get("evidence", {})})
            coverage = {**default_coverage, **i.get("coverage", {})}
            indicators.append(
                Indicator(
                    id=i["id"],
                    commitment_id=c["id"],
                    kind=i["kind"],
                    title=_text(i["title"]),
                    filter=_filter(i.get("filter")),
                    target=_target(i.get("target")),
                    part=_filter(i["part"]) if "part" in i else None,
                    exit_event_types=tuple(i.get("exit_event_types", _DEFAULT_EXIT_EVENT_TYPES)),
                    evidence=evidence,
                    min_covering_sources=coverage.get(
                        "min_sources", evidence.min_independent_sources
                    ),
                    estimate=i.get("estimate", False),
                    note=i.get("note"),
                    stale_after_days=i.get("stale_after_days"),
                )
            )
        commitments.append(Commitment(c["id"], _text(c["text"]), tuple(indicators), c.get("note")))
    return Agreement(
        id=data["id"],
        title=_text(data["title"]),
        effective_date=date.fromisoformat(data["effective_date"]),
        commitments=tuple(commitments),
        attestations=tuple(_attestation(a, base_dir) for a in data.get("attestations", ())),
        description=_text(data["description"]) if "description" in data else None,
        source=data.get("source", {}).get("en"),
        path=path,
    )


def load_agreement(path: str | Path) -> Agreement:
    """Read and validate an agreement YAML file.

    Args:
        path: the file, or the name of a built-in agreement (``rome-2025``).

    Returns:
        The agreement, with ``sha256`` of the file's bytes (recorded with each run).

    Raises:
        InputError: the file is missing, not YAML, or does not follow the format.

    Example:
        >>> load_agreement("rome-2025").id
        'rome-2025'
    """
    if isinstance(path, str) and path in builtin_agreement_names():
        return builtin_agreement(path)
    file = Path(path)
    data, root, text = read_yaml(file)
    agreement = parse_agreement(data, where=str(file), root=root, path=file.resolve())
    return _replace(agreement, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())


def builtin_agreement_names() -> list[str]:
    """Names of the agreements shipped in ``paymaan/data/commitments``."""
    folder = resources.files("paymaan.data").joinpath("commitments")
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


@functools.cache
def builtin_agreement(name: str = "rome-2025") -> Agreement:
    """A shipped agreement by name (default: ``rome-2025``, the Rome statement's preconditions).

    Raises:
        InputError: no shipped agreement has that name.
    """
    if name not in builtin_agreement_names():
        raise InputError(
            f"no built-in agreement {name!r}",
            hint=f"Built-in agreements: {', '.join(builtin_agreement_names())}; or give a file.",
        )
    resource = resources.files("paymaan.data").joinpath(f"commitments/{name}.yaml")
    text = resource.read_text("utf-8")
    data = yaml.load(text, Loader=DateAsTextLoader)  # noqa: S506 - a SafeLoader subclass
    root = yaml.compose(text, Loader=DateAsTextLoader)
    agreement = parse_agreement(data, where=f"paymaan/data/commitments/{name}.yaml", root=root)
    return _replace(agreement, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())


def load_attestations(path: str | Path) -> list[Attestation]:
    """Read a separate attestations file (``version: 1``, ``attestations: [...]``).

    Relative document paths in it resolve against the file's folder.

    Raises:
        InputError: the file is missing, not YAML, or does not follow the format.
    """
    file = Path(path)
    data, root, _ = read_yaml(file)
    check_schema(str(file), data, root, "#/$defs/attestations_file")
    return [_attestation(a, file.resolve().parent) for a in data["attestations"]]
