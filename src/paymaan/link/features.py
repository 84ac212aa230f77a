"""Linkage features: the table Splink compares, built from the record frame.

The record frame (``docs/formats.md``, "The record frame") already carries each name
folded, romanized and reduced to a consonant skeleton by ``paymaan.normalize``. This
module only reshapes it into the columns the Splink model compares and blocks on:

- name keys without spaces or hyphens, so that *Mohammad Reza*, *Mohammad-Reza* and
  *Mohammadreza* agree; per-part token lists for compound names; a sorted-token key
  that is the same whichever order given name and surname came in;
- the event date as whole day numbers (days since 1970-01-01), so that interval
  overlap and gaps are plain integer arithmetic in every SQL dialect;
- birth year, from the record or from the age at the event;
- the place hierarchy (province ⊃ city ⊃ prison) as three columns.

Example:
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"record_id": [1], "source": ["a"], "first_name_skeleton": ["mhmd"]})
    >>> build_features(frame).loc[0, "given_skel"]
    'mhmd'
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from paymaan.errors import InputError

__all__ = ["FEATURE_COLUMNS", "REQUIRED_FRAME_COLUMNS", "build_features", "feature_table"]

REQUIRED_FRAME_COLUMNS = ("record_id", "source")

FEATURE_COLUMNS = (
    "unique_id",
    "source_dataset",
    "script",
    "given_skel",
    "surname_skel",
    "father_skel",
    "full_skel",
    "given_latin",
    "surname_latin",
    "father_latin",
    "full_latin",
    "given_tokens",
    "surname_tokens",
    "name_tokens",
    "name_key",
    "full_folded",
    "sex",
    "birth_year",
    "event_type",
    "event_start_day",
    "event_end_day",
    "event_year",
    "date_precision",
    "province",
    "city",
    "prison",
    "charge",
)

# Spaces, hyphens, underscores, dots, apostrophes and the zero-width non-joiner.
_SEPARATORS = "[\\s\\-_.''’\u200c]+"  # in a SQL literal: the apostrophe doubled
_TEXT_COLUMNS = (
    "script",
    "first_name_skeleton",
    "surname_skeleton",
    "father_name_skeleton",
    "first_name_latin",
    "surname_latin",
    "father_name_latin",
    "first_name_folded",
    "surname_folded",
    "sex",
    "event_type",
    "event_date_precision",
    "province",
    "city",
    "prison",
    "charge",
)
_NUMBER_COLUMNS = ("age", "birth_year")
_DATE_COLUMNS = ("event_date_start", "event_date_end")

# One statement over the frame; DuckDB does the string work in bulk (a million records
# in seconds). Macros: t = trimmed text or NULL; k = key without separators, lower case;
# toks = the tokens of a name part.
_MACROS = f"""
CREATE OR REPLACE MACRO t(x) AS nullif(trim(CAST(x AS VARCHAR)), '');
CREATE OR REPLACE MACRO k(x) AS nullif(lower(regexp_replace(t(x), '{_SEPARATORS}', '', 'g')), '');
CREATE OR REPLACE MACRO toks(x) AS coalesce(
    string_split(nullif(trim(regexp_replace(lower(t(x)), '{_SEPARATORS}', ' ', 'g')), ''), ' '),
    []::VARCHAR[]);
"""

_SQL = """
WITH base AS (
    SELECT
        CAST(record_id AS BIGINT) AS unique_id,
        CAST(source AS VARCHAR) AS source_dataset,
        t(script) AS script,
        first_name_skeleton AS g_raw,
        surname_skeleton AS s_raw,
        list_sort(coalesce(CAST(name_tokens AS VARCHAR[]), []::VARCHAR[])) AS frame_tokens,
        k(father_name_skeleton) AS father_skel,
        k(first_name_latin) AS given_latin,
        k(surname_latin) AS surname_latin,
        k(father_name_latin) AS father_latin,
        nullif(concat_ws(' ', t(first_name_folded), t(surname_folded)), '') AS full_folded,
        t(sex) AS sex,
        TRY_CAST(birth_year AS DOUBLE) AS birth_year_given,
        TRY_CAST(age AS DOUBLE) AS age,
        t(event_type) AS event_type,
        TRY_CAST(event_date_start AS DATE) AS d_start,
        coalesce(TRY_CAST(event_date_end AS DATE), TRY_CAST(event_date_start AS DATE)) AS d_end,
        t(event_date_precision) AS date_precision,
        t(province) AS province,
        t(city) AS city,
        t(prison) AS prison,
        t(charge) AS charge,
        _row
    FROM frame
), split AS (
    -- only a full name: the last token is the surname, the others the given name
    SELECT *,
        CASE WHEN t(g_raw) IS NULL AND t(s_raw) IS NULL AND len(frame_tokens) >= 2
             THEN array_to_string(frame_tokens[1:len(frame_tokens) - 1], '')
             WHEN t(g_raw) IS NULL AND t(s_raw) IS NULL AND len(frame_tokens) = 1
             THEN frame_tokens[1]
             ELSE g_raw END AS g_text,
        CASE WHEN t(g_raw) IS NULL AND t(s_raw) IS NULL AND len(frame_tokens) >= 2
             THEN frame_tokens[len(frame_tokens)]
             ELSE s_raw END AS s_text
    FROM base
), keyed AS (
    SELECT *, k(g_text) AS given_skel, k(s_text) AS surname_skel,
        toks(g_text) AS given_tokens, toks(s_text) AS surname_tokens
    FROM split
)
SELECT
    unique_id, source_dataset, script, given_skel, surname_skel, father_skel,
    CASE WHEN given_skel IS NULL AND surname_skel IS NULL THEN NULL
         ELSE concat(coalesce(given_skel, ''), '|', coalesce(surname_skel, '')) END AS full_skel,
    given_latin, surname_latin, father_latin,
    nullif(concat(coalesce(given_latin, ''), coalesce(surname_latin, '')), '') AS full_latin,
    given_tokens, surname_tokens,
    CASE WHEN len(frame_tokens) > 0 THEN frame_tokens
         ELSE list_sort(list_concat(given_tokens, surname_tokens)) END AS name_tokens,
    nullif(array_to_string(CASE WHEN len(frame_tokens) > 0 THEN frame_tokens
         ELSE list_sort(list_concat(given_tokens, surname_tokens)) END, ' '), '') AS name_key,
    full_folded, sex,
    CAST(round(coalesce(birth_year_given, year(d_start) - age)) AS BIGINT) AS birth_year,
    event_type,
    CAST(d_start - DATE '1970-01-01' AS BIGINT) AS event_start_day,
    CAST(d_end - DATE '1970-01-01' AS BIGINT) AS event_end_day,
    CAST(year(d_start) AS BIGINT) AS event_year,
    date_precision, province, city, prison, charge
