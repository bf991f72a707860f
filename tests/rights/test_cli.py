"""`mamori requests`: the office-ant workflow from the command line, in a home `mamori init`
made; errors are clean messages (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mamori import open_register
from mamori.cli import main
from mamori.config import Settings
from mamori.register import Actor
from tests.cli_env import isolate

ROOT = Path(__file__).parents[2]
STAFF = ["--actor", "st-1", "--role", "support"]


def office_ant_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An initialised office-ant home with customer c-1 (also for tests/notify)."""
    isolate(monkeypatch, tmp_path)
    monkeypatch.setenv("MAMORI_POLICY", str(ROOT / "examples" / "office-ant" / "policy.yaml"))
    home = tmp_path / "var"
    assert main(["init", "--home", str(home)]) == 0
    register = open_register(Settings(home=home))
    try:
        with register.session() as session:
            session.create_subject(
                Actor.application(),
                "c-1",
                kind="customer",
                collection_point="registration",
                values={"full_name": "Hanako Yamada", "email": "hanako@example.jp"},
            )
    finally:
        register.close()
    return home


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return office_ant_home(tmp_path, monkeypatch)


def _run(home: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(["requests", *argv, *STAFF, "--home", str(home)])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_disclosure_is_worked_from_the_command_line(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(home, capsys, "file", "c-1", "disclosure", "--channel", "email")
    assert status == 0
    request_id = out.split()[0]
    assert "received" in out
    assert "fee 1000 JPY due" in out
    assert _run(home, capsys, "verify", request_id, "document")[0] == 0
    assert "settled" in _run(home, capsys, "fee", request_id, "--reference", "r-1")[1]
    assert _run(home, capsys, "start", request_id)[0] == 0
    status, _, err = _run(home, capsys, "fulfil", request_id)
    assert status == 2
    assert "give --out FILE" in err
    answer = home / "answer.json"
    assert "fulfilled" in _run(home, capsys, "fulfil", request_id, "--out", str(answer))[1]
    package = json.loads(answer.read_text(encoding="utf-8"))
    assert package["subject_id"] == "c-1"
    assert "hanako@example.jp" in answer.read_text(encoding="utf-8")
    assert answer.stat().st_mode & 0o077 == 0
    shown = json.loads(_run(home, capsys, "show", request_id, "--format", "json")[1])
    assert [step["state"] for step in shown["steps"]] == [
        "received",
        "identity_verified",
        "fee_settled",
        "in_progress",
        "fulfilled",
    ]


def test_a_forbidden_step_is_a_clean_error(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(home, capsys, "file", "c-1", "deletion", "--channel", "email")[1]
    status, _, err = _run(home, capsys, "fee", out.split()[0])
    assert status == 2
    assert "correction and deletion are always free" in err
    assert "Traceback" not in err


def test_refusing_needs_a_ground_the_policy_lists(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _run(home, capsys, "file", "c-1", "disclosure", "--channel", "email")[1]
    status, _, err = _run(
        home, capsys, "refuse", out.split()[0], "repeated_without_reason", "--reason", "Again."
    )
    assert status == 2
    assert "not a refusal ground of the policy" in err


def test_the_queue_lists_open_requests(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _run(home, capsys, "file", "c-1", "correction", "--channel", "email", "--scope", "email")
    status, out, _ = _run(home, capsys, "queue")
    assert status == 0
    assert "correction of c-1 (JP): received" in out


def test_the_queue_needs_the_permission(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    status = main(
        ["requests", "queue", "--actor", "mk-1", "--role", "marketing", "--home", str(home)]
    )
    assert status == 2
    assert "requests.handle" in capsys.readouterr().err


def test_a_correction_takes_its_values_from_a_file(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _run(home, capsys, "file", "c-1", "correction", "--channel", "email", "--scope", "email")
    request_id = out[1].split()[0]
    assert _run(home, capsys, "verify", request_id, "document")[0] == 0
    assert _run(home, capsys, "start", request_id)[0] == 0
    corrected = home / "corrected.json"
    corrected.write_text('{"email": "new@example.jp"}', encoding="utf-8")
    status, out_text, _ = _run(home, capsys, "fulfil", request_id, "--values", str(corrected))
    assert status == 0
    assert "corrected: email" in out_text
