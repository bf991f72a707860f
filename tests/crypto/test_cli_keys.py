import json
import os
import stat
from pathlib import Path

import pytest

from mamori.cli import main
from mamori.crypto import Keyring


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Rich wraps at 80 columns when not on a terminal; keep messages on one line to match them.
    monkeypatch.setenv("COLUMNS", "400")
    monkeypatch.delenv("MAMORI_KEYRING", raising=False)
    monkeypatch.delenv("MAMORI_KEYRING_PATH", raising=False)
    monkeypatch.setenv("MAMORI_HOME", str(tmp_path / "home"))


def test_init_creates_an_owner_only_keyring(
    keyring_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys", "init", "--path", str(keyring_path)]) == 0
    assert stat.S_IMODE(keyring_path.stat().st_mode) == 0o600
    assert Keyring.load(keyring_path).active_kek_id in capsys.readouterr().out


def test_init_uses_the_settings_path_by_default(tmp_path: Path) -> None:
    assert main(["keys", "init"]) == 0
    assert (tmp_path / "home" / "keyring.json").exists()


def test_init_refuses_to_overwrite_without_force(
    keyring_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["keys", "init", "--path", str(keyring_path)])
    before = keyring_path.read_text()
    assert main(["keys", "init", "--path", str(keyring_path)]) == 2
    assert "--force" in capsys.readouterr().err
    assert keyring_path.read_text() == before


def test_init_with_force_replaces_the_keyring(keyring_path: Path) -> None:
    main(["keys", "init", "--path", str(keyring_path)])
    before = Keyring.load(keyring_path).active_kek_id
    assert main(["keys", "init", "--path", str(keyring_path), "--force"]) == 0
    assert Keyring.load(keyring_path).active_kek_id != before


@pytest.mark.parametrize(
    ("flags", "rotated"),
    [(["--kek"], {"kek"}), (["--index"], {"index"}), (["--kek", "--index"], {"kek", "index"})],
)
def test_rotate_adds_the_asked_versions(
    keyring_path: Path, flags: list[str], rotated: set[str]
) -> None:
    main(["keys", "init", "--path", str(keyring_path)])
    assert main(["keys", "rotate", *flags, "--path", str(keyring_path)]) == 0
    active = {
        key.kind: key.version for key in Keyring.load(keyring_path).status().keys if key.active
    }
    assert {kind for kind, version in active.items() if version == 2} == rotated


def test_rotate_without_a_flag_asks_what_to_rotate(
    keyring_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["keys", "init", "--path", str(keyring_path)])
    assert main(["keys", "rotate", "--path", str(keyring_path)]) == 2
    assert "--kek, --index, or both" in capsys.readouterr().err


def test_rotate_refuses_a_keyring_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MAMORI_KEYRING", Keyring.generate().to_json())
    assert main(["keys", "rotate", "--kek"]) == 2
    assert "MAMORI_KEYRING" in capsys.readouterr().err


def test_status_as_json_lists_keys_without_material(
    keyring_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["keys", "init", "--path", str(keyring_path)])
    capsys.readouterr()
    assert main(["keys", "status", "--path", str(keyring_path), "--format", "json"]) == 0
    out = capsys.readouterr().out
    report = json.loads(out)
    assert [key["kind"] for key in report["keys"]] == ["kek", "index", "signing"]
    for entry in json.loads(keyring_path.read_text())["keks"]:
        assert entry["key"] not in out


def test_status_as_a_table_names_each_key(
    keyring_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring = Keyring.create(keyring_path)
    assert main(["keys", "status", "--path", str(keyring_path)]) == 0
    out = capsys.readouterr().out
    for key in keyring.status().keys:
        assert key.id in out


def test_status_reads_the_environment_keyring(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring = Keyring.generate()
    monkeypatch.setenv("MAMORI_KEYRING", keyring.to_json())
    assert main(["keys", "status", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["source"] == "MAMORI_KEYRING"


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_status_refuses_a_group_readable_file_with_the_fix(
    keyring_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Keyring.create(keyring_path)
    keyring_path.chmod(0o640)
    assert main(["keys", "status", "--path", str(keyring_path)]) == 2
    assert f"chmod 600 {keyring_path}" in capsys.readouterr().err


def test_status_of_a_missing_keyring_says_how_to_make_one(
    keyring_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys", "status", "--path", str(keyring_path)]) == 2
    assert "mamori keys init" in capsys.readouterr().err
