"""Runs the benchmarks and writes bench/results.json and BENCHMARKS.md.

    python -m bench [--quick] [--only register audit ...]

`make bench` runs them all at full size; `make bench-quick` at small sizes, in about a minute.
Each module's `run(quick)` returns rows {name, value, unit, baseline, ratio}: the baseline is
measured in the same run, on the same machine. `--only` refreshes those modules' figures and
keeps the others'; each module's section says when and with which command it was measured.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
from collections.abc import Sequence
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
    "rights",
    "retention",
    "api",
    "accesslog",
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


_NOTES = "## Notes"


def _merged(rows: list[dict[str, Any]], ran: Sequence[str]) -> list[dict[str, Any]]:
    """This run's rows, after the rows of the modules it did not run (from results.json), in
    module order: `--only` refreshes some figures without losing the others."""
    path = ROOT / "bench" / "results.json"
    kept = []
    if path.exists():
        kept = [row for row in json.loads(path.read_text()) if row.get("module") not in ran]
    order = {name: index for index, name in enumerate(MODULES)}
    return sorted(kept + rows, key=lambda row: order.get(row.get("module", ""), len(order)))


def _write_markdown(rows: list[dict[str, Any]], machine: dict[str, str]) -> None:
    path = ROOT / "BENCHMARKS.md"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    notes = old[old.index(_NOTES) :] if _NOTES in old else ""
    lines = [
        "# Benchmarks",
        "",
        "Machine: " + ", ".join(f"{key} {value}" for key, value in machine.items()) + ".",
        "",
        "Each baseline is measured in the same run, on the same machine; ratio = value / baseline.",
        "What each figure means, and the targets, are in each module's docstring under bench/.",
    ]
    for module in dict.fromkeys(row.get("module", "") for row in rows):
        group = [row for row in rows if row.get("module", "") == module]
        lines += [
            "",
            f"## {module}",
            "",
            f"Measured {group[0].get('measured', '?')} with `{group[0].get('command', '?')}`.",
            "",
            "| name | value | unit | baseline | ratio |",
            "| --- | ---: | --- | ---: | ---: |",
        ]
        for row in group:
            baseline = "" if row.get("baseline") is None else f"{row['baseline']:,}"
            ratio = "" if row.get("ratio") is None else f"{row['ratio']:,}"
            lines.append(
                f"| {row['name']} | {row['value']:,} | {row['unit']} | {baseline} | {ratio} |"
            )
    text = "\n".join(lines) + "\n"
    path.write_text(text + ("\n" + notes if notes else ""), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="small sizes, about a minute")
    parser.add_argument("--only", nargs="*", choices=MODULES, help="run only these modules")
    arguments = parser.parse_args()
    command = "make bench-quick" if arguments.quick else "make bench"
    if arguments.only:
        command = f"python -m bench{' --quick' if arguments.quick else ''} --only " + " ".join(
            arguments.only
        )
    measured = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    ran = list(arguments.only or MODULES)
    rows: list[dict[str, Any]] = []
    for name in ran:
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
            rows.append({**row, "module": name, "measured": measured, "command": command})
    rows = _merged(rows, ran)
    (ROOT / "bench" / "results.json").write_text(json.dumps(rows, indent=2) + "\n")
    _write_markdown(rows, _machine())
    return 0


if __name__ == "__main__":
    sys.exit(main())
