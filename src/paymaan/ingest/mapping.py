"""Source mappings: how a monitor's columns become paymaan's record fields.

A mapping is YAML validated against ``data/schema/mapping.schema.json`` (the format is
documented in docs/formats.md). :func:`load_mapping` returns a typed :class:`Mapping`;
every error names the mapping file and the place in it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from paymaan.errors import MappingError

__all__ = [
    "IDENTIFYING_BY_DEFAULT",
    "FieldSpec",
    "Mapping",
    "VOCABULARY_FIELDS",
    "load_mapping",
    "mapping_from_dict",
]

IDENTIFYING_BY_DEFAULT = frozenset(
    {
        "full_name",
        "first_name",
        "surname",
        "father_name",
        "national_id",
        "contact",
        "witness",
        "source_details",
        "narrative",
    }
)
NAME_FIELDS = ("full_name", "first_name", "surname", "father_name")
# Record field -> vocabulary kind in vocab.yaml.
VOCABULARY_FIELDS = {
    "event_type": "event_types",
    "charge": "charges",
    "grounds": "grounds",
    "evidence": "evidence_levels",
    "sex": "sexes",
    "ethnicity": "ethnicities",
}


@dataclass(frozen=True)
class FieldSpec:
    """Where one record field comes from."""

    name: str
    column: str | None = None
    value: Any = None
    values: dict[str, Any] = field(default_factory=dict)
    calendar: str | None = None
    identifying: bool = False


@dataclass(frozen=True)
class Mapping:
    """A validated mapping."""

    fields: dict[str, FieldSpec]
    format: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    script: str | None = None
    calendar: str = "auto"
    source: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        """Hash of the mapping's canonical JSON (recorded with each submission)."""
        text = json.dumps(self.raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def columns(self) -> list[str]:
        """The file columns the mapping reads."""
        return [spec.column for spec in self.fields.values() if spec.column is not None]


@cache
def _validator() -> Draft202012Validator:
    text = resources.files("paymaan.data.schema").joinpath("mapping.schema.json").read_text("utf-8")
    return Draft202012Validator(json.loads(text))


def _where(path: Any) -> str:
    parts = [str(p) for p in path]
    return ".".join(parts) if parts else "(top level)"


def mapping_from_dict(data: Any, origin: str = "<mapping>") -> Mapping:
    """Validate a parsed mapping and return it typed; errors name *origin* and the key."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise MappingError(
            f"{origin}: at {_where(first.absolute_path)}: {first.message}{more}",
            hint="See docs/formats.md for the mapping format, or draft one with "
            "`paymaan mapping suggest FILE`.",
        )
    fields = {}
    for name, spec in data["fields"].items():
        fields[name] = FieldSpec(
            name=name,
            column=spec.get("column"),
            value=spec.get("value"),
            values={str(k): v for k, v in (spec.get("values") or {}).items()},
            calendar=spec.get("calendar"),
            identifying=spec.get("identifying", name in IDENTIFYING_BY_DEFAULT),
        )
    return Mapping(
        fields=fields,
        format=data.get("format"),
        encoding=data.get("encoding"),
        delimiter=data.get("delimiter"),
        sheet=data.get("sheet"),
        script=data.get("script"),
        calendar=data.get("calendar", "auto"),
        source=data.get("source"),
        raw=data,
    )


def load_mapping(path: Path) -> Mapping:
    """Read and validate a mapping YAML file.

    Raises:
        MappingError: the file is missing, not YAML, or does not validate.
    """
    try:
        data = yaml.safe_load(Path(path).read_text("utf-8"))
    except FileNotFoundError as error:
        raise MappingError(f"the mapping {path} does not exist") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise MappingError(f"{path}: not valid YAML{where}: {error}") from error
    return mapping_from_dict(data, str(path))
