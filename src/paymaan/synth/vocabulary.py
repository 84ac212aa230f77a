"""The words synthetic monitors use for paymaan's vocabulary codes.

Each monitor has its own words; its mapping file maps them back onto the codes of
``paymaan/data/vocab.yaml``. The tables here are the building blocks the profiles in
:mod:`paymaan.synth.monitors` combine.
"""

from __future__ import annotations

from paymaan.normalize.dates import JALALI_MONTH_NAMES_FA

__all__ = [
    "CHARGES_EN",
    "CHARGES_FA",
    "ETHNICITIES_EN",
    "ETHNICITIES_FA",
    "EVENTS_EN_WIRE",
    "EVENTS_FA_DAILY",
    "EVENTS_FA_YADMAN",
    "EVENTS_FA_ZAGROS",
    "GROUNDS_FA",
    "JALALI_MONTHS",
    "MALFORMED_EVENT_WORDS",
]

CHARGES_FA = {
    "drug_related": "مواد مخدر",
    "qisas_murder": "قتل عمد",
    "moharebeh": "محاربه",
    "efsad_fel_arz": "افساد فی‌الارض",
    "baghi": "بغی",
    "espionage": "جاسوسی برای اسرائیل",
    "rape": "تجاوز به عنف",
    "armed_robbery": "سرقت مسلحانه",
    "insulting_the_sacred": "توهین به مقدسات",
    "propaganda_against_the_state": "تبلیغ علیه نظام",
    "assembly_and_collusion": "اجتماع و تبانی",
    "membership_of_opposition_group": "عضویت در گروه‌های مخالف",
    "disturbing_public_order": "اخلال در نظم عمومی",
    "other": "سایر",
}

CHARGES_EN = {
    "drug_related": "Drug-related",
    "qisas_murder": "Murder (qisas)",
    "moharebeh": "Moharebeh",
    "efsad_fel_arz": "Efsad-e fel-arz",
    "baghi": "Baghi",
    "espionage": "Espionage",
    "rape": "Rape",
    "armed_robbery": "Armed robbery",
    "insulting_the_sacred": "Insulting the sacred",
    "propaganda_against_the_state": "Propaganda against the state",
    "assembly_and_collusion": "Assembly and collusion",
    "membership_of_opposition_group": "Membership of an opposition group",
    "disturbing_public_order": "Disturbing public order",
    "other": "Other",
}

GROUNDS_FA = {
    "political": "سیاسی",
    "ideological": "عقیدتی",
    "religious": "اقلیت‌های دینی",
    "ethnic": "قومی",
    "labour": "کارگری و صنفی",
    "civil_activism": "فعال مدنی",
    "journalism": "رسانه و بیان",
    "criminal": "عادی",
}

ETHNICITIES_FA = {
    "persian": "فارس",
    "azerbaijani": "ترک",
    "kurdish": "کرد",
    "baluch": "بلوچ",
    "arab": "عرب",
    "lur": "لر",
    "turkmen": "ترکمن",
    "gilak_mazandarani": "گیلک/مازنی",
    "afghan_national": "افغانستانی",
    "other": "سایر",
}

ETHNICITIES_EN = {
    "persian": "Persian",
    "azerbaijani": "Azeri",
    "kurdish": "Kurd",
    "baluch": "Baloch",
    "arab": "Arab",
    "lur": "Lor",
    "turkmen": "Turkmen",
    "gilak_mazandarani": "Gilak/Mazani",
    "afghan_national": "Afghan national",
    "other": "Other",
}

EVENTS_FA_DAILY = {
    "execution": "اجرای حکم اعدام",
    "death_sentence": "صدور حکم اعدام",
    "arrest": "بازداشت",
    "journalist_arrest": "بازداشت خبرنگار",
    "imprisonment_sentence": "صدور حکم حبس",
    "release": "آزادی",
    "torture_report": "شکنجه و بدرفتاری",
    "death_in_custody": "مرگ در زندان",
    "press_closure": "توقیف نشریه",
    "internet_shutdown": "قطع اینترنت",
}

EVENTS_FA_ZAGROS = {
    "execution": "اعدام",
    "death_sentence": "حکم اعدام",
    "arrest": "دستگیری",
    "imprisonment_sentence": "حبس",
    "release": "آزاد شد",
    "torture_report": "شکنجه",
    "death_in_custody": "جان‌باختن در بازداشت",
}

EVENTS_FA_YADMAN = {
    "execution": "اعدام",
    "death_in_custody": "مرگ در بازداشت",
    "imprisonment_sentence": "محکومیت به زندان",
}

EVENTS_EN_WIRE = {
    "execution": "Execution",
    "death_sentence": "Death sentence",
    "arrest": "Arbitrary arrest",
    "journalist_arrest": "Journalist detained",
    "death_in_custody": "Death in detention",
    "press_closure": "Media outlet shut down",
    "internet_shutdown": "Internet blackout",
}

# Words a monitor's staff type in the event-type column that are in no vocabulary.
MALFORMED_EVENT_WORDS = {"fa": "نامشخص - پیگیری شود", "en": "see notes"}

JALALI_MONTHS = JALALI_MONTH_NAMES_FA
