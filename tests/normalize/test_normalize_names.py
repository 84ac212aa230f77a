"""Names: romanization, skeleton keys, compound tokens, full names, on real variant spellings."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paymaan.normalize.names import (
    is_placeholder,
    name_keys,
    romanize,
    script_of,
    skeleton,
    split_full_name,
    tokens,
    transliterate,
)

HERE = Path(__file__).parent
PERSIAN_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآءئ"
ARABIC_VARIANTS = "يكةىأإؤ"


def _variants() -> list[dict[str, str]]:
    with (HERE / "name_variants.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


TABLE_NAMES = sorted({row["fa"] for row in _variants()})
JOINERS = ["", " ", "\u200c"]


def _edit_distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        previous, row[0] = row[0], i
        for j, cb in enumerate(b, start=1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ca != cb))
    return row[-1]


def test_variant_table_skeleton_accuracy() -> None:
    # The table holds real spellings of Persian names in Latin script (domain.md, monitors'
    # English reports, French-style spellings such as Chahine/Djavad). domain.md reports
    # about 89% exact and 96% within one edit for this kind of key on real pairs; we hold
    # the key to >= 85% exact and >= 95% within one edit. Known misses are listed below.
    rows = _variants()
    assert len(rows) >= 300
    pairs = [(skeleton(r["fa"]), skeleton(r["latin"])) for r in rows]
    exact = sum(a == b for a, b in pairs) / len(pairs)
    within_one = sum(_edit_distance(a, b) <= 1 for a, b in pairs) / len(pairs)
    misses = {(r["fa"], r["latin"]) for r, (a, b) in zip(rows, pairs, strict=True) if a != b}
    print(f"skeleton on {len(pairs)} pairs: exact {exact:.1%}, within one edit {within_one:.1%}")
    assert exact >= 0.85
    assert within_one >= 0.95
    # Known failures: assimilated article (Abdorrahman), an h written for the silent e of
    # -eh before -ei (Khamenehei), French "ch" for ش (Chahine, Chirine).
    assert misses <= {
        ("عبدالرحمن", "Abdorrahman"),
        ("خامنه‌ای", "Khamenehei"),
        ("شاهین", "Chahine"),
        ("شیرین", "Chirine"),
    }


def test_variant_table_romanization_keeps_the_skeleton() -> None:
    # romanize() goes through the lexicon (built in, plus data/names/*.csv when present);
    # a lexicon spelling may differ from the letter rules (e.g. a spelling with an extra
    # h), so allow one edit, and require exact equality for almost all names.
    names = sorted({r["fa"] for r in _variants()})
    distances = [_edit_distance(skeleton(romanize(n)), skeleton(n)) for n in names]
    assert max(distances) <= 1
    assert sum(d == 0 for d in distances) / len(names) >= 0.95


@pytest.mark.parametrize(
    "group",
    [
        ("محمد", "Mohammad", "Muhammad", "Mohamad", "Mohammed", "محمّد"),
        ("قاسمی", "Ghasemi", "Qasemi", "Ghassemi", "قاسمي"),
        ("حسینی", "Hosseini", "Hoseini", "Hoseyni", "Husseini", "حسيني"),
        ("روحانی", "Rouhani", "Roohani", "Rohani"),
        ("رجایی", "Rajaei", "Rajaee", "Rajai", "رجائی"),
        ("خسروی", "Khosravi", "Xosravi"),
        ("محمدرضا", "محمد رضا", "محمد‌رضا", "Mohammadreza", "Mohammad Reza", "Mohammad-Reza"),
        ("ژینا", "Jina", "Zhina"),
        ("اسحاق", "Eshagh", "Ishaq"),
    ],
)
def test_spellings_of_one_name_share_a_skeleton(group: tuple[str, ...]) -> None:
    assert len({skeleton(name) for name in group}) == 1


def test_skeleton_examples() -> None:
    assert skeleton("محمد") == "mhmd"
    assert skeleton("Fatemeh") == skeleton("Fateme") == skeleton("فاطمه") == "ftm"
    assert skeleton("Shahbakhsh") == skeleton("شهبخش") == "whbxw"
    assert skeleton("Seyed Ali") == skeleton("Ali") == "l"  # titles dropped
    assert skeleton("Seyed") == "sd"  # ... unless they are the whole name
    assert skeleton(None) == skeleton("") == skeleton("  ") == ""


@pytest.mark.parametrize(
    "name",
    ["Mohammadreza", "Mohammad Reza", "Mohammad-Reza", "محمدرضا", "محمد رضا", "محمد‌رضا"],
)
def test_compound_given_names_give_comparable_tokens(name: str) -> None:
    assert tokens(name) == ["mohammad", "reza"]


def test_tokens_split_surname_affixes_and_drop_titles() -> None:
    assert tokens("Seyed Mohammadreza Hosseinzadeh") == ["mohammad", "reza", "hossein", "zadeh"]
    assert tokens("سید علیرضا حسین‌زاده") == ["ali", "reza", "hossein", "zadeh"]
    assert tokens("Mohamadreza") == ["mohamad", "reza"]  # spelling variant still splits
    assert tokens("Mohammadi") == ["mohammadi"]  # no false split on -i
    assert tokens("Pouria") == ["pouria"]
    assert tokens(None) == []


def test_romanize_both_scripts() -> None:
    assert romanize("محمدرضا حسيني") == "mohammadreza hosseini"
    assert romanize("Mohammad-Reza  HOSSEINI") == "mohammad reza hosseini"
    assert romanize("Ja’far") == "jafar"
    assert romanize("Hosseïni") == "hosseini"
    assert romanize(None) == romanize("") == ""
    # Unknown to the lexicon: letter rules, vowels partly guessed, consonants kept.
    assert transliterate("روحانی") == "rouhani"
    assert skeleton(romanize("کلاهدوز")) == skeleton("کلاهدوز")


@given(
    st.sampled_from(sorted({r["fa"] for r in _variants()})), st.sampled_from(["", " ", "\u200c"])
)
def test_romanization_of_table_names_keeps_their_skeleton(name: str, joiner: str) -> None:
    # Also for two table names joined into one (a compound the lexicon may not list).
    for text in (name, f"{name}{joiner}{name}"):
        assert _edit_distance(skeleton(romanize(text)), skeleton(text)) <= 2 * (text != name) + 1


@given(st.text(alphabet=PERSIAN_LETTERS + ARABIC_VARIANTS + "\u200c ", max_size=12))
def test_transliteration_preserves_the_skeleton(text: str) -> None:
    # The letter rules write each consonant class so that the Latin skeleton reads it back
    # (and separate letters that would form a false digraph: س+ه -> s'h, not sh).
    assert skeleton(transliterate(text)) == skeleton(text)


@given(st.text(alphabet=PERSIAN_LETTERS + "abcdefghijklmnopqrstuvwxyz -'", max_size=20))
def test_name_functions_are_total_and_deterministic(text: str) -> None:
    assert skeleton(text) == skeleton(text)
    assert isinstance(romanize(text), str)
    assert all(t == t.lower() and t for t in tokens(text))
    assert romanize(romanize(text)) == romanize(text) or script_of(text) == "fa"


def test_script_of() -> None:
    assert script_of("محمد") == "fa"
    assert script_of("Mohammad") == "latin"
    assert script_of("محمد Reza") == "fa"
    assert script_of("123 -") is None
    assert script_of(None) is None


def test_split_full_name() -> None:
    assert split_full_name("Mohammad Reza Hosseini") == ("Mohammad Reza", "Hosseini")
    assert split_full_name("Mohammad Reza Hosseini Zadeh") == ("Mohammad Reza", "Hosseini Zadeh")
    assert split_full_name("محمد رضا حسینی") == ("محمد رضا", "حسینی")
    assert split_full_name("Hosseini, Mohammad") == ("Mohammad", "Hosseini")
    assert split_full_name("حسینی، محمد") == ("محمد", "حسینی")
    assert split_full_name("Zhina Mahsa Amini") == ("Zhina Mahsa", "Amini")
    assert split_full_name("Ali") == ("Ali", None)


def test_name_keys_cross_script_and_swapped() -> None:
    fa = name_keys("محمدرضا", "حسینی", "علی")
    latin = name_keys("Mohammad Reza", "Hosseini", "Ali")
    swapped = name_keys("Hosseini", "Mohammadreza", None)
    full = name_keys(None, None, None, full_name="محمد رضا حسینی")
    assert fa.name_tokens == latin.name_tokens == swapped.name_tokens == full.name_tokens
    assert fa.name_tokens == ("hsn", "mhmd", "rz")
    assert fa.first_name_skeleton == latin.first_name_skeleton == "mhmdrz"
    assert fa.father_name_skeleton == latin.father_name_skeleton == "l"
    assert fa.script == "fa" and latin.script == "latin"
    assert swapped.swapped and swapped.first_name == "Mohammadreza"
    assert full.split_from_full_name and full.surname == "حسینی"
    assert fa.first_name_folded == "محمدرضا" and fa.first_name_latin == "mohammadreza"


def test_name_keys_leave_plain_names_alone() -> None:
    keys = name_keys("Ali", "Karimi", None)
    assert not keys.swapped and not keys.split_from_full_name
    assert (keys.first_name, keys.surname, keys.father_name) == ("Ali", "Karimi", None)
    assert keys.father_name_latin is None and keys.father_name_skeleton is None
    # A compound given name with no surname is not split into given + surname.
    assert name_keys("Mohammad Reza", None).surname is None
    # A given name and surname joined in the given-name field are split.
    joined = name_keys("Mohammad Reza Hosseini", "")
    assert (joined.first_name, joined.surname) == ("Mohammad Reza", "Hosseini")
    # Two given names: no evidence of a swap.
    assert not name_keys("Reza", "Ali", None).swapped
    empty = name_keys(None, None, None)
    assert empty.name_tokens == () and empty.script is None
    # Placeholders for unknown names are empty, not keys that would match each other.
    unknown_father = name_keys("Ali", "Karimi", "نامشخص")
    assert unknown_father.father_name is None and unknown_father.father_name_skeleton is None
    assert name_keys("N/A", "-", None).name_tokens == ()
    assert is_placeholder("  Unknown ") and is_placeholder(None) and not is_placeholder("Ali")


def test_lexicon_spellings_share_the_skeleton_of_their_persian_form() -> None:
    # The lexicon (built-in list plus data/names/*.csv when shipped) is what romanize()
    # returns for known names, so its Latin spellings must keep the Persian skeleton:
    # at most 2% differ, and none by more than one edit. On the first shipped files:
    # 1,102 of 1,103 pairs equal (قره‌باغی/Gharabaghi differs: silent e before ZWNJ).
    from paymaan.normalize._lexicon import default_lexicon

    lexicon = default_lexicon()
    pairs = [*lexicon.given.items(), *lexicon.surnames.items()]
    distances = [_edit_distance(skeleton(fa), skeleton(latin)) for fa, latin in pairs]
    assert max(distances) <= 1
    assert sum(d == 0 for d in distances) / len(pairs) >= 0.98
