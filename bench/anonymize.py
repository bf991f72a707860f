"""k-anonymity on Adult (9 quasi-identifiers, k=5, 5% suppression, loss metric, optimal).

Measures, in one run:
- the library call `mamori.anonymize.anonymize()` (time: best of 3; peak memory: tracemalloc);
- the whole `mamori anonymize` command as a subprocess (wall time, peak RSS of the child);
- the baseline: a straightforward search that groups the table with pandas at every one of the
  12,960 lattice nodes and keeps the best k-anonymous one (quick mode times 200 nodes and
  scales up, and says so in the entry name); it must find the same optimum;
- a synthetic table of 1,200,000 rows drawn from Adult's per-column value distributions (seeded),
  library and command (skipped in quick mode; no baseline);
- a declared statistics release made from the register (bench/anonymize_release.py).

Run alone: python -m bench.anonymize [--quick]
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import math
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
COLUMNS = [
    "sex",
    "age",
    "race",
    "marital-status",
    "education",
    "native-country",
    "workclass",
    "occupation",
    "salary-class",
]
K, LIMIT = 5, 0.05


def adult_dir() -> Path | None:
    for base in (REPO / "..", REPO / ".." / ".."):
        candidate = (base / "shared" / "data" / "adult").resolve()
        if (candidate / "adult.csv").is_file():
            return candidate
    return None


def entry(name: str, value: float, unit: str, baseline: float | None = None) -> dict[str, Any]:
    ratio = value / baseline if baseline else None
    return {
        "name": name,
        "value": round(value, 4),
        "unit": unit,
        "baseline": None if baseline is None else round(baseline, 4),
        "ratio": None if ratio is None else round(ratio, 4),
    }


def best_of(repeats: int, call: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_mb(call: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def library(data: Path, folder: Path) -> Callable[[], object]:
    from mamori.anonymize import anonymize, load_hierarchies

    hierarchies = load_hierarchies(folder, COLUMNS)

    def call() -> object:
        return anonymize(
            data,
            quasi_identifiers=COLUMNS,
            hierarchies=hierarchies,
            k=K,
            suppression_limit=LIMIT,
            metric="loss",
        )

    return call


def command(data: Path, hierarchies: Path, out: Path) -> tuple[float, float, dict[str, Any], float]:
    """Wall time, peak RSS (MB), report and CPU time of `mamori anonymize` in a child process."""
    report = out.with_suffix(".json")
    argv = [
        str(Path(sys.executable).with_name("mamori")),
        "anonymize",
        str(data),
        "--qi",
        ",".join(COLUMNS),
        "--hierarchies",
        str(hierarchies),
        "--k",
        str(K),
        "--suppression",
        str(LIMIT),
        "--metric",
        "loss",
        "-o",
        str(out),
        "--report",
        str(report),
    ]
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"mamori anonymize failed: {child.stderr.read().decode()[-500:]}")
    child.stderr.close()
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, usage.ru_maxrss / 1024, json.loads(report.read_text(encoding="utf-8")), cpu


def pandas_search(
    data: Path, hierarchies: Path, nodes: int | None
) -> tuple[float, tuple[int, ...]]:
    """The baseline: group with pandas at every node; returns seconds (scaled if sampled).

    Values are integer codes per level, prepared once, so that the time goes to grouping.
    """
    import numpy as np
    import pandas as pd

    frame = pd.read_csv(data, sep=";", dtype=str)
    n = len(frame)
    codes: dict[str, list[Any]] = {}
    shares: dict[str, list[Any]] = {}
    domain: dict[str, int] = {}
    for column in COLUMNS:
        text = (hierarchies / f"adult_hierarchy_{column}.csv").read_text(encoding="utf-8")
        rows = [line.split(";") for line in text.splitlines() if line]
        codes[column], shares[column], domain[column] = [], [], len(rows)
        for level in range(len(rows[0])):
            labels = frame[column].map({r[0]: r[level] for r in rows})
            code, uniques = pd.factorize(labels)
            under = pd.Series([r[level] for r in rows]).value_counts()
            codes[column].append(code)
            shares[column].append(np.array([under[u] / len(rows) for u in uniques]))
    lattice = list(itertools.product(*(range(len(codes[c])) for c in COLUMNS)))
    sample = lattice if nodes is None else lattice[:: max(1, len(lattice) // nodes)]
    best: tuple[float, int, tuple[int, ...]] | None = None
    start = time.perf_counter()
    for node in sample:
        table = pd.DataFrame({c: codes[c][lv] for c, lv in zip(COLUMNS, node, strict=True)})
        group = table.groupby(COLUMNS, sort=False).ngroup().to_numpy()
        small = np.bincount(group)[group] < K
        if int(small.sum()) > math.floor(LIMIT * n):
            continue
        per_attribute = []
        for c, lv in zip(COLUMNS, node, strict=True):
            dom = domain[c]
            share = shares[c][lv][codes[c][lv]]
            total = share[~small].sum() + small.sum()
            low = n / dom
            per_attribute.append(math.floor(max(0.0, (total - low) / (n - low)) * 1e10) / 1e10)
        loss = math.prod((v + 1) ** (1 / len(COLUMNS)) for v in per_attribute) - 1
        key = (loss, sum(node), node)
        if best is None or key < best:
            best = key
    seconds = (time.perf_counter() - start) * len(lattice) / len(sample)
    return seconds, (() if best is None else best[2])


def synthetic(path: Path, rows: int, seed: int = 20240501) -> None:
    """Rows drawn column by column from Adult's value frequencies (independent columns).

    Written in blocks with the standard library so the benchmark process stays small: a large
    parent would inflate the peak RSS reported for the commands it starts.
    """
    import random
    from collections import Counter

    assert ADULT is not None
    lines = (ADULT / "adult.csv").read_text(encoding="utf-8").splitlines()
    table = [line.split(";") for line in lines[1:] if line]
    frequencies = [Counter(r[j] for r in table) for j in range(len(COLUMNS))]
    del table, lines
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        handle.write(";".join(COLUMNS) + "\n")
        for start in range(0, rows, 100_000):
            size = min(100_000, rows - start)
            columns = [rng.choices(list(f), weights=list(f.values()), k=size) for f in frequencies]
            handle.write("\n".join(map(";".join, zip(*columns, strict=True))) + "\n")


ADULT = adult_dir()


def run(quick: bool) -> list[dict[str, Any]]:
    from bench import anonymize_release

    # The register release last: the commands above are timed while this process is small.
    return adult_runs(quick) + anonymize_release.run(quick)


def adult_runs(quick: bool) -> list[dict[str, Any]]:
    if ADULT is None:
        print("bench.anonymize: ../shared/data/adult is absent; skipped", file=sys.stderr)
        return []
    adult = ADULT / "adult.csv"
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="mamori-bench-") as tmp:
        # Commands first, while this process is small (a forked child's peak RSS counts the
        # parent's pages until it execs).
        runs = [command(adult, ADULT, Path(tmp) / "adult.csv") for _ in range(5)]
        command_s = min(r[0] for r in runs)
        command_mb = min(r[1] for r in runs)
        command_cpu = min(r[3] for r in runs)
        command_levels = tuple(runs[0][2]["levels"].values())
        big = Path(tmp) / "synthetic.csv"
        if not quick:
            synthetic(big, 1_200_000)
            big_s, big_mb, report, _ = command(big, ADULT, Path(tmp) / "synthetic-out.csv")
        call = library(adult, ADULT)
        levels = tuple(call().levels.values())  # type: ignore[attr-defined]
        if command_levels != levels:
            raise RuntimeError("the command found another optimum than the library")
        library_s = best_of(3, call)
        library_mb = peak_mb(call)
        base_s, base_levels = pandas_search(adult, ADULT, 200 if quick else None)
        if not quick and base_levels != levels:
            raise RuntimeError(f"baseline optimum {base_levels} differs from Mamori's {levels}")
        base_name = "pandas search, all nodes" + (" (200 timed, scaled)" if quick else "")
        base_mb = None if quick else peak_mb(lambda: pandas_search(adult, ADULT, 200))
        results += [
            entry(f"anonymize adult library (baseline: {base_name})", library_s, "s", base_s),
            entry(
                "anonymize adult library peak memory (baseline: pandas)", library_mb, "MB", base_mb
            ),
            entry("anonymize adult whole command (target <= 1.0 s)", command_s, "s"),
            entry("anonymize adult whole command CPU time (user + system)", command_cpu, "s"),
            entry("anonymize adult whole command peak RSS", command_mb, "MB"),
        ]
        if not quick:
            big_call = library(big, ADULT)
            big_library_s = best_of(1, big_call)
            big_library_mb = peak_mb(big_call)
            results += [
                entry("anonymize 1.2M rows library", big_library_s, "s"),
                entry("anonymize 1.2M rows library peak memory", big_library_mb, "MB"),
                entry("anonymize 1.2M rows whole command (target <= 60 s)", big_s, "s"),
                entry("anonymize 1.2M rows whole command peak RSS", big_mb, "MB"),
                entry("anonymize 1.2M rows search only", report["search"]["seconds"], "s"),
            ]
    return results


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.anonymize")
    parser.add_argument("--quick", action="store_true")
    for item in run(parser.parse_args().quick):
        print(json.dumps(item, ensure_ascii=False))


if __name__ == "__main__":
    main()