FROM keyed
ORDER BY _row
"""


def _prepared(frame: pd.DataFrame) -> pa.Table:
    """The frame as Arrow with every column the SQL reads (absent ones null)."""
    n = len(frame)
    columns: dict[str, pa.Array] = {
        "record_id": pa.array(frame["record_id"].astype("int64")),
        "source": pa.array(frame["source"].astype(str)),
        "_row": pa.array(np.arange(n, dtype=np.int64)),
    }
    for name in _TEXT_COLUMNS:
        if name in frame:
            columns[name] = pa.array(frame[name].astype("string"), from_pandas=True)
        else:
            columns[name] = pa.nulls(n, pa.string())
    for name in _NUMBER_COLUMNS:
        if name in frame:
            numbers = pd.to_numeric(frame[name], errors="coerce").astype("float64")
            columns[name] = pa.array(numbers, from_pandas=True)
        else:
            columns[name] = pa.nulls(n, pa.float64())
    for name in _DATE_COLUMNS:
        if name in frame:
            dates = pd.to_datetime(frame[name], errors="coerce")
            columns[name] = pa.array(dates, from_pandas=True)
        else:
            columns[name] = pa.nulls(n, pa.timestamp("ns"))
    tokens = frame["name_tokens"] if "name_tokens" in frame else [None] * n
    columns["name_tokens"] = pa.array(
        [[str(t) for t in v] if isinstance(v, list | tuple | np.ndarray) else None for v in tokens],
        type=pa.list_(pa.string()),
    )
    return pa.table(columns)


def _check_frame(frame: pd.DataFrame) -> None:
    missing = [c for c in REQUIRED_FRAME_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(
            f"the record frame has no column {', '.join(missing)}",
            hint="Build it with paymaan.store (see docs/formats.md, 'The record frame').",
        )
    if frame["record_id"].duplicated().any():
        dup = frame.loc[frame["record_id"].duplicated(), "record_id"].iloc[0]
        raise InputError(f"record_id {dup} appears more than once in the record frame")


def feature_table(frame: pd.DataFrame) -> pa.Table:
    """:func:`build_features` as an Arrow table (the fast path Splink reads directly).

    Raises:
        InputError: a required column is missing or a record id is repeated.
    """
    _check_frame(frame)
    con = duckdb.connect()
    try:
        con.execute(_MACROS)
        con.register("frame", _prepared(frame.reset_index(drop=True)))
        table = con.sql(_SQL).arrow()
    finally:
        con.close()
    if isinstance(table, pa.RecordBatchReader):
        table = table.read_all()
    return table


def build_features(frame: pd.DataFrame) -> pd.DataFrame:
    """Build the linkage feature table from a record frame.

    Args:
        frame: the record frame (one row per record; columns as in ``docs/formats.md``).
            Only ``record_id`` and ``source`` are required; every other column may be
            absent or null and the matching feature is then null.

    Returns:
        A DataFrame with the columns of :data:`FEATURE_COLUMNS`, one row per record, in
        the order of *frame*. ``unique_id`` is the record id, ``source_dataset`` the
        source; integer columns are nullable (``Int64``); token columns hold lists.

    Raises:
        InputError: a required column is missing or a record id is repeated.

    Example:
        >>> import pandas as pd
        >>> f = build_features(pd.DataFrame({"record_id": [7], "source": ["x"],
        ...     "first_name_skeleton": ["mhmd rz"], "surname_skeleton": ["hsn"]}))
        >>> f.loc[0, "full_skel"], f.loc[0, "name_key"]
        ('mhmdrz|hsn', 'hsn mhmd rz')
    """
    table = feature_table(frame)
    out = table.to_pandas(
        types_mapper={pa.int64(): pd.Int64Dtype()}.get, split_blocks=True, self_destruct=True
    )
    for name in ("given_tokens", "surname_tokens", "name_tokens"):
        out[name] = [list(v) for v in out[name]]
    out["unique_id"] = out["unique_id"].astype("int64")
    return out[list(FEATURE_COLUMNS)]
