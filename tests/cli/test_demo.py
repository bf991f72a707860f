"""`mamori demo run`: finds a seed's policy and serves its notice."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from mamori.cli import main
from mamori.cli.demo import find_seed_policy
from mamori.errors import NotFoundError, ValidationError

ROOT = Path(__file__).resolve().parents[2]


def test_a_seed_is_found_in_the_repository_examples() -> None:
    assert find_seed_policy("onplanetz", start=ROOT) == ROOT / "examples/onplanetz/policy.yaml"


def test_a_seed_is_found_from_a_subfolder_of_a_checkout(tmp_path: Path) -> None:
    seed = tmp_path / "examples" / "mine" / "policy.yaml"
    seed.parent.mkdir(parents=True)
    seed.write_text("format: 1\n", encoding="utf-8")
    (tmp_path / "deep" / "er").mkdir(parents=True)
    assert find_seed_policy("mine", start=tmp_path / "deep" / "er") == seed


def test_an_unknown_seed_names_those_there_are() -> None:
    with pytest.raises(
        NotFoundError, match=r"no seed 'nope' in .*; the seeds there are: .*onplanetz"
    ):
        find_seed_policy("nope", start=ROOT)


def test_a_seed_name_cannot_leave_the_examples_folder() -> None:
    with pytest.raises(ValidationError, match="is not a seed name"):
        find_seed_policy("../../etc", start=ROOT)


def test_run_prints_the_address_and_serves_the_seed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import uvicorn

    served: dict[str, Any] = {}

    def fake_run(app: Any, **options: Any) -> None:
        served.update(options, app=app)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.chdir(ROOT)
    assert (
        main(["demo", "run", "--seed", "onplanetz", "--host", "127.0.0.1", "--port", "8123"]) == 0
    )
    assert "http://127.0.0.1:8123/" in capsys.readouterr().out
    assert served["host"] == "127.0.0.1"
    assert served["port"] == 8123
    assert served["app"].state.policy.name == "onplanetz"


def test_run_serves_a_policy_file_given_with_policy(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **options: None)
    policy = ROOT / "tests" / "policy" / "fixtures" / "full.yaml"
    assert main(["demo", "run", "--policy", str(policy), "--host", "::1", "--port", "9"]) == 0
    assert "the notice of full_example" in capsys.readouterr().out


def test_run_of_an_unknown_seed_is_a_clean_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "run", "--seed", "nope"]) == 2
    assert "no seed 'nope'" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.mark.slow
def test_smoke_the_demo_server_answers_on_a_free_port() -> None:
    port = _free_port()
    command = [sys.executable, "-m", "mamori", "demo", "run", "--port", str(port)]
    server = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert server.stdout is not None
        assert f"http://127.0.0.1:{port}/" in server.stdout.readline()
        deadline = time.monotonic() + 20
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the demo server did not start"
                time.sleep(0.1)
        assert response.json()["policy"] == "onplanetz"
        assert "<h1>プライバシーポリシー</h1>" in httpx.get(f"http://127.0.0.1:{port}/").text
    finally:
        server.terminate()
        server.wait(timeout=10)
