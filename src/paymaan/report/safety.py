"""Scan public outputs for names and ids of people who are not public.

A public report must not name a victim, a witness or a source who did not agree to it.
The caller gives the identifying terms of the workspace's non-public people (given
names with surnames, fathers' names, national ids) in both scripts and their
romanizations; :func:`scan_outputs` looks for each as a whole word in every text file
of a report folder, after folding both sides the same way: Unicode NFKC, lower case,
Arabic ي/ك as Persian ی/ک, Persian and Arabic-Indic digits as ASCII, diacritics,
tatweel and zero-width characters removed, hyphens and runs of spaces as one space.

The PDF is set from the scanned HTML, so its text is the HTML's; the tests also read it
back with ``pdftotext``.

Example:
    >>> scan_text("Executed: Mohammad-Reza  Hosseini, 2025", ["mohammad reza hosseini"])
    ['mohammad reza hosseini']
    >>> scan_text("Quality 0.98", ["ali"])
    []
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

__all__ = ["SCANNED_SUFFIXES", "ScanHit", "fold_for_scan", "scan_outputs", "scan_text"]

SCANNED_SUFFIXES: Final = frozenset({".html", ".csv", ".json", ".svg", ".txt", ".md"})
_TRANSLATE: Final = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ك": "ک",
        "ۀ": "ه",
        "ة": "ه",
        "ـ": None,  # tatweel
        "\u200c": None,  # zero-width non-joiner
        "\u200d": None,
        "\u200e": None,
        "\u200f": None,
        "\ufeff": None,
        "-": " ",
        "‐": " ",
        "_": " ",
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        **{chr(0x0660 + i): str(i) for i in range(10)},
    }
)
_SPACES: Final = re.compile(r"\s+")


def fold_for_scan(text: str) -> str:
    """Fold *text* so that spelling variants of a name compare equal (see module doc).

    Example:
        >>> fold_for_scan("علي‌رضا") == fold_for_scan("علیرضا")
        True
    """
    text = unicodedata.normalize("NFKC", text).lower().translate(_TRANSLATE)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", text).strip()


_WORD: Final = re.compile(r"\w+")


def _term_tokens(terms: Iterable[str]) -> dict[tuple[str, ...], str]:
    """Each folded term as its sequence of words (a term of one or two characters would
    match everywhere; ids and names are longer)."""
    out: dict[tuple[str, ...], str] = {}
    for term in {fold_for_scan(t) for t in terms}:
        words = tuple(_WORD.findall(term))
        if len(term) > 2 and words:
            out[words] = term
    return out


def _found(folded: str, term_tokens: dict[tuple[str, ...], str]) -> list[str]:
    """Terms whose words stand consecutively in *folded*: a whole-word match, done with a
    set of the text's word n-grams so that tens of thousands of terms cost one pass."""
    words = _WORD.findall(folded)
    grams: set[tuple[str, ...]] = set()
    for n in {len(t) for t in term_tokens}:
        grams.update(zip(*(words[i:] for i in range(n)), strict=False))
    return sorted(term for tokens, term in term_tokens.items() if tokens in grams)


def scan_text(text: str, terms: Iterable[str]) -> list[str]:
    """The folded terms found in *text* as whole words, sorted.

    Args:
        text: any text (HTML, CSV, JSON).
        terms: names and ids that must not appear.

    Returns:
        The terms found (folded form), sorted and without repeats.
    """
    return _found(fold_for_scan(text), _term_tokens(terms))


@dataclass(frozen=True)
class ScanHit:
    """A forbidden term found in a file (the term is folded)."""

    path: Path
    term: str


def scan_outputs(report_dir: Path, terms: Iterable[str]) -> list[ScanHit]:
    """Scan every text file under *report_dir* for *terms*.

    Args:
        report_dir: a report folder.
        terms: identifying terms of people who are not public.

    Returns:
        Every hit, sorted by path then term; empty when the folder is clean.
    """
    term_tokens = _term_tokens(terms)
    hits: list[ScanHit] = []
    for path in sorted(report_dir.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in SCANNED_SUFFIXES:
            continue
        folded = fold_for_scan(path.read_text(encoding="utf-8", errors="replace"))
        hits.extend(ScanHit(path, term) for term in _found(folded, term_tokens))
    return hits
