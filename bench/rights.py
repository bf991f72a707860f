"""Rights: the disclosure package and the erasure of one subject in a large register.

    python -m bench.rights [--quick]      # quick: 20,000 subjects; full: 1,000,000

On SQLite, and on PostgreSQL when MAMORI_TEST_POSTGRES_URL is set, in one process each:

- set-up: subjects of 10 items through `import_subjects`, 5,000 per transaction (one audit
  event each); then, for the few subjects measured, consent to a provision, 20 provision
  records (20 separate provisions) and about 200 audit events (reads by staff);
- package: `disclosure_package` for one of them (values read as the person, provision and
  receipt records, consent history and status, access history) and its JSON and HTML, one
  transaction each; baseline: the person's own read of their 10 values, one transaction;
- erasure: `fulfil_request` of a deletion request in progress (crypto-shredding through
  `erase`, the request closed), one transaction each; baseline: null.

Only the measured subjects carry 20 records and 200 events: the lookups go through indexes on
the subject id, so the others' records and events change the depth of those indexes, not the
work. Targets (issue 5): package <= 100 ms, erasure <= 20 ms.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench._support import main_of, postgres_databases, result

POLICY = Path(__file__).with_name("rights_policy.yaml")
BATCH = 5_000
MEASURED = 5
RECORDS = 20
READS = 170  # with the subject's create, consent and provision events: about 200


def _values(number: int) -> dict[str, str]:
    return {
        "name": f"Member {number}",
        "nickname": f"m{number}",
        "email": f"m{number}@example.org",
        "phone": "03-1234-5678",
        "postal_code": "1500001",
        "address": "1-2-3 Shibuya, Tokyo",
        "birth_date": "1990-01-01",
        "gender": "f",
        "occupation": "Engineer",
        "bio": "Hello",
    }


def _measure(url: str, folder: Path, count: int) -> dict[str, float]:
    from mamori.consent import Collected, give
    from mamori.crypto import Keyring, PasswordHasher
    from mamori.policy import load_policy
    from mamori.provision import provide
    from mamori.register import Actor, NewSubject, Register
    from mamori.rights import (
        disclosure_package,
        file_request,
        fulfil_request,
        start,
        verify_identity,
    )

    register = Register.open(
        url,
        load_policy(POLICY),
        Keyring.create(folder / "keyring.json"),
        keystore_url=f"sqlite:///{folder / 'keys.sqlite'}",
        audit_head=folder / "audit-head.json",
        passwords=PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1),
        migrate=True,
    )
    app, officer = Actor.application(), Actor.staff("o1", "privacy_officer")
    try:
        for first in range(0, count, BATCH):
            batch = [
                NewSubject(f"s{n}", "member", _values(n))
                for n in range(first, min(count, first + BATCH))
            ]
            with register.session() as session:
                session.import_subjects(app, batch, collection_point="registration")
        step = count // (2 * MEASURED)
        packaged = [f"s{n * step}" for n in range(MEASURED)]
        erased = [f"s{n * step + step // 2}" for n in range(MEASURED)]
        web = Collected(method="web_form", language="en")
        with register.session() as session:
            for subject in packaged + erased:
                give(session, Actor.subject(subject), subject, ["provision:partners"], web)
            for _ in range(RECORDS):
                provide(session, officer, packaged + erased, provision="partners")
            for subject in packaged:
                for _ in range(READS):
                    session.read(officer, subject, "service", ["email"])
        requests = []
        with register.session() as session:
            for subject in erased:
                request = file_request(session, officer, subject, "deletion", channel="online")
                verify_identity(session, officer, request.id, "session")
                start(session, officer, request.id)
                requests.append(request.id)

        def timed(work: Any) -> float:
            began = time.perf_counter()
            with register.session() as session:
                work(session)
            return (time.perf_counter() - began) * 1000

        def package(session: Any, subject: str) -> None:
            made = disclosure_package(session, Actor.subject(subject), subject)
            made.to_json()
            made.to_html()

        baseline = [
            timed(lambda s, who=who: s.read(Actor.subject(who), who, "self")) for who in packaged
        ]
        packages = [timed(lambda s, who=who: package(s, who)) for who in packaged]
        erasures = [timed(lambda s, rid=rid: fulfil_request(s, officer, rid)) for rid in requests]
    finally:
        register.close()
    return {
        "package_ms": statistics.median(packages),
        "read_ms": statistics.median(baseline),
        "erasure_ms": statistics.median(erasures),
    }


def _rows(backend: str, measured: dict[str, float], count: int) -> list[dict[str, Any]]:
    context = {"subjects": count, "backend": backend, "records": RECORDS, "events": 200}
    return [
        result(
            f"rights.{backend}.disclosure_package",
            measured["package_ms"],
            "ms",
            measured["read_ms"],
            **context,
        ),
        result(f"rights.{backend}.erasure", measured["erasure_ms"], "ms", **context),
    ]


def run(quick: bool) -> list[dict[str, Any]]:
    count = 20_000 if quick else 1_000_000
    rows = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name) / "sqlite"
        folder.mkdir()
        measured = _measure(f"sqlite:///{folder / 'm.sqlite'}", folder, count)
        rows += _rows("sqlite", measured, count)
    with postgres_databases(1, "rights") as urls, tempfile.TemporaryDirectory() as name:
        if urls is not None:
            measured = _measure(urls[0], Path(name), count)
            rows += _rows("postgresql", measured, count)
    return rows


if __name__ == "__main__":
    raise SystemExit(main_of("rights", run))
