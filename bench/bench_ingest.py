"""Ingest end to end: synthetic monitors' files into a workspace, read to stored records.

Generates the five default synthetic monitors (``paymaan.synth.generate``, seed 2024;
scale 69 is about 1,000,000 rows, quick: scale 0.5, about 7,000 rows), kept between runs
under the temporary folder, keyed by seed, scale and a hash of the generator's code and
data. Then in a new SQLite workspace it times ``paymaan.ingest.ingest_file`` on every
monitor's file, as ``paymaan ingest`` does it: hash, archive (encrypted), read, convert
and normalize, encrypt the identifying part, store, audit. The workspace is unlocked
(Argon2id) before the clock starts.

It runs twice, each time in a fresh process so that peak memory is that run's: with the
default helper processes (``ingest.workers`` = 2) and with everything in one process
(``workers=0``). The steps are timed in the same run by wrapping (not replacing) the
pipeline's functions, in the main process: ``read`` (read_table), ``insert`` (the bulk
inserts), ``prepare`` (converting, encrypting and laying out chunks: in the main process
only with workers=0; with helpers, ``wait`` is the time the main process waited for and
unpickled their chunks) and ``tail`` (after the last chunk: quarantined rows, the audit
entry and the commit, which in WAL mode also checkpoints). The baseline is the I/O floor:
pandas reads the same files and sqlite3 ``executemany`` writes their raw rows, as text,
into a table of the same width. Generation runs in a child process of its own.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

import paymaan.synth
from paymaan.ingest import add_source, ingest_file, pipeline
from paymaan.workspace import init_workspace

SEED = 2024
FULL_SCALE = 69.0  # 1,005,240 rows with seed 2024 (five monitors, 2024-2025)
QUICK_SCALE = 0.5  # about 7,000 rows: a few seconds
PASSPHRASE = "bench passphrase, not a secret"


def synth_fingerprint() -> str:
    """A short hash of the generator's code and name lists: a changed generator, new data."""
    package = Path(paymaan.synth.__file__).parent
    digest = hashlib.sha256()
    for path in sorted([*package.glob("*.py"), *(package.parent / "data").rglob("*")]):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def synth_data(scale: float, seed: int = SEED) -> Path:
    """The synthetic output for (seed, scale), generated once and kept in the temp folder."""
    name = f"seed{seed}-scale{scale:g}-{synth_fingerprint()}"
    root = Path(tempfile.gettempdir()) / "paymaan-bench-ingest" / name
    if (root / "manifest.json").exists():
        return root
    root.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=root.name + "-", dir=root.parent))
    script = (
        "import sys; from paymaan.synth import generate; "
        "generate(sys.argv[1], seed=int(sys.argv[2]), scale=float(sys.argv[3]), overwrite=True)"
    )
    subprocess.run(
        [sys.executable, "-c", script, str(partial / "out"), str(seed), str(scale)], check=True
    )
    (partial / "out").rename(root)  # atomic: a half-written folder is never reused
    partial.rmdir()
    return root


def monitor_files(root: Path) -> list[tuple[str, dict[str, Any], Path, Path]]:
    """(name, source.json, data file, mapping) of every monitor, by name."""
    out = []
    for folder in sorted(p for p in (root / "monitors").iterdir() if p.is_dir()):
        source = json.loads((folder / "source.json").read_text("utf-8"))
        out.append((folder.name, source, folder / source["file"], folder / "mapping.yaml"))
    return out


@contextmanager
def stage_timers(timings: dict[str, float]) -> Iterator[None]:
    """Add the wall time spent in the pipeline's steps to *timings* while active."""
    targets = {
        (pipeline, "read_table"): "read",
        (pipeline, "insert_record_values"): "insert",
        (pipeline, "_tally"): "chunks",
        (pipeline, "_write"): "write",
        (pipeline._ChunkPreparer, "__call__"): "prepare",
    }
    originals = {key: getattr(*key) for key in targets}

    def timed(stage: str, func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                timings[stage] += time.perf_counter() - started

        return wrapper

    for (owner, name), stage in targets.items():
        setattr(owner, name, timed(stage, originals[(owner, name)]))
    try:
        yield
    finally:
        for (owner, name), func in originals.items():
            setattr(owner, name, func)


def ingest_all(root: Path, folder: Path, workers: int) -> dict[str, Any]:
    """Ingest every monitor's file into a new workspace; times, counts, peak memory."""
    workspace = init_workspace(folder / "workspace", PASSPHRASE)
    keys = workspace.unlock(PASSPHRASE)
    monitors = monitor_files(root)
    for name, source, _, _ in monitors:
        add_source(workspace, name, alias=source.get("alias"))
    timings: dict[str, float] = defaultdict(float)
    files: list[dict[str, Any]] = []
    started, cpu_started = time.perf_counter(), time.process_time()
    with stage_timers(timings):
        for name, _, path, mapping in monitors:
            file_started = time.perf_counter()
            result = ingest_file(workspace, keys, name, path, mapping_path=mapping, workers=workers)
            files.append(
                {
                    "file": path.name,
                    "rows": result.rows_read,
                    "accepted": result.rows_accepted,
                    "quarantined": result.rows_quarantined,
                    "seconds": time.perf_counter() - file_started,
                }
            )
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu_started,
        "helper_cpu_seconds": children.ru_utime + children.ru_stime,
        "timings": dict(timings),
        "files": files,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "helper_peak_mb": children.ru_maxrss / 1024,
    }


