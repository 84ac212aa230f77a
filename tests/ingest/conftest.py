"""Fixtures for ingest tests: a workspace with a source, and a Persian-language file."""

from __future__ import annotations

from pathlib import Path

import pytest

from paymaan.crypto import UnlockedKeys
from paymaan.ingest import add_source
from paymaan.workspace import Workspace, init_workspace

PERSIAN_MAPPING = """\
version: 1
script: fa
calendar: jalali
fields:
  source_record_id: {column: "شناسه"}
  first_name: {column: "نام"}
  surname: {column: "نام خانوادگی"}
  father_name: {column: "نام پدر"}
  sex: {column: "جنسیت", values: {مرد: male, زن: female}}
  age: {column: "سن"}
  event_type: {column: "نوع", values: {اعدام: execution, "حکم اعدام": death_sentence}}
  event_date: {column: "تاریخ"}
  province: {column: "استان"}
  prison: {column: "زندان"}
  charge: {column: "اتهام", values: {"مواد مخدر": drug_related, قصاص: qisas_murder}}
  evidence: {value: own_documentation}
"""
HEADER = "شناسه;نام;نام خانوادگی;نام پدر;جنسیت;سن;نوع;تاریخ;استان;زندان;اتهام"
ROWS = [
    "K-1;محمدرضا;حسيني;علی;مرد;۳۴;اعدام;۱۴۰۲/۱۲/۱۵;کردستان;زندان مرکزی سنندج;قصاص",
    "K-2;زینب;قاسمی;;زن;;حکم اعدام;اسفند ۱۴۰۲;سیستان و بلوچستان;قزلحصار;مواد مخدر",
    "K-3;علی;رضایی;حسن;مرد;40;اعدام;1402/13/45;تهران;اوین;قصاص",
    "K-4;علی;رضایی;حسن;مرد;40;شلاق;1402/10/01;تهران;اوین;قصاص",
]
NAMES = [
    "محمدرضا",
    "حسيني",
    "حسینی",
    "زینب",
    "قاسمی",
    "رضایی",
    "mohammadreza",
    "hosseini",
    "ghasemi",
]


@pytest.fixture
def workspace(tmp_path: Path, passphrase: str) -> Workspace:
    ws = init_workspace(tmp_path / "ws", passphrase)
    add_source(ws, "kurd", alias="Monitor K", anonymous=True)
    return ws


@pytest.fixture
def keys(workspace: Workspace, passphrase: str) -> UnlockedKeys:
    return workspace.unlock(passphrase)


@pytest.fixture
def persian_file(tmp_path: Path) -> tuple[Path, Path]:
    """An Excel-style CSV (UTF-8 with BOM, ';') and its mapping."""
    data = tmp_path / "kurd.csv"
    data.write_bytes(("\ufeff" + HEADER + "\n" + "\n".join(ROWS) + "\n").encode("utf-8"))
    mapping = tmp_path / "kurd.yaml"
    mapping.write_text(PERSIAN_MAPPING, "utf-8")
    return data, mapping
