"""Backup and restore: a restore drill on each database, refusals, and crypto-shredding that
survives a restore."""

from __future__ import annotations

import base64
import io
import json
import tarfile
from pathlib import Path

import pytest

from mamori.backup import backup, restore
from mamori.db import head_revision
from mamori.errors import ConflictError, CryptoError, ValidationError
from mamori.register import Actor
from tests.backup.conftest import APP, Deployment, add_member


def test_restore_drill_brings_back_the_register_and_a_verified_log(
    deployment: Deployment, database_url: str, target_url: str, tmp_path: Path
) -> None:
    source = deployment.open(database_url)
    add_member(source, "m1")
    add_member(source, "m2")
    manifest = backup(database_url, tmp_path / "drill.backup", head_path=deployment.head)
    assert manifest.revision == head_revision()
    assert manifest.audit_last_seq == 2
    report = restore(tmp_path / "drill.backup", target_url)
    assert report.ok
    assert report.audit is not None
    assert report.audit.events_checked == 2
    with deployment.open(target_url).session() as session:
        assert session.read(APP, "m2", "service", ["nickname"])["nickname"].reveal() == "hanako"


def test_a_subject_erased_after_a_backup_stays_unreadable_once_it_is_restored(
    deployment: Deployment, database_url: str, target_url: str, tmp_path: Path
) -> None:
    live = deployment.open(database_url)
    add_member(live, "m1")
    add_member(live, "m2")
    backup(database_url, tmp_path / "before-erasure.backup")
    with live.session() as session:
        session.erase(Actor.system(), "m1")
    restore(tmp_path / "before-erasure.backup", target_url)
    restored = deployment.open(target_url)
    with restored.session() as session:  # the backup still holds m1, not erased, ciphertexts
        assert "email" in session.subject_info(APP, "m1").items_held
        assert session.read(APP, "m2", "service", ["email"])  # the same keyring reads m2
    with pytest.raises(CryptoError), restored.session() as session:
        session.read(APP, "m1", "service", ["email"])


def test_restore_refuses_a_database_that_holds_tables_without_force(
    deployment: Deployment, database_url: str, tmp_path: Path
) -> None:
    add_member(deployment.open(database_url), "m1")
    backup(database_url, tmp_path / "b.backup")
    with pytest.raises(ConflictError, match="--force"):
        restore(tmp_path / "b.backup", database_url)


def test_restore_with_force_replaces_what_the_database_holds(
    deployment: Deployment, database_url: str, tmp_path: Path
) -> None:
    live = deployment.open(database_url)
    add_member(live, "m1")
    backup(database_url, tmp_path / "b.backup")
    add_member(live, "m2")
    live.close()
    report = restore(tmp_path / "b.backup", database_url, force=True, head_path=deployment.head)
    assert report.ok
    assert report.audit is not None
    assert report.audit.last_seq == 1


def test_a_backup_never_holds_the_keyring(
    deployment: Deployment, sqlite_url: str, tmp_path: Path
) -> None:
    add_member(deployment.open(sqlite_url), "m1")
    backup(sqlite_url, tmp_path / "b.backup")
    with tarfile.open(tmp_path / "b.backup") as archive:
        names = archive.getnames()
        data = b"".join(_read(archive, name) for name in names)
    assert names == ["manifest.json", "database.sqlite"]
    keys = json.loads(deployment.keyring.to_json())["keks"]
    assert keys
    assert all(base64.b64decode(kek["key"]) not in data for kek in keys)


def test_a_damaged_backup_is_refused_before_anything_is_written(
    deployment: Deployment, sqlite_url: str, tmp_path: Path
) -> None:
    add_member(deployment.open(sqlite_url), "m1")
    good = tmp_path / "b.backup"
    backup(sqlite_url, good)
    with tarfile.open(good) as archive:
        members = {name: _read(archive, name) for name in archive.getnames()}
    payload = bytearray(members["database.sqlite"])
    payload[200] ^= 0xFF
    members["database.sqlite"] = bytes(payload)
    broken = tmp_path / "broken.backup"
    with tarfile.open(broken, "w") as archive:
        for name, body in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            archive.addfile(info, io.BytesIO(body))
    target = tmp_path / "restored.sqlite"
    with pytest.raises(ValidationError, match="SHA-256"):
        restore(broken, f"sqlite:///{target}")
    assert not target.exists()


def _read(archive: tarfile.TarFile, name: str) -> bytes:
    member = archive.extractfile(name)
    assert member is not None
    return member.read()


def test_a_file_that_is_no_backup_is_refused_by_name(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    with pytest.raises(ValidationError, match=r"notes\.txt"):
        restore(other, f"sqlite:///{tmp_path / 'x.sqlite'}")


def test_backup_refuses_to_overwrite_a_file(
    deployment: Deployment, sqlite_url: str, tmp_path: Path
) -> None:
    deployment.open(sqlite_url)
    (tmp_path / "b.backup").write_text("older")
    with pytest.raises(ConflictError, match="overwrite"):
        backup(sqlite_url, tmp_path / "b.backup")
