"""Provision: a declared, consent-based provision to many consenting subjects, with its bulk
Art. 29 record, against a read of the same values for a plain purpose.

    python -m bench.provision [--quick]      # quick: 10,000 subjects; full: 100,000

On SQLite, each step in a child process of its own so that its peak memory is its own:

- set-up: subjects of five items through `import_subjects`, and each person's consent to the
  provision written straight into the ledger's tables (the ledger's API writes one person at a
  time; its speed is not what is measured here);
- baseline: `read_many` of every subject for the plain purpose `service` (the same items:
  checked, decrypted and audited per person, no consent, no record, no package), one session;
- provision: `provide(..., bulk=True)` of every subject (consent looked up, read, audited per
  person, the bulk record with one row per person) and the package written as JSON, one
  session.

Both start with a cold key cache (a new process), as a provision job would.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench._support import peak_rss_mb, result

POLICY = Path(__file__).with_name("provision_policy.yaml")
BATCH = 1_000


def _open(folder: Path, *, migrate: bool = False) -> Any:
    from mamori.crypto import Keyring
    from mamori.policy import load_policy
    from mamori.register import Register

    keyring = folder / "keyring.json"
    return Register.open(
        f"sqlite:///{folder / 'm.sqlite'}",
        load_policy(POLICY),
        Keyring.load(keyring) if keyring.exists() else Keyring.create(keyring),
        keystore_url=f"sqlite:///{folder / 'keys.sqlite'}",
        audit_head=folder / "audit-head.json",
        migrate=migrate,
    )


def _setup(folder: Path, count: int) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import insert

    from mamori.consent._tables import consent_events, consent_state
    from mamori.register import Actor, NewSubject

    register = _open(folder, migrate=True)
    app = Actor.application()
    now = datetime.now(UTC)
    policy = register.policy
    try:
        for first in range(0, count, BATCH):
            numbers = range(first, min(first + BATCH, count))
            batch = [
                NewSubject(
                    f"s{number:07d}",
                    "member",
                    {
                        "name": f"Person {number:07d}",
                        "email": f"person{number}@example.org",
                        "postal_code": f"{100 + number % 900:03d}-{number % 10_000:04d}",
                        "gender": "fmx"[number % 3],
                        "birth_date": f"{1940 + number % 60}-{number % 12 + 1:02d}-01",
                    },
                )
                for number in numbers
            ]
            events = [
                {
                    "id": uuid.uuid4().hex,
                    "subject_id": new.subject_id,
                    "target": "provision:partners",
                    "decision": "given",
                    "recorded_at": now,
                    "expires_at": None,
                    "method": "web_form",
                    "jurisdiction": "JP",
                    "language": "en",
                    "policy_name": policy.name,
                    "policy_version": policy.version,
                    "policy_hash": policy.content_hash,
                    "actor_kind": "subject",
                    "actor_id": new.subject_id,
                    "foreign_information": False,
                    "gpc": False,
                    "reference": None,
                }
                for new in batch
            ]
            with register.session() as session:
                session.import_subjects(app, batch, collection_point="registration")
                session.connection.execute(insert(consent_events), events)
                session.connection.execute(
                    insert(consent_state),
                    [
                        {
                            "subject_id": event["subject_id"],
                            "target": event["target"],
                            "decision": "given",
                            "decided_at": now,
                            "expires_at": None,
                            "event_id": event["id"],
                        }
                        for event in events
                    ],
                )
    finally:
        register.close()


def _baseline(folder: Path, count: int) -> dict[str, float]:
    from mamori.register import Actor

    register = _open(folder)
    try:
        started = time.perf_counter()
        with register.session() as session:
            ids = session.subject_ids(Actor.application(), "service")
            read = session.read_many(Actor.application(), ids, "service")
        seconds = time.perf_counter() - started
        assert len(read.values) == count, (len(read.values), count)
    finally:
        register.close()
    return {"seconds": seconds, "peak_mb": peak_rss_mb()}


def _provision(folder: Path, count: int) -> dict[str, float]:
    from mamori.provision import provide
    from mamori.register import Actor

    officer = Actor.staff("officer1", "privacy_officer")
    register = _open(folder)
    try:
        started = time.perf_counter()
        with register.session() as session:
            ids = session.subject_ids(officer, "provision:partners")
            done = provide(session, officer, ids, provision="partners", bulk=True)
        done.package.write(folder / "package.json")
        seconds = time.perf_counter() - started
        assert done.provided == count, (done.provided, done.skipped)
    finally:
        register.close()
    return {"seconds": seconds, "peak_mb": peak_rss_mb()}


def _child(step: str, folder: Path, count: int) -> dict[str, float]:
    completed = subprocess.run(
        [sys.executable, "-m", "bench.provision", "--child", step, str(folder), str(count)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    measured: dict[str, float] = json.loads(completed.stdout or "{}")
    return measured


def run(quick: bool) -> list[dict[str, Any]]:
    count = 10_000 if quick else 100_000
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        _child("setup", folder, count)
        base = _child("baseline", folder, count)
        made = _child("provision", folder, count)
    context = {"subjects": count, "backend": "sqlite"}
    return [
        result("provision.sqlite.bulk_provision", made["seconds"], "s", base["seconds"], **context),
        result(
            "provision.sqlite.subjects_per_s",
            count / made["seconds"],
            "subjects/s",
            count / base["seconds"],
            **context,
        ),
        result("provision.sqlite.peak_memory", made["peak_mb"], "MB", base["peak_mb"], **context),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.provision")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        step, folder, count = arguments.child
        if step == "setup":
            _setup(Path(folder), int(count))
            print("{}")
        else:
            measure = _baseline if step == "baseline" else _provision
            print(json.dumps(measure(Path(folder), int(count))))
        return 0
    for row in run(arguments.quick):
        print(json.dumps(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
