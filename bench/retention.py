"""Retention: a run that erases N subjects whose every item is due, against the same N plain
`erase` calls in one session, measured in the same process on SQLite (and PostgreSQL when
MAMORI_TEST_POSTGRES_URL is set). Also the plan alone (the audit-log scan that finds what is
due), which a report costs.

    python -m bench.retention [--quick]        # 5,000 subjects quick, 100,000 otherwise
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench._support import main_of, postgres_databases, result
from mamori.crypto import Keyring, PasswordHasher
from mamori.policy import Policy, load_policy
from mamori.register import Actor, NewSubject, Register
from mamori.retention import plan
from mamori.retention import run as retention_run

POLICY = Path(__file__).parents[1] / "tests" / "retention" / "fixtures" / "retention.yaml"
_APP = Actor.application()
_BATCH = 5_000


def _register(url: str, folder: Path, policy: Policy, keyring: Keyring, name: str) -> Register:
    return Register.open(
        url,
        policy,
        keyring,
        keystore_url=f"sqlite:///{folder / f'{name}-keys.sqlite'}",
        audit_head=folder / f"{name}-head.json",
        passwords=PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1),
        migrate=True,
    )


def _guests(register: Register, count: int) -> list[str]:
    ids = [f"g{number}" for number in range(count)]
    for start in range(0, count, _BATCH):
        with register.session() as session:
            session.import_subjects(
                _APP,
                [
                    NewSubject(subject_id, "guest", {"note": "visited"})
                    for subject_id in ids[start : start + _BATCH]
                ],
                collection_point="guest_visit",
            )
    return ids


def _measure(urls: tuple[str, str], folder: Path, count: int) -> dict[str, float]:
    policy = load_policy(POLICY)
    keyring = Keyring.create(folder / "keyring.json")
    due_at = datetime.now(UTC) + timedelta(days=91)
    retained = _register(urls[0], folder, policy, keyring, "retention")
    erased = _register(urls[1], folder, policy, keyring, "erase")
    try:
        _guests(retained, count)
        ids = _guests(erased, count)
        started = time.perf_counter()
        with retained.engine.connect() as connection:
            found = plan(connection, policy, due_at)
        planned = time.perf_counter() - started
        assert found.subjects_to_erase == count
        started = time.perf_counter()
        with retained.session() as session:
            summary = retention_run(session, due_at)
        ran = time.perf_counter() - started
        assert summary.subjects_erased == count
        started = time.perf_counter()
        with erased.session() as session:
            for subject_id in ids:
                session.erase(Actor.system("retention"), subject_id, reason="retention")
        plain = time.perf_counter() - started
    finally:
        retained.close()
        erased.close()
    return {"plan": planned, "run": ran, "erase": plain}


def _rows(kind: str, measured: dict[str, float], count: int) -> list[dict[str, Any]]:
    return [
        result(
            f"retention run erasing {count} subjects, {kind}",
            count / measured["run"],
            "subjects/s",
            count / measured["erase"],
            seconds=round(measured["run"], 3),
            baseline_note="the same number of plain erase calls in one session",
        ),
        result(
            f"retention plan over {count} subjects, {kind}",
            measured["plan"],
            "s",
            None,
        ),
    ]


def run(quick: bool) -> list[dict[str, Any]]:
    count = 5_000 if quick else 100_000
    rows = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        urls = (f"sqlite:///{folder / 'a.sqlite'}", f"sqlite:///{folder / 'b.sqlite'}")
        rows += _rows("sqlite", _measure(urls, folder, count), count)
    with postgres_databases(2, "retention") as found, tempfile.TemporaryDirectory() as name:
        if found is not None:
            pg = _measure((found[0], found[1]), Path(name), count)
            rows += _rows("postgresql", pg, count)
    return rows


if __name__ == "__main__":
    raise SystemExit(main_of("retention", run))
