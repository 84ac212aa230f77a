"""The shipped name lists and the romanization habits."""

from __future__ import annotations

import re
from importlib import resources

import numpy as np
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from paymaan.synth import RomanizationHabit, apply_latin_habit, load_given_names, load_surnames
from paymaan.synth.names import LATIN_RULES, latin_variant_table, persian_variant_table

VOCAB = yaml.safe_load(resources.files("paymaan.data").joinpath("vocab.yaml").read_text("utf-8"))
GIVEN = load_given_names()
SURNAMES = load_surnames()
GIVEN_SET = frozenset(s.lower() for s in GIVEN.latin)


def test_lists_are_rich_enough_and_clean() -> None:
    assert (GIVEN.sex == "male").sum() >= 250
    assert (GIVEN.sex == "female").sum() >= 150
    assert len(SURNAMES) >= 500
    assert "محمدرضا" in set(GIVEN.fa) and "Mohammadreza" in set(GIVEN.latin)
    for table in (GIVEN, SURNAMES):
        assert len(set(table.fa)) == len(table) and len(set(table.latin)) == len(table)
        assert (table.weight > 0).all()
        hints = set().union(*table.hints)
        assert hints <= set(VOCAB["ethnicities"])
    # Every group the generator draws has surnames typical of it.
    for group in ("kurdish", "baluch", "azerbaijani", "arab", "lur", "turkmen"):
        assert sum(group in h for h in SURNAMES.hints) >= 5, group


def test_habits_produce_the_spellings_seen_in_monitors() -> None:
    def spell(name: str, surname: bool = False, **choices: int) -> str:
        return apply_latin_habit(name, RomanizationHabit(choices), GIVEN_SET, is_surname=surname)

    assert spell("Mohammadreza") == "Mohammadreza"
    assert spell("Mohammadreza", compound=1) == "Mohammad Reza"
    assert spell("Mohammadreza", mohammad=1, compound=2) == "Muhammad-Reza"
    assert spell("Mohammad", double=1) == "Mohamad"
    assert spell("Mohammad", mohammad=3) == "Mohammed"
    assert spell("Hosseini", True, hossein=2) == "Husseini"
    assert spell("Hosseini", True, double=1) == "Hoseini"
    assert spell("Hosseini", True, hossein=4) == "Hoseyni"
    assert spell("Ghasemi", True, gh=1) == "Qasemi"
    assert spell("Rezaei", True, aei=1) == "Rezaee"
    assert spell("Rezaei", True, aei=2) == "Rezai"
    assert spell("Rouhani", True, ou=1) == "Roohani"
    assert spell("Rouhani", True, ou=2) == "Ruhani"
    assert spell("Heidari", True, ei=1) == "Heydari"
    assert spell("Hosseinzadeh", True, compound=2) == "Hossein-Zadeh"
    assert spell("Alavi", True, final_i=1) == "Alavy"
    assert spell("Ahmadi", True, surname_case=1) == "AHMADI"


@settings(max_examples=60, deadline=None)
@given(st.fixed_dictionaries({rule: st.integers(0, len(o) - 1) for rule, o in LATIN_RULES.items()}))
def test_any_habit_spells_every_name_as_latin_words(choices: dict[str, int]) -> None:
    habit = RomanizationHabit(choices)
    for name in list(GIVEN.latin[::7]) + list(SURNAMES.latin[::9]):
        text = apply_latin_habit(str(name), habit, GIVEN_SET, is_surname=name in SURNAMES.latin)
        assert re.fullmatch(r"[A-Za-z]+([ -][A-Za-z]+)?", text), (name, text)
        assert text[0].isupper()


def test_variant_tables_put_the_habit_first_and_keep_to_one_name() -> None:
    habit = RomanizationHabit({"gh": 1})
    table = latin_variant_table(SURNAMES, habit, np.random.default_rng(0))
    row = list(SURNAMES.latin).index("Ghasemi")
    assert table[row, 0] == "Qasemi"
    assert table.shape == (len(SURNAMES), 4)
    persian = persian_variant_table(GIVEN, "space")
    row = list(GIVEN.fa).index("محمدرضا")
    assert persian[row, 0] == "محمد رضا"
    assert persian[row, 1] == "محمد رضا"  # no ی or ک to change
    row = list(GIVEN.fa).index("علی")
    assert persian[row, 1] == "علي"
    folded = {
        str(v).replace(" ", "").replace("\u200c", "")
        for v in persian[list(GIVEN.fa).index("روح‌الله")]
    }
    assert {f.replace("ي", "ی") for f in folded} == {"روحالله"}
