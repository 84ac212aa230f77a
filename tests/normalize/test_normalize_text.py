"""Text folding: Arabic-script variants, digits, ZWNJ, whitespace; idempotent."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paymaan.normalize.text import compact_key, fold, map_unique, to_ascii_digits


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("علي", "علی"),  # Arabic yeh
        ("كريمي", "کریمی"),  # Arabic kaf and yeh
        ("موسى", "موسی"),  # alef maksura
        ("مُحَمَّد", "محمد"),  # harakat and shadda
        ("محـــمد", "محمد"),  # tatweel
        ("حسین‌زاده", "حسینزاده"),  # ZWNJ removed: same as the joined spelling
        ("آذر", "اذر"),  # madda
        ("رئیسی", "رییسی"),  # hamza on yeh
        ("فاطمة", "فاطمه"),  # teh marbuta
        ("۱۴۰۲/١٢/15", "1402/12/15"),  # Persian and Arabic-Indic digits
        ("  Mohammad \t REZA \n", "mohammad reza"),
        ("Gīlān", "gilan"),
        ("\u200fتهران\u200e", "تهران"),  # bidi marks
        ("ﻣﺤﻤﺪ", "محمد"),  # presentation forms (NFKC)
        ("", ""),
    ],
)
def test_fold_examples(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_fold_none() -> None:
    assert fold(None) is None


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


@given(st.text(alphabet="ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكةىأإؤئ\u200c\u0640\u064e ", max_size=30))
def test_fold_maps_arabic_variants_away(text: str) -> None:
    folded = fold(text) or ""
    assert not set(folded) & set("يكةى\u200c\u0640\u064e")
    assert "  " not in folded and folded == folded.strip()


def test_to_ascii_digits_changes_only_digits() -> None:
    assert to_ascii_digits("سال ۱۴۰۲ و ١٤٠٣") == "سال 1402 و 1403"


def test_compact_key() -> None:
    assert (
        compact_key("Sistan-Baluchestan Province", frozenset({"province"})) == "sistanbaluchestan"
    )
    assert compact_key("آذربایجان‌ شرقی") == compact_key("آذربايجان شرقي") == "اذربایجانشرقی"
    assert compact_key(None) == ""


def test_map_unique_calls_once_per_distinct_value() -> None:
    calls: list[str] = []

    def record(value: str) -> int:
        calls.append(value)
        return len(value)

    assert map_unique(record, ["aa", "b", "aa", "b", "ccc"]) == [2, 1, 2, 1, 3]
    assert calls == ["aa", "b", "ccc"]
