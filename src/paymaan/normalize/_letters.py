"""Letter-level rules shared by the name functions: consonant classes, transliteration, splits.

Private to :mod:`paymaan.normalize.names` (which documents the rules); split out to keep
modules small.
"""

from __future__ import annotations

import re
from collections.abc import Container

_FA_SKELETON = {
    "ب": "b", "پ": "p", "ت": "t", "ط": "t", "ث": "s", "س": "s", "ص": "s",
    "ج": "j", "ژ": "j", "چ": "c", "ح": "h", "ه": "h", "خ": "x", "د": "d",
    "ذ": "z", "ز": "z", "ض": "z", "ظ": "z", "ر": "r", "ش": "w", "غ": "q",
    "ق": "q", "ف": "f", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n",
    "ڕ": "r", "ڵ": "l",
}  # fmt: skip
_FA_LATIN = {
    "ب": "b", "پ": "p", "ت": "t", "ط": "t", "ث": "s", "س": "s", "ص": "s",
    "ج": "j", "ژ": "zh", "چ": "ch", "ح": "h", "ه": "h", "خ": "kh", "د": "d",
    "ذ": "z", "ز": "z", "ض": "z", "ظ": "z", "ر": "r", "ش": "sh", "غ": "gh",
    "ق": "gh", "ف": "f", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n",
    "ڕ": "r", "ڵ": "l", "ا": "a", "ع": "a", "ء": "", "ە": "e", "ێ": "e",
    "ۆ": "o", "ڤ": "v",
}  # fmt: skip
_LATIN_SKELETON = {
    "tch": "c", "kh": "x", "gh": "q", "sh": "w", "ch": "c", "zh": "j", "dj": "j",
    "ph": "f", "ck": "k", "b": "b", "p": "p", "t": "t", "s": "s", "c": "k",
    "j": "j", "h": "h", "x": "x", "d": "d", "z": "z", "r": "r", "f": "f",
    "q": "q", "k": "k", "g": "g", "l": "l", "m": "m", "n": "n",
}  # fmt: skip
_LATIN_UNITS = re.compile(r"tch|kh|gh|sh|ch|zh|dj|ph|ck|.", re.DOTALL)
# Latin spellings where "sh" is s + h (اسحاق Eshagh): the one common case in names.
_S_H_WORDS = re.compile(r"^([ei])sh(aa?(?:gh|q))")
# Letters that, followed by h (or d by j, t by ch), would form a Latin digraph.
_DIGRAPH_BEFORE_H = frozenset("skgzcpt")
_FA_VOWEL_LETTERS = frozenset("اوی")


def is_arabic_letter(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f"


# ---------------------------------------------------------------- skeletons of one word


_FA_KNOWN_LETTERS = frozenset(_FA_LATIN) | frozenset("وی")


def fa_letters(word: str) -> str:
    """The Persian letters of a word that carry sound (hamza and unknown letters dropped)."""
    return "".join(ch for ch in word if ch in _FA_KNOWN_LETTERS and ch != "ء")


def _collapse(classes: list[str]) -> str:
    out: list[str] = []
    for c in classes:
        if c and (not out or out[-1] != c):
            out.append(c)
    return "".join(out)


def fa_word_skeleton(word: str) -> str:
    letters = fa_letters(word)
    classes = [_FA_SKELETON.get(ch, "") for ch in letters]
    if len(letters) >= 3 and letters.endswith("ای") and letters[-3] == "ه":
        classes[-3] = ""  # خامنه‌ای: the h before the -ei suffix is a silent e
    if letters and letters[-1] in "هح":
        classes[-1] = ""  # final -eh / -ah: written in one script, not the other
    return _collapse(classes)


def _latin_units(word: str) -> list[str]:
    word = _S_H_WORDS.sub(r"\1s'h\2", word)
    return _LATIN_UNITS.findall(word)


def latin_word_skeleton(word: str) -> str:
    units = _latin_units(word)
    classes = [_LATIN_SKELETON.get(u, "") for u in units]
    if units and units[-1] == "h":
        classes[-1] = ""
    return _collapse(classes)


# ---------------------------------------------------------------- transliteration


def append_latin(out: list[str], piece: str) -> None:
    """Append a Latin piece, separating letters that would otherwise read as a digraph."""
    if out and piece:
        last = out[-1][-1:] if out[-1] else ""
        if (
            (last in _DIGRAPH_BEFORE_H and piece[0] == "h")
            or (last == "d" and piece[0] == "j")
            or (last == "t" and piece.startswith("ch"))
        ):
            out.append("'")
    if piece:
        out.append(piece)


def transliterate_word(word: str) -> str:
    letters = fa_letters(word)
    out: list[str] = []
    n = len(letters)
    for i, ch in enumerate(letters):
        prev = letters[i - 1] if i else ""
        nxt = letters[i + 1] if i + 1 < n else ""
        if ch == "و":
            last_before_final_yeh = i == n - 2 and nxt == "ی"
            piece = "v" if i == 0 or prev == "ا" or nxt == "ا" or last_before_final_yeh else "ou"
        elif ch == "ی":
            if i == 0:
                piece = "y"
            elif i == n - 1 or prev not in _FA_VOWEL_LETTERS or not nxt:
                piece = "i"
            else:
                piece = "y"
        elif ch == "ه" and i == n - 3 and letters.endswith("ای"):
            piece = "e"
        elif ch == "ه" and i == n - 1 and i > 0 and prev not in "او":
            piece = "eh"
        else:
            piece = _FA_LATIN.get(ch, "")
        append_latin(out, piece)
    return "".join(out)


def split_compound(word: str, known: Container[str], min_len: int = 3) -> list[str]:
    """Split a joined compound into known parts (fewest parts); ``[word]`` when impossible."""
    n = len(word)
    if n < 2 * min_len:
        return [word]
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(min_len, n + 1):
        for start in range(0, end - min_len + 1):
            head = best[start]
            if head is None or word[start:end] not in known:
                continue
            candidate = [*head, word[start:end]]
            current = best[end]
            if current is None or len(candidate) < len(current):
                best[end] = candidate
    found = best[n]
    return found if found is not None and len(found) >= 2 else [word]
