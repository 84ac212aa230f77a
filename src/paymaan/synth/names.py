"""Persian names and the ways monitors spell them.

The name lists ship with paymaan (``data/names/given_names.csv`` and
``surnames.csv``): each name in Persian script, one canonical romanization, a
frequency weight and, optionally, the ethnic groups among whom it is typical.

A monitor writing in Latin script has *habits*: it writes محمد as Muhammad, ق as q,
joins or hyphenates compound names. :class:`RomanizationHabit` holds one choice per
rule; :func:`latin_variant_table` applies a monitor's habit to every name once and
adds a few noisy alternatives per name (other staff, other sources), so that rows
then only pick a column of a precomputed table. A Persian-script monitor's habits
are the zero-width non-joiner and Arabic ي/ك (:func:`persian_variant_table`).
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources

import numpy as np

__all__ = [
    "LATIN_RULES",
    "NameTable",
    "RomanizationHabit",
    "apply_latin_habit",
    "latin_variant_table",
    "load_given_names",
    "load_surnames",
    "persian_variant_table",
    "random_habit",
]

ZWNJ = "\u200c"

# Rule name -> the spellings a monitor may prefer; the first is the canonical one
# used in the shipped list. Order matters: word rules run before letter rules.
LATIN_RULES: dict[str, tuple[str, ...]] = {
    "mohammad": ("mohammad", "muhammad", "mohamad", "mohammed", "mohamed"),
    "hossein": ("hossein", "hosein", "hussein", "husein", "hoseyn", "hossain"),
    "esmaeil": ("esmaeil", "esmail", "ismail", "esmaiel"),
    "abdol": ("abdol", "abdul", "abdel"),
    "ollah": ("ollah", "allah", "ullah", "olah"),
    "zadeh": ("zadeh", "zade"),
    "nejad": ("nejad", "nezhad", "nejhad"),
    "aei": ("aei", "aee", "ai", "ayi"),
    "ou": ("ou", "oo", "u", "o"),
    "ei": ("ei", "ey", "ai"),
    "gh": ("gh", "q"),
    "kh": ("kh", "x"),
    "zh": ("zh", "j"),
    "v": ("v", "w"),
    "eh": ("eh", "e"),
    "double": ("keep", "single"),
    "final_i": ("i", "y"),
    "compound": ("joined", "spaced", "hyphenated"),
    "surname_case": ("title", "upper"),
}

# Parts that start a compound given name (Mohammad|reza, Gholam|hossein, Seyed|ali).
_COMPOUND_HEADS = ("mohammad", "ali", "amir", "gholam", "abdol", "abol", "seyed", "hossein")
_SURNAME_SUFFIXES = ("zadeh", "pour", "nejad", "far", "panah", "tabar", "zehi")


@dataclass(frozen=True)
class NameTable:
    """One name list as arrays: Persian, canonical Latin, weight, sex, ethnicity hints."""

    fa: np.ndarray
    latin: np.ndarray
    weight: np.ndarray
    sex: np.ndarray
    hints: tuple[frozenset[str], ...]

    def __len__(self) -> int:
        return len(self.fa)

    def probabilities(self, mask: np.ndarray, ethnicity: str) -> np.ndarray:
        """Sampling probabilities among ``mask``: names typical of ``ethnicity`` boosted.

        A name hinted for the group counts 12 times its weight, an unhinted name its
        weight, a name typical of another group a twentieth of it.
        """
        boost = np.array([12.0 if ethnicity in h else (1.0 if not h else 0.05) for h in self.hints])
        p = np.where(mask, self.weight * boost, 0.0)
        return np.asarray(p / p.sum())


def _read_csv(filename: str) -> list[dict[str, str]]:
    text = resources.files("paymaan.data").joinpath("names", filename).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _table(rows: list[dict[str, str]]) -> NameTable:
    return NameTable(
        fa=np.array([r["fa"] for r in rows], dtype=object),
        latin=np.array([r["latin"] for r in rows], dtype=object),
        weight=np.array([float(r["weight"]) for r in rows]),
        sex=np.array([r.get("sex") or "" for r in rows], dtype=object),
        hints=tuple(frozenset(filter(None, (r.get("ethnicity") or "").split("|"))) for r in rows),
    )


@functools.cache
def load_given_names() -> NameTable:
    """The shipped given names (``data/names/given_names.csv``), read once.

    Example:
        >>> names = load_given_names()
        >>> "Mohammadreza" in set(names.latin)
        True
    """
    return _table(_read_csv("given_names.csv"))


@functools.cache
def load_surnames() -> NameTable:
    """The shipped surnames (``data/names/surnames.csv``), read once."""
    return _table(_read_csv("surnames.csv"))


@dataclass(frozen=True)
class RomanizationHabit:
    """A monitor's spelling choices: rule name -> index into ``LATIN_RULES[rule]``."""

    choices: dict[str, int] = field(default_factory=dict)

    def option(self, rule: str) -> str:
        """The spelling this habit uses for ``rule`` (the canonical one by default)."""
        return LATIN_RULES[rule][self.choices.get(rule, 0)]


