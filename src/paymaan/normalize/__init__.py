"""Normalization: one comparable form for names, dates, places and vocabulary words.

Used by ingest (each record keeps its original text beside the normalized fields) and by
linkage. Every function is pure and cached, so repeated values cost a dictionary lookup.

- :mod:`paymaan.normalize.text`: :func:`fold` (Persian/Arabic/Latin folding).
- :mod:`paymaan.normalize.names`: :func:`romanize`, :func:`skeleton`, :func:`tokens`,
  :func:`name_keys`.
- :mod:`paymaan.normalize.dates`: :func:`parse_date` (Jalali and Gregorian, precision kept).
- :mod:`paymaan.normalize.places`: :func:`province_code`, :func:`city`, :func:`prison`.
- :mod:`paymaan.normalize.vocab`: :func:`terms`, :func:`is_code`, :func:`guess_code`.
"""

from paymaan.normalize.dates import (
    NormalizedDate,
    gregorian_to_jalali,
    jalali_month_length,
    jalali_to_gregorian,
    parse_date,
)
from paymaan.normalize.names import (
    NameKeys,
    is_placeholder,
    name_keys,
    romanize,
    script_of,
    skeleton,
    split_full_name,
    tokens,
    transliterate,
)
from paymaan.normalize.places import Place, city, place_table, prison, province, province_code
from paymaan.normalize.text import compact_key, fold, map_unique, to_ascii_digits
from paymaan.normalize.vocab import KINDS, Term, guess_code, is_code, terms

__all__ = [
    "KINDS",
    "NameKeys",
    "NormalizedDate",
    "Place",
    "Term",
    "city",
    "compact_key",
    "fold",
    "gregorian_to_jalali",
    "guess_code",
    "is_code",
    "is_placeholder",
    "jalali_month_length",
    "jalali_to_gregorian",
    "map_unique",
    "name_keys",
    "parse_date",
    "place_table",
    "prison",
    "province",
    "province_code",
    "romanize",
    "script_of",
    "skeleton",
    "split_full_name",
    "terms",
    "to_ascii_digits",
    "tokens",
    "transliterate",
]
