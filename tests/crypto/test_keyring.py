import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mamori.config import Settings
from mamori.crypto import Keyring, LocalKeyWrapper, new_data_key
from mamori.errors import ConfigError, ConflictError


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _key_material(keyring: Keyring) -> list[str]:
    document = json.loads(keyring.to_json())
    keys = [entry["key"] for entry in document["keks"] + document["index_keys"]]
    return [*keys, document["signing_key"]["private_key"]]


def test_create_writes_an_owner_only_file_that_loads_back(keyring_path: Path) -> None:
    created = Keyring.create(keyring_path)
    assert _mode(keyring_path) == 0o600
    loaded = Keyring.load(keyring_path)
    assert loaded.status().keys == created.status().keys
    assert loaded.path == keyring_path


def test_a_new_keyring_has_one_active_key_of_each_kind(keyring: Keyring) -> None:
    keys = keyring.status().keys
    assert [(key.kind, key.version, key.active) for key in keys] == [
        ("kek", 1, True),
        ("index", 1, True),
        ("signing", 1, True),
    ]


def test_two_keyrings_have_different_key_ids() -> None:
    first, second = Keyring.generate(), Keyring.generate()
    assert first.active_kek_id != second.active_kek_id


def test_create_refuses_to_overwrite_a_keyring(keyring_path: Path) -> None:
    Keyring.create(keyring_path)
    with pytest.raises(ConflictError, match="--force"):
        Keyring.create(keyring_path)


def test_create_with_force_replaces_the_keyring(keyring_path: Path) -> None:
    first = Keyring.create(keyring_path)
    second = Keyring.create(keyring_path, force=True)
    assert Keyring.load(keyring_path).active_kek_id == second.active_kek_id != first.active_kek_id


def test_writing_leaves_no_temporary_file_behind(keyring_path: Path) -> None:
    keyring = Keyring.create(keyring_path)
    keyring.rotate_kek()
    assert [path.name for path in keyring_path.parent.iterdir()] == ["keyring.json"]


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644, 0o660, 0o602])
def test_a_file_open_to_group_or_others_is_refused_with_the_fix(
    keyring_path: Path, mode: int
) -> None:
    Keyring.create(keyring_path)
    keyring_path.chmod(mode)
    with pytest.raises(ConfigError) as caught:
        Keyring.load(keyring_path)
    assert f"chmod 600 {keyring_path}" in str(caught.value)


def test_a_missing_file_names_the_path_and_the_command(keyring_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        Keyring.load(keyring_path)
    assert str(keyring_path) in str(caught.value)
    assert "mamori keys init" in str(caught.value)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o600)


def test_a_file_that_is_not_json_names_the_file_and_line(keyring_path: Path) -> None:
    _write(keyring_path, '{\n  "format": "mamori-keyring",\n  oops\n}')
    with pytest.raises(ConfigError) as caught:
        Keyring.load(keyring_path)
    assert str(keyring_path) in str(caught.value)
    assert "not valid JSON (line 3" in str(caught.value)


Mutation = Callable[[dict[str, Any]], None]

MUTATIONS: dict[str, tuple[Mutation, str]] = {
    "not a keyring": (lambda d: d.update(format="something"), "format"),
    "newer format": (lambda d: d.update(format_version=2), "format_version"),
    "no keks": (lambda d: d.pop("keks"), "keks"),
    "empty keks": (lambda d: d.update(keks=[]), "keks"),
    "short key": (lambda d: d["keks"][0].update(key="AAAA"), "keks[0].key: expected 32 bytes"),
    "bad base64": (lambda d: d["keks"][0].update(key="!!"), "keks[0].key: not valid base64"),
    "no version": (lambda d: d["index_keys"][0].pop("version"), "index_keys[0].version"),
    "bool version": (lambda d: d["keks"][0].update(version=True), "keks[0].version"),
    "no active key": (lambda d: d["keks"][0].update(active=False), "exactly one key"),
    "bad id": (lambda d: d["keks"][0].update(id="kek 1"), "keks[0].id"),
    "naive time": (
        lambda d: d["keks"][0].update(created_at="2025-01-01T00:00:00"),
        "keks[0].created_at",
    ),
    "no signing key": (lambda d: d.pop("signing_key"), "signing_key"),
    "short signing key": (
        lambda d: d["signing_key"].update(private_key="AAAA"),
        "signing_key.private_key",
    ),
    "duplicate id": (lambda d: d["index_keys"][0].update(id=d["keks"][0]["id"]), "more than once"),
}


