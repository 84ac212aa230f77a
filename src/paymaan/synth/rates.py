"""The rates and shares that shape the synthetic truth, at scale 1.

Sources are the monitors' public annual reports summarised in the project's domain
notes (docs/synth.md lists them): executions per year, the shares of charges, women
and ethnic groups among those executed, the grounds of political arrests.
"""

from __future__ import annotations

__all__ = [
    "ARRESTS_PER_YEAR",
    "ARREST_CHARGES",
    "ARREST_ETHNICITY",
    "ARREST_GROUNDS",
    "BURN_IN_YEARS",
    "EXECUTIONS",
    "EXECUTION_CHARGES",
    "FEMALE_BY_GROUNDS",
    "JOURNALIST_ARRESTS_PER_YEAR",
    "MEDIA_ARREST",
    "OFFICIAL_EXECUTION",
    "OUTLET_KINDS",
    "OUTLET_WORDS",
    "RAMADAN",
]

# Executions per year at scale 1 as reported by monitors (domain notes); other years: 975.
EXECUTIONS = {2021: 333, 2022: 582, 2023: 834, 2024: 975, 2025: 1500}
# First day of Ramadan (Gregorian) for the years the generator is likely to be asked.
RAMADAN = {
    2021: (4, 13),
    2022: (4, 2),
    2023: (3, 23),
    2024: (3, 11),
    2025: (3, 1),
    2026: (2, 18),
    2027: (2, 8),
    2028: (1, 28),
    2029: (1, 16),
    2030: (1, 6),
}
ARRESTS_PER_YEAR = 2400.0
JOURNALIST_ARRESTS_PER_YEAR = 90.0
BURN_IN_YEARS = 4

EXECUTION_CHARGES = {
    "male": {
        "drug_related": 0.52,
        "qisas_murder": 0.42,
        "moharebeh": 0.015,
        "efsad_fel_arz": 0.01,
        "baghi": 0.005,
        "espionage": 0.01,
        "rape": 0.02,
    },
    "female": {
        "qisas_murder": 0.70,
        "drug_related": 0.28,
        "efsad_fel_arz": 0.01,
        "moharebeh": 0.01,
    },
}
OFFICIAL_EXECUTION = {
    "drug_related": 0.04,
    "qisas_murder": 0.12,
    "moharebeh": 0.6,
    "efsad_fel_arz": 0.6,
    "baghi": 0.6,
    "espionage": 0.9,
    "rape": 0.4,
}
ARREST_GROUNDS = {
    "political": 0.30,
    "civil_activism": 0.20,
    "ethnic": 0.15,
    "religious": 0.13,
    "labour": 0.14,
    "ideological": 0.08,
}
FEMALE_BY_GROUNDS = {
    "political": 0.2,
    "civil_activism": 0.45,
    "ethnic": 0.1,
    "religious": 0.4,
    "labour": 0.15,
    "ideological": 0.3,
    "journalism": 0.35,
}
ARREST_ETHNICITY = {
    "default": {
        "persian": 0.52,
        "azerbaijani": 0.15,
        "kurdish": 0.13,
        "baluch": 0.04,
        "arab": 0.04,
        "lur": 0.05,
        "turkmen": 0.01,
        "gilak_mazandarani": 0.05,
        "other": 0.01,
    },
    "ethnic": {"kurdish": 0.45, "baluch": 0.22, "arab": 0.15, "azerbaijani": 0.14, "turkmen": 0.04},
    "religious": {
        "persian": 0.55,
        "kurdish": 0.15,
        "baluch": 0.2,
        "azerbaijani": 0.05,
        "other": 0.05,
    },
}
ARREST_CHARGES = {
    "political": {
        "propaganda_against_the_state": 0.35,
        "assembly_and_collusion": 0.35,
        "membership_of_opposition_group": 0.1,
        "disturbing_public_order": 0.1,
        "other": 0.1,
    },
    "religious": {
        "insulting_the_sacred": 0.25,
        "propaganda_against_the_state": 0.35,
        "membership_of_opposition_group": 0.2,
        "assembly_and_collusion": 0.2,
    },
    "labour": {
        "disturbing_public_order": 0.4,
        "assembly_and_collusion": 0.4,
        "propaganda_against_the_state": 0.2,
    },
    "ethnic": {
        "membership_of_opposition_group": 0.4,
        "assembly_and_collusion": 0.3,
        "propaganda_against_the_state": 0.2,
        "moharebeh": 0.1,
    },
    "civil_activism": {
        "assembly_and_collusion": 0.4,
        "propaganda_against_the_state": 0.3,
        "disturbing_public_order": 0.3,
    },
    "ideological": {
        "insulting_the_sacred": 0.3,
        "propaganda_against_the_state": 0.5,
        "assembly_and_collusion": 0.2,
    },
    "journalism": {
        "propaganda_against_the_state": 0.6,
        "assembly_and_collusion": 0.2,
        "disturbing_public_order": 0.1,
        "other": 0.1,
    },
}
MEDIA_ARREST = {"labour": 0.6, "civil_activism": 0.6, "journalism": 0.85}
OUTLET_WORDS = (
    ("افق", "Ofogh"),
    ("فردا", "Farda"),
    ("نگاه", "Negah"),
    ("پنجره", "Panjereh"),
    ("روشنا", "Roshana"),
    ("آینده", "Ayandeh"),
    ("کلید", "Kelid"),
    ("چشم‌انداز", "Cheshmandaz"),
    ("صدای مردم", "Sedaye Mardom"),
    ("آوا", "Ava"),
    ("پیام نو", "Payame No"),
    ("سپیده", "Sepideh"),
)
OUTLET_KINDS = (("روزنامه", "daily"), ("هفته‌نامه", "weekly"), ("سایت خبری", "news site"))
