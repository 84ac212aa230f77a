"""paymaan's controlled vocabulary (``data/vocab.yaml``): codes with English and Persian labels.

Kinds: ``event_types``, ``charges``, ``grounds``, ``evidence_levels``, ``sexes``,
``ethnicities``. Codes are stable; labels and aliases help people write mappings
(:func:`guess_code` backs ``paymaan mapping suggest``) and are never applied silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal, get_args

import yaml

from paymaan.normalize.text import compact_key, fold

__all__ = ["KINDS", "Term", "VocabKind", "guess_code", "is_code", "terms"]

VocabKind = Literal["event_types", "charges", "grounds", "evidence_levels", "sexes", "ethnicities"]
KINDS: tuple[VocabKind, ...] = get_args(VocabKind)


@dataclass(frozen=True, slots=True)
class Term:
    """One vocabulary entry.

    Attributes:
        code: the stable code (``"execution"``).
        en: English label.
        fa: Persian label.
        aliases: other words and spellings that mean this term, either script.
    """

    code: str
    en: str
    fa: str
    aliases: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _load() -> dict[str, dict[str, Term]]:
    text = resources.files("paymaan").joinpath("data", "vocab.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    return {
        kind: {
            code: Term(
                code=str(code),
                en=str(row["en"]),
                fa=str(row["fa"]),
                aliases=tuple(str(a) for a in row.get("aliases") or ()),
            )
            for code, row in raw[kind].items()
        }
        for kind in KINDS
    }


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown vocabulary kind {kind!r}; expected one of {', '.join(KINDS)}")


def terms(kind: VocabKind) -> dict[str, Term]:
    """The terms of one vocabulary kind, by code.

    Args:
        kind: one of :data:`KINDS`.

    Returns:
        A new dict code -> :class:`Term`, in the order of ``vocab.yaml``.

    Raises:
        ValueError: unknown kind.

    Example:
        >>> terms("event_types")["execution"].fa
        'اعدام'
    """
    _check_kind(kind)
    return dict(_load()[kind])


def is_code(kind: VocabKind, value: str | None) -> bool:
    """Whether ``value`` is exactly a code of this vocabulary kind.

    Args:
        kind: one of :data:`KINDS`.
        value: a candidate code.

    Returns:
        ``True`` for a code such as ``"death_sentence"``; labels and aliases are not codes.

    Raises:
        ValueError: unknown kind.

    Example:
        >>> is_code("sexes", "female"), is_code("sexes", "زن")
        (True, False)
    """
    _check_kind(kind)
    return value is not None and value in _load()[kind]


@lru_cache(maxsize=16)
def _label_index(kind: str) -> dict[str, str | None]:
    """Compact folded label -> code; ``None`` marks a label shared by two codes."""
    index: dict[str, str | None] = {}
    for term in _load()[kind].values():
        for label in (term.code, term.code.replace("_", " "), term.en, term.fa, *term.aliases):
            key = compact_key(label)
            if not key:
                continue
            index[key] = term.code if index.get(key, term.code) == term.code else None
    return index


@lru_cache(maxsize=1 << 14)
def guess_code(kind: VocabKind, value: str | None) -> str | None:
    """The code a monitor's word most likely means: by code, label or alias.

    Matching is on folded text without spaces or punctuation (``"Death-Sentence"``,
    ``"حکم اعدام"``, ``"حكم‌اعدام"`` all match). A word listed under two codes gives
    ``None``. A hint for ``paymaan mapping suggest``; ingest never applies it silently.

    Args:
        kind: one of :data:`KINDS`.
        value: the monitor's word.

    Returns:
        The code, or ``None`` when nothing matches or the match is ambiguous.

    Raises:
        ValueError: unknown kind.

    Example:
        >>> guess_code("event_types", "Hanged"), guess_code("charges", "قاچاق مواد مخدر")
        ('execution', 'drug_related')
    """
    _check_kind(kind)
    if value is None or not (fold(value) or ""):
        return None
    return _label_index(kind).get(compact_key(value))
