"""`mamori demo run`: finds a seed's policy, prepares a demo register and serves it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.servers import first_answer, free_port

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
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import uvicorn

    served: dict[str, Any] = {}

    def fake_run(app: Any, **options: Any) -> None:
        served.update(options, app=app)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.chdir(ROOT)
    arguments = ["demo", "run", "--seed", "onplanetz", "--port", "8123", "--subjects", "5"]
    assert main([*arguments, "--home", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "http://127.0.0.1:8123/portal" in printed
    assert "staff  demo-privacy-officer / mamori-demo-privacy_officer" in printed
    assert "member member@example.org" in printed
    assert served["host"] == "127.0.0.1"
    assert served["port"] == 8123
    assert served["app"].state.policy.name == "onplanetz"
    assert served["app"].state.secure_cookies is False


def test_run_again_on_the_same_register_adds_nobody_twice(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **options: None)
    monkeypatch.chdir(ROOT)
    arguments = ["demo", "run", "--subjects", "4", "--home", str(tmp_path)]

    assert main(arguments) == 0
    assert "(3 synthetic people added)" in capsys.readouterr().out
    assert main(arguments) == 0
    assert "(0 synthetic people added)" in capsys.readouterr().out


def test_run_serves_a_policy_file_given_with_policy(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **options: None)
    policy = ROOT / "examples" / "soc" / "policy.yaml"
    arguments = ["demo", "run", "--policy", str(policy), "--host", "::1", "--port", "9"]
    assert main([*arguments, "--subjects", "3", "--home", str(tmp_path)]) == 0
    assert "Mamori: soc at http://[::1]:9/" in capsys.readouterr().out


def test_run_of_an_unknown_seed_is_a_clean_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "run", "--seed", "nope"]) == 2
    assert "no seed 'nope'" in capsys.readouterr().err


@pytest.mark.slow
def test_smoke_the_demo_server_answers_on_a_free_port(tmp_path: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "mamori", "demo", "run", "--port", str(port)]
    command += ["--subjects", "10", "--home", str(tmp_path)]
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
        response = first_answer(f"http://127.0.0.1:{port}/healthz", timeout=20)
        assert response.json()["policy"] == "onplanetz"
        assert "<h1>プライバシーポリシー</h1>" in httpx.get(f"http://127.0.0.1:{port}/").text
        assert httpx.get(f"http://127.0.0.1:{port}/portal/sign-in").status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
