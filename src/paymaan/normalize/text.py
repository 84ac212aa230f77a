"""Persian text folding: one comparable form for text typed in Persian, Arabic or Latin script.

Monitors type the same word with Arabic or Persian letters, with or without diacritics,
tatweel and zero-width non-joiners, with three kinds of digits. :func:`fold` maps all of
them to one form; the original text is always kept beside the folded form by the caller.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

__all__ = [
    "compact_key",
    "fold",
    "map_unique",
    "to_ascii_digits",
]

_T = TypeVar("_T")
_R = TypeVar("_R")

# Letters that Arabic keyboards and Arabic-script sources use where Persian has its own.
_LETTER_MAP = {
    "\u064a": "\u06cc",  # ARABIC YEH -> FARSI YEH
    "\u0649": "\u06cc",  # ALEF MAKSURA -> FARSI YEH
    "\u06d2": "\u06cc",  # YEH BARREE -> FARSI YEH
    "\u0643": "\u06a9",  # ARABIC KAF -> KEHEH
    "\u06aa": "\u06a9",  # SWASH KAF -> KEHEH
    "\u0629": "\u0647",  # TEH MARBUTA -> HEH
    "\u06c0": "\u0647",  # HEH WITH YEH ABOVE -> HEH
    "\u06c1": "\u0647",  # HEH GOAL -> HEH
    "\u0671": "\u0627",  # ALEF WASLA -> ALEF
    "\u060c": ",",  # ARABIC COMMA
    "\u061b": ";",  # ARABIC SEMICOLON
    "\u061f": "?",  # ARABIC QUESTION MARK
    "\u066b": ".",  # ARABIC DECIMAL SEPARATOR
    "\u066c": ",",  # ARABIC THOUSANDS SEPARATOR
}
# Persian (U+06F0..) and Arabic-Indic (U+0660..) digits -> ASCII.
_DIGIT_MAP = {chr(0x06F0 + i): str(i) for i in range(10)} | {
    chr(0x0660 + i): str(i) for i in range(10)
}
# Characters removed outright: tatweel, ZWNJ/ZWJ (see below), bidi controls, BOM, soft hyphen.
_DROP = (
    "\u0640"  # TATWEEL
    "\u200c\u200d"  # ZWNJ, ZWJ
    "\u200b\u2060\ufeff\u00ad"  # zero-width space, word joiner, BOM, soft hyphen
    "\u200e\u200f\u061c"  # LRM, RLM, ARABIC LETTER MARK
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # embeddings and isolates
)
_TRANSLATE = str.maketrans(_LETTER_MAP | _DIGIT_MAP | dict.fromkeys(_DROP, None))
_DIGITS_ONLY = str.maketrans(_DIGIT_MAP)
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[\W_]+")


# Longer texts (narratives) are folded without caching, so the cache holds names, dates
# and labels rather than a copy of every narrative.
_CACHE_MAX_LENGTH = 200


def fold(text: str | None) -> str | None:
    """Fold text to the comparable form paymaan matches on.

    Steps: Unicode NFKC; Arabic ``ي ى`` → Persian ``ی``, ``ك`` → ``ک``, ``ة ۀ`` → ``ه``;
    diacritics (harakat, shadda, hamza and madda marks, Latin accents) removed, so
    ``آ أ إ`` become ``ا`` and ``ئ ؤ`` become ``ی و``; tatweel removed; zero-width
    non-joiners removed (``حسین‌زاده`` → ``حسینزاده``: the joined form is what people type
    when they lack a ZWNJ key, and removing keeps the word count); Persian and
    Arabic-Indic digits → ASCII; Latin lower-cased; whitespace collapsed and stripped.
    Idempotent: ``fold(fold(x)) == fold(x)``.

    Args:
        text: any text, or ``None``.

    Returns:
        The folded text (``""`` for blank input), or ``None`` for ``None``.

    Example:
        >>> fold("  علي‌رضا  كريمي ۱۴۰۲ ")
        'علیرضا کریمی 1402'
    """
    if text is None:
        return None
    if len(text) <= _CACHE_MAX_LENGTH:
        return _fold_cached(text)
    return _fold(text)


@lru_cache(maxsize=1 << 20)
def _fold_cached(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    out = unicodedata.normalize("NFKC", text).translate(_TRANSLATE).lower()
    decomposed = unicodedata.normalize("NFKD", out)
    out = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    out = unicodedata.normalize("NFKC", out).translate(_TRANSLATE)
    return _SPACES.sub(" ", out).strip()


def to_ascii_digits(text: str) -> str:
    """Replace Persian and Arabic-Indic digits by ASCII digits, leaving all else alone.

    Args:
        text: any text.

    Returns:
        The text with ``۰-۹`` and ``٠-٩`` replaced by ``0-9``.

    Example:
        >>> to_ascii_digits("۱۴۰۲/١٢/15")
        '1402/12/15'
    """
    return text.translate(_DIGITS_ONLY)


@lru_cache(maxsize=1 << 16)
def compact_key(text: str | None, drop_words: frozenset[str] = frozenset()) -> str:
    """Fold text and remove spaces, punctuation and the given (folded) stop words.

    Used to index short labels (places, vocabulary terms) so that ``"Sistan-Baluchestan"``
    and ``"sistan baluchestan"`` meet.

    Args:
        text: a label.
        drop_words: folded words to ignore (``"province"``, ``"استان"``, ...).

    Returns:
        The compact key; ``""`` when nothing is left.

    Example:
        >>> compact_key("Sistan-Baluchestan Province", frozenset({"province"}))
        'sistanbaluchestan'
    """
    folded = fold(text) or ""
    words = [w for w in _NON_WORD.split(folded) if w and w not in drop_words]
    return "".join(words)


def map_unique(func: Callable[[_T], _R], values: Iterable[_T]) -> list[_R]:
    """Apply ``func`` once per distinct value and return results in input order.

    Monitors' columns repeat the same names, dates and places many times; computing each
    distinct value once is what makes a million records fast. Values must be hashable.

    Args:
        func: a pure function of one value.
        values: the column's values.

    Returns:
        ``[func(v) for v in values]``, computed once per distinct ``v``.

    Example:
        >>> map_unique(len, ["aa", "b", "aa"])
        [2, 1, 2]
    """
    cache: dict[_T, _R] = {}
    out: list[_R] = []
    append = out.append
    for value in values:
        try:
            append(cache[value])
        except KeyError:
            result = cache[value] = func(value)
            append(result)
    return out
