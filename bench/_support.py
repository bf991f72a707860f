"""What several benchmarks share: throwaway databases, result rows, peak memory, the command
line of a module run alone."""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

__all__ = ["main_of", "peak_rss_mb", "postgres_databases", "result"]


def result(
    name: str, value: float, unit: str, baseline: float | None = None, **extra: Any
) -> dict[str, Any]:
    """One row of bench/results.json; `ratio` is value / baseline when there is a baseline."""
    row: dict[str, Any] = {
        "name": name,
        "value": round(value, 3),
        "unit": unit,
        "baseline": None if baseline is None else round(baseline, 3),
        "ratio": None if not baseline else round(value / baseline, 3),
    }
    row.update(extra)
    return row


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB.

    /proc's VmHWM, not getrusage: Linux carries ru_maxrss over an exec, so a child process
    started by a large parent would report the parent's peak.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def postgres_databases(count: int, label: str) -> Iterator[list[str] | None]:
    """`count` fresh PostgreSQL databases (SQLAlchemy URLs), dropped afterwards; None when
    MAMORI_TEST_POSTGRES_URL is not set."""
    admin_url = os.environ.get("MAMORI_TEST_POSTGRES_URL")
    if not admin_url:
        yield None
        return
    import psycopg

    admin = make_url(admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
    names = [f"mamori_bench_{label}_{uuid.uuid4().hex[:10]}" for _ in range(count)]
    with psycopg.connect(admin, autocommit=True) as conn:
        for name in names:
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield [
            make_url(admin_url).set(database=name).render_as_string(hide_password=False)
            for name in names
        ]
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main_of(module: str, run: Callable[[bool], list[dict[str, Any]]]) -> int:
    """`python -m bench.<module> [--quick]`: the module's rows as JSON on standard output."""
    parser = argparse.ArgumentParser(prog=f"python -m bench.{module}")
    parser.add_argument("--quick", action="store_true", help="small sizes")
    arguments = parser.parse_args()
    json.dump(run(arguments.quick), sys.stdout, indent=2)
    print()
    return 0
