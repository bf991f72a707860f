"""Policy versions: activating a consent-required version in a register of N subjects, half of
whom had consented to the changed provision, on SQLite and PostgreSQL.

    python -m bench.versions [--quick]      # quick: 10,000 subjects; full: 100,000

What is timed is one transaction, as `mamori policy activate` runs it: the diff, the renewal,
listing the subjects (audited), reading their consents, and writing one announcement per
person asked again and one per person told, then the commit. The baseline, measured in the
same run on the same database: a plain ``executemany`` of the very announcement rows the
activation wrote, in one transaction, on the raw driver.

The consents are written straight into the ledger's state table before the timing starts:
giving 50,000 consents one by one through the API is not what is measured here.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select

from bench._support import main_of, peak_rss_mb, postgres_databases, result
from mamori.consent._tables import consent_state
from mamori.crypto import Keyring, PasswordHasher
from mamori.policy import Policy, load_policy
from mamori.register import Actor, NewSubject, Register
from mamori.versions import activate
from mamori.versions._tables import announcements

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "versions" / "fixtures"
BATCH = 5_000


def _register(url: str, policy: Policy, work: Path) -> Register:
    return Register.open(
        url,
        policy,
        Keyring.create(work / f"keyring-{time.monotonic_ns()}.json"),
        keystore_url=f"sqlite:///{work / f'keys-{time.monotonic_ns()}.sqlite'}",
        passwords=PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1),
        migrate=True,
    )


def _populate(register: Register, count: int) -> None:
    app = Actor.application()
    now = datetime.now(UTC)
    for start in range(0, count, BATCH):
        ids = [f"m{number:07d}" for number in range(start, min(count, start + BATCH))]
        with register.session() as session:
            session.import_subjects(
                app,
                [NewSubject(i, "member", {"name": "A Member"}) for i in ids],
                collection_point="registration",
            )
            session.connection.execute(
                insert(consent_state),
                [
                    {
                        "subject_id": subject,
                        "target": "provision:partners",
                        "decision": "given",
                        "decided_at": now,
                        "expires_at": None,
                        "event_id": f"bench{number}",
                    }
                    for number, subject in enumerate(ids)
                    if int(subject[1:]) % 2 == 0
                ],
            )


def _measure(label: str, url: str, count: int, work: Path) -> list[dict[str, Any]]:
    v1 = load_policy(FIXTURES / "shop.yaml")
    v2 = load_policy(FIXTURES / "shop_v2.yaml")
    register = _register(url, v1, work)
    try:
        with register.session() as session:
            activate(session, Actor.system(), v1)
        _populate(register, count)
        started = time.perf_counter()
        with register.session() as session:
            done = activate(session, Actor.system(), v2)
        elapsed = time.perf_counter() - started
        written = done.asked_again + done.notified
        assert done.asked_again == (count + 1) // 2, done.asked_again
        assert done.notified == count, done.notified
        baseline = _plain_insert(register)
    finally:
        register.close()
    extra = {"subjects": count, "announcements": written, "database": label}
    return [
        result(
            f"versions: activate a consent-required version, {count:,} subjects ({label})",
            elapsed,
            "s",
            baseline,
            **extra,
        ),
        result(
            f"versions: announcements written per second ({label})",
            written / elapsed,
            "rows/s",
            written / baseline,
            **extra,
        ),
    ]


def _plain_insert(register: Register) -> float:
    """The same rows again, deleted and inserted with the driver's executemany."""
    with register.engine.begin() as connection:
        rows = [tuple(row) for row in connection.execute(select(announcements))]
        connection.execute(delete(announcements))
    columns = ", ".join(column.name for column in announcements.c)
    with register.engine.begin() as connection:
        marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
        markers = ", ".join([marker] * len(announcements.c))
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        started = time.perf_counter()
        cursor.executemany(f"INSERT INTO policy_announcements ({columns}) VALUES ({markers})", rows)
        connection.commit()
        elapsed = time.perf_counter() - started
        cursor.close()
    return elapsed


def run(quick: bool) -> list[dict[str, Any]]:
    count = 10_000 if quick else 100_000
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="mamori-bench-versions-") as directory:
        work = Path(directory)
        results += _measure("SQLite", f"sqlite:///{work / 'register.sqlite'}", count, work)
        with postgres_databases(1, "versions") as postgres:
            if postgres is not None:
                results += _measure("PostgreSQL", postgres[0], count, work)
    results.append(result("versions: peak memory", peak_rss_mb(), "MB"))
    return results


if __name__ == "__main__":
    sys.exit(main_of("versions", run))
