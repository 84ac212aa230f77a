"""A small synthetic world with known truth, for testing verify end to end.

True events (executions, arrests and releases, sentences, ...) are drawn at known rates;
three monitors observe them independently: two national ones (A: 60%, B: 50%) and a
regional one (C: 80%, only in IR-04, IR-05, IR-11, IR-12). Linkage is perfect: every
observed true event is one case whose ``sources`` are the monitors that saw it. A share
of events is officially announced, and every monitor that saw one records it as
``official``. Executions stop on ``stop`` (a moratorium), after which monitors still
publish a few single-source false reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from paymaan.verify import Coverage, national_provinces

REGIONAL = ("IR-04", "IR-05", "IR-11", "IR-12")
CAPTURE = {"A": 0.6, "B": 0.5, "C": 0.8}
NON_CRIMINAL = (
    "political",
    "ideological",
    "religious",
    "ethnic",
    "labour",
    "civil_activism",
    "journalism",
)
# events per 30 days, and the (charge, grounds) they carry
RATES = {
    "execution": 60,
    "death_sentence": 20,
    "flogging": 6,
    "amputation": 1,
    "torture_report": 8,
    "death_in_custody": 2,
    "journalist_arrest": 3,
    "press_closure": 2,
    "internet_shutdown": 1,
    "candidate_disqualification": 2,
}
CHARGES = ("drug_related", "qisas_murder", "moharebeh", "rape")
ENTRY = ("arrest", "journalist_arrest", "imprisonment_sentence", "death_sentence")


@dataclass(frozen=True)
class World:
    truth: pd.DataFrame
    cases: pd.DataFrame
    coverage: Coverage
    start: date
    end: date
    stop: date


def _days(rng: np.random.Generator, n: int, start: date, end: date) -> list[date]:
    span = (end - start).days
    return [start + timedelta(days=int(d)) for d in rng.integers(0, span, n)]


def make_world(
    seed: int = 7,
    start: date = date(2024, 1, 1),
    end: date = date(2026, 1, 1),
    stop: date = date(2025, 9, 1),
) -> World:
    """Draw the world. Executions happen only before *stop*."""
    rng = np.random.default_rng(seed)
    provinces = list(national_provinces())
    rows: list[dict[str, object]] = []
    months = (end - start).days / 30

    def add(event_type: str, day: date, person: str, **fields: object) -> None:
        rows.append(
            {
                "event_id": f"e{len(rows)}",
                "person_id": person,
                "event_type": event_type,
                "date": day,
                "province": fields.get("province", provinces[int(rng.integers(len(provinces)))]),
                "charge": fields.get("charge"),
                "grounds": fields.get("grounds"),
                "sex": "female" if rng.random() < 0.05 else "male",
                "age": int(rng.integers(15, 70)),
                "ethnicity": "baluch" if rng.random() < 0.2 else "persian",
                "announced": bool(rng.random() < 0.1),
            }
        )

    for event_type, rate in RATES.items():
        last = stop if event_type == "execution" else end
        n = int(rng.poisson(rate * (last - start).days / 30))
        for day in _days(rng, n, start, last):
            charge = (
                CHARGES[int(rng.integers(len(CHARGES)))]
                if event_type in ("execution", "death_sentence")
                else None
            )
            grounds = (
                NON_CRIMINAL[int(rng.integers(len(NON_CRIMINAL)))]
                if event_type == "journalist_arrest"
                else None
            )
            add(event_type, day, f"p{len(rows)}", charge=charge, grounds=grounds)
    # Political detention: arrest, maybe a sentence, maybe a release, maybe a re-arrest.
    for index, day in enumerate(_days(rng, int(rng.poisson(40 * months)), start, end)):
        person = f"h{index}"
        grounds = NON_CRIMINAL[int(rng.integers(len(NON_CRIMINAL)))]
        province = provinces[int(rng.integers(len(provinces)))]
        add(
            "arrest",
            day,
            person,
            grounds=grounds,
            province=province,
            charge="propaganda_against_the_state",
        )
        if rng.random() < 0.3:
            add(
                "imprisonment_sentence",
                day + timedelta(days=30),
                person,
                grounds=grounds,
                province=province,
            )
        if rng.random() < 0.7:
            out = day + timedelta(days=int(rng.exponential(120)) + 1)
            add("release", out, person, province=province)
            if rng.random() < 0.2:
                add("arrest", out + timedelta(days=60), person, grounds=grounds, province=province)
    truth = pd.DataFrame(rows)
    truth = truth[truth["date"] < end].reset_index(drop=True)
    cases = _observe(rng, truth, stop, end)
    coverage = Coverage.from_declarations(
        [
            {"source": "A", "from": start.isoformat(), "to": end.isoformat()},
            {"source": "B", "from": start.isoformat(), "to": end.isoformat()},
            {
                "source": "C",
                "from": start.isoformat(),
                "to": end.isoformat(),
                "provinces": list(REGIONAL),
            },
        ]
    )
    return World(truth, cases, coverage, start, end, stop)


def _observe(rng: np.random.Generator, truth: pd.DataFrame, stop: date, end: date) -> pd.DataFrame:
    cases = []
    for event in truth.itertuples():
        seen = [
            source
            for source, p in CAPTURE.items()
            if (source != "C" or event.province in REGIONAL) and rng.random() < p
        ]
        if not seen:
            continue
        level = "official" if event.announced else None
        evidence = {s: level or ("own_documentation" if s == "C" else "media") for s in seen}
        cases.append(_case(f"c-{event.event_id}", event, seen, evidence))
    # False single-source reports of executions after the moratorium began.
    for index, day in enumerate(_days(rng, 4, stop + timedelta(days=40), end)):
        fake = truth.iloc[0].copy()
        fake["event_type"], fake["date"], fake["person_id"] = "execution", day, f"fake{index}"
        cases.append(_case(f"c-fake{index}", fake, ["A"], {"A": "unconfirmed"}))
    return pd.DataFrame(cases)


def _case(
    case_id: str, event: object, seen: list[str], evidence: dict[str, str]
) -> dict[str, object]:
    get = event.__getattribute__ if not isinstance(event, pd.Series) else event.__getitem__
    return {
        "case_id": case_id,
        "person_id": get("person_id"),
        "event_type": get("event_type"),
        "date_start": get("date"),
        "date_end": get("date"),
        "date_precision": "day",
        "charge": get("charge"),
        "grounds": get("grounds"),
        "sex": get("sex"),
        "age": get("age"),
        "ethnicity": get("ethnicity"),
        "province": get("province"),
        "city": None,
        "prison": None,
        "sources": sorted(seen),
        "evidence": evidence,
        "n_sources": len(seen),
        "record_ids": [],
        "conflict": False,
        "public": False,
    }


def truth_as_cases(truth: pd.DataFrame) -> pd.DataFrame:
    """The truth in the cases layout: every event seen by one source, "truth", which
    marks the officially announced ones ``official``."""
    return pd.DataFrame(
        [
            _case(
                f"t-{e.event_id}",
                e,
                ["truth"],
                {"truth": "official" if e.announced else "own_documentation"},
            )
            for e in truth.itertuples()
        ]
    )


def true_political_prisoners(truth: pd.DataFrame, at: date) -> int:
    """Persons held at *at*, computed independently of paymaan: replay the events in order."""
    held: dict[str, bool] = {}
    before = truth[truth["date"] < at].sort_values("date", kind="stable")
    for event_type, person, grounds in zip(
        before["event_type"], before["person_id"], before["grounds"], strict=True
    ):
        if event_type in ENTRY and grounds in NON_CRIMINAL:
            held[person] = True
        elif event_type in ("release", "execution", "death_in_custody"):
            held[person] = False
    return sum(held.values())


def chapman(observed: pd.DataFrame, lists: list[str] | tuple[str, ...]) -> "ChapmanEstimate":
    """Chapman's two-list estimator with a normal 95% interval (first two lists).

    N = (n1 + 1)(n2 + 1) / (m + 1) - 1,
    Var = (n1 + 1)(n2 + 1)(n1 - m)(n2 - m) / ((m + 1)^2 (m + 2))   (Seber 1982, 3.1.2).
    """
    first, second = lists[0], lists[1]
    in1 = observed["sources"].map(lambda s: first in s)
    in2 = observed["sources"].map(lambda s: second in s)
    n1, n2, m = int(in1.sum()), int(in2.sum()), int((in1 & in2).sum())
    total = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    variance = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    seen = int((in1 | in2).sum())
    half = 1.96 * variance**0.5
    return ChapmanEstimate(seen, total, max(seen, total - half), total + half, "chapman")


@dataclass(frozen=True)
class ChapmanEstimate:
    observed: int
    estimate: float
    lower: float
    upper: float
    method: str
