"""The audit chain finds every kind of tampering, on both databases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text

from paymaan.store import Store, audit, open_store


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    store = open_store(db_url, upgrade=True)
    with store.transaction() as session:
        for i in range(1, 6):
            audit.append(
                session,
                actor="ana",
                action="ingest",
                object=f"submission:{i}",
                details={"rows": i * 10},
            )
    yield store
    store.dispose()


def _verify(store: Store, head: audit.AuditHead | None = None) -> audit.AuditReport:
    with store.transaction() as session:
        return audit.verify_chain(session, head)


def test_an_untouched_chain_verifies(store: Store) -> None:
    report = _verify(store)
    assert report.ok and report.entries == 5 and report.head is not None
    assert report.head.seq == 5


def test_each_entry_links_to_its_predecessor(store: Store) -> None:
    with store.engine.connect() as connection:
        rows = connection.execute(text("SELECT prev_hash, hash FROM audit_log ORDER BY seq")).all()
    assert rows[0].prev_hash == audit.GENESIS_HASH
    assert all(rows[i].prev_hash == rows[i - 1].hash for i in range(1, len(rows)))


@pytest.mark.parametrize("column", ["details", "actor", "at", "object", "action"])
def test_an_edited_entry_is_named(store: Store, column: str) -> None:
    value = {"details": '{"rows":999}', "actor": "mallory", "at": "2020-01-01T00:00:00+00:00"}
    with store.engine.begin() as connection:
        connection.execute(
            text(f"UPDATE audit_log SET {column} = :v WHERE seq = 3"),
            {"v": value.get(column, "changed")},
        )
    report = _verify(store)
    assert report.problem is not None
    assert (report.problem.seq, report.problem.kind) == (3, "edited")


def test_an_edit_that_recomputes_its_own_hash_is_caught_at_the_next_entry(store: Store) -> None:
    with store.engine.begin() as connection:
        row = connection.execute(text("SELECT * FROM audit_log WHERE seq = 2")).one()
        forged = audit.entry_hash(
            seq=2,
            at=row.at,
            actor="mallory",
            action=row.action,
            object=row.object,
            details=row.details,
            prev_hash=row.prev_hash,
        )
        connection.execute(
            text("UPDATE audit_log SET actor = 'mallory', hash = :h WHERE seq = 2"), {"h": forged}
        )
    report = _verify(store)
    assert report.problem is not None and report.problem.seq == 3


def test_a_removed_entry_is_named(store: Store) -> None:
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE seq = 4"))
    report = _verify(store)
    assert report.problem is not None
    assert (report.problem.seq, report.problem.kind) == (4, "removed")


def test_reordered_entries_are_named(store: Store) -> None:
    # Swap the stored order of entries 2 and 3 by swapping their row ids.
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET id = 1000 WHERE seq = 2"))
        connection.execute(text("UPDATE audit_log SET id = 2 WHERE seq = 3"))
        connection.execute(text("UPDATE audit_log SET id = 3 WHERE seq = 2"))
    report = _verify(store)
    assert report.problem is not None
    assert report.problem.kind in {"removed", "reordered"}
    assert report.problem.seq in {2, 3}


def test_truncation_at_the_end_is_found_against_the_recorded_head(store: Store) -> None:
    head = _verify(store).head
    assert head is not None
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE seq >= 4"))
    assert _verify(store).ok  # a shorter chain is still a chain...
    report = _verify(store, head)  # ...but not the one the workspace recorded
    assert report.problem is not None and report.problem.kind == "truncated"


def test_appending_continues_the_chain_after_verification(store: Store) -> None:
    with store.transaction() as session:
        entry = audit.append(session, actor="ana", action="report", object="report:1")
    assert entry.seq == 6
    assert _verify(store).ok
