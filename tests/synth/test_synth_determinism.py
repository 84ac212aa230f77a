"""Same seed, same bytes; a different seed, different data."""

from __future__ import annotations

import zipfile
from pathlib import Path

from paymaan.synth import generate
from paymaan.synth.writers import FIXED_TIMESTAMP


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_identical_bytes_for_every_file(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", seed=7, scale=0.15, monitors=6)
    second = generate(tmp_path / "b", seed=7, scale=0.15, monitors=6)
    files_a, files_b = _files(first.out_dir), _files(second.out_dir)
    assert files_a.keys() == files_b.keys()
    assert any(name.endswith(".xlsx") for name in files_a)
    for name in files_a:
        assert files_a[name] == files_b[name], name


def test_xlsx_entries_carry_the_fixed_timestamp(tmp_path: Path) -> None:
    result = generate(tmp_path / "out", seed=3, scale=0.05)
    (xlsx,) = sorted(Path(result.out_dir).rglob("*.xlsx"))
    with zipfile.ZipFile(xlsx) as archive:
        stamps = {info.date_time for info in archive.infolist()}
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert stamps == {FIXED_TIMESTAMP.timetuple()[:6]}
    assert "2020-01-01T00:00:00Z" in core


def test_another_seed_gives_other_events(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", seed=1, scale=0.05)
    b = generate(tmp_path / "b", seed=2, scale=0.05)
    events_a = (Path(a.out_dir) / "truth" / "events.csv").read_bytes()
    events_b = (Path(b.out_dir) / "truth" / "events.csv").read_bytes()
    assert events_a != events_b


def test_truth_does_not_depend_on_the_number_of_monitors(tmp_path: Path) -> None:
    two = generate(tmp_path / "two", seed=11, scale=0.05, monitors=2)
    five = generate(tmp_path / "five", seed=11, scale=0.05, monitors=5)
    for name in ("events.csv", "persons.csv", "stock.csv", "counts.csv"):
        assert (Path(two.out_dir) / "truth" / name).read_bytes() == (
            Path(five.out_dir) / "truth" / name
        ).read_bytes()
    assert two.monitors == five.monitors[:2]
