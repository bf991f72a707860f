"""Runs the benchmarks and writes bench/results.json and BENCHMARKS.md.

    python -m bench [--quick] [--only register audit ...]

`make bench` runs them all at full size; `make bench-quick` at small sizes, in about a minute.
Each module's `run(quick)` returns rows {name, value, unit, baseline, ratio}: the baseline is
measured in the same run, on the same machine.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MODULES = (
    "crypto",
    "policy_loader",
    "audit",
    "register",
    "anonymize",
    "versions",
    "provision",
)
ROOT = Path(__file__).resolve().parent.parent


def _machine() -> dict[str, str]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total_kib = int(meminfo.read_text().split()[1])
        memory = f"{total_kib / 1024 / 1024:.1f} GiB"
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def _write_markdown(rows: list[dict[str, Any]], machine: dict[str, str], command: str) -> None:
    lines = [
        "# Benchmarks",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `{command}` on: "
        + ", ".join(f"{key} {value}" for key, value in machine.items())
        + ".",
        "",
        "Each baseline is measured in the same run, on the same machine; ratio = value / baseline.",
        "What each figure means, and the targets, are in each module's docstring under bench/.",
        "",
        "| name | value | unit | baseline | ratio |",
        "| --- | ---: | --- | ---: | ---: |",
    ]
    for row in rows:
        baseline = "" if row.get("baseline") is None else f"{row['baseline']:,}"
        ratio = "" if row.get("ratio") is None else f"{row['ratio']:,}"
        lines.append(f"| {row['name']} | {row['value']:,} | {row['unit']} | {baseline} | {ratio} |")
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="small sizes, about a minute")
    parser.add_argument("--only", nargs="*", choices=MODULES, help="run only these modules")
    arguments = parser.parse_args()
    rows: list[dict[str, Any]] = []
    for name in arguments.only or MODULES:
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as missing:
            print(f"bench.{name}: skipped ({missing})", file=sys.stderr)
            continue
        started = time.perf_counter()
        found = module.run(arguments.quick)
        print(f"bench.{name}: {len(found)} figures in {time.perf_counter() - started:.0f} s",
              file=sys.stderr)  # fmt: skip
        for row in found:
            print(f"  {row['name']}: {row['value']:,} {row['unit']}", file=sys.stderr)
        rows.extend(found)
    command = "make bench-quick" if arguments.quick else "make bench"
    if arguments.only:
        command = f"python -m bench{' --quick' if arguments.quick else ''} --only " + " ".join(
            arguments.only
        )
    (ROOT / "bench" / "results.json").write_text(json.dumps(rows, indent=2) + "\n")
    _write_markdown(rows, _machine(), command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