def random_habit(rng: np.random.Generator, bias: float = 0.6) -> RomanizationHabit:
    """A habit drawn at random: each rule keeps the canonical spelling with ``bias``."""
    choices = {}
    for rule, options in LATIN_RULES.items():
        keep = rng.random() < bias
        choices[rule] = 0 if keep else int(rng.integers(1, len(options)))
    return RomanizationHabit(choices)


def _split_compound(lower: str, given_set: frozenset[str]) -> tuple[str, str] | None:
    for head in _COMPOUND_HEADS:
        if lower.startswith(head) and lower[len(head) :] in given_set:
            return lower[: len(head)], lower[len(head) :]
    return None


def _split_surname(lower: str) -> tuple[str, str] | None:
    for suffix in _SURNAME_SUFFIXES:
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 3:
            return lower[: -len(suffix)], lower[-len(suffix) :]
    return None


def _spell_part(part: str, habit: RomanizationHabit) -> str:
    """Apply the letter rules of ``habit`` to one lower-case name part."""
    word_rules = ("mohammad", "hossein", "esmaeil", "abdol", "ollah", "zadeh", "nejad")
    for rule in word_rules:
        option = habit.option(rule)
        if option != LATIN_RULES[rule][0]:
            part = part.replace(LATIN_RULES[rule][0], option)
    if habit.option("double") == "single":
        part = re.sub(r"([bcdfgjklmnprstvz])\1", r"\1", part)
    for rule in ("aei", "ou", "gh", "kh", "zh"):
        option = habit.option(rule)
        if option != LATIN_RULES[rule][0]:
            part = part.replace(LATIN_RULES[rule][0], option)
    if habit.option("ei") != "ei":
        # Not the "ei" of Rezaei, which the "aei" rule spells.
        part = re.sub(r"(?<!a)ei", habit.option("ei"), part)
    if habit.option("v") == "w":
        part = re.sub(r"(?<=[aeiou])v(?=[aeiou])|^v(?=[aeiou])", "w", part)
    if habit.option("eh") == "e" and part.endswith("eh"):
        part = part[:-1]
    if habit.option("final_i") == "y" and re.search(r"[^aeiou]i$", part):
        part = part[:-1] + "y"
    return part


