"""The public surface of paymaan.normalize, pinned (others code against these names)."""

from __future__ import annotations

import inspect
from pathlib import Path

import paymaan.normalize as normalize
from paymaan.normalize import dates, names, places, text, vocab


def test_package_exports() -> None:
    assert sorted(normalize.__all__) == sorted(
        [
            "KINDS", "NameKeys", "NormalizedDate", "Place", "Term", "city", "compact_key",
            "fold", "gregorian_to_jalali", "guess_code", "is_code", "is_placeholder",
            "jalali_month_length",
            "jalali_to_gregorian", "map_unique", "name_keys", "parse_date", "place_table",
            "prison", "province", "province_code", "romanize", "script_of", "skeleton",
            "split_full_name", "terms", "to_ascii_digits", "tokens", "transliterate",
        ]
    )  # fmt: skip
    for name in normalize.__all__:
        assert getattr(normalize, name) is not None


def test_module_surfaces() -> None:
    assert {"fold", "map_unique"} <= set(text.__all__)
    assert {"script_of", "romanize", "skeleton", "tokens", "NameKeys", "name_keys"} <= set(
        names.__all__
    )
    assert {"NormalizedDate", "parse_date", "jalali_to_gregorian", "gregorian_to_jalali"} <= set(
        dates.__all__
    )
    assert {"province_code", "city", "prison", "Place"} <= set(places.__all__)
    assert {"terms", "Term", "is_code", "guess_code"} <= set(vocab.__all__)


def test_public_functions_have_docstrings_with_examples() -> None:
    for module in (text, names, dates, places, vocab):
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj) or inspect.isfunction(getattr(obj, "__wrapped__", None)):
                doc = obj.__doc__ or ""
                assert "Example" in doc, f"{module.__name__}.{name}"


def test_name_keys_fields_match_the_record_frame() -> None:
    # docs/formats.md: the record frame's name columns come from NameKeys.
    for field in (
        "first_name_folded", "surname_folded", "father_name_folded",
        "first_name_latin", "surname_latin", "father_name_latin",
        "first_name_skeleton", "surname_skeleton", "father_name_skeleton", "name_tokens",
    ):  # fmt: skip
        assert field in names.NameKeys._fields


def test_docs_name_every_public_function() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "normalization.md").read_text(encoding="utf-8")
    missing = [name for name in normalize.__all__ if f"`{name}`" not in docs]
    assert not missing, f"docs/normalization.md does not mention {missing}"
