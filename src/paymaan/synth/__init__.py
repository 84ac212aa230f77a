"""Synthetic monitors with ground truth: the test bed for every stage.

:func:`generate` draws a population of real events (executions, death sentences,
detentions of activists with their sentences and releases, torture reports, deaths
in custody, press closures, internet shutdowns), lets several fictional monitors
document them with their own coverage, language, spelling habits, calendars, file
layouts and errors, and writes their exports, their ingest mappings and the ground
truth that links every row to its real person and event. See docs/synth.md.
"""

from paymaan.synth.generate import DEFAULT_SEED, DEFAULT_YEARS, SynthResult, generate, parse_years
from paymaan.synth.monitors import MonitorProfile, capture_probability, default_profiles, profiles
from paymaan.synth.names import (
    RomanizationHabit,
    apply_latin_habit,
    load_given_names,
    load_surnames,
)
from paymaan.synth.truth import EVENT_TYPES, POLITICAL_GROUNDS, Truth, generate_truth

__all__ = [
    "DEFAULT_SEED",
    "DEFAULT_YEARS",
    "EVENT_TYPES",
    "POLITICAL_GROUNDS",
    "MonitorProfile",
    "RomanizationHabit",
    "SynthResult",
    "Truth",
    "apply_latin_habit",
    "capture_probability",
    "default_profiles",
    "generate",
    "generate_truth",
    "parse_years",
    "load_given_names",
    "load_surnames",
    "profiles",
]
