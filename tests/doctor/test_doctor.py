"""`mamori doctor` on a deployment made by `mamori init`: each check ok, and each fault found
with its fix."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mamori.cli import main
from mamori.config import Settings
from mamori.doctor import TlsSetup, run_checks

POLICY = Path(__file__).parents[2] / "examples" / "onplanetz" / "policy.yaml"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("MAMORI_KEYRING", "MAMORI_DATABASE_URL", "MAMORI_KEYSTORE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MAMORI_POLICY", str(POLICY))
    assert main(["init", "--home", str(tmp_path / "var")]) == 0
    return tmp_path / "var"


def _settings(home: Path) -> Settings:
    return Settings(home=home, policy_path=POLICY)


def _status(home: Path, name: str, **options: object) -> str:
    report = run_checks(_settings(home), **options)  # type: ignore[arg-type]
    return next(check.status for check in report.checks if check.name == name)


def test_a_fresh_deployment_passes_but_for_retention_and_tls(home: Path) -> None:
    report = run_checks(_settings(home))
    statuses = {check.name: check.status for check in report.checks}
    assert statuses == {
        "policy": "ok",
        "keyring": "ok",
        "keystore": "ok",
        "migrations": "ok",
        "audit_log": "ok",
        "retention": "fail",
        "tls": "warn",
    }
    assert not report.ok


def test_a_recent_retention_run_passes_and_an_old_one_fails(home: Path) -> None:
    argv = ["retention", "run", "--home", str(home), "--policy", str(POLICY)]
    assert main(argv) == 0
    assert _status(home, "retention") == "ok"
    later = datetime.now(UTC) + timedelta(hours=30)
    assert _status(home, "retention", now=later) == "fail"


def test_a_keyring_open_to_others_fails_with_chmod_as_the_fix(home: Path) -> None:
    (home / "keyring.json").chmod(0o644)
    report = run_checks(_settings(home))
    (check,) = [c for c in report.checks if c.name == "keyring"]
    assert check.status == "fail"
    assert check.fix == f"chmod 600 {home / 'keyring.json'}"


def test_a_tampered_audit_log_fails(home: Path) -> None:
    import sqlite3

    assert main(["retention", "run", "--home", str(home)]) == 0  # an audit event to tamper with
    with sqlite3.connect(home / "mamori.sqlite") as connection:
        connection.execute("UPDATE audit_event SET hash = zeroblob(32) WHERE seq = 1")
    assert _status(home, "audit_log") == "fail"


def test_a_policy_that_does_not_load_fails(home: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nname: [\n")
    report = run_checks(Settings(home=home, policy_path=broken))
    assert next(c for c in report.checks if c.name == "policy").status == "fail"


def test_tls_is_ok_behind_a_declared_proxy(home: Path) -> None:
    assert _status(home, "tls", tls=TlsSetup(behind_proxy=True)) == "ok"


def test_a_key_store_in_the_register_database_fails(home: Path) -> None:
    url = f"sqlite:///{home / 'mamori.sqlite'}"
    settings = Settings(home=home, policy_path=POLICY, database_url=url, keystore_url=url)
    assert next(c for c in run_checks(settings).checks if c.name == "keystore").status == "fail"


def test_the_command_exits_1_on_a_failure_and_prints_json(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["doctor", "--home", str(home), "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert found["ok"] is False
    assert {c["name"] for c in found["checks"] if c["status"] == "fail"} == {"retention"}


def test_the_command_exits_0_when_every_check_passes(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["retention", "run", "--home", str(home)]) == 0
    assert main(["doctor", "--home", str(home), "--behind-tls-proxy"]) == 0
    assert "ok   audit_log" in capsys.readouterr().out
