"""``paymaan mapping suggest``: draft a mapping from a file's headers and values.

The draft is a starting point for the analyst, never applied silently: headers are
matched to fields by common names in English and Persian, vocabulary values by
:func:`paymaan.normalize.vocab.guess_code`; what cannot be matched is left ``null`` with a
comment to fill in.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml

from paymaan.ingest.mapping import VOCABULARY_FIELDS, mapping_from_dict
from paymaan.ingest.readers import RawTable, detect_format, read_table
from paymaan.normalize.dates import parse_date
from paymaan.normalize.names import script_of
from paymaan.normalize.text import fold
from paymaan.normalize.vocab import guess_code

__all__ = ["suggest_mapping"]

# Field -> header words that name it (folded, compared after removing spaces/_/-).
_HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "source_record_id": (
        "id",
        "recordid",
        "caseid",
        "ref",
        "reference",
        "code",
        "شناسه",
        "کد",
        "ردیف",
    ),
    "full_name": ("name", "fullname", "victim", "نامکامل", "نامونامخانوادگی", "اسم"),
    "first_name": ("firstname", "givenname", "forename", "first", "نام"),
    "surname": ("surname", "lastname", "familyname", "family", "last", "نامخانوادگی", "فامیلی"),
    "father_name": ("fathername", "father", "fathersname", "نامپدر", "پدر"),
    "national_id": ("nationalid", "nid", "کدملی", "شمارهملی"),
    "sex": ("sex", "gender", "جنسیت", "جنس"),
    "age": ("age", "سن"),
    "birth_year": ("birthyear", "yearofbirth", "born", "سالتولد", "متولد"),
    "ethnicity": ("ethnicity", "ethnic", "قومیت"),
    "event_type": (
        "event",
        "eventtype",
        "type",
        "violation",
        "category",
        "نوع",
        "نوعرویداد",
        "رویداد",
        "نوعنقض",
    ),
    "event_date": ("date", "eventdate", "dateofevent", "تاریخ", "تاریخرویداد", "تاریخاجرا"),
    "report_date": ("reportdate", "reported", "published", "تاریخگزارش", "تاریخانتشار"),
    "province": ("province", "region", "state", "استان"),
    "city": ("city", "town", "شهر"),
    "prison": ("prison", "detention", "place of detention", "زندان", "محلنگهداری"),
    "charge": ("charge", "charges", "accusation", "offence", "offense", "crime", "اتهام", "جرم"),
    "grounds": ("grounds", "reason", "activism", "profile", "زمینه", "نوعفعالیت", "فعالیت"),
    "evidence": (
        "evidence",
        "source",
        "sourcetype",
        "confirmation",
        "status",
        "منبع",
        "وضعیتتایید",
    ),
    "outlet": ("outlet", "newspaper", "media", "نشریه", "رسانه"),
    "narrative": ("notes", "narrative", "description", "details", "شرح", "توضیحات"),
}


def _squash(text: str) -> str:
    return (
        (fold(text) or "").replace(" ", "").replace("_", "").replace("-", "").replace("\u200c", "")
    )


def _match_headers(columns: list[str]) -> dict[str, str]:
    chosen: dict[str, str] = {}
    used: set[str] = set()
    # Longer, more specific words first, so "نام پدر" is father_name, not first_name.
    candidates = sorted(
        ((field, word) for field, words in _HEADER_WORDS.items() for word in words),
        key=lambda pair: -len(pair[1]),
    )
    squashed = {c: _squash(c) for c in columns}
    for field, word in candidates:
        if field in chosen:
            continue
        for column, key in squashed.items():
            if column not in used and key == _squash(word):
                chosen[field], used = column, used | {column}
                break
    return chosen


def _values(table: RawTable, column: str, limit: int = 200) -> Counter[str]:
    counts: Counter[str] = Counter()
    for row in table.rows:
        value = row.values.get(column)
        if value:
            counts[value] += 1
    return Counter(dict(counts.most_common(limit)))


def _calendar(table: RawTable, column: str) -> str:
    votes: Counter[str] = Counter()
    for value in list(_values(table, column, 50)):
        try:
            votes[parse_date(value).calendar] += 1
        except ValueError:
            continue
    return votes.most_common(1)[0][0] if votes else "auto"


def suggest_mapping(path: Path) -> str:
    """Return a draft mapping (YAML text) for the file at *path*.

    Raises:
        InputError: the file cannot be read.
    """
    data = Path(path).read_bytes()
    fmt = detect_format(Path(path))
    table = read_table(data, Path(path), fmt)
    matched = _match_headers(table.columns)
    fields: dict[str, dict[str, object]] = {}
    unmatched_notes: list[str] = []
    order = list(_HEADER_WORDS)
    for field, column in sorted(matched.items(), key=lambda fc: order.index(fc[0])):
        spec: dict[str, object] = {"column": column}
        kind = VOCABULARY_FIELDS.get(field)
        if kind is not None:
            values: dict[str, str | None] = {}
            for value in _values(table, column):
                code = guess_code(kind, value)  # type: ignore[arg-type]
                values[value] = code
                if code is None:
                    unmatched_notes.append(f"{field}: {value!r}")
            spec["values"] = values
        fields[field] = spec
    script = "fa"
    for name_field in ("full_name", "first_name", "surname"):
        if name_field in matched:
            sample = next(iter(_values(table, matched[name_field], 20)), None)
            script = script_of(sample) or script
            break
    calendar = _calendar(table, matched["event_date"]) if "event_date" in matched else "auto"
    draft: dict[str, object] = {
        "version": 1,
        "format": fmt,
        "script": script,
        "calendar": calendar,
        "fields": fields,
    }
    if table.encoding:
        draft["encoding"] = table.encoding
    if table.delimiter:
        draft["delimiter"] = table.delimiter
    header = [
        f"# Draft mapping for {Path(path).name}, written by `paymaan mapping suggest`.",
        "# Check every line before use. Values mapped to null were not recognised: write the",
        "# vocabulary code (see vocab.yaml) or leave null to quarantine rows with that value.",
    ]
    missing = [f for f in ("source_record_id", "event_type") if f not in fields]
    if missing:
        header.append(f"# REQUIRED fields not found among the headers: {', '.join(missing)}")
    unused = [c for c in table.columns if c not in matched.values()]
    if unused:
        header.append(f"# Columns not mapped: {', '.join(unused)}")
    if unmatched_notes:
        header.append(f"# Values to map by hand: {len(unmatched_notes)}")
    if not missing:
        mapping_from_dict(draft, str(path))  # the draft must itself be a valid mapping
    body = yaml.safe_dump(draft, allow_unicode=True, sort_keys=False)
    return "\n".join(header) + "\n" + body
