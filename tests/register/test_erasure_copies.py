"""A copy of the register taken before an erasure cannot yield the erased subject's values
afterwards, even opened with the same keyring and the current key store; a subject that was not
erased still reads from it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from dbfiles import pg_dump, restored_copy, sqlite_files, sqlite_path
from sqlalchemy import text

from mamori.crypto import Keyring, ValueCipher, WrappedKey
from mamori.errors import CryptoError
from mamori.policy import Policy
from mamori.register import Actor, Register

APP = Actor.application()
SYSTEM = Actor.system()
ERASED = {
    "name": "Hanako Yamada",
    "email": "hanako@example.org",
    "phone": "090-1234-5678",
    "bio": "Likes hiking in Kamakura",
}
KEPT = {"name": "Taro Sato", "email": "taro@example.org", "bio": "Reads novels"}


def create(register: Register, subject_id: str, values: dict[str, str]) -> None:
    with register.session() as session:
        session.create_subject(
            APP, subject_id, kind="member", collection_point="registration", values=values
        )


@contextmanager
def copy_of(register: Register, database_url: str, tmp_path: Path) -> Iterator[str]:
    """A copy of the register's database as it is now; yields its URL."""
    if register.engine.dialect.name == "sqlite":
        with register.engine.connect() as connection:
            # Outside any transaction, so that the WAL is folded into the file and emptied.
            busy = connection.connection.driver_connection.execute(  # type: ignore[union-attr]
                "PRAGMA wal_checkpoint(TRUNCATE)"
            ).fetchone()[0]
        assert busy == 0
        source = sqlite_path(database_url)
        copy = tmp_path / "copy" / source.name
        copy.parent.mkdir()
        for name in sqlite_files(database_url):
            if not name.endswith("-shm"):
                shutil.copyfile(source.with_name(name), copy.with_name(name))
        yield f"sqlite:///{copy}"
    else:
        with restored_copy(database_url, pg_dump(database_url, custom=True)) as url:
            yield url


def key_ref(register: Register, subject_id: str) -> str:
    with register.engine.connect() as connection:
        return str(
            connection.execute(
                text("SELECT key_ref FROM register_subjects WHERE id = :id"), {"id": subject_id}
            ).scalar_one()
        )


def test_a_copy_taken_before_an_erasure_cannot_yield_the_erased_values(
    register: Register,
    database_url: str,
    keystore_url: str,
    keyring: Keyring,
    community_policy: Policy,
    tmp_path: Path,
) -> None:
    create(register, "m1", ERASED)
    create(register, "m2", KEPT)
    with copy_of(register, database_url, tmp_path) as copy_url:
        with register.session() as session:
            session.erase(SYSTEM, "m1")

        copy = Register.open(
            copy_url,
            community_policy,
            Keyring.load(tmp_path / "keyring.json"),
            keystore_url=keystore_url,
            audit_head=tmp_path / "copy-audit-head.json",
        )
        try:
            with pytest.raises(CryptoError) as failed, copy.session() as session:
                session.read(APP, "m1", "service")
            assert "m1" in failed.value.message
            for value in ERASED.values():
                assert value not in failed.value.message
            with copy.session() as session:
                kept = session.read(APP, "m2", "service", ["name", "bio"])
            assert {key: value.reveal() for key, value in kept.items()} == {
                "name": KEPT["name"],
                "bio": KEPT["bio"],
            }
            # What someone holding the copy, the keyring and the key store can try by hand:
            # every data key left in the key store against every stored value of m1.
            with copy.engine.connect() as connection:
                stored = connection.execute(
                    text("SELECT item_key, ciphertext FROM register_values WHERE subject_id='m1'")
                ).all()
            with copy.keystore.engine.connect() as connection:
                wrapped_keys = connection.execute(text("SELECT wrapped_key FROM data_keys")).all()
            assert len(stored) == len(ERASED)
            assert len(wrapped_keys) == 1  # m2's
            for (wrapped,) in wrapped_keys:
                cipher = ValueCipher(copy.wrapper.unwrap(WrappedKey.from_bytes(wrapped)))
                for item_key, blob in stored:
                    with pytest.raises(CryptoError):
                        cipher.decrypt(bytes(blob), subject_id="m1", item_key=item_key)
        finally:
            copy.close()


def test_an_erased_data_key_leaves_no_trace_in_the_key_store_files(
    register: Register, keystore_url: str, keyring: Keyring
) -> None:
    """Deleting the row is not enough: a key left in a free page or in the WAL of the key store
    would let a pre-erasure copy of the register be read again by whoever gets the file."""
    create(register, "m1", ERASED)
    create(register, "m2", KEPT)
    ref = key_ref(register, "m1")
    first = register.keystore.get(ref)
    keyring.rotate_kek()
    register.ciphers.clear()
    with register.session() as session:
        assert session.rewrap_keys(SYSTEM) == 2
    second = register.keystore.get(ref)
    assert first is not None
    assert second is not None
    assert first.blob != second.blob
    before = b"".join(sqlite_files(keystore_url).values())
    assert second.blob in before  # the search sees the key while it exists

    with register.session() as session:
        session.erase(SYSTEM, "m1")

    after = sqlite_files(keystore_url)
    assert [name for name, data in after.items() if first.blob in data] == []
    assert [name for name, data in after.items() if second.blob in data] == []
    kept = register.keystore.get(key_ref(register, "m2"))
    assert kept is not None
    assert kept.blob in b"".join(after.values())
