"""The evidence store's tables (SQLAlchemy 2 declarative models).

One schema for SQLite and PostgreSQL. Identifying values live only in the ``*_pii``
columns, encrypted by :class:`paymaan.crypto.FieldCipher`; everything else is
non-identifying and stored in clear so that counts can be made without the key.
Alembic migrations in ``store/migrations`` create exactly these tables; a test keeps
the two in step.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "AuditEntry",
    "Assessment",
    "Base",
    "Case",
    "CaseRecord",
    "EstimateRow",
    "LinkDecision",
    "PersonRecord",
    "QuarantinedRow",
    "Record",
    "ReviewItem",
    "Run",
    "Source",
    "Submission",
    "User",
]

# Stable constraint names, so that migrations are identical on both databases.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# BigInteger ids that are still SQLite's rowid alias (INTEGER PRIMARY KEY).
Id = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class User(Base):
    """A person who acts on the workspace; ``actor`` in the audit log names one."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20))  # verifier | reviewer | reader
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class Source(Base):
    """A monitoring organization or dataset."""

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    alias: Mapped[str] = mapped_column(String(200), unique=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class Submission(Base):
    """One file received from a source."""

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("source_id", "sha256", name="uq_submissions_source_sha"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(500))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    received_by: Mapped[str] = mapped_column(String(200))
    mapping: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    mapping_sha256: Mapped[str | None] = mapped_column(String(64))
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_accepted: Mapped[int] = mapped_column(Integer, default=0)
    rows_quarantined: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="ingested")  # ingested | refused
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))


class Record(Base):
    """One row of a submission: one source's report of one act against one person."""

    __tablename__ = "records"
    __table_args__ = (
        UniqueConstraint("submission_id", "row_number", name="uq_records_submission_row"),
        Index("ix_records_source_event", "source_id", "event_type"),
    )
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    row_number: Mapped[int] = mapped_column(Integer)
    source_record_id: Mapped[str] = mapped_column(String(200))
    script: Mapped[str | None] = mapped_column(String(8))
    event_type: Mapped[str] = mapped_column(String(40))
    event_date_start: Mapped[dt.date | None] = mapped_column(Date)
    event_date_end: Mapped[dt.date | None] = mapped_column(Date)
    event_date_precision: Mapped[str | None] = mapped_column(String(8))
    report_date_start: Mapped[dt.date | None] = mapped_column(Date)
    report_date_end: Mapped[dt.date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(8))
    age: Mapped[int | None] = mapped_column(Integer)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    ethnicity: Mapped[str | None] = mapped_column(String(40))
    province: Mapped[str | None] = mapped_column(String(8))
    city: Mapped[str | None] = mapped_column(String(200))
    prison: Mapped[str | None] = mapped_column(String(200))
    charge: Mapped[str | None] = mapped_column(String(60))
    grounds: Mapped[str | None] = mapped_column(String(40))
    evidence: Mapped[str | None] = mapped_column(String(40))
    outlet: Mapped[str | None] = mapped_column(String(300))
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    # Non-identifying original values of mapped columns, as the source wrote them.
    original: Mapped[dict[str, Any]] = mapped_column(JSON)
    # AES-GCM(JSON{original identifying values, normalized name keys}), purpose "records.pii".
    pii: Mapped[bytes] = mapped_column(LargeBinary)