@pytest.mark.parametrize("name", MUTATIONS)
def test_a_malformed_keyring_names_the_file_and_the_field(keyring_path: Path, name: str) -> None:
    keyring = Keyring.generate()
    document = json.loads(keyring.to_json())
    mutate, expected = MUTATIONS[name]
    mutate(document)
    _write(keyring_path, json.dumps(document))
    with pytest.raises(ConfigError) as caught:
        Keyring.load(keyring_path)
    message = str(caught.value)
    assert f"keyring file {keyring_path}" in message
    assert expected in message
    for material in _key_material(keyring):
        assert material not in message


def test_a_duplicate_version_is_refused(keyring: Keyring) -> None:
    keyring.rotate_kek()
    document = json.loads(keyring.to_json())
    document["keks"][1]["version"] = 1
    with pytest.raises(ConfigError, match="same version"):
        Keyring.from_json(json.dumps(document))


def test_the_environment_variable_keyring_is_used_before_the_file(
    keyring_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_env = Keyring.generate()
    Keyring.create(keyring_path)
    monkeypatch.setenv("MAMORI_KEYRING", in_env.to_json())
    monkeypatch.setenv("MAMORI_KEYRING_PATH", str(keyring_path))
    loaded = Keyring.from_settings()
    assert loaded.active_kek_id == in_env.active_kek_id
    assert loaded.source == "MAMORI_KEYRING"


def test_without_the_environment_variable_the_file_is_used(
    keyring_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    created = Keyring.create(keyring_path)
    monkeypatch.delenv("MAMORI_KEYRING", raising=False)
    loaded = Keyring.from_settings(Settings(keyring_path=keyring_path))
    assert loaded.active_kek_id == created.active_kek_id


def test_a_malformed_environment_keyring_names_the_variable() -> None:
    with pytest.raises(ConfigError, match=r"^MAMORI_KEYRING is not valid JSON"):
        Keyring.from_settings(Settings(keyring="{not json"))


def test_an_environment_keyring_wraps_like_the_file_it_came_from(keyring_path: Path) -> None:
    from_file = Keyring.create(keyring_path)
    wrapped = LocalKeyWrapper(from_file).wrap(data_key := new_data_key())
    from_env = Keyring.from_json(keyring_path.read_text())
    assert LocalKeyWrapper(from_env).unwrap(wrapped) == data_key


def test_rotating_a_file_keyring_saves_it(keyring_path: Path) -> None:
    keyring = Keyring.create(keyring_path)
    new_kek = keyring.rotate_kek()
    new_index = keyring.rotate_index_key()
    reloaded = Keyring.load(keyring_path)
    active = {(key.kind, key.id) for key in reloaded.status().keys if key.active}
    assert ("kek", new_kek.id) in active
    assert ("index", new_index.id) in active
    assert _mode(keyring_path) == 0o600


def test_rotation_keeps_old_keys_inactive(keyring: Keyring) -> None:
    first = keyring.active_kek_id
    second = keyring.rotate_kek()
    keks = [(key.id, key.version, key.active) for key in keyring.status().keys if key.kind == "kek"]
    assert keks == [(first, 1, False), (second.id, 2, True)]


def test_status_and_repr_never_show_key_material(keyring: Keyring) -> None:
    keyring.rotate_kek()
    shown = json.dumps(keyring.status().to_dict()) + repr(keyring) + repr(keyring.status())
    for material in _key_material(keyring):
        assert material not in shown


def test_a_keyring_without_a_file_cannot_be_saved_without_a_path(keyring: Keyring) -> None:
    with pytest.raises(ConfigError, match="give a path"):
        keyring.save()


def test_save_writes_an_in_memory_keyring_to_a_file(keyring: Keyring, keyring_path: Path) -> None:
    keyring.save(keyring_path)
    assert Keyring.load(keyring_path).active_kek_id == keyring.active_kek_id
    assert _mode(keyring_path) == 0o600


def test_rotating_a_stale_copy_keeps_keys_added_by_another_process(keyring_path: Path) -> None:
    Keyring.create(keyring_path)
    first, second = Keyring.load(keyring_path), Keyring.load(keyring_path)
    added_elsewhere = first.rotate_kek()
    second.rotate_kek()
    keks = [key for key in Keyring.load(keyring_path).status().keys if key.kind == "kek"]
    assert added_elsewhere.id in {key.id for key in keks}
    assert [key.version for key in keks] == [1, 2, 3]
