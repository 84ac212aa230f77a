"""Reading the store in bulk as tables for the analysis stages.

:func:`read_record_frame` gives the *record frame* of docs/formats.md: one row per record,
its non-identifying columns, and its names and name keys decrypted **in memory only**.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import select

from paymaan.crypto import FieldCipher
from paymaan.store.db import Store
from paymaan.store.schema import Record, Source

__all__ = ["NAME_KEY_COLUMNS", "read_record_frame"]

PII_PURPOSE = "records.pii"
NAME_KEY_COLUMNS = (
    "first_name", "surname", "father_name",
    "first_name_folded", "surname_folded", "father_name_folded",
    "first_name_latin", "surname_latin", "father_name_latin",
    "first_name_skeleton", "surname_skeleton", "father_name_skeleton",
)  # fmt: skip
_CLEAR_COLUMNS = (
    "source_record_id", "script", "sex", "age", "birth_year", "event_type",
    "event_date_start", "event_date_end", "event_date_precision", "province", "city",
    "prison", "charge", "grounds", "evidence", "ethnicity", "public", "submission_id",
)  # fmt: skip


def read_record_frame(
    store: Store, cipher: FieldCipher, *, source_names: list[str] | None = None
) -> pd.DataFrame:
    """All records (or those of *source_names*) as the record frame, names decrypted.

    Returns:
        A DataFrame with ``record_id``, ``source``, the clear columns, the name columns
        and keys (see docs/formats.md) and ``full_name``, ``name_tokens``.
    """
    columns: list[Any] = [Record.id.label("record_id"), Source.name.label("source")]
    columns += [getattr(Record, c) for c in _CLEAR_COLUMNS]
    query = select(*columns, Record.pii).join(Source, Record.source_id == Source.id)
    if source_names:
        query = query.where(Source.name.in_(source_names))
    query = query.order_by(Record.id)
    with store.transaction() as session:
        rows = session.execute(query).all()
    decrypt = cipher.decrypt_json
    records: list[dict[str, Any]] = []
    for row in rows:
        data = row._asdict()
        pii = decrypt(data.pop("pii"), purpose=PII_PURPOSE)
        keys = pii.get("keys", {})
        for column in NAME_KEY_COLUMNS:
            data[column] = keys.get(column)
        data["full_name"] = pii.get("original", {}).get("full_name")
        data["name_tokens"] = list(keys.get("name_tokens") or [])
        records.append(data)
    frame = pd.DataFrame.from_records(
        records,
        columns=[
            "record_id",
            "source",
            *_CLEAR_COLUMNS,
            *NAME_KEY_COLUMNS,
            "full_name",
            "name_tokens",
        ],
    )
    return frame