def apply_latin_habit(
    canonical: str,
    habit: RomanizationHabit,
    given_set: frozenset[str],
    *,
    is_surname: bool = False,
) -> str:
    """Spell a canonical romanization the way a monitor with ``habit`` would.

    Args:
        canonical: the shipped romanization, e.g. ``"Mohammadreza"``.
        habit: the monitor's spelling choices.
        given_set: lower-case canonical given names (to recognise compound names).
        is_surname: surnames split at suffixes (-zadeh, -pour) instead of heads.

    Returns:
        The name as the monitor writes it.

    Example:
        >>> habit = RomanizationHabit({"mohammad": 1, "compound": 2})
        >>> apply_latin_habit("Mohammadreza", habit, frozenset({"reza"}))
        'Muhammad-Reza'
    """
    lower = canonical.lower()
    parts = _split_surname(lower) if is_surname else _split_compound(lower, given_set)
    style = habit.option("compound")
    if parts is None:
        pieces = [lower]
        joiner = ""
    else:
        pieces = list(parts)
        joiner = {"joined": "", "spaced": " ", "hyphenated": "-"}[style]
    spelled = [_spell_part(piece, habit) for piece in pieces]
    if joiner:
        text = joiner.join(p.capitalize() for p in spelled)
    else:
        text = "".join(spelled).capitalize()
    if is_surname and habit.option("surname_case") == "upper":
        text = text.upper()
    return text


def _perturb(habit: RomanizationHabit, rng: np.random.Generator) -> RomanizationHabit:
    choices = dict(habit.choices)
    rules = list(LATIN_RULES)
    for rule_index in rng.choice(len(rules), size=2, replace=False):
        rule = rules[int(rule_index)]
        if rule == "surname_case":
            continue
        choices[rule] = int(rng.integers(0, len(LATIN_RULES[rule])))
    return RomanizationHabit(choices)


def latin_variant_table(
    table: NameTable,
    habit: RomanizationHabit,
    rng: np.random.Generator,
    *,
    noise_columns: int = 3,
    is_surname: bool = False,
) -> np.ndarray:
    """Each name as a monitor spells it: column 0 its habit, the rest noisy variants.

    Args:
        table: the name list.
        habit: the monitor's habit.
        rng: the generator's random source (consumed deterministically).
        noise_columns: how many alternative spellings per name.
        is_surname: spell as surnames (suffix splitting, upper-case habit).

    Returns:
        An object array of shape ``(len(table), 1 + noise_columns)``.
    """
    given_set = frozenset(s.lower() for s in load_given_names().latin)
    habits = [habit] + [_perturb(habit, rng) for _ in range(noise_columns)]
    out = np.empty((len(table), len(habits)), dtype=object)
    cache: dict[tuple[str, int], str] = {}
    for column, h in enumerate(habits):
        for row, canonical in enumerate(table.latin):
            key = (canonical, column)
            if key not in cache:
                cache[key] = apply_latin_habit(canonical, h, given_set, is_surname=is_surname)
            out[row, column] = cache[key]
    return out


def _arabic_letters(text: str) -> str:
    return text.replace("ی", "ي").replace("ک", "ك")


def _persian_compound(fa: str, heads: Sequence[str], given_fa: frozenset[str]) -> str | None:
    for head in heads:
        if fa.startswith(head) and fa[len(head) :] in given_fa:
            return head
    return None


def persian_variant_table(table: NameTable, zwnj_habit: str) -> np.ndarray:
    """Each Persian name in four forms: habit, habit with Arabic ي/ك, other ZWNJ, both.

    Args:
        table: the name list.
        zwnj_habit: ``"keep"`` (ZWNJ as in the list), ``"space"`` (a space instead,
            compound given names spaced too) or ``"join"`` (ZWNJ dropped).

    Returns:
        An object array of shape ``(len(table), 4)``.
    """
    given_fa = frozenset(load_given_names().fa)
    heads = ("محمد", "علی", "امیر", "غلام", "سید", "حسین")
    other = {"keep": "join", "space": "keep", "join": "space"}[zwnj_habit]
    out = np.empty((len(table), 4), dtype=object)
    for row, fa in enumerate(table.fa):
        forms = []
        for style in (zwnj_habit, other):
            text = str(fa)
            if style == "space":
                text = text.replace(ZWNJ, " ")
                head = _persian_compound(text, heads, given_fa)
                if head is not None:
                    text = head + " " + text[len(head) :]
            elif style == "join":
                text = text.replace(ZWNJ, "")
            forms.append(text)
        out[row] = [forms[0], _arabic_letters(forms[0]), forms[1], _arabic_letters(forms[1])]
    return out
