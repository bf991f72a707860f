"""`mamori serve --workers N`: several processes on an SQLite file or PostgreSQL."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from tests.servers import first_answer, free_port

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "examples" / "wox" / "policy.yaml"
WORKERS = ("--workers", "2", "--retention-every", "0", "--notify-every", "0")
MAMORI = [sys.executable, "-m", "mamori"]


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


def _run(*arguments: str) -> str:
    done = subprocess.run(
        [*MAMORI, *arguments], check=True, capture_output=True, text=True, env=_ENV
    )
    return done.stdout


_ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}


@contextmanager
def _two_workers(register: list[str], port: int) -> Iterator[list[int]]:
    """`mamori serve --workers 2` on the register `register` names, once it answers; yields the
    worker processes' ids."""
    server = subprocess.Popen(
        [*MAMORI, "serve", *register, "--policy", str(POLICY), "--port", str(port), *WORKERS],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_ENV,
    )
    try:
        first_answer(f"http://127.0.0.1:{port}/healthz", timeout=60)
        yield _workers_of(server)
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.slow
def test_two_workers_write_one_sqlite_file_at_once(tmp_path: Path) -> None:
    home, port = ["--home", str(tmp_path / "home")], free_port()
    _run("init", *home)
    _run(
        "staff",
        "add",
        "st-1",
        "--role",
        "staff_in_charge",
        "--no-password",
        *home,
        "--policy",
        str(POLICY),
    )
    key = re.search(
        r"mamori_\S+",
        _run("staff", "key", "create", "st-1", "--label", "test", *home, "--policy", str(POLICY)),
    )
    assert key is not None

    def register(number: int) -> int:
        body = {
            "id": f"user-{number}",
            "kind": "registered_user",
            "collection_point": "registration",
            "values": {"email": f"user{number}@example.org"},
        }
        # A connection each, so that the two workers share the requests.
        answer = httpx.post(
            f"http://127.0.0.1:{port}/api/v1/subjects",
            json=body,
            headers={"Authorization": f"Bearer {key.group(0)}", "Connection": "close"},
            timeout=60,
        )
        return answer.status_code

    def read(number: int) -> str:
        answer = httpx.get(
            f"http://127.0.0.1:{port}/api/v1/subjects/user-{number}/items",
            params={"purpose": "contact"},
            headers={"Authorization": f"Bearer {key.group(0)}", "Connection": "close"},
            timeout=60,
        )
        assert answer.status_code == 200, answer.text
        return str(answer.json()["values"]["email"])

    with _two_workers(home, port) as workers, ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(register, range(80)))
        emails = list(pool.map(read, range(80)))

    assert len(workers) == 2
    assert statuses == [201] * 80
    assert emails == [f"user{number}@example.org" for number in range(80)]
    # One hash chain, though two processes appended to it, the reads' events in shared writes.
    audit = {**_ENV, "MAMORI_HOME": home[1]}
    verified = subprocess.run(
        [*MAMORI, "audit", "verify"], capture_output=True, text=True, env=audit
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    reads = subprocess.run(
        [*MAMORI, "audit", "query", "--actor", "st-1", "--purpose", "contact", "--limit", "500"],
        capture_output=True,
        text=True,
        env=audit,
        check=True,
    )
    assert reads.stdout.count(" read ") == 80, reads.stdout


@pytest.mark.slow
@pytest.mark.postgres
def test_two_workers_serve_a_postgresql_register(tmp_path: Path, postgres_url: str) -> None:
    home, port = tmp_path / "home", free_port()
    database = ["--home", str(home), "--database", postgres_url]
    _run("init", *database)
    # The notice reads the register's announcements: each worker opened the register.
    base = f"http://127.0.0.1:{port}"
    with _two_workers(database, port) as workers, httpx.Client(base_url=base) as client:
        answers = [client.get("/", headers={"Connection": "close"}) for _ in range(10)]

    assert [answer.status_code for answer in answers] == [200] * 10
    assert len(workers) == 2
