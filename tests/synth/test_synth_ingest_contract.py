"""paymaan's own ingest reads every monitor's file with its mapping: exactly the
malformed rows are quarantined, every other row is accepted."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from paymaan.ingest import RowConverter, RowIssue, load_mapping, read_table
from paymaan.ingest.readers import ReadOptions
from paymaan.synth import SynthResult


def test_ingest_accepts_the_well_formed_rows_and_quarantines_the_malformed(
    default_output: SynthResult, truth: dict[str, pd.DataFrame]
) -> None:
    for key in default_output.monitors:
        folder = Path(default_output.out_dir) / "monitors" / key
        mapping = load_mapping(folder / "mapping.yaml")
        (export,) = [p for p in folder.iterdir() if p.name not in {"mapping.yaml", "source.json"}]
        options = ReadOptions(encoding=mapping.encoding, delimiter=mapping.delimiter)
        table = read_table(export.read_bytes(), export, mapping.format, options)
        converter = RowConverter(mapping, export.name)
        rows = truth["rows"][truth["rows"]["monitor"] == key].set_index("source_record_id")
        id_column = mapping.fields["source_record_id"].column
        assert len(table.rows) == len(rows)
        for raw in table.rows:
            outcome = converter.convert(raw)
            malformed = rows.loc[raw.values[id_column], "malformed"] == "1"
            assert isinstance(outcome, RowIssue) == malformed, (key, raw.values, outcome)
