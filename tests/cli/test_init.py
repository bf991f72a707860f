"""`mamori init`: makes a working directory, upgrades it when run again, never destroys keys."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from mamori import open_register
from mamori.cli import main
from mamori.config import Settings
from mamori.crypto import Keyring
from mamori.db import current_revision, head_revision, upgrade
from mamori.register import KEYSTORE_HISTORY, Actor

POLICY = Path(__file__).parents[1] / "register" / "fixtures" / "community.yaml"


def init(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["init", *args])
    out, err = capsys.readouterr()
    return status, out, " ".join(err.split())  # error lines are wrapped to the terminal


def test_init_makes_keyring_databases_and_audit_head(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = init(capsys, "--home", str(home))
    assert status == 0
    assert "Initialised a Mamori working directory" in out
    assert stat.S_IMODE((home / "keyring.json").stat().st_mode) == 0o600
    assert current_revision(f"sqlite:///{home / 'mamori.sqlite'}") == head_revision()
    keys_url = f"sqlite:///{home / 'keys.sqlite'}"
    assert current_revision(keys_url, KEYSTORE_HISTORY) == head_revision(KEYSTORE_HISTORY)
    assert json.loads((home / "audit-head.json").read_text())["seq"] == 0


def test_init_prints_the_next_steps(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = init(capsys, "--home", str(home))
    assert f"export MAMORI_HOME={home}" in out
    assert "mamori demo load" in out


def test_the_key_store_is_only_readable_by_its_owner(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    init(capsys, "--home", str(home))
    assert stat.S_IMODE((home / "keys.sqlite").stat().st_mode) == 0o600


def test_init_twice_keeps_the_keyring_and_says_nothing_changed(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    init(capsys, "--home", str(home))
    before = (home / "keyring.json").read_bytes()
    status, out, _ = init(capsys, "--home", str(home))
    assert status == 0
    assert "Already initialised and up to date" in out
    assert (home / "keyring.json").read_bytes() == before


def test_init_on_an_older_schema_upgrades_and_says_so(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home.mkdir()
    upgrade(f"sqlite:///{home / 'mamori.sqlite'}", "0001")
    status, out, _ = init(capsys, "--home", str(home))
    assert status == 0
    assert f"upgraded from 0001 to {head_revision()}" in out


def test_the_home_defaults_to_the_setting(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MAMORI_HOME", str(home))
    assert init(capsys)[0] == 0
    assert (home / "keyring.json").exists()


def test_init_with_database_and_keystore_urls(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keystore = f"sqlite:///{tmp_path / 'elsewhere' / 'keys.sqlite'}"
    status, _, _ = init(
        capsys, "--home", str(tmp_path / "h"), "--database", database_url, "--keystore", keystore
    )
    assert status == 0
    assert current_revision(database_url) == head_revision()
    assert current_revision(keystore, KEYSTORE_HISTORY) == head_revision(KEYSTORE_HISTORY)


def test_init_into_an_unwritable_place_is_a_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    status, _, err = init(capsys, "--home", str(blocker / "home"))
    assert status == 2
    assert "cannot create the working directory" in err
    assert "Traceback" not in err


def test_a_bad_database_url_is_a_clean_error_and_makes_nothing(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = init(capsys, "--home", str(home), "--database", "mysql://db/x")
    assert status == 2
    assert "scheme 'mysql' is not supported" in err
    assert not home.exists()


def test_an_unreachable_database_is_named_without_its_password(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "postgresql://mamori:s3cret@127.0.0.1:1/mamori"
    status, _, err = init(capsys, "--home", str(home), "--database", url)
    assert status == 2
    assert "cannot open the database postgresql://mamori:***@127.0.0.1:1/mamori" in err
    assert "s3cret" not in err


def _load_one_subject(home: Path) -> None:
    register = open_register(Settings(home=home), POLICY)
    try:
        with register.session() as session:
            session.create_subject(
                Actor.application(),
                "m1",
                kind="guest",
                collection_point="guest_visit",
                values={"session_note": "hello"},
            )
    finally:
        register.close()


def test_force_is_refused_while_stored_data_needs_the_keyring(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    init(capsys, "--home", str(home))
    _load_one_subject(home)
    before = (home / "keyring.json").read_bytes()
    status, _, err = init(capsys, "--home", str(home), "--force")
    assert status == 2
    assert "refusing to replace the keyring" in err
    assert "1 data key(s)" in err
    assert (home / "keyring.json").read_bytes() == before


def test_force_is_refused_once_the_audit_log_was_signed(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    init(capsys, "--home", str(home))
    status, _, err = init(capsys, "--home", str(home), "--force")
    assert status == 2
    assert "1 signed audit checkpoint(s)" in err


def test_force_replaces_a_damaged_keyring_beside_new_databases(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home.mkdir()
    damaged = home / "keyring.json"
    damaged.write_text("{not json")
    damaged.chmod(0o600)
    assert init(capsys, "--home", str(home))[0] == 2
    status, out, _ = init(capsys, "--home", str(home), "--force")
    assert status == 0
    assert "replaced by a new one" in out
    register = open_register(Settings(home=home), POLICY)
    try:
        assert register.audit.verify(register.engine).ok
    finally:
        register.close()


def test_a_lost_keyring_is_not_silently_replaced(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    init(capsys, "--home", str(home))
    _load_one_subject(home)
    (home / "keyring.json").unlink()
    status, _, err = init(capsys, "--home", str(home))
    assert status == 2
    assert "restore the keyring from its backup" in err
    assert not (home / "keyring.json").exists()


def test_a_keyring_open_to_others_is_refused_with_the_fix(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    init(capsys, "--home", str(home))
    (home / "keyring.json").chmod(0o644)
    status, _, err = init(capsys, "--home", str(home))
    assert status == 2
    assert "chmod 600" in err


def test_a_keyring_from_the_environment_is_used_and_no_file_is_made(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MAMORI_KEYRING", Keyring.generate().to_json())
    status, out, _ = init(capsys, "--home", str(home))
    assert status == 0
    assert "from MAMORI_KEYRING" in out
    assert not (home / "keyring.json").exists()


def test_a_deleted_audit_head_is_reported_not_remade(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    init(capsys, "--home", str(home))
    _load_one_subject(home)
    (home / "audit-head.json").unlink()
    status, out, _ = init(capsys, "--home", str(home))
    assert status == 0
    assert "missing" in out
    assert "mamori audit verify" in out
    assert not (home / "audit-head.json").exists()
