"""`mamori staff`: accounts and keys from the command line, in a home `mamori init` made;
passwords from a file or a hidden prompt, never an argument; errors are clean (exit 2)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mamori import open_register
from mamori.accounts import authenticate_api_key, verify_staff_password
from mamori.cli import app, main
from mamori.config import Settings
from tests.cli_env import isolate

ROOT = Path(__file__).parents[2]
PASSWORD = "a staff passphrase"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    isolate(monkeypatch, tmp_path)
    monkeypatch.setenv("MAMORI_POLICY", str(ROOT / "examples" / "onplanetz" / "policy.yaml"))
    home = tmp_path / "var"
    assert main(["init", "--home", str(home)]) == 0
    return home


def _run(home: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(["staff", *argv, "--home", str(home)])
    out, err = capsys.readouterr()
    return status, out, err


def _password_file(home: Path, password: str = PASSWORD) -> str:
    path = home / "password.txt"
    path.write_text(password + "\n", encoding="utf-8")
    return str(path)


def test_an_account_is_added_listed_and_signs_in(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(
        home,
        capsys,
        "add",
        "st-1",
        "--role",
        "support",
        "--role",
        "auditor",
        "--password-file",
        _password_file(home),
    )
    assert (status, out.strip()) == (0, "st-1  auditor, support")
    listed = json.loads(_run(home, capsys, "list", "--format", "json")[1])
    assert [(found["id"], found["has_password"]) for found in listed] == [("st-1", True)]
    register = open_register(Settings(home=home))
    try:
        account = verify_staff_password(
            register, "st-1", PASSWORD, client="127.0.0.1", now=datetime.now(UTC)
        )
    finally:
        register.close()
    assert account.roles == {"support", "auditor"}


def test_the_password_can_be_typed_at_a_hidden_prompt(home: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["staff", "add", "st-2", "--role", "support", "--home", str(home)],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output


def test_a_key_is_printed_once_works_and_is_revoked(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(home, capsys, "add", "st-1", "--role", "support", "--no-password")
    status, secret, err = _run(home, capsys, "key", "create", "st-1", "--label", "ci")
    assert status == 0
    assert "not shown again" in err
    secret = secret.strip()
    key_id = secret.split("_")[1]
    listed = _run(home, capsys, "key", "list")[1]
    assert key_id in listed
    assert secret.split("_", 2)[2] not in listed
    register = open_register(Settings(home=home))
    try:
        with register.engine.begin() as connection:
            assert authenticate_api_key(connection, secret, now=datetime.now(UTC)).id == "st-1"
        assert _run(home, capsys, "key", "revoke", key_id)[0] == 0
        assert "REVOKED" in _run(home, capsys, "key", "list", "st-1")[1]
    finally:
        register.close()


def test_roles_change_and_an_account_is_disabled_and_enabled_again(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(home, capsys, "add", "st-1", "--role", "support", "--no-password")
    assert _run(home, capsys, "roles", "st-1", "--role", "privacy_officer")[1].strip() == (
        "st-1  privacy_officer  (no password)"
    )
    assert _run(home, capsys, "disable", "st-1")[0] == 0
    assert "DISABLED" in _run(home, capsys, "list")[1]
    assert _run(home, capsys, "enable", "st-1")[1].strip() == "st-1  privacy_officer  (no password)"
    assert "DISABLED" not in _run(home, capsys, "list")[1]


def test_errors_are_one_line_and_status_two(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(
        home, capsys, "add", "st-1", "--role", "janitor", "--password-file", _password_file(home)
    )
    assert status == 2
    assert "declares no role 'janitor'" in err
    assert "Traceback" not in err
    short = _password_file(home, "short")
    status, _, err = _run(home, capsys, "password", "st-1", "--password-file", short)
    assert status == 2
    assert "at least 12 characters" in err
