"""Ingest: monitors' files in, records and quarantined rows out, nothing lost.

Public surface: :func:`ingest_file`, :func:`add_source`, mappings
(:func:`load_mapping`, :func:`suggest_mapping`), readers (:func:`read_table`) and the
quarantine (:func:`list_quarantine`, :func:`export_quarantine`,
:func:`reingest_quarantine`).
"""

from paymaan.ingest.convert import ConvertedRow, RowConverter, RowIssue
from paymaan.ingest.mapping import FieldSpec, Mapping, load_mapping, mapping_from_dict
from paymaan.ingest.pipeline import IngestResult, add_source, ingest_file
from paymaan.ingest.quarantine import (
    QuarantineEntry,
    ReingestResult,
    export_quarantine,
    list_quarantine,
    reingest_quarantine,
)
from paymaan.ingest.readers import RawRow, RawTable, read_table, sniff_delimiter, sniff_encoding
from paymaan.ingest.suggest import suggest_mapping

__all__ = [
    "ConvertedRow",
    "FieldSpec",
    "IngestResult",
    "Mapping",
    "QuarantineEntry",
    "RawRow",
    "RawTable",
    "ReingestResult",
    "RowConverter",
    "RowIssue",
    "add_source",
    "export_quarantine",
    "ingest_file",
    "list_quarantine",
    "load_mapping",
    "mapping_from_dict",
    "read_table",
    "reingest_quarantine",
    "sniff_delimiter",
    "sniff_encoding",
    "suggest_mapping",
]
