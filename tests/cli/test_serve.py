"""`mamori serve --workers N`: several processes on PostgreSQL, refused on SQLite."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from tests.servers import first_answer, free_port

from mamori.cli import main

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "examples" / "wox" / "policy.yaml"
WORKERS = ("--workers", "2", "--retention-every", "0", "--notify-every", "0")


def test_several_workers_on_sqlite_are_refused_before_anything_starts(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", "--home", str(home)]) == 0
    capsys.readouterr()
    status = main(["serve", "--home", str(home), "--policy", str(POLICY), "--workers", "2"])
    err = " ".join(capsys.readouterr().err.split())
    assert status == 2
    assert "--workers above 1 needs a PostgreSQL register" in err
    assert "Traceback" not in err


def _workers_of(server: subprocess.Popen[bytes]) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        status = entry / "status"
        if entry.name.isdigit() and status.exists():
            fields = dict(
                line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line
            )
            cmdline = (entry / "cmdline").read_bytes()
            if fields.get("PPid", "").strip() == str(server.pid) and b"spawn_main" in cmdline:
                children.append(int(entry.name))
    return children


@pytest.mark.slow
@pytest.mark.postgres
def test_two_workers_serve_a_postgresql_register(tmp_path: Path, postgres_url: str) -> None:
    home, port = tmp_path / "home", free_port()
    mamori = [sys.executable, "-m", "mamori"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    database = ["--home", str(home), "--database", postgres_url]
    subprocess.run([*mamori, "init", *database], check=True, capture_output=True, env=env)
    server = subprocess.Popen(
        [*mamori, "serve", *database, "--policy", str(POLICY), "--port", str(port), *WORKERS],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        first_answer(f"http://127.0.0.1:{port}/healthz", timeout=60)
        # The notice reads the register's announcements: each worker opened the register.
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            answers = [client.get("/", headers={"Connection": "close"}) for _ in range(10)]
        workers = _workers_of(server)
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert [answer.status_code for answer in answers] == [200] * 10
    assert len(workers) == 2
