"""The report stage on a workspace: the newest verification in, a signed report out.

:func:`report_workspace` gathers everything a report is made from out of the store (the
agreement of the verify run, its assessments, the sources and their submissions, the
linkage and estimation facts of the runs behind it, the previous report, the names that
must never appear) and calls :func:`paymaan.report.build_report` with the workspace's
signing key.

Reproducible by construction: the report's identity, timestamp and audit head are those
of the verify run it reports on, not of the moment it is built, so the same workspace
state gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from paymaan import __version__
from paymaan.crypto import UnlockedKeys
from paymaan.errors import InputError
from paymaan.link.stage import latest_run_id
from paymaan.normalize.names import romanize
from paymaan.report import (
    ReportInput,
    ReportOutput,
    build_report,
    load_previous_report,
)
from paymaan.store import Store
from paymaan.store.frames import read_record_frame
from paymaan.store.schema import AuditEntry, Case, CaseRecord, Run, Source, Submission
from paymaan.verify.run import describe_agreement
from paymaan.verify.spec import Agreement, load_agreement
from paymaan.verify.stage import read_assessments
from paymaan.workspace import Workspace

__all__ = ["report_input_from_workspace", "report_workspace"]


@dataclass(frozen=True)
class _VerifyRun:
    id: int
    finished_at: Any
    agreement: str
    link_run: int


def _verify_run(store: Store, run_id: int | None) -> _VerifyRun:
    run_id = run_id or latest_run_id(store, "verify")
    if run_id is None:
        raise InputError(
            "no verification in this workspace yet", hint="Run `paymaan verify` first."
        )
    with store.transaction() as session:
        run = session.get(Run, run_id)
    if run is None or run.stage != "verify" or run.finished_at is None:
        raise InputError(f"run {run_id} is not a finished verification")
    finished = run.finished_at
    if finished.tzinfo is None:  # SQLite returns stored UTC times without their zone
        finished = finished.replace(tzinfo=dt.UTC)
    return _VerifyRun(run.id, finished, run.config["agreement_ref"], run.config["link_run"])


def _agreement_dict(spec: Agreement) -> dict[str, Any]:
    return {
        "id": spec.id,
        "title_en": spec.title.en,
        "title_fa": spec.title.fa,
        "effective_date": spec.effective_date,
        "commitments": [
            {
                "id": c.id,
                "text_en": c.text.en,
                "text_fa": c.text.fa,
                "indicators": [
                    {"id": i.id, "title_en": i.title.en, "title_fa": i.title.fa}
                    for i in c.indicators
                ],
            }
            for c in spec.commitments
        ],
    }


def _sources(store: Store) -> list[dict[str, Any]]:
    with store.transaction() as session:
        sources = session.execute(select(Source).order_by(Source.name)).scalars().all()
        out = []
        for source in sources:
            subs = (
                session.execute(
                    select(Submission).where(
                        Submission.source_id == source.id, Submission.status == "ingested"
                    )
                )
                .scalars()
                .all()
            )
            out.append(
                {
                    "name": source.name,
                    "alias": source.alias,
                    "anonymous": source.anonymous,
                    "rows_accepted": sum(s.rows_accepted for s in subs),
                    "rows_quarantined": sum(s.rows_quarantined for s in subs),
                    "submission_sha256s": sorted(s.sha256 for s in subs),
                }
            )
    return out


def _audit_head_of(store: Store, verify_run: int) -> str:
    with store.transaction() as session:
        entry = session.execute(
            select(AuditEntry.hash).where(
                AuditEntry.action == "verify", AuditEntry.object == f"run:{verify_run}"
            )
        ).scalar()
    return entry or ""


def _link_facts(store: Store, link_run: int) -> dict[str, Any]:
    with store.transaction() as session:
        run = session.get(Run, link_run)
        cases = session.execute(
            select(func.count()).select_from(Case).where(Case.run_id == link_run)
        ).scalar_one()
    artifacts = (run.artifacts if run else None) or {}
    facts: dict[str, Any] = {"linkage run": link_run, "cases": int(cases)}
    facts.update(artifacts.get("evaluation", {}))
    return facts


def _full_names(given: object, surname: object) -> set[str]:
    """A person's name as a report could print it: given name and surname, both orders,
    as written and romanized. Single names are not terms: many Persian names are
    ordinary words (آزادی freedom, بهمن a month, کرد Kurd) that reports must use."""
    if not (isinstance(given, str) and isinstance(surname, str)):
        return set()
    given, surname = given.strip(), surname.strip()
    if not given or not surname:
        return set()
    out = {f"{given} {surname}", f"{surname} {given}"}
    latin_given, latin_surname = romanize(given), romanize(surname)
    out |= {f"{latin_given} {latin_surname}", f"{latin_surname} {latin_given}"}
    return out


def _names(
    store: Store, keys: UnlockedKeys, link_run: int
) -> tuple[list[str], list[dict[str, str]]]:
    """Identifying terms of people who are not public; names of public cases."""
    frame = read_record_frame(store, keys.cipher)
    with store.transaction() as session:
        public = session.execute(
            select(Case.case_id, CaseRecord.record_id)
            .join(CaseRecord, CaseRecord.case_pk == Case.id)
            .where(Case.run_id == link_run, Case.public.is_(True))
        ).all()
    public_records = {int(r) for _, r in public}
    terms: set[str] = set()
    for row in frame.itertuples(index=False):
        if int(row.record_id) in public_records:
            continue
        terms |= _full_names(row.first_name, row.surname)
        terms |= _full_names(row.first_name, row.father_name)  # "X son of Y" forms
        if isinstance(row.full_name, str) and len(row.full_name.split()) > 1:
            terms.add(row.full_name.strip())
    by_record = frame.set_index("record_id")
    cases: dict[str, dict[str, str]] = {}
    for case_id, record_id in sorted(public, key=lambda cr: (str(cr[0]), int(cr[1]))):
        if str(case_id) in cases:
            continue
        record = by_record.loc[int(record_id)]
        name = " ".join(str(p) for p in (record.first_name, record.surname) if isinstance(p, str))
        cases[str(case_id)] = {
            "case_id": str(case_id),
            "name_en": romanize(name).title(),
            "name_fa": name,
        }
    return sorted(terms), list(cases.values())


def report_input_from_workspace(
    workspace: Workspace, keys: UnlockedKeys, *, verify_run_id: int | None = None
) -> tuple[ReportInput, str]:
    """Assemble the :class:`ReportInput` of a verify run; also returns its report id."""
    store = workspace.open_store()
    try:
        verify_run = _verify_run(store, verify_run_id)
        spec = load_agreement(verify_run.agreement)
        assessments = read_assessments(workspace, verify_run.id)
        rules = sorted({row["evidence"] for row in describe_agreement(spec) if row.get("evidence")})
        terms, public_cases = _names(store, keys, verify_run.link_run)
        previous_dirs = sorted(
            p for p in workspace.reports_dir.glob("verify-*") if (p / "manifest.json").exists()
        )
        report_id = f"verify-{verify_run.id}"
        previous_dirs = [p for p in previous_dirs if not p.name.startswith(report_id)]
        data: dict[str, Any] = {
            "agreement": _agreement_dict(spec),
            "assessments": assessments,
            "sources": _sources(store),
            "run": {
                "run_id": report_id,
                "finished_at": verify_run.finished_at,
                "software_version": __version__,
                "audit_head": _audit_head_of(store, verify_run.id),
                "agreement_sha256": spec.sha256 or "",
            },
            "evidence_rules": {"en": " ".join(f"{r}." for r in rules)},
            "linkage_quality": _link_facts(store, verify_run.link_run),
            "estimation": [],
            "previous": load_previous_report(previous_dirs[-1]) if previous_dirs else None,
            "public_cases": public_cases,
            "identifying_terms": terms,
        }
        return ReportInput.from_dict(data), report_id
    finally:
        store.dispose()


def report_workspace(
    workspace: Workspace,
    keys: UnlockedKeys,
    *,
    langs: tuple[str, ...] = ("en", "fa"),
    formats: tuple[str, ...] = ("html", "pdf"),
    public: bool = False,
    threshold: int | None = None,
    verify_run_id: int | None = None,
    out_dir: Path | None = None,
    actor: str | None = None,
) -> ReportOutput:
    """Build and sign the report of a verify run into ``reports/verify-<run>[-public]/``.

    Raises:
        InputError: no verification yet, the report folder exists, or a public build
            would name someone who is not public.
    """
    report_input, report_id = report_input_from_workspace(
        workspace, keys, verify_run_id=verify_run_id
    )
    target = out_dir or workspace.reports_dir / (report_id + ("-public" if public else ""))
    output = build_report(
        report_input,
        target,
        langs=langs,
        formats=formats,
        public=public,
        private_key=keys.signing_key,
        threshold=threshold or workspace.config.suppression_threshold,
    )
    store = workspace.open_store()
    try:
        workspace.audit(
            store,
            actor=actor,
            action="report",
            object=f"report:{target.name}",
            details={
                "public": public,
                "langs": list(langs),
                "formats": list(formats),
                "manifest_sha256": _sha256(output.manifest) if output.manifest else None,
            },
        )
    finally:
        store.dispose()
    return output


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()