def ingest_in_child(root: Path, folder: Path, workers: int) -> dict[str, Any]:
    """:func:`ingest_all` in a fresh process (its peak memory is then this run's alone)."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_ingest", "--child", str(root), str(folder)]
        + [str(workers)],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def _read_with_pandas(path: Path, mapping: Path) -> pd.DataFrame:
    settings = _yaml(mapping)
    if path.suffix == ".csv":
        return pd.read_csv(
            path,
            sep=settings.get("delimiter") or ",",
            encoding=settings.get("encoding") or "utf-8",
            dtype=str,
            keep_default_na=False,
        )
    if path.suffix == ".jsonl":
        return pd.read_json(path, lines=True, dtype=False)
    return pd.read_excel(path, dtype=str, sheet_name=0)


def _yaml(path: Path) -> dict[str, Any]:
    import yaml

    loaded = yaml.safe_load(path.read_text("utf-8"))
    return loaded if isinstance(loaded, dict) else {}


def io_floor(root: Path, folder: Path) -> float:
    """Seconds for pandas to read every file and sqlite3 to store the raw rows as text."""
    connection = sqlite3.connect(folder / "floor.db")
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    started = time.perf_counter()
    for index, (_, _, path, mapping) in enumerate(monitor_files(root)):
        frame = _read_with_pandas(path, mapping)
        table = f"raw_{index}"
        columns = ", ".join(f"c{i} TEXT" for i in range(len(frame.columns)))
        marks = ", ".join("?" * len(frame.columns))
        with connection:
            connection.execute(f"CREATE TABLE {table} (row_number INTEGER, {columns})")
            connection.executemany(
                f"INSERT INTO {table} VALUES (?, {marks})",
                (
                    (n, *(None if v is None else str(v) for v in row))
                    for n, row in enumerate(frame.itertuples(index=False, name=None), start=2)
                ),
            )
    seconds = time.perf_counter() - started
    connection.close()
    return seconds


def _row(name: str, rows: int, accepted: int, ours: dict[str, Any], floor: float) -> dict[str, Any]:
    timings = ours["timings"]
    seconds = ours["seconds"]
    chunks = timings.get("chunks", 0.0)
    insert = timings.get("insert", 0.0)
    stages = {
        "read_s": timings.get("read", 0.0),
        "prepare_s": timings.get("prepare", 0.0),
        "wait_s": chunks - insert - timings.get("prepare", 0.0),
        "insert_s": insert,
        "tail_s": timings.get("write", 0.0) - chunks,
    }
    stages["other_s"] = seconds - sum(stages.values())
    return {
        "name": name,
        "size": f"{rows:,} rows in {len(ours['files'])} files",
        "seconds": seconds,
        "baseline": "pandas read + sqlite3 executemany of the raw rows",
        "baseline_seconds": floor,
        "peak_mb": ours["peak_mb"],
        "rows_per_second": rows / seconds,
        "cpu_seconds": ours["cpu_seconds"],
        "helper_cpu_seconds": ours["helper_cpu_seconds"],
        "helper_peak_mb": ours["helper_peak_mb"],
        **stages,
    }


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Ingest about 1,000,000 synthetic rows (about 7,000 with ``quick``) end to end."""
    scale = QUICK_SCALE if quick else FULL_SCALE
    root = synth_data(scale)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="paymaan-bench-ingest-") as tmp:
        helpers = ingest_in_child(root, Path(tmp) / "helpers", 2)
        alone = ingest_in_child(root, Path(tmp) / "alone", 0)
        floor = io_floor(root, Path(tmp))
    load_after = os.getloadavg()[0]
    rows = sum(f["rows"] for f in helpers["files"])
    accepted = sum(f["accepted"] for f in helpers["files"])
    first = _row(
        "ingest_file on every monitor, 2 helper processes (default): read, normalize, "
        "encrypt, store (SQLite)",
        rows,
        accepted,
        helpers,
        floor,
    )
    first["notes"] = (
        f"synth seed {SEED} scale {scale:g}; {accepted:,} accepted, {rows - accepted:,} "
        "quarantined; stage times are wall seconds in the main process (see the module "
        "docstring); helper peak is the largest helper's resident memory, shared pages "
        f"included; load average {load_before:.1f} before, {load_after:.1f} after on "
        f"{os.cpu_count()} cores"
    )
    results: list[dict[str, Any]] = [first]
    for file in helpers["files"]:
        results.append(
            {
                "name": f"ingest_file {file['file']}, 2 helpers",
                "size": f"{file['rows']:,} rows",
                "seconds": file["seconds"],
                "rows_per_second": file["rows"] / file["seconds"],
            }
        )
    second = _row(
        "ingest_file on every monitor, one process (ingest.workers = 0)",
        rows,
        accepted,
        alone,
        floor,
    )
    del second["helper_cpu_seconds"], second["helper_peak_mb"], second["wait_s"]
    results.append(second)
    return results


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _, _, root_arg, folder_arg, workers_arg = sys.argv
        Path(folder_arg).mkdir(parents=True)
        print(json.dumps(ingest_all(Path(root_arg), Path(folder_arg), int(workers_arg))))
    else:
        for line in run(quick="--quick" in sys.argv):
            print(line)
