"""Appends from several processes extend one chain; a hard kill loses no acknowledged append."""

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

from mamori.audit import AuditLog
from tests.audit.signer import Ed25519Signer
from tests.conftest import KilledRun

WRITER = str(Path(__file__).with_name("writer.py"))


def writer(url: str, count: int, actor: str, signer: Ed25519Signer, head: Path) -> list[str]:
    return [
        sys.executable,
        WRITER,
        url,
        str(count),
        actor,
        signer.private_bytes_hex(),
        str(head),
        "7",
    ]


@pytest.mark.slow
def test_two_processes_appending_at_once_keep_one_valid_chain(
    engine: Engine, signer: Ed25519Signer, head_path: Path
) -> None:
    url = engine.url.render_as_string(hide_password=False)
    processes = [
        subprocess.Popen(writer(url, 20, actor, signer, head_path), stdout=subprocess.PIPE)
        for actor in ("proc-a", "proc-b")
    ]
    outputs = [process.communicate(timeout=60)[0].split() for process in processes]
    assert [process.returncode for process in processes] == [0, 0]
    audit = AuditLog(signer=signer, head_path=head_path)
    report = audit.verify(engine)
    assert report.ok, report.problems
    assert report.events_checked == 40
    assert sorted(int(seq) for output in outputs for seq in output) == list(range(1, 41))
    for actor in ("proc-a", "proc-b"):
        assert len(audit.query(engine, actor_id=actor)) == 20


@pytest.mark.slow
def test_a_hard_kill_loses_no_acknowledged_append(
    engine: Engine,
    signer: Ed25519Signer,
    head_path: Path,
    run_until_killed: Callable[..., KilledRun],
) -> None:
    url = engine.url.render_as_string(hide_password=False)
    audit = AuditLog(signer=signer, head_path=head_path)
    acknowledged: set[int] = set()
    for round_, kill_after in enumerate((3, 11, 25)):
        actor = f"crash-{round_}"
        run = run_until_killed(
            writer(url, 100_000, actor, signer, head_path), kill_after=kill_after
        )
        assert run.returncode == -9
        assert len(run.acknowledged) >= kill_after
        acknowledged |= {int(seq) for seq in run.acknowledged}
        stored = {event.seq for event in audit.query(engine, actor_id=actor, limit=10_000)}
        assert {int(seq) for seq in run.acknowledged} <= stored
        report = audit.verify(engine)
        assert report.ok, report.problems
    assert len(acknowledged) >= 3 + 11 + 25
