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


def writer(
    url: str, count: int, actor: str, signer: Ed25519Signer, head: Path, every: int = 7
) -> list[str]:
    return [
        sys.executable,
        WRITER,
        url,
        str(count),
        actor,
        signer.private_bytes_hex(),
        str(head),
        str(every),
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
    assert_kills_lose_nothing: Callable[..., list[KilledRun]],
) -> None:
    url = engine.url.render_as_string(hide_password=False)
    audit = AuditLog(signer=signer, head_path=head_path)

    def stored() -> set[str]:
        return {str(event.seq) for event in audit.query(engine, limit=10_000)}

    def intact() -> bool:
        report = audit.verify(engine)
        return report.ok and report.head_checked

    runs = assert_kills_lose_nothing(
        # A checkpoint every 2 events, so that kills land around head-file writes too.
        lambda round_: writer(url, 100_000, f"crash-{round_}", signer, head_path, every=2),
        kill_points=(3, 11, 25),
        stored=stored,
        log_is_intact=intact,
    )
    assert sum(len(run.acknowledged) for run in runs) >= 3 + 11 + 25


def test_the_kill_harness_catches_a_lost_acknowledged_write(
    assert_kills_lose_nothing: Callable[..., list[KilledRun]],
) -> None:
    # A child that acknowledges writes it never makes: the harness must say so.
    liar = [sys.executable, "-c", "import itertools\nfor n in itertools.count(1): print(n)"]
    with pytest.raises(AssertionError, match="acknowledged writes lost"):
        assert_kills_lose_nothing(
            lambda _round: liar, kill_points=(5,), stored=set, log_is_intact=lambda: True
        )