class QuarantinedRow(Base):
    """A row that could not be accepted, kept verbatim (encrypted) with its reason."""

    __tablename__ = "quarantine"
    __table_args__ = (
        UniqueConstraint("submission_id", "row_number", name="uq_quarantine_submission_row"),
    )
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"))
    row_number: Mapped[int] = mapped_column(Integer)
    column: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    # AES-GCM(JSON of the raw row), purpose "quarantine.raw": raw rows may hold names.
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | fixed
    fixed_record_id: Mapped[int | None] = mapped_column(ForeignKey("records.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class Run(Base):
    """One execution of a stage, with what it read and how it was configured."""

    __tablename__ = "runs"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    stage: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    input_hashes: Mapped[dict[str, Any]] = mapped_column(JSON)
    config: Mapped[dict[str, Any]] = mapped_column(JSON)
    config_sha256: Mapped[str] = mapped_column(String(64))
    software_version: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(String(20))  # running | succeeded | failed
    message: Mapped[str | None] = mapped_column(Text)
    artifacts: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # e.g. trained model JSON


class PersonRecord(Base):
    """Membership of a record in a person (a cluster) for one linkage run."""

    __tablename__ = "person_records"
    __table_args__ = (Index("ix_person_records_person", "run_id", "person_id"),)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"), primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), primary_key=True)
    person_id: Mapped[str] = mapped_column(String(64))


class Case(Base):
    """One real event consolidated from the records of one person (per linkage run)."""

    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"), index=True)
    case_id: Mapped[str] = mapped_column(String(64))
    person_id: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(40))
    date_start: Mapped[dt.date | None] = mapped_column(Date)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    sex: Mapped[str | None] = mapped_column(String(8))
    age: Mapped[int | None] = mapped_column(Integer)
    ethnicity: Mapped[str | None] = mapped_column(String(40))
    province: Mapped[str | None] = mapped_column(String(8))
    city: Mapped[str | None] = mapped_column(String(200))
    prison: Mapped[str | None] = mapped_column(String(200))
    charge: Mapped[str | None] = mapped_column(String(60))
    grounds: Mapped[str | None] = mapped_column(String(40))
    sources: Mapped[list[Any]] = mapped_column(JSON)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON)
    n_sources: Mapped[int] = mapped_column(Integer)
    conflict: Mapped[str | None] = mapped_column(Text)
    public: Mapped[bool] = mapped_column(Boolean, default=False)


class CaseRecord(Base):
    """Which records a case consolidates."""

    __tablename__ = "case_records"
    case_pk: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), primary_key=True)


class LinkDecision(Base):
    """A reviewer's must-link / cannot-link decision; always overrides the model."""

    __tablename__ = "link_decisions"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    record_id_a: Mapped[int] = mapped_column(ForeignKey("records.id"))
    record_id_b: Mapped[int] = mapped_column(ForeignKey("records.id"))
    decision: Mapped[str] = mapped_column(String(20))  # must_link | cannot_link
    actor: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class ReviewItem(Base):
    """A pair of records in the uncertainty band, waiting for a reviewer."""

    __tablename__ = "review_items"
    __table_args__ = (
        UniqueConstraint("run_id", "record_id_a", "record_id_b", name="uq_review_items_pair"),
    )
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    record_id_a: Mapped[int] = mapped_column(ForeignKey("records.id"))
    record_id_b: Mapped[int] = mapped_column(ForeignKey("records.id"))
    match_probability: Mapped[float] = mapped_column(Float)
    reason: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | decided | skipped


class EstimateRow(Base):
    """One estimate for one stratum and method (estimation run)."""

    __tablename__ = "estimates"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"), index=True)
    stratum: Mapped[dict[str, Any]] = mapped_column(JSON)
    method: Mapped[str] = mapped_column(String(40))
    observed: Mapped[int] = mapped_column(Integer)
    estimate: Mapped[float | None] = mapped_column(Float)
    lower: Mapped[float | None] = mapped_column(Float)
    upper: Mapped[float | None] = mapped_column(Float)
    details: Mapped[dict[str, Any]] = mapped_column(JSON)


class Assessment(Base):
    """One indicator in one period: status, counts and the cases behind them.

    ``period_end`` is the first day after the period (periods are half-open).
    """

    __tablename__ = "assessments"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"), index=True)
    agreement_id: Mapped[str] = mapped_column(String(100))
    commitment_id: Mapped[str] = mapped_column(String(100))
    indicator_id: Mapped[str] = mapped_column(String(100))
    period_label: Mapped[str] = mapped_column(String(40))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))  # flow | stock | share | structural
    status: Mapped[str] = mapped_column(String(20))
    documented: Mapped[int | None] = mapped_column(Integer)
    estimate: Mapped[float | None] = mapped_column(Float)
    lower: Mapped[float | None] = mapped_column(Float)
    upper: Mapped[float | None] = mapped_column(Float)
    # The coverage summary of the stratum (provinces in scope/covered, sources), or null.
    coverage: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    target: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    case_ids: Mapped[list[Any]] = mapped_column(JSON)
    pending_case_ids: Mapped[list[Any]] = mapped_column(JSON)
    # The rest of the assessment (estimate method, share denominator, imprecise cases, ...).
    details: Mapped[dict[str, Any]] = mapped_column(JSON)


class AuditEntry(Base):
    """An append-only, hash-chained log entry (see ``store/audit.py``)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    at: Mapped[str] = mapped_column(String(40))  # ISO 8601 UTC, hashed as written
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    object: Mapped[str] = mapped_column(String(300))
    details: Mapped[str] = mapped_column(Text)  # canonical JSON, hashed as written
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
