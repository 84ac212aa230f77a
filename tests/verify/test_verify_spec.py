"""The commitments spec: both shipped agreements validate; errors name file, place and line."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml

from paymaan.errors import InputError
from paymaan.verify import builtin_agreement_names, load_agreement, load_attestations

# The statement's five preconditions, verbatim (shared/context/statement.md).
ROME_QUOTES = [
    "The immediate and unconditional release of all political and ideological prisoners, "
    "and the end of criminalization of political, labor, and civil activism;",
    "Unrestricted freedom of belief, expression, thought, press, political parties, and "
    "grassroots and nationwide labor and civil organizations;",
    "The immediate abolition of all forms of death sentences, executions, and retributive "
    "justice, as well as the prohibition of all forms of psychological and physical torture;",
    "The inclusion of clear and verifiable human rights commitments in the content of any "
    "potential agreement;",
    "Explicit support for the Iranian people\u2019s right to self-determination through free "
    "and fair elections.".replace("\u2019", "'"),
]

MINIMAL = """\
version: 1
id: tiny
title: {en: Tiny, fa: کوچک}
effective_date: "2025-01-01"
commitments:
  - id: c1
    text: {en: No executions, fa: بدون اعدام}
    indicators:
      - id: executions
        kind: flow
        title: {en: Executions, fa: اعدام‌ها}
        filter: {event_types: [execution]}
        target: {comparison: eq, value: 0}
"""


def write(tmp_path: Path, text: str, name: str = "agreement.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_both_shipped_agreements_load_and_follow_the_schema() -> None:
    assert builtin_agreement_names() == ["death-penalty-moratorium", "rome-2025"]
    schema = json.loads(
        resources.files("paymaan.data").joinpath("schema/commitments.schema.json").read_text()
    )
    jsonschema.Draft202012Validator.check_schema(schema)
    kinds = set()
    for name in builtin_agreement_names():
        agreement = load_agreement(name)
        assert agreement.sha256 and len(agreement.sha256) == 64
        kinds |= {ind.kind for ind in agreement.indicators()}
    assert kinds == {"flow", "stock", "share", "structural"}


def test_rome_encodes_the_five_preconditions_in_both_languages() -> None:
    rome = load_agreement("rome-2025")
    assert [c.text.en for c in rome.commitments] == ROME_QUOTES
    for commitment in rome.commitments:
        assert commitment.text.fa and commitment.text.fa_note == "working translation"
        for indicator in commitment.indicators:
            assert indicator.title.fa and indicator.title.fa_note == "working translation"
    ids = {ind.id: ind for ind in rome.indicators()}
    assert ids["c1-political-prisoners-held"].kind == "stock"
    assert ids["c1-activism-arrests"].kind == "flow"
    assert ids["c4-agreement-text-commitments"].kind == "structural"
    assert ids["c5-free-fair-elections"].kind == "structural"
    assert {"c2-press-closures", "c2-internet-shutdowns", "c3-qisas-executions",
            "c3-torture-reports", "c3-deaths-in-custody", "c3-flogging-amputation",
            "c5-candidate-disqualifications", "c5-election-arrests"} <= set(ids)  # fmt: skip
    # defaults apply: IHRNGO's rule and two covering sources
    assert ids["c3-executions"].evidence.min_independent_sources == 2
    assert ids["c3-executions"].min_covering_sources == 2


def test_a_file_agreement_loads(tmp_path: Path) -> None:
    agreement = load_agreement(write(tmp_path, MINIMAL))
    (indicator,) = agreement.indicators()
    assert indicator.evidence.official_counts_alone and indicator.min_covering_sources == 2


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("comparison: eq", "comparison: equals"),
            r"at commitments\[0\]\.indicators\[0\]\.target\.comparison \(line 13\): "
            r"'equals' is not one of",
        ),
        (
            ('"2025-01-01"', '"1 Jan 2025"'),
            r"at effective_date \(line 4\): '1 Jan 2025' is not a date written YYYY-MM-DD",
        ),
        (
            ("[execution]", "[executoin]"),
            r"filter\.event_types\[0\] \(line 12\): 'executoin' is not a code of event_types",
        ),
        (
            ("        target:", "        filter2: {}\n        target:"),
            r"Additional properties are not allowed \('filter2'",
        ),
        (
            ("kind: flow", "kind: structural"),
            r"at commitments\[0\]\.indicators\[0\] \(line 9\): a structural indicator is attested",
        ),
        (("kind: flow", "kind: share"), r"'part' is a required property"),
        (
            ("        target:", "        stale_after_days: 30\n        target:"),
            r"only a stock indicator has 'exit_event_types' or 'stale_after_days'",
        ),
        (
            ("value: 0}", "value: 0, deadline: '2025-02-01', deadline_days: 3}"),
            r"give 'deadline' or 'deadline_days', not both",
        ),
    ],
)
def test_schema_errors_name_file_place_and_line(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    path = write(tmp_path, MINIMAL.replace(*change))
    with pytest.raises(InputError, match=expected) as caught:
        load_agreement(path)
    assert str(path) in caught.value.message


def test_duplicate_ids_and_bad_windows_are_reported(tmp_path: Path) -> None:
    text = (
        MINIMAL
        + """\
      - id: executions
        kind: flow
        title: {en: Again, fa: دوباره}
        filter:
          event_types: [execution]
          within: [{from: "2025-02-01", to: "2025-01-01"}]
        target: {comparison: eq, value: 0}
"""
    )
    with pytest.raises(InputError) as caught:
        load_agreement(write(tmp_path, text))
    message = caught.value.message
    assert "id 'executions' is used twice (first at commitments[0].indicators[0].id)" in message
    assert "within[0] (line 19): 'to' must be after 'from'" in message


def test_missing_and_broken_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_agreement(tmp_path / "nope.yaml")
    with pytest.raises(InputError, match="not valid YAML"):
        load_agreement(write(tmp_path, "id: [unclosed"))
    with pytest.raises(
        InputError, match=r"at \(top level\) \(line 1\): 'version' is a required property"
    ):
        load_agreement(write(tmp_path, "id: x\n"))


def test_attestations_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        yaml.safe_dump(
            {
                "version": 1,
                "attestations": [
                    {"indicator": "c4-agreement-text-commitments", "date": "2025-05-01",
                     "finding": "met", "verifier": "V", "document": "text.pdf", "sha256": "0" * 64}
                ],
            }
        ),
        "attestations.yaml",
    )  # fmt: skip
    (att,) = load_attestations(path)
    assert att.document_path() == tmp_path / "text.pdf"
    rome = load_agreement("rome-2025").with_attestations([att])
    assert rome.attestations == (att,)
    with pytest.raises(InputError, match="has no structural indicator of that id"):
        load_agreement("rome-2025").with_attestations(
            [att.__class__(**{**att.__dict__, "indicator_id": "c3-executions"})]
        )
    bad = write(tmp_path, "version: 1\nattestations: [{indicator: x}]\n", "bad.yaml")
    with pytest.raises(
        InputError, match=r"attestations\[0\] \(line 2\): 'date' is a required property"
    ):
        load_attestations(bad)
