"""Person names across scripts: romanization, consonant-skeleton keys, compound tokens.

One person appears as محمدرضا حسینی, محمد رضا حسيني, Mohammadreza Hosseini, Mohamad-Reza
Hoseini or Hosseini Mohammad Reza. This module gives every name, in either script:

- :func:`romanize`: a lower-case Latin spelling (Persian through the name lexicon, then
  letter rules; Latin folded);
- :func:`skeleton`: a consonant-class key equal for both scripts in the common cases;
- :func:`tokens`: the name's parts with joined compounds split;
- :func:`name_keys`: all of the above for a record's given name, surname and father's
  name, with full names split and swapped given/surname detected.

Skeleton classes (see docs/normalization.md): ``b p t s j c h x d z r w q f k g l m n``
where ``s`` = ث س ص / s, ``z`` = ذ ز ض ظ / z, ``t`` = ت ط, ``h`` = ح ه, ``q`` = ق غ / q gh,
``x`` = خ / kh x, ``w`` = ش / sh, ``c`` = چ / ch, ``j`` = ج ژ / j zh dj; vowels, ا و ی ع
and v w y are dropped; a word-final h is dropped; doubled classes collapse.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal, NamedTuple

from paymaan.normalize._letters import (
    append_latin,
    fa_letters,
    fa_word_skeleton,
    is_arabic_letter,
    latin_word_skeleton,
    split_compound,
    transliterate_word,
)
from paymaan.normalize._lexicon import AFFIXES, COMPONENTS, HONORIFICS, default_lexicon
from paymaan.normalize.text import fold

__all__ = [
    "NameKeys",
    "is_placeholder",
    "name_keys",
    "romanize",
    "script_of",
    "skeleton",
    "split_full_name",
    "tokens",
    "transliterate",
]

Script = Literal["fa", "latin"]

_WORD_SPLIT = re.compile(r"[^\w']+|_")
_APOSTROPHES = str.maketrans({"'": None, "\u2019": None, "\u02bc": None, "`": None})
_QUOTES_TO_APOSTROPHE = str.maketrans(dict.fromkeys("\u2019\u02bc\u02bf\u02be`\u2018", "'"))


@lru_cache(maxsize=1 << 18)
def script_of(text: str | None) -> Script | None:
    """Which script a name is written in: the script of most of its letters.

    Args:
        text: a name.

    Returns:
        ``"fa"`` (Persian/Arabic script), ``"latin"``, or ``None`` when it has no letters.

    Example:
        >>> script_of("محمد Reza"), script_of("Hosseini"), script_of("123")
        ('fa', 'latin', None)
    """
    if not text:
        return None
    arabic = latin = 0
    for ch in text:
        if is_arabic_letter(ch):
            arabic += ch.isalpha()
        elif ch.isalpha():
            latin += 1
    if arabic == 0 and latin == 0:
        return None
    return "fa" if arabic >= latin else "latin"


@lru_cache(maxsize=1 << 16)
def transliterate(text: str) -> str:
    """Letter-by-letter Latin transliteration of Persian text, without the lexicon.

    The fallback of :func:`romanize` for names the lexicon does not know. Short vowels
    are not written in Persian, so the output lacks some vowels (``حسینی`` → ``hsini``);
    the consonants follow the skeleton classes, so ``skeleton(transliterate(x)) ==
    skeleton(x)`` for every Persian word (a tested property).

    Args:
        text: Persian text (other characters are dropped).

    Returns:
        Lower-case Latin words separated by single spaces.

    Example:
        >>> transliterate("روحانی")
        'rouhani'
    """
    words = (fold(text) or "").split(" ")
    return " ".join(w for w in (transliterate_word(w) for w in words) if w)


# ---------------------------------------------------------------- compound splitting


_LATIN_COMPONENTS: dict[str, str] = {
    variant: fa for fa, variants in COMPONENTS.items() for variant in variants
}


@lru_cache(maxsize=1 << 16)
def _romanize_fa_word(word: str) -> str:
    lexicon = default_lexicon()
    known = lexicon.latin_of(word)
    if known is not None:
        return known
    parts = split_compound(word, COMPONENTS)
    if len(parts) == 1:
        parts = split_compound(word, lexicon.known_fa)
    if len(parts) == 1:
        return transliterate_word(word)
    out: list[str] = []
    for part in parts:
        append_latin(out, lexicon.latin_of(part) or transliterate_word(part))
    return "".join(out)


def _latin_clean(folded: str) -> str:
    return folded.translate(_QUOTES_TO_APOSTROPHE)


def _words(folded: str) -> list[str]:
    return [w for w in _WORD_SPLIT.split(folded) if w.strip("'")]


@lru_cache(maxsize=1 << 20)
def romanize(name: str | None) -> str:
    """Lower-case Latin spelling of a name written in either script.

    Persian words are looked up in the name lexicon (built-in list plus
    ``data/names/*.csv``), then split into known compound parts, then transliterated
    letter by letter. Latin names are folded: lower case, accents removed, hyphens and
    punctuation become spaces, apostrophes dropped; the spelling itself is kept.

    Args:
        name: a name, or ``None``.

    Returns:
        The Latin form; ``""`` for a blank or ``None`` name.

    Example:
        >>> romanize("محمدرضا حسيني"), romanize("Mohammad-Reza  HOSSEINI")
        ('mohammadreza hosseini', 'mohammad reza hosseini')
    """
    folded = _latin_clean(fold(name) or "")
    out: list[str] = []
    for word in _words(folded):
        if script_of(word) == "fa":
            out.append(_romanize_fa_word(word))
        else:
            out.append(word.translate(_APOSTROPHES))
    return " ".join(w for w in out if w)


@lru_cache(maxsize=1 << 20)
def _token_pairs(name: str | None) -> tuple[tuple[str, str], ...]:
    """(latin, skeleton) per token, compounds split, honorifics dropped unless alone."""
    folded = _latin_clean(fold(name) or "")
    pairs: list[tuple[str, str]] = []
    titles: list[tuple[str, str]] = []
    for word in _words(folded):
        if script_of(word) == "fa":
            letters = fa_letters(word)
            if not letters:
                continue
            for part in split_compound(letters, COMPONENTS):
                pair = (_romanize_fa_word(part), fa_word_skeleton(part))
                (titles if part in HONORIFICS else pairs).append(pair)
        else:
            plain = word.translate(_APOSTROPHES)
            for part in split_compound(plain, _LATIN_COMPONENTS):
                pair = (part, latin_word_skeleton(word if part == plain else part))
                (titles if part in HONORIFICS else pairs).append(pair)
    return tuple(pairs) if pairs else tuple(titles)


def tokens(name: str | None) -> list[str]:
    """The parts of a name in Latin, with joined compounds split and titles dropped.

    ``"Mohammadreza"``, ``"Mohammad Reza"``, ``"Mohammad-Reza"``, ``"محمدرضا"`` and
    ``"محمد رضا"`` all give ``["mohammad", "reza"]`` (up to Latin spelling variants
    such as ``mohamad``). Joined compounds are split on the parts listed in
    ``paymaan.normalize._lexicon.COMPONENTS`` (محمد, علی, رضا, حسین, ... and the
    surname affixes زاده, پور, نژاد, نیا, میر). Titles (سید, Seyed, Haj, ...) are dropped
    unless they are the whole name.

    Args:
        name: a name in either script, or ``None``.

    Returns:
        Lower-case Latin tokens in their order in the name; ``[]`` for a blank name.

    Example:
        >>> tokens("Seyed Mohammadreza Hosseinzadeh")
        ['mohammad', 'reza', 'hossein', 'zadeh']
    """
    return [latin for latin, _ in _token_pairs(name)]


@lru_cache(maxsize=1 << 20)
def skeleton(name: str | None) -> str:
    """Consonant-skeleton key of a name, comparable across Persian and Latin script.

    The skeletons of the name's tokens (see :func:`tokens`) joined without spaces, so
    joined, spaced and hyphenated compounds give the same key. Rules in the module
    docstring and docs/normalization.md. Meant for blocking and as one comparison
    among several: ``حسن`` (Hassan) and ``حسین`` (Hossein) share the key ``hsn``.

    Args:
        name: a name in either script, or ``None``.

    Returns:
        The key (``""`` for a blank name or one without consonants).

    Example:
        >>> skeleton("محمد") == skeleton("Mohammad") == skeleton("Muhammad") == "mhmd"
        True
        >>> skeleton("قاسمی") == skeleton("Ghasemi") == skeleton("Qasemi")
        True
    """
    return "".join(skel for _, skel in _token_pairs(name))


# ---------------------------------------------------------------- whole names


class NameKeys(NamedTuple):
    """The normalized forms of one record's names (columns of the record frame).

    An immutable named tuple (cheap to build a million times; ``._asdict()`` gives the
    columns). ``first_name``/``surname`` are the given name and surname after splitting a full
    name or undoing a swap (original text otherwise); each has its folded, Latin and
    skeleton form. ``name_tokens`` holds the sorted skeletons of every token of given
    name and surname, so swapped or re-ordered names compare equal. ``swapped`` says
    the given name and surname fields were exchanged; ``split_from_full_name`` that
    they came from one full-name string.
    """

    first_name: str | None
    surname: str | None
    father_name: str | None
    first_name_folded: str | None
    surname_folded: str | None
    father_name_folded: str | None
    first_name_latin: str | None
    surname_latin: str | None
    father_name_latin: str | None
    first_name_skeleton: str | None
    surname_skeleton: str | None
    father_name_skeleton: str | None
    name_tokens: tuple[str, ...]
    script: Script | None
    swapped: bool = False
    split_from_full_name: bool = False


# Words sources put where a name is unknown; they must not become keys that match.
_PLACEHOLDERS = frozenset(
    {
        "نامشخص", "نامعلوم", "نا معلوم", "ناشناس", "ناشناخته", "مجهول", "بی نام", "بینام",
        "unknown", "unidentified", "n/a", "na", "none", "null", "nil", "-", "--", "---",
        "?", "??", "???", "x", "xx", "xxx",
    }
)  # fmt: skip


def is_placeholder(text: str | None) -> bool:
    """Whether a name field is blank or a placeholder for an unknown name.

    Args:
        text: a name field.

    Returns:
        ``True`` for ``None``, blank text and words such as ``نامشخص``, ``Unknown``,
        ``N/A``, ``-``; :func:`name_keys` treats such fields as empty.

    Example:
        >>> is_placeholder("نامشخص"), is_placeholder(" N/A "), is_placeholder("Ali")
        (True, True, False)
    """
    return _blank(text)


@lru_cache(maxsize=1 << 16)
def _blank(text: str | None) -> bool:
    if not text or not text.strip():
        return True
    return (fold(text) or "") in _PLACEHOLDERS


@lru_cache(maxsize=1 << 16)
def _is_given_word(word: str) -> bool:
    lexicon = default_lexicon()
    folded = _latin_clean(fold(word) or "").translate(_APOSTROPHES)
    if script_of(folded) == "fa":
        parts = split_compound(folded, COMPONENTS)
        return all(p in lexicon.given or p in HONORIFICS for p in parts) and not any(
            p in AFFIXES for p in parts
        )
    parts = split_compound(folded, _LATIN_COMPONENTS)
    return all(
        (p in lexicon.given_latin or p in HONORIFICS) and _LATIN_COMPONENTS.get(p) not in AFFIXES
        for p in parts
    )


@lru_cache(maxsize=1 << 16)
def _is_surname_like(word: str) -> bool:
    lexicon = default_lexicon()
    folded = _latin_clean(fold(word) or "").translate(_APOSTROPHES)
    if folded in lexicon.surnames or folded in lexicon.surname_latin:
        return True
    if folded.endswith(("zadeh", "زاده", "pour", "پور", "nejad", "نژاد")):
        return True
    # The adjectival -i of most surnames, on a word long enough not to be a short given name.
    return folded.endswith(("ی", "i")) and len(skeleton(folded)) >= 3


_AFFIX_WORDS = frozenset(AFFIXES) | frozenset(
    v for fa in AFFIXES if fa != "میر" for v in COMPONENTS[fa]
)


@lru_cache(maxsize=1 << 18)
def split_full_name(full_name: str) -> tuple[str | None, str | None]:
    """Split a full name into (given name, surname).

    ``"Surname, Given"`` (with a comma) is read surname first. Otherwise the surname is
    the last word, joined with a detached affix (``Hossein Zadeh``) and with preceding
    words that are not given names; the given name is the known given names before it.

    Args:
        full_name: the whole name in one string, either script.

    Returns:
        ``(given, surname)``; either may be ``None`` (a single word is a given name).

    Example:
        >>> split_full_name("Mohammad Reza Hosseini Zadeh")
        ('Mohammad Reza', 'Hosseini Zadeh')
        >>> split_full_name("حسینی، محمد")
        ('محمد', 'حسینی')
    """
    text = " ".join(full_name.split())
    for comma in (",", "،"):
        if comma in text:
            surname, given = (p.strip() for p in text.split(comma, 1))
            return (given or None), (surname or None)
    words = text.split(" ")
    if len(words) == 1:
        return (words[0] or None), None
    cut = len(words) - 1
    while cut > 1 and (fold(words[cut]) or "") in _AFFIX_WORDS:
        cut -= 1
    while cut > 1 and not _is_given_word(words[cut - 1]):
        cut -= 1
    return " ".join(words[:cut]), " ".join(words[cut:])


@lru_cache(maxsize=1 << 18)
def _field(text: str | None) -> tuple[str | None, str | None, str | None, tuple[str, ...]]:
    """(folded, latin, skeleton, token skeletons) of one name field; Nones when blank."""
    if _blank(text):
        return None, None, None, ()
    return fold(text), romanize(text), skeleton(text), tuple(s for _, s in _token_pairs(text) if s)


@lru_cache(maxsize=1 << 18)
def _all_given(text: str) -> bool:
    return all(_is_given_word(w) for w in text.split())


@lru_cache(maxsize=1 << 16)
def name_keys(
    first: str | None,
    surname: str | None,
    father: str | None = None,
    full_name: str | None = None,
) -> NameKeys:
    """Normalized keys of one record's names.

    When given name and surname are both blank, ``full_name`` is split with
    :func:`split_full_name`; when the surname is blank and the given-name field holds
    several words ending in a non-given-name, that field is split the same way. When the
    given-name field holds a known surname and the surname field a known given name
    (and not the reverse), the two are swapped back.

    Args:
        first: given name(s) as in the source.
        surname: surname as in the source.
        father: father's given name.
        full_name: the whole name, used when given name and surname are blank.

    Returns:
        The :class:`NameKeys`.

    Example:
        >>> keys = name_keys("Hosseini", "Mohammadreza", None)
        >>> keys.swapped, keys.first_name_latin, keys.name_tokens
        (True, 'mohammadreza', ('hsn', 'mhmd', 'rz'))
    """
    split = swapped = False
    first_blank, surname_blank = _blank(first), _blank(surname)
    if first_blank and surname_blank and not _blank(full_name):
        first, surname = split_full_name(full_name or "")
        split = True
    elif surname_blank and first and len(first.split()) > 1:
        given, rest = split_full_name(first)
        if rest is not None and not _is_given_word(rest.split()[-1]):
            first, surname, split = given, rest, True
    elif first and surname and not first_blank and not surname_blank:
        if not _all_given(first) and _all_given(surname) and _is_surname_like(first.split()[-1]):
            first, surname, swapped = surname, first, True
    f_fold, f_latin, f_skel, f_tokens = _field(first)
    s_fold, s_latin, s_skel, s_tokens = _field(surname)
    p_fold, p_latin, p_skel, _ = _field(father)
    script = script_of(first) or script_of(surname) or script_of(father)
    return NameKeys(
        first_name=first if f_fold is not None else None,
        surname=surname if s_fold is not None else None,
        father_name=father if p_fold is not None else None,
        first_name_folded=f_fold,
        surname_folded=s_fold,
        father_name_folded=p_fold,
        first_name_latin=f_latin,
        surname_latin=s_latin,
        father_name_latin=p_latin,
        first_name_skeleton=f_skel,
        surname_skeleton=s_skel,
        father_name_skeleton=p_skel,
        name_tokens=tuple(sorted(f_tokens + s_tokens)),
        script=script,
        swapped=swapped,
        split_from_full_name=split,
    )
