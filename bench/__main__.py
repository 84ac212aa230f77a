"""Run the benchmarks and write bench/results.md.

Each ``bench/bench_<topic>.py`` has ``run(quick: bool = False) -> list[dict]``; every
dict has ``name``, ``size``, ``seconds`` and optionally ``baseline``,
``baseline_seconds``, ``peak_mb``, ``notes`` and further metrics. This runner records
them with the machine they ran on. ``python -m bench --quick`` runs the small variants
(the test suite does this to keep the benchmarks working); ``python -m bench insert link``
runs only the named topics.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
STANDARD = ("name", "size", "seconds", "baseline", "baseline_seconds", "peak_mb", "notes")


def machine() -> str:
    """A one-line description of this machine."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{mem_kb / 1024 / 1024:.0f} GiB"
    except OSError:
        memory = "?"
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory} RAM, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )


def topics() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))


def format_row(result: dict[str, Any]) -> str:
    seconds = float(result["seconds"])
    baseline = result.get("baseline_seconds")
    ratio = f"{seconds / float(baseline):.2f}×" if baseline else ""
    extras = {k: v for k, v in result.items() if k not in STANDARD}
    metrics = ", ".join(
        f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in extras.items()
    )
    cells = [
        str(result["name"]),
        str(result["size"]),
        f"{seconds:.3f}",
        f"{result.get('baseline', '')} {float(baseline):.3f}".strip()
        if baseline
        else str(result.get("baseline", "")),
        ratio,
        f"{result['peak_mb']:.0f}" if result.get("peak_mb") is not None else "",
        "; ".join(filter(None, [metrics, str(result.get("notes", ""))])),
    ]
    return "| " + " | ".join(c.replace("|", "/") for c in cells) + " |"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("topics", nargs="*", help=f"topics to run (default all: {topics()})")
    parser.add_argument("--quick", action="store_true", help="small sizes; do not write results")
    args = parser.parse_args()
    chosen = args.topics or topics()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no", "--", "src", "bench"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    revision = (commit or "unknown") + (" with uncommitted changes" if dirty else "")
    sections: list[str] = []
    for topic in chosen:
        module = importlib.import_module(f"bench.bench_{topic}")
        print(f"== {topic}", flush=True)
        started = time.perf_counter()
        results = module.run(quick=args.quick)
        for result in results:
            print("  " + format_row(result), flush=True)
        header = (
            f"## {topic}\n\n"
            f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC at commit {revision}; load "
            f"average {os.getloadavg()[0]:.1f} at the end.\n\n"
            "| benchmark | size | seconds | baseline (s) | ratio | peak MB | notes |\n"
            "|---|---|---|---|---|---|---|"
        )
        sections.append(header + "\n" + "\n".join(format_row(r) for r in results))
        print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)
    if args.quick:
        return 0
    text = (
        "# Benchmark results\n\n"
        "Written by `make bench` (`python -m bench`). Ratios are paymaan ÷ baseline on the "
        'same data in the same run (below 1 is faster). "peak MB" is the bench process\'s '
        "maximum resident memory so far (`ru_maxrss`): it never goes down, so read it for "
        "the row where it first appears.\n\n"
        f"- machine: {machine()}\n"
        "- each section says when and at which commit it ran (`python -m bench TOPIC` "
        "re-runs one section and keeps the others)\n\n" + "\n\n".join(sections) + "\n"
    )
    target = HERE / "results.md"
    if args.topics and target.exists():
        # Keep the sections of topics not run this time.
        old = target.read_text().split("\n## ")[1:]
        kept = [s for s in old if s.split("\n", 1)[0].strip() not in chosen]
        text = text.rstrip("\n") + "".join("\n\n## " + s.rstrip("\n") for s in kept) + "\n"
    target.write_text(text)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
