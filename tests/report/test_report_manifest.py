"""Signing and verifying a report folder, in the library and on the command line."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from paymaan.cli import app
from paymaan.errors import InputError
from paymaan.report import ReportInput, build_report, verify_report
from paymaan.report.manifest import canonical_json, key_fingerprint


@pytest.fixture
def html_report(report_input: ReportInput, signing_key: Ed25519PrivateKey, tmp_path: Path) -> Path:
    out = tmp_path / "run"
    build_report(report_input, out, formats=["html"], public=True, private_key=signing_key)
    return out


def _kinds(path: Path, key: Path | None = None) -> list[tuple[str, str]]:
    return [(d.kind, d.path) for d in verify_report(path, key).differences]


def test_manifest_lists_every_file_and_the_inputs(html_report: Path) -> None:
    manifest = json.loads((html_report / "manifest.json").read_bytes())
    assert sorted(manifest["files"]) == [
        "data/datapackage.json",
        "data/figures.csv",
        "data/sources.csv",
        "report.en.html",
        "report.fa.html",
    ]
    assert manifest["agreement_sha256"] == "9" * 64
    assert manifest["audit_head"] == "f" * 64
    assert manifest["software_version"] == "0.1.0"
    assert {s["sha256"] for s in manifest["submissions"]} == {c * 64 for c in "abcde"}
    # the anonymous source is listed under its alias only
    assert {s["source"] for s in manifest["submissions"]} >= {"Source K"}
    assert "Kurdistan" not in (html_report / "manifest.json").read_text("utf-8")
    assert (html_report / "manifest.json").read_bytes() == canonical_json(manifest)
    result = verify_report(html_report)
    assert result.ok and result.files_checked == 5 and result.key_shipped_with_report


def test_every_kind_of_tampering_is_named(html_report: Path, tmp_path: Path) -> None:
    key = tmp_path / "publisher.pem"
    shutil.copy(html_report / "public_key.pem", key)
    page = html_report / "report.fa.html"
    data = bytearray(page.read_bytes())
    data[len(data) // 2] ^= 0x01  # one changed bit
    page.write_bytes(bytes(data))
    (html_report / "data" / "sources.csv").unlink()
    (html_report / "notes.txt").write_text("added")
    assert _kinds(html_report, key) == [
        ("missing", "data/sources.csv"),
        ("extra", "notes.txt"),
        ("changed", "report.fa.html"),
    ]


def test_edited_manifest_or_other_key_breaks_the_signature(
    html_report: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.pem"
    other.write_bytes(
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    assert _kinds(html_report, other) == [("bad_signature", "manifest.sig")]
    manifest = json.loads((html_report / "manifest.json").read_bytes())
    manifest["files"]["report.en.html"] = "0" * 64
    (html_report / "manifest.json").write_bytes(canonical_json(manifest))
    assert _kinds(html_report) == [
        ("bad_signature", "manifest.sig"),
        ("changed", "report.en.html"),
    ]
    (html_report / "manifest.sig").unlink()
    assert ("missing", "manifest.sig") in _kinds(html_report)


def test_unusable_folder_or_key_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a folder"):
        verify_report(tmp_path / "nowhere")
    with pytest.raises(InputError, match="public key not found"):
        verify_report(tmp_path)
    (tmp_path / "k.pem").write_text("not a key")
    with pytest.raises(InputError, match="not a PEM public key"):
        verify_report(tmp_path, tmp_path / "k.pem")


@settings(max_examples=30, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
        max_leaves=10,
    )
)
def test_signature_verifies_after_canonical_serialisation(value: object) -> None:
    key = Ed25519PrivateKey.from_private_bytes(bytes(32))
    body = canonical_json({"files": {}, "extra": value})
    signature = base64.b64decode(base64.b64encode(key.sign(body)))
    reparsed = canonical_json(json.loads(body.decode("utf-8")))
    assert reparsed == body
    key.public_key().verify(signature, reparsed)


def test_cli_verify_accepts_and_rejects(html_report: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    key = tmp_path / "publisher.pem"
    shutil.copy(html_report / "public_key.pem", key)
    ok = runner.invoke(app, ["report", "verify", str(html_report), "--public-key", str(key)])
    assert ok.exit_code == 0, ok.output
    assert "signature good; all 5 files match" in ok.output
    fingerprint = key_fingerprint(
        serialization.load_pem_public_key(key.read_bytes())  # type: ignore[arg-type]
    )
    assert fingerprint in ok.output
    shipped = runner.invoke(app, ["report", "verify", str(html_report)])
    assert shipped.exit_code == 0 and "publisher announces" in shipped.output
    csv_path = html_report / "data" / "figures.csv"
    csv_path.write_bytes(csv_path.read_bytes().replace(b"not_met", b"met____", 1))
    bad = runner.invoke(app, ["report", "verify", str(html_report), "--public-key", str(key)])
    assert bad.exit_code == 8
    assert "changed: data/figures.csv" in bad.output
