"""Vocabulary: codes, labels in both languages, alias matching after folding."""

from __future__ import annotations

import pytest

from paymaan.normalize.vocab import KINDS, Term, guess_code, is_code, terms


def test_every_kind_has_english_and_persian_labels() -> None:
    assert set(KINDS) == {
        "event_types", "charges", "grounds", "evidence_levels", "sexes", "ethnicities",
    }  # fmt: skip
    for kind in KINDS:
        table = terms(kind)
        assert table
        for code, term in table.items():
            assert isinstance(term, Term) and term.code == code
            assert term.en and term.fa


def test_codes_match_their_own_labels() -> None:
    for kind in KINDS:
        for code, term in terms(kind).items():
            for label in (code, term.en, term.fa, *term.aliases):
                assert guess_code(kind, label) == code, (kind, label)


@pytest.mark.parametrize(
    ("kind", "value", "code"),
    [
        ("event_types", "Hanged", "execution"),
        ("event_types", "اعدام", "execution"),
        ("event_types", "Death-Sentence", "death_sentence"),
        ("event_types", "حكم‌اعدام", "death_sentence"),  # Arabic kaf, ZWNJ
        ("event_types", "death_sentence", "death_sentence"),
        ("charges", "قاچاق مواد مخدر", "drug_related"),
        ("charges", "Qesas", "qisas_murder"),
        ("grounds", "روزنامه نگار", "journalism"),
        ("sexes", "M", "male"),
        ("sexes", "زن", "female"),
        ("ethnicities", "Baloch", "baluch"),
        ("event_types", "picnic", None),
        ("event_types", "", None),
        ("event_types", None, None),
    ],
)
def test_guess_code(kind: str, value: str | None, code: str | None) -> None:
    assert guess_code(kind, value) == code  # type: ignore[arg-type]


def test_is_code() -> None:
    assert is_code("sexes", "female")
    assert not is_code("sexes", "زن")
    assert not is_code("sexes", None)


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown vocabulary kind"):
        terms("colours")  # type: ignore[arg-type]
