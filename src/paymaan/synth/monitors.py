"""The synthetic monitoring organizations: what each sees, and how it writes it down.

Five fictional organizations model the kinds of monitors that document Iran: a
national daily-reports monitor, an executions monitor that separates official from
unofficial cases, a Kurdish-focused monitor, an international media-driven monitor
and a memorial archive of the dead and the imprisoned. A :class:`MonitorProfile`
holds everything that makes one organization's export its own: coverage (a capture
hazard per event type, raised or lowered by province, ethnicity, grounds, charge,
media attention, official announcement and sex), language and spelling habits,
calendar and date style, file format, column names, its own words for event types
and charges, and its error rates. More than five monitors are made by varying these.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from paymaan.synth import vocabulary as words
from paymaan.synth.names import RomanizationHabit, random_habit

__all__ = ["MonitorProfile", "capture_probability", "default_profiles", "profiles"]


@dataclass(frozen=True)
class MonitorProfile:
    """One monitor: identity, coverage, language, dates, file layout and errors.

    Coverage is a hazard: an event is documented with probability
    ``1 - exp(-h)``, where ``h`` is ``hazard[event_type]`` times every factor that
    applies to the event and times the event's shared visibility. Rates (``p_*``)
    are per row.
    """

    key: str
    name: str
    alias: str
    anonymous: bool
    description: str
    language: str  # "fa" (Persian script) or "en" (Latin script)
    file_format: str  # csv | xlsx | jsonl
    file_name: str
    encoding: str
    delimiter: str | None
    calendar: str  # jalali | gregorian
    digits: str  # persian | arabic | latin (digits in dates and numbers)
    date_pattern: str  # "{y}/{m:02d}/{d:02d}" style, or "dmy_text" for "5 March 2024"
    columns: dict[str, str]
    vocab: dict[str, dict[str, str]]  # field -> vocabulary code -> the monitor's word
    hazard: dict[str, float]
    province_factor: dict[str, float] = field(default_factory=dict)
    ethnicity_factor: dict[str, float] = field(default_factory=dict)
    grounds_factor: dict[str, float] = field(default_factory=dict)
    charge_factor: dict[str, float] = field(default_factory=dict)
    media_factor: float = 1.0
    official_factor: float = 1.0
    female_factor: float = 1.0
    habit: RomanizationHabit = field(default_factory=RomanizationHabit)
    zwnj_habit: str = "keep"
    p_arabic_letters: float = 0.0
    p_spelling_noise: float = 0.1
    p_month_only: float = 0.0
    p_report_date: float = 0.0
    p_date_shift: float = 0.05
    p_typo: float = 0.02
    p_swap_names: float = 0.01
    p_missing_father: float = 0.1
    p_missing_age: float = 0.2
    p_duplicate: float = 0.02
    p_malformed: float = 0.004
    province_style: str = "name"  # name | iso
    id_prefix: str = ""
    evidence_constant: str | None = None


def _fa_common() -> dict[str, dict[str, str]]:
    return {
        "sex": {"male": "مرد", "female": "زن"},
        "charge": dict(words.CHARGES_FA),
        "grounds": dict(words.GROUNDS_FA),
        "ethnicity": dict(words.ETHNICITIES_FA),
    }


def _didban_daily() -> MonitorProfile:
    return MonitorProfile(
        key="didban-daily",
        name="Didban Daily Rights Bulletin",
        alias="Monitor A",
        anonymous=False,
        description="National Persian-language monitor publishing daily reports of arrests, "
        "sentences, executions and labour protests from its own network and the press.",
        language="fa",
        file_format="jsonl",
        file_name="didban_reports.jsonl",
        encoding="utf-8",
        delimiter=None,
        calendar="jalali",
        digits="latin",
        date_pattern="{y}/{m:02d}/{d:02d}",
        columns={
            "source_record_id": "کد گزارش",
            "first_name": "نام",
            "surname": "نام خانوادگی",
            "father_name": "نام پدر",
            "sex": "جنسیت",
            "age": "سن",
            "event_type": "نوع رویداد",
            "event_date": "تاریخ رویداد",
            "report_date": "تاریخ گزارش",
            "province": "استان",
            "city": "شهر",
            "prison": "زندان",
            "charge": "اتهام",
            "grounds": "نوع پرونده",
            "outlet": "رسانه",
        },
        vocab={**_fa_common(), "event_type": dict(words.EVENTS_FA_DAILY)},
        hazard={
            "execution": 0.26,
            "death_sentence": 0.25,
            "arrest": 0.5,
            "journalist_arrest": 0.7,
            "imprisonment_sentence": 0.45,
            "release": 0.3,
            "torture_report": 0.35,
            "death_in_custody": 0.45,
            "press_closure": 0.6,
            "internet_shutdown": 0.6,
        },
        province_factor={"IR-11": 0.5, "IR-23": 1.4, "IR-30": 1.3},
        grounds_factor={"labour": 1.6, "civil_activism": 1.3},
        media_factor=2.0,
        official_factor=1.5,
        zwnj_habit="keep",
        p_arabic_letters=0.15,
        p_report_date=0.15,
        p_date_shift=0.05,
        p_missing_father=0.5,
        p_missing_age=0.35,
        id_prefix="HR-",
        evidence_constant="own_documentation",
    )


def _gallows_watch() -> MonitorProfile:
    return MonitorProfile(
        key="gallows-watch",
        name="Gallows Watch",
        alias="Monitor B",
        anonymous=False,
        description="Executions monitor writing in English. Counts an execution as official "
        "when announced by the judiciary or state media; an unofficial one only when two "
        "independent sources confirm it.",
        language="en",
        file_format="csv",
        file_name="gallows_watch_executions.csv",
        encoding="utf-8",
        delimiter=",",
        calendar="gregorian",
        digits="latin",
        date_pattern="{y}-{m:02d}-{d:02d}",
        columns={
            "source_record_id": "Case ID",
            "first_name": "First name",
            "surname": "Last name",
            "father_name": "Father's name",
            "sex": "Gender",
            "age": "Age",
            "event_type": "Type",
            "event_date": "Date",
            "province": "Province",
            "city": "City",
            "prison": "Prison",
            "charge": "Charge",
            "evidence": "Reporting status",
            "ethnicity": "Ethnicity",
        },
        vocab={
            "event_type": {"execution": "Executed", "death_sentence": "Sentenced to death"},
            "sex": {"male": "M", "female": "F"},
            "charge": dict(words.CHARGES_EN),
            "evidence": {"official": "Official", "own_documentation": "Unofficial (2 sources)"},
            "ethnicity": dict(words.ETHNICITIES_EN),
        },
        hazard={"execution": 0.38, "death_sentence": 0.2},
        province_factor={"IR-11": 0.8},
        media_factor=1.6,
        official_factor=6.0,
        female_factor=1.5,
        habit=RomanizationHabit({}),
        p_spelling_noise=0.05,
        p_date_shift=0.04,
        p_missing_father=0.6,
        p_missing_age=0.3,
        id_prefix="GW-",
    )


def _zagros_rights() -> MonitorProfile:
    return MonitorProfile(
        key="zagros-rights",
        name="Zagros Human Rights Network",
        alias="Monitor C",
        anonymous=True,
        description="Kurdish-focused monitor (Persian script) documenting executions, arrests and "
        "sentences in Kurdistan, Kermanshah, West Azerbaijan and Ilam through its own contacts; "
        "counts only cases it confirmed itself.",
        language="fa",
        file_format="csv",
        file_name="zagros_cases.csv",
        encoding="utf-8-sig",
        delimiter=";",
        calendar="jalali",
        digits="persian",
        date_pattern="{y}/{m:02d}/{d:02d}",
        columns={
            "source_record_id": "ردیف",
            "first_name": "نام",
            "surname": "نام خانوادگی",
            "father_name": "نام پدر",
            "sex": "جنسیت",
            "age": "سن",
            "ethnicity": "قومیت",
            "event_type": "نوع",
            "event_date": "تاریخ",
            "province": "استان",
            "city": "شهر",
            "prison": "زندان",
            "charge": "اتهام",
        },
        vocab={
            **_fa_common(),
            "sex": {"male": "مذکر", "female": "مونث"},
            "charge": {
                **words.CHARGES_FA,
                "drug_related": "قاچاق مواد مخدر",
                "qisas_murder": "قصاص",
                "membership_of_opposition_group": "همکاری با احزاب کرد",
            },
            "event_type": dict(words.EVENTS_FA_ZAGROS),
        },
        # Low everywhere, very high in the Kurdish provinces, higher for Kurds anywhere.
        hazard={
            "execution": 0.02,
            "death_sentence": 0.015,
            "arrest": 0.012,
            "imprisonment_sentence": 0.015,
            "release": 0.01,
            "torture_report": 0.02,
            "death_in_custody": 0.02,
        },
        province_factor={"IR-12": 45.0, "IR-05": 35.0, "IR-04": 28.0, "IR-16": 20.0, "IR-11": 0.5},
        ethnicity_factor={"kurdish": 4.0},
        grounds_factor={"ethnic": 2.0},
        zwnj_habit="space",
        p_arabic_letters=0.05,
        p_month_only=0.05,
        p_date_shift=0.06,
        p_missing_father=0.25,
        p_missing_age=0.4,
        p_duplicate=0.03,
        id_prefix="",
        evidence_constant="own_documentation",
    )


def _global_rights_wire() -> MonitorProfile:
    return MonitorProfile(
        key="global-rights-wire",
        name="Global Rights Wire",
        alias="Monitor D",
        anonymous=False,
        description="International organization working in English from media reports; sees "
        "mostly cases that reached the press, writes names as the press romanizes them.",
        language="en",
        file_format="jsonl",
        file_name="grw_incidents.jsonl",
        encoding="utf-8",
        delimiter=None,
        calendar="gregorian",
        digits="latin",
        date_pattern="dmy_text",
        columns={
            "source_record_id": "id",
            "full_name": "name",
            "sex": "gender",
            "age": "age",
            "event_type": "incident",
            "event_date": "date",
            "province": "location",
            "outlet": "outlet",
            "evidence": "source_type",
        },
        vocab={
            "event_type": dict(words.EVENTS_EN_WIRE),
            "sex": {"male": "male", "female": "female"},
            "evidence": {"media": "press report", "official": "state media"},
        },
        hazard={
            "execution": 0.012,
            "death_sentence": 0.01,
            "arrest": 0.006,
            "journalist_arrest": 0.06,
            "death_in_custody": 0.03,
            "press_closure": 0.25,
            "internet_shutdown": 0.6,
        },
        media_factor=12.0,
        female_factor=2.5,
        habit=RomanizationHabit(
            {
                "mohammad": 1,
                "hossein": 2,
                "gh": 1,
                "compound": 2,
                "ou": 2,
                "aei": 2,
                "surname_case": 1,
            }
        ),
        p_spelling_noise=0.2,
        p_month_only=0.5,
        p_date_shift=0.1,
        p_typo=0.03,
        p_swap_names=0.03,
        p_missing_father=1.0,
        p_missing_age=0.5,
        id_prefix="GRW-",
    )


def _yadman_archive() -> MonitorProfile:
    return MonitorProfile(
        key="yadman-archive",
        name="Yadman Memorial and Prisons Archive",
        alias="Monitor E",
        anonymous=True,
        description="Memorial archive (Persian) keeping one record per person killed (executions, "
        "deaths in custody) and a register of political prisoners' sentences.",
        language="fa",
        file_format="xlsx",
        file_name="yadman_register.xlsx",
        encoding="utf-8",
        delimiter=None,
        calendar="jalali",
        digits="arabic",
        date_pattern="{y}/{m:02d}/{d:02d}",
        columns={
            "source_record_id": "شماره پرونده",
            "first_name": "نام",
            "surname": "نام خانوادگی",
            "father_name": "نام پدر",
            "birth_year": "سال تولد",
            "sex": "جنسیت",
            "ethnicity": "قومیت",
            "event_type": "نوع رویداد",
            "event_date": "تاریخ",
            "province": "محل",
            "city": "شهر",
            "prison": "زندان",
            "charge": "اتهام",
        },
        vocab={**_fa_common(), "event_type": dict(words.EVENTS_FA_YADMAN)},
        hazard={"execution": 0.18, "death_in_custody": 0.5, "imprisonment_sentence": 0.12},
        charge_factor={"moharebeh": 4.0, "efsad_fel_arz": 3.0, "baghi": 4.0, "espionage": 3.0},
        grounds_factor={"religious": 2.0, "ethnic": 1.5},
        female_factor=2.0,
        zwnj_habit="join",
        p_arabic_letters=0.3,
        p_month_only=0.45,
        p_date_shift=0.05,
        p_missing_father=0.15,
        p_missing_age=0.0,
        p_duplicate=0.015,
        id_prefix="Y",
        evidence_constant="own_documentation",
    )


def default_profiles() -> list[MonitorProfile]:
    """The five default monitors, in the order ``--monitors M`` takes them.

    Example:
        >>> [p.key for p in default_profiles()][:2]
        ['didban-daily', 'gallows-watch']
    """
    return [
        _didban_daily(),
        _gallows_watch(),
        _zagros_rights(),
        _global_rights_wire(),
        _yadman_archive(),
    ]


def profiles(count: int, rng: np.random.Generator) -> list[MonitorProfile]:
    """The first ``count`` default monitors; beyond five, variations of them.

    A generated monitor copies a default one, renames it, scales its hazards by a
    random factor between 0.5 and 1.5 and draws a new spelling habit.
    """
    base = default_profiles()
    chosen = base[:count]
    for number in range(len(base) + 1, count + 1):
        template = base[(number - 1) % len(base)]
        factor = float(rng.uniform(0.5, 1.5))
        stem = template.file_name.rsplit(".", 1)
        chosen.append(
            dataclasses.replace(
                template,
                key=f"regional-monitor-{number}",
                name=f"Regional Monitor {number}",
                alias=f"Monitor {number}",
                description=f"Generated variation of {template.name}. {template.description}",
                file_name=f"{stem[0]}_{number}.{stem[1]}",
                hazard={k: v * factor for k, v in template.hazard.items()},
                habit=random_habit(rng),
                id_prefix=f"M{number}-",
            )
        )
    return chosen


def _factor(values: pd.Series, table: dict[str, float]) -> np.ndarray:
    if not table:
        return np.ones(len(values))
    return np.asarray(values.map(table).fillna(1.0).to_numpy(dtype=float))


def capture_probability(profile: MonitorProfile, events: pd.DataFrame) -> np.ndarray:
    """Probability that ``profile`` documents each event of ``events``.

    Args:
        profile: the monitor.
        events: the truth's events (columns event_type, province, ethnicity, grounds,
            charge, media, official, sex, visibility).

    Returns:
        One probability per event, ``1 - exp(-hazard)``.
    """
    hazard = _factor(events["event_type"], profile.hazard)
    hazard = np.where(events["event_type"].isin(list(profile.hazard)).to_numpy(), hazard, 0.0)
    hazard = hazard * _factor(events["province"], profile.province_factor)
    hazard = hazard * _factor(events["ethnicity"], profile.ethnicity_factor)
    hazard = hazard * _factor(events["grounds"], profile.grounds_factor)
    hazard = hazard * _factor(events["charge"], profile.charge_factor)
    hazard = hazard * np.where(events["media"].to_numpy() == 1, profile.media_factor, 1.0)
    hazard = hazard * np.where(events["official"].to_numpy() == 1, profile.official_factor, 1.0)
    hazard = hazard * np.where(events["sex"].to_numpy() == "female", profile.female_factor, 1.0)
    hazard = hazard * events["visibility"].to_numpy(dtype=float)
    return np.asarray(1.0 - np.exp(-hazard))
