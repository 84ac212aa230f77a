"""``generate()``: the truth, the monitors' files and the ground truth, for one seed."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from paymaan.errors import ConfigError
from paymaan.synth.geography import load_geography
from paymaan.synth.monitors import MonitorProfile, capture_probability, profiles
from paymaan.synth.names import load_given_names, load_surnames
from paymaan.synth.render import RenderedMonitor, render_monitor
from paymaan.synth.truth import EVENT_TYPES, Truth, generate_truth
from paymaan.synth.writers import sha256_of, write_csv, write_monitor

__all__ = [
    "DEFAULT_SEED",
    "DEFAULT_YEARS",
    "FORMAT_VERSION",
    "SynthResult",
    "generate",
    "parse_years",
]

DEFAULT_SEED = 2024
DEFAULT_YEARS = (2024, 2025)
FORMAT_VERSION = 1
MAX_MONITORS = 20
# Scale 1 is about 14,000 rows and 16,300 true events; memory grows by about 40 MB a
# scale unit, so 250 (about 3.6 million rows) stays within a 24 GB machine.
MAX_SCALE = 250.0
_EVENT_COLUMNS = [
    "event_id",
    "person_id",
    "event_type",
    "date",
    "charge",
    "grounds",
    "province",
    "city",
    "prison",
    "sex",
    "age",
    "ethnicity",
    "official",
    "media",
    "outlet",
    "visibility",
]
_PERSON_COLUMNS = [
    "person_id",
    "first_name_fa",
    "father_name_fa",
    "surname_fa",
    "first_name_latin",
    "father_name_latin",
    "surname_latin",
    "sex",
    "birth_year",
    "ethnicity",
    "province",
    "city",
]
_OWNED = ("monitors", "truth", "manifest.json")


@dataclass(frozen=True)
class SynthResult:
    """What :func:`generate` wrote, and the figures a summary shows.

    ``rows_per_monitor`` counts every row of each export (duplicates and malformed
    rows included); ``true_counts`` counts the real events per type;
    ``undocumented_executions_share`` is the share of true executions that no monitor
    documented in a well-formed row.
    """

    out_dir: Path
    seed: int
    scale: float
    years: tuple[int, ...]
    monitors: tuple[str, ...]
    rows_per_monitor: dict[str, int]
    true_counts: dict[str, int]
    undocumented_executions_share: float
    files: tuple[Path, ...] = field(default_factory=tuple)


def parse_years(values: Sequence[str]) -> list[int]:
    """Years from ``--year`` values: single years (``2024``) or ranges (``2023-2025``).

    Args:
        values: the option's values; empty means the default years.

    Returns:
        The sorted years.

    Raises:
        ConfigError: a value is neither a year nor a range of years.

    Example:
        >>> parse_years(["2023-2024", "2025"])
        [2023, 2024, 2025]
    """
    if not values:
        return list(DEFAULT_YEARS)
    years: set[int] = set()
    for value in values:
        text = value.strip()
        try:
            if "-" in text[1:]:
                low, high = (int(part) for part in text.split("-", 1))
                years.update(range(low, high + 1))
            else:
                years.add(int(text))
        except ValueError:
            raise ConfigError(
                f"--year {value!r} is not a year or a range of years.",
                hint="Examples: --year 2024, --year 2023-2025.",
            ) from None
    return sorted(years)


def _check_options(
    out_dir: Path, scale: float, years: Sequence[int], monitors: int, overwrite: bool
) -> list[int]:
    ordered = sorted(set(int(y) for y in years))
    if not ordered:
        raise ConfigError(
            "--year: give at least one year.", hint="Example: --year 2024 --year 2025"
        )
    if ordered != list(range(ordered[0], ordered[-1] + 1)):
        raise ConfigError(
            f"--year: the years {ordered} are not consecutive.",
            hint="Give a range such as --year 2023-2025.",
        )
    if not 1979 <= ordered[0] <= ordered[-1] <= 2100:
        raise ConfigError(f"--year: {ordered[0]}..{ordered[-1]} is outside 1979..2100.")
    if not 0 < scale <= MAX_SCALE:
        raise ConfigError(
            f"--scale must be above 0 and at most {MAX_SCALE:g}, not {scale:g}.",
            hint="Scale 1 is Iran's reported volume, about 14,000 rows across five monitors; "
            "scale 70 is about a million rows.",
        )
    if not 2 <= monitors <= MAX_MONITORS:
        raise ConfigError(f"--monitors must be between 2 and {MAX_MONITORS}, not {monitors}.")
    if out_dir.exists() and not out_dir.is_dir():
        raise ConfigError(f"OUT_DIR {out_dir} exists and is not a folder.")
    if out_dir.exists() and any(out_dir.iterdir()) and not overwrite:
        raise ConfigError(
            f"OUT_DIR {out_dir} is not empty.",
            hint="Choose a new folder, or pass --force to replace earlier synth output there.",
        )
    return ordered


def _capture_table(truth: Truth, rendered: list[RenderedMonitor]) -> pd.DataFrame:
    events = truth.events
    table = pd.DataFrame(
        {
            "event_id": events["event_id"],
            "event_type": events["event_type"],
            "period": events["date"].str[:7],
            "province": events["province"],
        }
    )
    position = pd.Series(np.arange(len(events)), index=events["event_id"].to_numpy())
    total = np.zeros(len(events), dtype=np.int64)
    for monitor in rendered:
        valid = monitor.truth.loc[monitor.truth["malformed"] == 0, "event_id"]
        seen = np.zeros(len(events), dtype=np.int64)
        seen[position.loc[pd.unique(valid.to_numpy())].to_numpy()] = 1
        table[monitor.profile.key] = seen
        total += seen
    table["n_monitors"] = total
    return table


def _counts(truth: Truth) -> pd.DataFrame:
    periods = pd.period_range(truth.start, truth.end, freq="M").astype(str)
    grid = pd.MultiIndex.from_product([periods, list(EVENT_TYPES)], names=["period", "event_type"])
    observed = truth.events.groupby([truth.events["date"].str[:7], "event_type"]).size()
    observed.index.names = ["period", "event_type"]
    counts = observed.reindex(grid, fill_value=0).rename("count").reset_index()
    return counts


def _write_truth(
    truth: Truth, rendered: list[RenderedMonitor], folder: Path, capture: pd.DataFrame
) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    frames = {
        "events.csv": truth.events[_EVENT_COLUMNS],
        "persons.csv": truth.persons[_PERSON_COLUMNS],
        "rows.csv": pd.concat([m.truth for m in rendered], ignore_index=True),
        "counts.csv": _counts(truth),
        "monitor_capture.csv": capture,
    }
    before = (pd.Timestamp(truth.start) - pd.Timedelta(days=1)).date().isoformat()
    frames["stock.csv"] = pd.concat(
        [
            pd.DataFrame(
                {"date": [before], "political_prisoners_held": [truth.stock_before_start]}
            ),
            truth.stock,
        ],
        ignore_index=True,
    )
    paths = []
    for name, frame in frames.items():
        path = folder / name
        write_csv(frame, path)
        paths.append(path)
    return paths


def _clear_owned(out: Path) -> None:
    for name in _OWNED:
        target = out / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    out.mkdir(parents=True, exist_ok=True)


def _write_manifest(
    out: Path,
    files: list[Path],
    *,
    seed: int,
    scale: float,
    years: list[int],
    chosen: list[MonitorProfile],
) -> None:
    geography = load_geography()
    manifest = {
        "generator": "paymaan synth",
        "format_version": FORMAT_VERSION,
        "seed": seed,
        "scale": scale,
        "years": years,
        "monitors": [p.key for p in chosen],
        "cities_from": geography.source_of_cities,
        "prisons_from": geography.source_of_prisons,
        "files": {p.relative_to(out).as_posix(): sha256_of(p) for p in sorted(files)},
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    (out / "manifest.json").write_text(text, encoding="utf-8")


def generate(
    out_dir: Path | str,
    *,
    seed: int = DEFAULT_SEED,
    scale: float = 1.0,
    years: Sequence[int] = DEFAULT_YEARS,
    monitors: int = 5,
    overwrite: bool = False,
    progress: Callable[[str], None] | None = None,
) -> SynthResult:
    """Generate synthetic monitors with ground truth into ``out_dir``.

    The same arguments always give byte-identical files. The truth does not depend
    on ``monitors``: adding a monitor adds a list, it does not change the events.

    Args:
        out_dir: folder to write (created; must be empty unless ``overwrite``).
        seed: the random seed.
        scale: multiplies every rate; 1 is Iran's reported volume (about 975
            executions in 2024).
        years: consecutive Gregorian years of the period.
        monitors: how many monitors (2..20; the first five are the default profiles).
        overwrite: replace earlier synth output (manifest, monitors/, truth/) in out_dir.
        progress: called with a short description before each step.

    Returns:
        A :class:`SynthResult` with the files written and summary figures.

    Raises:
        ConfigError: an option is invalid or out_dir is not empty.

    Example:
        >>> result = generate("/tmp/paymaan-synth-doctest", scale=0.05, overwrite=True)
        >>> len(result.monitors)
        5
    """
    out = Path(out_dir)
    ordered_years = _check_options(out, scale, years, monitors, overwrite)
    step = progress or (lambda _message: None)
    _clear_owned(out)
    step("truth")
    geography, given, surnames = load_geography(), load_given_names(), load_surnames()
    truth = generate_truth(
        np.random.default_rng([seed, 0]),
        years=ordered_years,
        scale=scale,
        geography=geography,
        given=given,
        surnames=surnames,
    )
    chosen = profiles(monitors, np.random.default_rng([seed, 1]))
    rendered: list[RenderedMonitor] = []
    rows_per_monitor: dict[str, int] = {}
    files: list[Path] = []
    for number, profile in enumerate(chosen):
        step(f"monitor {profile.key}")
        rng = np.random.default_rng([seed, 100 + number])
        captured = rng.random(len(truth.events)) < capture_probability(profile, truth.events)
        monitor = render_monitor(
            profile,
            truth.events,
            captured,
            rng,
            start=truth.start,
            geography=geography,
            given=given,
            surnames=surnames,
        )
        files += write_monitor(monitor, out / "monitors")
        # Keep only the truth about the rows: the export table is written and done with.
        rendered.append(RenderedMonitor(profile, monitor.table.iloc[:0], monitor.truth))
        rows_per_monitor[profile.key] = len(monitor.table)
    step("ground truth")
    capture = _capture_table(truth, rendered)
    files += _write_truth(truth, rendered, out / "truth", capture)
    executions = capture[capture["event_type"] == "execution"]
    share = float((executions["n_monitors"] == 0).mean()) if len(executions) else 0.0
    _write_manifest(out, files, seed=seed, scale=scale, years=ordered_years, chosen=chosen)
    true_counts = truth.events["event_type"].value_counts()
    return SynthResult(
        out_dir=out,
        seed=seed,
        scale=scale,
        years=tuple(ordered_years),
        monitors=tuple(p.key for p in chosen),
        rows_per_monitor=rows_per_monitor,
        true_counts={t: int(true_counts.get(t, 0)) for t in EVENT_TYPES},
        undocumented_executions_share=share,
        files=tuple([out / "manifest.json", *files]),
    )
