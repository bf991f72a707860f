"""A declared statistics release made from the register: onplanetz's OP-8 release
(statistics.ad_market_statistics: gender, ten-year birth bands, usage; min_cell_size 10) over
10,000 synthetic users on SQLite (2,000 in quick mode).

Measures, in one run (best of 3):
- `run_declared_release`: list the subjects, read each one's dimensions through
  `RegisterSession.read` for purpose statistics (role check, decryption, one audit event per
  read), count, suppress, record and audit the release;
- the baseline: `read_register` alone, the same purpose-bound reads without making or recording
  anything, so the ratio is what the table and its record add to the reads.

Run alone: python -m bench.anonymize_release [--quick]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RELEASE = "statistics.ad_market_statistics"


def _entry(name: str, value: float, unit: str, baseline: float | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "value": round(value, 4),
        "unit": unit,
        "baseline": None if baseline is None else round(baseline, 4),
        "ratio": None if not baseline else round(value / baseline, 3),
    }


def _best(repeats: int, call: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def run(quick: bool) -> list[dict[str, Any]]:
    from mamori.anonymize import read_register, run_declared_release
    from mamori.crypto import Keyring
    from mamori.policy import load_policy
    from mamori.register import Actor, NewSubject, Register

    users = 2_000 if quick else 10_000
    rng = random.Random(8)
    policy = load_policy(REPO / "examples" / "onplanetz" / "policy.yaml")
    analyst = Actor.staff("analyst-7", "analyst")
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        register = Register.open(
            f"sqlite:///{base / 'mamori.sqlite'}",
            policy,
            Keyring.create(base / "keyring.json"),
            keystore_url=f"sqlite:///{base / 'keys.sqlite'}",
            audit_head=base / "audit-head.json",
            migrate=True,
        )
        subjects = [
            NewSubject(
                f"op{i:06d}",
                "user",
                {
                    "name": f"User {i}",
                    "email": f"user{i}@example.org",
                    "gender": rng.choice(["female", "male", "female", "male", "other"]),
                    "birth_year": str(rng.randint(1945, 2006)),
                },
            )
            for i in range(users)
        ]
        with register.session() as session:
            session.import_subjects(
                Actor.system("import"), subjects, collection_point="service_use"
            )
        with register.session() as session:
            for subject in subjects:
                usage = rng.choice(["daily", "weekly", "monthly", "rarely"])
                session.write(
                    Actor.application(),
                    subject.subject_id,
                    "information_to_users",
                    {"access_log": usage},
                )
        dims = list(policy.statistics["ad_market_statistics"].dimensions)
        reads = _best(3, lambda: read_register(register, analyst, "statistics", dims))
        release = _best(3, lambda: run_declared_release(register, policy, RELEASE, analyst))
        register.close()
    size = f"{users:,} users, SQLite"
    return [
        _entry(f"OP-8 declared statistics release from the register ({size})", release, "s", reads),
        _entry(f"OP-8 release, subjects per second ({size})", users / release, "subjects/s"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    for item in run(parser.parse_args().quick):
        print(json.dumps(item))


if __name__ == "__main__":
    main()
