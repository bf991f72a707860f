"""Audit log: append and verify throughput on SQLite and PostgreSQL, each against a baseline.

    python -m bench.audit [--quick]       # quick: 100,000 events; full: 1,000,000

Targets (DESIGN.md): append >= 50,000 events/s (batched, one process, SQLite) and verify
1,000,000 events in <= 2 s. Baselines, measured in the same run on the same machine:

- append: plain ``executemany`` of the very rows the log wrote (seq, body, hash) into a second,
  identically migrated database, in the same batches, without validation, hashing or locking;
- verify: a plain streamed ``SELECT seq, body, hash`` of the whole table, without hashing;
- one event per transaction: a plain INSERT of the same row and a commit, on the raw driver.

PostgreSQL is measured when MAMORI_TEST_POSTGRES_URL is set (``make bench`` sets it).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine

from bench._support import main_of, postgres_databases
from mamori.audit import ActorKind, AuditEntry, AuditLog, Outcome
from mamori.db import create_engine, transaction, upgrade

BATCH = 1_000


class _Signer:
    key_id = "bench"

    def __init__(self) -> None:
        self._key = Ed25519PrivateKey.generate()

    def sign(self, data: bytes) -> bytes:
        return self._key.sign(data)

    def verify(self, data: bytes, signature: bytes) -> bool:
        try:
            self._key.public_key().verify(signature, data)
        except Exception:
            return False
        return True


def _entry(number: int) -> AuditEntry:
    return AuditEntry(
        actor_kind=ActorKind.APPLICATION,
        actor_id="app-shop",
        role="backend",
        action="read",
        purpose="service_provision",
        subject_id=f"u-{number % 50_000}",
        item_keys=("email", "phone"),
        outcome=Outcome.ALLOWED,
        rule="purpose_items",
    )


def _entry_result(
    name: str, value: float, unit: str, baseline: float | None, note: str
) -> dict[str, Any]:
    ratio = round(value / baseline, 3) if baseline else None
    return {
        "name": name,
        "value": round(value, 4),
        "unit": unit,
        "baseline": baseline and round(baseline, 4),
        "ratio": ratio,
        "note": note,
    }


def _raw(engine: Engine) -> Any:
    return engine.raw_connection()


def _placeholder(engine: Engine) -> str:
    return "%s" if engine.dialect.name == "postgresql" else "?"


def _append(engine: Engine, log: AuditLog, count: int) -> float:
    started = time.perf_counter()
    for start in range(0, count, BATCH):
        entries = [_entry(n) for n in range(start, min(start + BATCH, count))]
        with transaction(engine) as session:
            log.append_many(session, entries)
    return count / (time.perf_counter() - started)


def _rows(engine: Engine) -> list[tuple[int, str, bytes]]:
    with engine.connect() as conn:
        result = conn.exec_driver_sql("SELECT seq, body, hash FROM audit_event ORDER BY seq")
        return [(int(seq), str(body), bytes(hash_)) for seq, body, hash_ in result]


def _plain_insert(engine: Engine, rows: list[tuple[int, str, bytes]]) -> float:
    mark = _placeholder(engine)
    sql = f"INSERT INTO audit_event (seq, body, hash) VALUES ({mark}, {mark}, {mark})"
    raw = _raw(engine)
    try:
        cursor = raw.cursor()
        sqlite = engine.dialect.name == "sqlite"
        started = time.perf_counter()
        for start in range(0, len(rows), BATCH):
            if sqlite:
                cursor.execute("BEGIN IMMEDIATE")
            cursor.executemany(sql, rows[start : start + BATCH])
            raw.commit()
        elapsed = time.perf_counter() - started
    finally:
        raw.close()
    return len(rows) / elapsed


def _plain_scan(engine: Engine) -> float:
    raw = _raw(engine)
    try:
        started = time.perf_counter()
        if engine.dialect.name == "postgresql":
            cursor = raw.driver_connection.cursor(name="bench_scan")
            cursor.execute(
                "SELECT seq, convert_to(body, 'UTF8'), hash FROM audit_event ORDER BY seq",
                binary=True,
            )
        else:
            raw.driver_connection.text_factory = bytes
            cursor = raw.cursor()
            cursor.execute("SELECT seq, body, hash FROM audit_event ORDER BY seq")
        while cursor.fetchmany(10_000):
            pass
        cursor.close()
        elapsed = time.perf_counter() - started
        raw.rollback()
    finally:
        raw.close()
    return elapsed


def _single_appends(engine: Engine, log: AuditLog, count: int) -> float:
    started = time.perf_counter()
    for number in range(count):
        with transaction(engine) as session:
            log.append_many(session, [_entry(number)])
    return count / (time.perf_counter() - started)


def _plain_single_inserts(engine: Engine, rows: list[tuple[int, str, bytes]]) -> float:
    mark = _placeholder(engine)
    sql = f"INSERT INTO audit_event (seq, body, hash) VALUES ({mark}, {mark}, {mark})"
    raw = _raw(engine)
    try:
        cursor = raw.cursor()
        sqlite = engine.dialect.name == "sqlite"
        started = time.perf_counter()
        for row in rows:
            if sqlite:
                cursor.execute("BEGIN IMMEDIATE")
            cursor.execute(sql, row)
            raw.commit()
        elapsed = time.perf_counter() - started
    finally:
        raw.close()
    return len(rows) / elapsed


def _measure(label: str, log_url: str, baseline_url: str, count: int, work: Path) -> list[dict]:
    log_engine, plain_engine = create_engine(log_url), create_engine(baseline_url)
    upgrade(log_engine)
    upgrade(plain_engine)
    log = AuditLog(signer=_Signer(), head_path=work / f"head-{label}.json")
    try:
        appended = _append(log_engine, log, count)
        rows = _rows(log_engine)
        plain = _plain_insert(plain_engine, rows)
        started = time.perf_counter()
        report = log.verify(log_engine)
        verified = time.perf_counter() - started
        if not report.ok or report.events_checked != count:
            raise RuntimeError(f"the benchmark log does not verify: {report.first_problem}")
        scanned = _plain_scan(log_engine)
        singles = max(count // 50, 500)
        single = _single_appends(log_engine, log, singles)
        plain_single = _plain_single_inserts(
            plain_engine, [(seq + count, body, hash_) for seq, body, hash_ in rows[:singles]]
        )
    finally:
        log_engine.dispose()
        plain_engine.dispose()
    key = label.lower()
    return [
        _entry_result(
            f"audit.append.{key}",
            appended,
            "events/s",
            plain,
            f"{count:,} events, {BATCH:,} per transaction, signed checkpoints; baseline: plain "
            "executemany of the same rows",
        ),
        _entry_result(
            f"audit.verify.{key}",
            verified,
            "s",
            scanned,
            f"verify {count:,} events ({count / verified:,.0f} events/s, "
            f"{verified * 1_000_000 / count:.2f} s per million); baseline: plain streamed SELECT",
        ),
        _entry_result(
            f"audit.append_one_per_transaction.{key}",
            single,
            "events/s",
            plain_single,
            f"{singles:,} transactions of one event each (session, append, commit); baseline: "
            "plain INSERT and commit on the driver",
        ),
    ]


def run(quick: bool) -> list[dict[str, Any]]:
    count = 100_000 if quick else 1_000_000
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="mamori-bench-audit-") as directory:
        work = Path(directory)
        results += _measure(
            "SQLite",
            f"sqlite:///{work / 'log.sqlite'}",
            f"sqlite:///{work / 'plain.sqlite'}",
            count,
            work,
        )
        with postgres_databases(2, "audit") as postgres:
            if postgres is not None:
                results += _measure("PostgreSQL", postgres[0], postgres[1], count, work)
    return results


if __name__ == "__main__":
    sys.exit(main_of("audit", run))
