"""Workspaces: creation, discovery, keys, encryption at rest."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from paymaan.config import load_config
from paymaan.errors import ConfigError, PassphraseError, WorkspaceError
from paymaan.store import audit
from paymaan.store.records import insert_records
from paymaan.store.schema import Source, Submission
from paymaan.workspace import find_workspace, init_workspace
from paymaan.workspace_ops import rotate_workspace_passphrase, verify_audit


def test_init_creates_the_layout_and_a_first_audit_entry(tmp_path: Path, passphrase: str) -> None:
    ws = init_workspace(tmp_path / "ws", passphrase)
    for name in (
        "paymaan.toml",
        "paymaan.db",
        "archive",
        "keys/keys.json",
        "reports",
        "audit.head",
    ):
        assert (ws.root / name).exists(), name
    assert (ws.keys_dir.stat().st_mode & 0o777) == 0o700
    assert "BEGIN PUBLIC KEY" in ws.public_key_path.read_text()
    report = verify_audit(ws)
    assert report.ok and report.entries == 1


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path, passphrase: str) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(WorkspaceError, match="not empty"):
        init_workspace(tmp_path, passphrase)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_init_with_a_short_passphrase_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(PassphraseError):
        init_workspace(tmp_path / "ws", "short")
    assert not (tmp_path / "ws").exists()


def test_workspace_is_found_by_option_variable_or_current_folder(
    tmp_path: Path, passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = init_workspace(tmp_path / "ws", passphrase)
    assert find_workspace(ws.root).root == ws.root
    monkeypatch.setenv("PAYMAAN_WORKSPACE", str(ws.root))
    assert find_workspace().root == ws.root
    monkeypatch.delenv("PAYMAAN_WORKSPACE")
    monkeypatch.chdir(ws.root)
    assert find_workspace().root == ws.root
    monkeypatch.chdir(tmp_path)
    with pytest.raises(WorkspaceError, match="not a paymaan workspace"):
        find_workspace()


def test_a_bad_setting_is_named(tmp_path: Path, passphrase: str) -> None:
    ws = init_workspace(tmp_path / "ws", passphrase)
    path = ws.root / "paymaan.toml"
    path.write_text(path.read_text().replace("match_threshold = 0.9", 'match_threshold = "high"'))
    with pytest.raises(ConfigError, match=r"linkage.match_threshold must be a float"):
        load_config(path)
    path.write_text("[linkage]\nthreshold = 1\n")
    with pytest.raises(ConfigError, match="unknown setting linkage.threshold"):
        load_config(path)


def test_wrong_passphrase_changes_nothing(tmp_path: Path, passphrase: str) -> None:
    ws = init_workspace(tmp_path / "ws", passphrase)
    before = ws.key_file_path.read_bytes()
    original_key = ws.unlock(passphrase).data_key
    with pytest.raises(PassphraseError, match="wrong passphrase"):
        rotate_workspace_passphrase(ws, "not the passphrase", "a new passphrase")
    assert ws.key_file_path.read_bytes() == before
    assert verify_audit(ws).entries == 1
    rotate_workspace_passphrase(ws, passphrase, "a new passphrase")
    assert ws.unlock("a new passphrase").data_key == original_key
    with pytest.raises(PassphraseError):
        ws.unlock(passphrase)
    assert verify_audit(ws).entries == 2


NAMES = ["محمدرضا", "حسینی", "Mohammadreza", "Hosseini", "زینب", "Zeynab", "قاسمی", "Ghasemi"]


def test_names_are_not_stored_in_plain_text(tmp_path: Path, passphrase: str) -> None:
    ws = init_workspace(tmp_path / "ws", passphrase)
    cipher = ws.unlock(passphrase).cipher
    store = ws.open_store()
    with store.transaction() as session:
        source = Source(name="m", alias="M")
        session.add(source)
        session.flush()
        sub = Submission(source_id=source.id, sha256="0" * 64, filename="f", received_by="a")
        session.add(sub)
        session.flush()
        pii = cipher.encrypt_many_json(
            ({"first_name": NAMES[i % 8], "surname": NAMES[(i + 1) % 8]} for i in range(200)),
            purpose="records.pii",
        )
        insert_records(
            session,
            (
                {
                    "submission_id": sub.id,
                    "source_id": source.id,
                    "row_number": i,
                    "source_record_id": str(i),
                    "event_type": "arrest",
                    "original": {},
                    "pii": pii[i],
                }
                for i in range(200)
            ),
        )
        audit.append(session, actor="a", action="ingest", object=f"submission:{sub.id}")
    store.dispose()
    files = [p for p in ws.root.rglob("*") if p.is_file()]
    blob = b"".join(p.read_bytes() for p in files)  # database, WAL, archive, keys, settings
    for name in NAMES:
        assert name.encode("utf-8") not in blob, name
        assert name.lower().encode("utf-8") not in blob.lower(), name
    with sqlite3.connect(ws.root / "paymaan.db") as connection:  # and the rows are there
        assert connection.execute("select count(*) from records").fetchone() == (200,)
