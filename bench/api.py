"""The HTTP API: a staff member's read of one subject's items for a purpose, over loopback.

    python -m bench.api [--quick]      # quick: 200 subjects, 3 s per load; full: 2,000, 10 s

A register on SQLite (the onplanetz policy, synthetic people through `load_demo`) served as
`mamori serve` serves it (uvicorn with uvloop and httptools, the WAL checkpointer running), once
with one process and once with two (`--workers 2`), and loaded by wrk (Debian package `wrk`)
from another process, all on this 2-core machine:

- saturation: wrk with 16 connections for the whole duration; requests per second;
- latency at 500 requests/s: 10 connections, each waiting a random 0-40 ms before each request
  (a Lua `delay()`); wrk waits for each answer before the gap, so a first run measures how much
  the answers slow the rate down and the reported run shortens the gap to make up for it. p50
  and p99, and the rate reached. The same at 200 requests/s, below saturation;
- baseline: the same loads on `/healthz` of the same server (the framework's floor: no
  authentication, no database).

Each read checks the API key (one prepared query outside any transaction), then in a read-only
snapshot (`register.reading()`) checks the policy and decrypts the items, and waits until its
audit event is committed, with those of the reads that ended in the same turn of the event
loop. Targets (issue 6): p50 <= 2 ms, p99 <= 10 ms, >= 2,000 requests/s.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench._support import result

POLICY = Path(__file__).resolve().parent.parent / "examples" / "onplanetz" / "policy.yaml"
PURPOSE = "service_provision"
ROLE = "support"
# Each connection waits a random 0 to 2x `gap` ms before each request: with a fixed gap the
# connections fire in step, and ten requests arriving at once measure a queue, not a read.
PACE = """
local gap = 20
function init(args)
  if args[1] then gap = tonumber(args[1]) end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end
function delay() return math.random(0, 2 * gap) end
"""
PACED_CONNECTIONS = 10


def _prepare(home: Path, subjects: int) -> tuple[str, str]:
    """A demo register in `home`; an API key of a support agent and one subject's id."""
    from mamori import open_register
    from mamori._home import init_home
    from mamori.accounts import create_api_key, create_staff
    from mamori.config import Settings
    from mamori.demo import demo_password_hasher, load_demo
    from mamori.register import Actor

    settings = Settings(home=home)
    init_home(settings)
    register = open_register(settings, POLICY, passwords=demo_password_hasher())
    try:
        load_demo(register, subjects, seed=3)
        system = Actor.system("bench")
        now = datetime.now(UTC)
        with register.session() as session:
            create_staff(session, system, staff_id="bench-support", roles=[ROLE], now=now)
            _, secret = create_api_key(session, system, "bench-support", label="bench", now=now)
            readable = session.subject_ids(
                system, PURPOSE, register.policy.purposes[PURPOSE].subject_kinds
            )
        return secret, readable[len(readable) // 2]
    finally:
        register.close()


def _serve(home: Path, port: int, processes: int) -> None:
    """What `mamori serve --workers N` runs, without its retention and delivery jobs."""
    from mamori import open_register
    from mamori.cli.serve import serve_register
    from mamori.config import Settings

    settings = Settings(home=home)
    register = open_register(settings, POLICY)
    serve_register(
        register,
        host="127.0.0.1",
        port=port,
        retention_hours=0,
        notify_minutes=0,
        settings=settings,
        workers=processes,
        policy_file=POLICY,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _paced(url: str, key: str | None, seconds: int, pace: Path, rate: int) -> dict[str, float]:
    """Latency at about `rate` requests/s. wrk waits for each answer before the next gap, so a
    first run finds how far below the rate the answers' time brings it, and the measured run
    shortens the gap by that much."""
    gap = PACED_CONNECTIONS * 1000 / rate
    first = _wrk(url, key, seconds, PACED_CONNECTIONS, (pace, gap))
    lost = PACED_CONNECTIONS * 1000 / first["rps"] - gap
    return _wrk(url, key, seconds, PACED_CONNECTIONS, (pace, max(1.0, gap - lost)))


def _wrk(
    url: str,
    key: str | None,
    seconds: int,
    connections: int,
    pace: tuple[Path, float] | None = None,
) -> dict[str, float]:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if key is not None:
        command += ["-H", f"Authorization: Bearer {key}"]
    if pace is not None:
        script, gap = pace
        command += ["-s", str(script), url, "--", str(round(gap))]
    else:
        command.append(url)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{errors.group(1)} answers were not 2xx: {url}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),  # type: ignore[union-attr]
        "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),  # type: ignore[union-attr]
    }


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run(quick: bool) -> list[dict[str, Any]]:
    if shutil.which("wrk") is None:
        print("bench.api: wrk is missing (apt-get install wrk); skipped", file=sys.stderr)
        return []
    subjects, seconds = (200, 3) if quick else (2_000, 10)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="mamori-bench-api-") as folder:
        home = Path(folder)
        key, subject = _prepare(home, subjects)
        pace = home / "pace.lua"
        pace.write_text(PACE, encoding="utf-8")
        for processes in (1, 2):
            size = {"subjects": subjects, "database": "sqlite", "processes": processes}
            rows += _measure(home, key, subject, pace, seconds, processes, size)
    return rows


def _measure(
    home: Path,
    key: str,
    subject: str,
    pace: Path,
    seconds: int,
    processes: int,
    size: dict[str, Any],
) -> list[dict[str, Any]]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.api", "--serve", str(home), str(port), str(processes)],
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.DEVNULL,  # the server's banner
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(base)
        read = f"{base}/api/v1/subjects/{subject}/items?purpose={PURPOSE}"
        floor = f"{base}/healthz"
        _wrk(read, key, 2, 8)  # warm-up: caches, connection pools
        saturated = _wrk(read, key, seconds, 16)
        floor_saturated = _wrk(floor, None, seconds, 16)
        paced = _paced(read, key, seconds, pace, 500)
        floor_paced = _paced(floor, None, seconds, pace, 500)
        # Below saturation too: the latency a read costs when requests do not queue.
        light = _paced(read, key, seconds, pace, 200)
        floor_light = _paced(floor, None, seconds, pace, 200)
    finally:
        server.terminate()
        server.wait(timeout=30)
    label = f"api read, {processes} process{'es' if processes > 1 else ''}"
    return [
        result(
            f"{label}: saturation", saturated["rps"], "requests/s", floor_saturated["rps"], **size
        ),
        *(
            result(
                f"{label}: {name} at {rate} requests/s",
                measured[name],
                "ms",
                baseline[name],
                achieved_rps=measured["rps"],
                **size,
            )
            for rate, measured, baseline in ((500, paced, floor_paced), (200, light, floor_light))
            for name in ("p50", "p99")
        ),
    ]


def _wait(base: str) -> None:
    import httpx

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("the API server did not start")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--serve", nargs=3, metavar=("HOME", "PORT", "PROCESSES"))
    arguments = parser.parse_args()
    if arguments.serve:
        _serve(Path(arguments.serve[0]), int(arguments.serve[1]), int(arguments.serve[2]))
    else:
        print(json.dumps(run(arguments.quick), indent=2))
