"""A whole report: reproducible bytes, a real PDF in Persian, nothing identifying."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from report_fixture import PEOPLE, PUBLIC_CASE, identifying_terms, report_dict

from paymaan.errors import ConfigError, InputError
from paymaan.report import ReportInput, build_report, verify_report
from paymaan.report.safety import fold_for_scan, scan_text


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_folder_layout_and_signature(built_report: Path) -> None:
    assert sorted(_tree(built_report)) == [
        "data/datapackage.json",
        "data/figures.csv",
        "data/sources.csv",
        "manifest.json",
        "manifest.sig",
        "public_key.pem",
        "report.en.html",
        "report.en.pdf",
        "report.fa.html",
        "report.fa.pdf",
    ]
    assert verify_report(built_report).ok
    assert not list(built_report.parent.glob(".*partial"))


_BUILD_AGAIN = """
import sys
from pathlib import Path
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from report_fixture import SIGNING_SEED, report_dict
from paymaan.report import ReportInput, build_report
build_report(ReportInput.from_dict(report_dict()), Path(sys.argv[1]), public=True,
             private_key=Ed25519PrivateKey.from_private_bytes(SIGNING_SEED))
"""


def test_same_input_gives_byte_identical_files(built_report: Path, tmp_path: Path) -> None:
    # Another process with another hash seed: set and dict order cannot leak into the bytes.
    again = tmp_path / built_report.name
    env = {**os.environ, "PYTHONHASHSEED": "4177", "PYTHONPATH": str(Path(__file__).parent)}
    subprocess.run([sys.executable, "-c", _BUILD_AGAIN, str(again)], env=env, check=True)
    first, second = _tree(built_report), _tree(again)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_persian_pdf_page_renders(built_report: Path, tmp_path: Path) -> None:
    pdf = built_report / "report.fa.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert "CreationDate:" in info.stdout and "2025" in info.stdout  # the run's date
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "50",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(tmp_path / "page1"),
        ],
        check=True,
    )
    image = Image.open(tmp_path / "page1.png").convert("L")
    dark = sum(image.histogram()[:128])  # pixels darker than mid-grey
    assert dark > 0.01 * image.width * image.height  # text and badges, not a blank page
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    # Fonts embedded with their Unicode maps: the Persian title reads back as text.
    assert "گزارش" in text and "راستی" in text


def test_no_public_output_holds_an_identifying_term(built_report: Path) -> None:
    terms = identifying_terms()
    assert len(terms) > 25
    texts = {}
    for path in sorted(built_report.rglob("*")):
        if path.suffix == ".pdf":
            texts[path.name] = subprocess.run(
                ["pdftotext", str(path), "-"], capture_output=True, check=True
            ).stdout.decode("utf-8")
        elif path.is_file():
            texts[path.name] = path.read_bytes().decode("utf-8", errors="replace")
    hits = {name: scan_text(text, terms) for name, text in texts.items()}
    assert {name: found for name, found in hits.items() if found} == {}
    # The scan would see them: the public person is named, in both scripts.
    public = next(p for p in PEOPLE if p[0] == PUBLIC_CASE)
    assert fold_for_scan(public[4][0]) in fold_for_scan(texts["report.en.pdf"])
    assert "Kurdistan Witness Network" not in "".join(texts.values())


def test_a_leaked_name_stops_the_public_build(tmp_path: Path) -> None:
    data = report_dict()
    data["assessments"][0] = {**data["assessments"][0], "reason": "Zahra Ghassemi, released"}
    out = tmp_path / "run"
    with pytest.raises(InputError, match="identifying details"):
        build_report(ReportInput.from_dict(data), out, formats=["html"], public=True)
    assert not out.exists() and list(tmp_path.iterdir()) == []
    # The internal edition is for the team and is not scanned.
    build_report(ReportInput.from_dict(data), out, formats=["html"], public=False)
    assert "Zahra Ghassemi" in (out / "report.en.html").read_text("utf-8")


def test_unsigned_draft_and_refusals(report_input: ReportInput, tmp_path: Path) -> None:
    out = build_report(report_input, tmp_path / "draft", langs=["fa"], formats=["html"])
    assert sorted(_tree(out.out_dir)) == [
        "data/datapackage.json",
        "data/figures.csv",
        "data/sources.csv",
        "report.fa.html",
    ]
    assert out.manifest is None and "پیش‌نویس امضانشده" in out.html["fa"].read_text("utf-8")
    with pytest.raises(InputError, match="already exists"):
        build_report(report_input, tmp_path / "draft", formats=["html"])
    with pytest.raises(ConfigError, match="--lang"):
        build_report(report_input, tmp_path / "x", langs=["de"])
    with pytest.raises(ConfigError, match="--format"):
        build_report(report_input, tmp_path / "x", formats=["docx"])
    with pytest.raises(ConfigError, match="--threshold"):
        build_report(report_input, tmp_path / "x", threshold=0)
