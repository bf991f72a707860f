"""Register: purpose-checked, audited, decrypted reads against a plain read of the same row.

    python -m bench.register [--quick]      # quick: 20,000 subjects; full: 1,000,000

Each backend (SQLite; PostgreSQL when MAMORI_TEST_POSTGRES_URL is set) runs in a child process
so that its peak memory is its own. In one run, on one machine:

- load: subjects of 10 items through `RegisterSession.import_subjects`, 1,000 per transaction;
- read: one subject's 10 items for a declared purpose, checked, audited and decrypted — one
  read per transaction (a request that does one thing) and 100 per transaction (a request
  that reads many); baseline: the same row, unencrypted, in a plain table, read with the bare
  driver (sqlite3 / psycopg) and no checks;
- write: one item, one transaction each;
- peak memory of the child process.

Targets (DESIGN.md): >= 20,000 reads/s on SQLite in one process, and at most 5x the plain read.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench._support import peak_rss_mb, postgres_databases, result

POLICY = Path(__file__).with_name("register_policy.yaml")
ITEMS = (
    "name", "nickname", "email", "phone", "postal_code", "address", "birth_date", "gender",
    "occupation", "bio",
)  # fmt: skip
BATCH = 1_000


def _values(number: int) -> dict[str, str]:
    return {
        "name": f"Person {number:07d}",
        "nickname": f"nick{number}",
        "email": f"person{number}@example.org",
        "phone": f"090-{number % 10_000:04d}-{number // 10_000 % 10_000:04d}",
        "postal_code": f"{100 + number % 900:03d}-{number % 10_000:04d}",
        "address": f"{number % 47 + 1}-{number % 100} Chome, Shibuya, Tokyo",
        "birth_date": f"{1940 + number % 60}-{number % 12 + 1:02d}-{number % 28 + 1:02d}",
        "gender": "fmx"[number % 3],
        "occupation": f"Occupation {number % 200}",
        "bio": f"Likes item {number % 1000} and hobby {number % 37}",
    }


def _open(url: str, keystore_url: str, work: Path) -> Any:
    from mamori.crypto import Keyring
    from mamori.policy import load_policy
    from mamori.register import Register

    return Register.open(
        url,
        load_policy(POLICY),
        Keyring.create(work / "keyring.json"),
        keystore_url=keystore_url,
        audit_head=work / "audit-head.json",
        migrate=True,
    )


def _load(register: Any, count: int) -> float:
    from mamori.register import Actor, NewSubject

    app = Actor.application()
    started = time.perf_counter()
    for first in range(0, count, BATCH):
        batch = [
            NewSubject(f"s{number}", "member", _values(number))
            for number in range(first, min(first + BATCH, count))
        ]
        with register.session() as session:
            session.import_subjects(app, batch, collection_point="registration")
    return time.perf_counter() - started


def _plain_load(url: str, count: int) -> None:
    columns = ", ".join(f"{item} TEXT" for item in ITEMS)
    connection, marker = _plain_connect(url)
    cursor = connection.cursor()
    cursor.execute(f"CREATE TABLE plain_subjects (id TEXT PRIMARY KEY, {columns})")
    insert = (
        f"INSERT INTO plain_subjects (id, {', '.join(ITEMS)}) "
        f"VALUES ({', '.join([marker] * (len(ITEMS) + 1))})"
    )
    for first in range(0, count, BATCH):
        rows = [
            (f"s{number}", *_values(number).values())
            for number in range(first, min(first + BATCH, count))
        ]
        cursor.executemany(insert, rows)
        connection.commit()
    connection.close()


def _plain_connect(url: str) -> tuple[Any, str]:
    if url.startswith("sqlite"):
        import sqlite3

        connection = sqlite3.connect(url.removeprefix("sqlite:///"))
        connection.execute("PRAGMA journal_mode=WAL")
        return connection, "?"
    import psycopg
    from sqlalchemy.engine import make_url

    libpq = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    return psycopg.connect(libpq), "%s"


def _plain_reads(url: str, ids: list[str]) -> float:
    connection, marker = _plain_connect(url)
    cursor = connection.cursor()
    query = f"SELECT {', '.join(ITEMS)} FROM plain_subjects WHERE id = {marker}"
    started = time.perf_counter()
    for subject_id in ids:
        cursor.execute(query, (subject_id,))
        cursor.fetchone()
        connection.commit()  # one transaction per read, as the register's own-session reads
    elapsed = time.perf_counter() - started
    connection.close()
    return len(ids) / elapsed


def _reads(register: Any, ids: list[str], per_session: int) -> float:
    from mamori.register import Actor

    app = Actor.application()
    started = time.perf_counter()
    for first in range(0, len(ids), per_session):
        with register.session() as session:
            for subject_id in ids[first : first + per_session]:
                data = session.read(app, subject_id, "service")
                assert len(data) == len(ITEMS)
    return len(ids) / (time.perf_counter() - started)


def _writes(register: Any, ids: list[str]) -> float:
    from mamori.register import Actor

    app = Actor.application()
    started = time.perf_counter()
    for number, subject_id in enumerate(ids):
        with register.session() as session:
            session.write(app, subject_id, "service", {"bio": f"Updated {number}"})
    return len(ids) / (time.perf_counter() - started)


def measure(backend: str, subjects: int, reads: int, urls: list[str]) -> list[dict[str, Any]]:
    """One backend's figures (run in a child process: see `main`)."""
    register_url, keystore_url, plain_url = urls
    label = f"register.{backend}"
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        register = _open(register_url, keystore_url, work)
        load_seconds = _load(register, subjects)
        load_peak = peak_rss_mb()
        _plain_load(plain_url, subjects)
        picker = random.Random(7)
        ids = [f"s{picker.randrange(subjects)}" for _ in range(reads)]
        plain = _plain_reads(plain_url, ids)
        single = _reads(register, ids, per_session=1)
        batched = _reads(register, ids, per_session=100)
        writes = _writes(register, ids[: max(reads // 5, 100)])
        register.close()
    context = {"subjects": subjects, "items": len(ITEMS)}
    return [
        result(f"{label}.load", subjects / load_seconds, "subjects/s", **context),
        result(f"{label}.load_peak_memory", load_peak, "MB", **context),
        result(f"{label}.read_per_transaction", single, "reads/s", plain, **context),
        result(f"{label}.read_100_per_transaction", batched, "reads/s", plain, **context),
        result(f"{label}.plain_read", plain, "reads/s", **context),
        result(f"{label}.write_per_transaction", writes, "writes/s", **context),
        result(f"{label}.read_time_vs_plain", plain / single, "x", **context),
    ]


def _child(backend: str, subjects: int, reads: int, urls: list[str]) -> list[dict[str, Any]]:
    completed = subprocess.run(
        [sys.executable, "-m", "bench.register", "--child", backend, str(subjects), str(reads),
         *urls],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    rows: list[dict[str, Any]] = json.loads(completed.stdout)
    return rows


def run(quick: bool) -> list[dict[str, Any]]:
    subjects, reads = (20_000, 5_000) if quick else (1_000_000, 50_000)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        files = [f"sqlite:///{Path(folder) / name}.sqlite" for name in ("m", "keys", "plain")]
        rows += _child("sqlite", subjects, reads, files)
    with postgres_databases(3, "register") as urls:
        if urls is not None:
            rows += _child("postgresql", subjects, reads, urls)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.register")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        backend, subjects, reads, *urls = arguments.child
        print(json.dumps(measure(backend, int(subjects), int(reads), urls)))
        return 0
    for row in run(arguments.quick):
        print(json.dumps(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
