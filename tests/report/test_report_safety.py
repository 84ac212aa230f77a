"""The identifying-terms scan: folding and whole-word matching in both scripts."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from paymaan.report.safety import fold_for_scan, scan_outputs, scan_text


def test_variants_of_a_name_are_found() -> None:
    assert scan_text("اعدام علي‌رضا قاسمي", ["علیرضا قاسمی"]) == ["علیرضا قاسمی"]
    assert scan_text("MOHAMMAD-REZA   Hosseini", ["Mohammad Reza Hosseini"])
    assert scan_text("id ۰۰۱۲۳۴۵۶۷۸.", ["0012345678"]) == ["0012345678"]


def test_only_whole_words_match() -> None:
    assert scan_text("quality 0.98; Alison", ["Ali"]) == []
    assert scan_text("عالی", ["علی"]) == []
    assert scan_text("a b", ["a", "b"]) == []  # terms of two characters or less are ignored


def test_scan_outputs_reports_file_and_term(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "t.csv").write_text("x,Zahra Ghasemi\n", encoding="utf-8")
    (tmp_path / "r.pdf").write_bytes(b"Zahra Ghasemi")  # binary: not scanned here
    hits = scan_outputs(tmp_path, ["Zahra Ghasemi"])
    assert [(h.path.name, h.term) for h in hits] == [("t.csv", "zahra ghasemi")]


@given(st.text(max_size=40))
def test_fold_is_idempotent(text: str) -> None:
    assert fold_for_scan(fold_for_scan(text)) == fold_for_scan(text)
