"""Validating an agreement file: the schema, the vocabulary, ids, and errors with line numbers.

The helpers of :mod:`paymaan.verify.spec`: they read YAML with dates kept as text (so the
schema sees what the user wrote), check it against ``commitments.schema.json``, the
vocabulary (``vocab.yaml``) and the provinces (``places.yaml``), and say where each
problem is: the place in the YAML (``commitments[0].indicators[2].target``) and its line.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from paymaan.errors import InputError

__all__ = [
    "DateAsTextLoader",
    "check_schema",
    "code_errors",
    "format_path",
    "line_of",
    "national_provinces",
    "read_yaml",
    "semantic_errors",
]


class DateAsTextLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text, so the schema sees what the user wrote."""


DateAsTextLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@functools.cache
def _schema() -> dict[str, Any]:
    text = (
        resources.files("paymaan.data")
        .joinpath("schema/commitments.schema.json")
        .read_text("utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


@functools.cache
def _vocabulary() -> dict[str, frozenset[str]]:
    text = resources.files("paymaan.data").joinpath("vocab.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return {key: frozenset(value) for key, value in data.items() if isinstance(value, dict)}


@functools.cache
def national_provinces() -> tuple[str, ...]:
    """The 31 province codes (ISO 3166-2:IR) of ``places.yaml``: a national indicator's scope."""
    text = resources.files("paymaan.data").joinpath("places.yaml").read_text("utf-8")
    return tuple(sorted(yaml.safe_load(text)["provinces"]))


def format_path(path: Sequence[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def line_of(root: yaml.Node | None, path: Sequence[str | int]) -> int | None:
    """1-based line of the YAML node at *path*, or of its nearest existing parent."""
    node = root
    line = None if node is None else node.start_mark.line + 1
    for part in path:
        if isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if getattr(k, "value", None) == part]
            node = match[0] if match else None
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None, str]:
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise InputError(
            f"{path}: no such file", hint="Give the path of an agreement YAML file."
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot be read ({error})") from None
    try:
        data = yaml.load(text, Loader=DateAsTextLoader)  # noqa: S506 - a SafeLoader subclass
        root = yaml.compose(text, Loader=DateAsTextLoader)
    except yaml.YAMLError as error:
        raise InputError(f"{path}: not valid YAML: {error}") from None
    return data, root, text


def check_schema(where: str, data: Any, root: yaml.Node | None, schema_ref: str | None) -> None:
    schema = _schema()
    if schema_ref is not None:
        schema = {"$ref": schema_ref, "$defs": schema["$defs"]}
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if not errors:
        return
    lines = []
    for error in errors[:10]:
        path = list(error.absolute_path)
        line = line_of(root, path)
        at = f" (line {line})" if line else ""
        lines.append(f"  at {format_path(path)}{at}: {_plain_message(error)}")
    more = f"\n  … and {len(errors) - 10} more" if len(errors) > 10 else ""
    raise InputError(
        f"{where}: does not follow the commitments format:\n" + "\n".join(lines) + more,
        hint="See docs/commitments.md for the format.",
    )


_NOT_MESSAGES = {
    "allOf/1": "only a share indicator has 'part'",
    "allOf/2": "only a stock indicator has 'exit_event_types' or 'stale_after_days'",
    "allOf/3": "a structural indicator is attested: no filter, estimate, evidence or coverage",
    "target": "give 'deadline' or 'deadline_days', not both",
}


def _plain_message(error: jsonschema.ValidationError) -> str:
    if error.validator == "not" and isinstance(error.instance, dict):
        where = "/".join(map(str, error.absolute_schema_path))
        for marker, text in _NOT_MESSAGES.items():
            if marker in where:
                return text
        return "has fields that cannot go together here (see docs/commitments.md)"
    if error.validator == "pattern" and error.validator_value.startswith("^[0-9]{4}"):
        return f"{error.instance!r} is not a date written YYYY-MM-DD"
    return str(error.message)


def code_errors(data: Any, root: yaml.Node | None) -> Iterator[str]:
    vocab = _vocabulary()
    kinds = {
        "event_types": "event_types",
        "charges": "charges",
        "grounds": "grounds",
        "sex": "sexes",
        "ethnicities": "ethnicities",
        "evidence_levels": "evidence_levels",
        "exit_event_types": "event_types",
    }
    provinces = frozenset(national_provinces())

    def walk(node: Any, path: list[str | int]) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in kinds and isinstance(value, list) and path and path[-1] != "fields":
                    yield from check(
                        value, [*path, key], vocab.get(kinds[key], frozenset()), kinds[key]
                    )
                elif key == "provinces" and isinstance(value, list):
                    yield from check(value, [*path, key], provinces, "provinces (ISO 3166-2:IR)")
                else:
                    yield from walk(value, [*path, key])
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from walk(value, [*path, index])

    def check(
        values: list[Any], path: list[str | int], known: frozenset[str], name: str
    ) -> Iterator[str]:
        for index, value in enumerate(values):
            if value not in known:
                line = line_of(root, [*path, index])
                at = f" (line {line})" if line else ""
                yield (
                    f"  at {format_path([*path, index])}{at}: {value!r} is not a code of {name}; "
                    f"known: {', '.join(sorted(known))}"
                )

    yield from walk(data, [])


def semantic_errors(data: Mapping[str, Any], root: yaml.Node | None) -> Iterator[str]:
    seen: dict[str, str] = {}

    def at(path: list[str | int]) -> str:
        line = line_of(root, path)
        return f"  at {format_path(path)}" + (f" (line {line})" if line else "")

    structural = set()
    for ci, commitment in enumerate(data["commitments"]):
        key = commitment["id"]
        id_path: list[str | int] = ["commitments", ci, "id"]
        if key in seen:
            yield f"{at(id_path)}: id {key!r} is used twice (first at {seen[key]})"
        seen.setdefault(key, format_path(id_path))
        for ii, ind in enumerate(commitment["indicators"]):
            path: list[str | int] = ["commitments", ci, "indicators", ii]
            if ind["id"] in seen:
                first = seen[ind["id"]]
                yield f"{at([*path, 'id'])}: id {ind['id']!r} is used twice (first at {first})"
            seen.setdefault(ind["id"], format_path([*path, "id"]))
            if ind["kind"] == "structural":
                structural.add(ind["id"])
            age = ind.get("filter", {}).get("age", {})
            if "min" in age and "max" in age and age["min"] > age["max"]:
                yield f"{at([*path, 'filter', 'age'])}: min {age['min']} is above max {age['max']}"
            for wi, window in enumerate(ind.get("filter", {}).get("within", ())):
                if window["to"] <= window["from"]:
                    where = at([*path, "filter", "within", wi])
                    yield f"{where}: 'to' must be after 'from' (half-open)"
    for ai, att in enumerate(data.get("attestations", ())):
        if att["indicator"] not in structural:
            where = at(["attestations", ai, "indicator"])
            yield f"{where}: {att['indicator']!r} is not a structural indicator of this agreement"
