"""A writer killed with SIGKILL in the middle of 10,000 register writes loses no acknowledged
write, and the audit log still verifies; several times, at different points."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import KilledRun

from mamori.register import Actor, Register

WRITER = str(Path(__file__).with_name("kill_writer.py"))
APP = Actor.application()
SUBJECTS = 20
WRITES = 10_000


def writer(database_url: str, keystore_url: str, tmp_path: Path, run: int) -> list[str]:
    return [
        sys.executable,
        WRITER,
        database_url,
        keystore_url,
        str(tmp_path / "keyring.json"),
        str(tmp_path / "audit-head.json"),
        str(run),
        str(WRITES),
        str(SUBJECTS),
    ]


@pytest.mark.slow
def test_a_killed_writer_loses_no_acknowledged_write(
    register: Register,
    database_url: str,
    keystore_url: str,
    tmp_path: Path,
    run_until_killed: Callable[..., KilledRun],
) -> None:
    with register.session() as session:
        for number in range(SUBJECTS):
            session.create_subject(
                APP,
                f"k{number}",
                kind="member",
                collection_point="registration",
                values={"name": f"Member {number}"},
            )
    for run, kill_after in enumerate((30, 300, 1200)):
        killed = run_until_killed(
            writer(database_url, keystore_url, tmp_path, run), kill_after=kill_after, timeout=120
        )
        assert killed.returncode == -9, killed.stderr
        acknowledged = [int(line) for line in killed.acknowledged]
        assert acknowledged == list(range(len(acknowledged)))
        assert kill_after <= len(acknowledged) < WRITES

        # Each subject holds its last acknowledged write, or the one write that may have
        # committed after the child's last line: the next one.
        in_flight = len(acknowledged)
        latest = {number % SUBJECTS: number for number in acknowledged}
        assert len(latest) == SUBJECTS
        with register.session() as session:
            for subject, number in latest.items():
                bio = session.read(APP, f"k{subject}", "service", ["bio"])["bio"].reveal()
                expected = {number, in_flight} if in_flight % SUBJECTS == subject else {number}
                assert bio in {f"run {run} write {n}" for n in expected}, f"k{subject}"

        writes = register.audit.query(
            register.engine, actor_id=f"writer-{run}", outcome="allowed", limit=10_000
        )
        assert len(acknowledged) <= len(writes) <= len(acknowledged) + 1
        report = register.audit.verify(register.engine)
        assert report.ok, report.problems
        assert report.head_checked
        assert report.checkpoints_checked > 0
