"""`mamori backup` and `mamori restore` on a working directory made by `mamori init`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mamori.cli import main

POLICY = Path(__file__).parents[2] / "examples" / "onplanetz" / "policy.yaml"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("MAMORI_KEYRING", "MAMORI_DATABASE_URL", "MAMORI_KEYSTORE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MAMORI_POLICY", str(POLICY))
    assert main(["init", "--home", str(tmp_path / "var")]) == 0
    assert main(["retention", "run", "--home", str(tmp_path / "var")]) == 0  # an audit event
    return tmp_path / "var"


def test_backup_then_restore_into_an_empty_database_verifies_the_log(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["backup", str(tmp_path / "b.backup"), "--home", str(home)]) == 0
    target = f"sqlite:///{tmp_path / 'restored.sqlite'}"
    argv = ["restore", str(tmp_path / "b.backup"), "--home", str(home), "--database", target]
    capsys.readouterr()
    assert main([*argv, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert report["audit"]["last_seq"] == report["manifest"]["audit_last_seq"] >= 1
    assert report["manifest"]["content"] == "register"


def test_restore_over_the_live_database_needs_force(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["backup", str(tmp_path / "b.backup"), "--home", str(home)]) == 0
    assert main(["restore", str(tmp_path / "b.backup"), "--home", str(home)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["restore", str(tmp_path / "b.backup"), "--home", str(home), "--force"]) == 0


def test_the_key_store_is_backed_up_into_a_file_of_its_own(home: Path, tmp_path: Path) -> None:
    argv = ["backup", str(tmp_path / "keys.backup"), "--what", "keystore", "--home", str(home)]
    assert main(argv) == 0
    assert main(["backup", str(tmp_path / "keys.backup"), "--home", str(home)]) == 2
    target = f"sqlite:///{tmp_path / 'keys-restored.sqlite'}"
    argv = ["restore", str(tmp_path / "keys.backup"), "--home", str(home), "--keystore", target]
    assert main(argv) == 0


def test_a_missing_pg_dump_names_the_debian_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    argv = ["backup", str(tmp_path / "b.backup"), "--database", url, "--pg-bin", str(tmp_path)]
    assert main(argv) == 2
    assert "apt-get install postgresql-client" in capsys.readouterr().err


def test_an_unreachable_database_is_a_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    assert main(["backup", str(tmp_path / "b.backup"), "--database", url]) == 2
    assert "cannot reach" in capsys.readouterr().err
