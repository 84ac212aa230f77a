"""Runs: every stage execution is recorded with its inputs, configuration and outcome.

A run row is committed when the stage starts (outcome ``running``) in its own
transaction, so a crash leaves a visible trace; the stage's own writes happen in other
transactions; the run is closed with ``succeeded`` or ``failed`` at the end.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from paymaan import __version__
from paymaan.store.audit import canonical_json
from paymaan.store.db import Store
from paymaan.store.schema import Run

__all__ = ["RunHandle", "config_hash", "recorded_run"]


def config_hash(config: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a configuration."""
    return hashlib.sha256(canonical_json(config).encode("utf-8")).hexdigest()


@dataclass
class RunHandle:
    """What a stage gets while its run is open."""

    id: int
    stage: str
    started_at: dt.datetime
    artifacts: dict[str, Any] = field(default_factory=dict)
    message: str | None = None


@contextmanager
def recorded_run(
    store: Store,
    stage: str,
    *,
    actor: str,
    inputs: dict[str, Any] | None = None,
    config: dict[str, Any] | None = None,
) -> Iterator[RunHandle]:
    """Record a run of *stage* around the body of a ``with`` block.

    Example:
        >>> with recorded_run(store, "link", actor="ana", config={"threshold": 0.9}) as run:
        ...     run.artifacts["model"] = {...}
    """
    config = config or {}
    started = dt.datetime.now(dt.UTC)
    with store.transaction() as session:
        row = Run(
            stage=stage,
            started_at=started,
            input_hashes=inputs or {},
            config=config,
            config_sha256=config_hash(config),
            software_version=__version__,
            actor=actor,
            outcome="running",
        )
        session.add(row)
        session.flush()
        handle = RunHandle(id=row.id, stage=stage, started_at=started)
    try:
        yield handle
    except BaseException as error:
        _close(store, handle, "failed", f"{type(error).__name__}: {error}")
        raise
    _close(store, handle, "succeeded", handle.message)


def _close(store: Store, handle: RunHandle, outcome: str, message: str | None) -> None:
    with store.transaction() as session:
        row = session.get(Run, handle.id)
        assert row is not None
        row.finished_at = dt.datetime.now(dt.UTC)
        row.outcome = outcome
        row.message = message
        row.artifacts = handle.artifacts or None
