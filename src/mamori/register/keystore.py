"""The key store: each subject's wrapped data key, in a database of its own.

Data keys live apart from the register's database on purpose. A copy or backup of the register
holds only ciphertext; erasing a subject deletes its data key here, so no copy of the register
taken before the erasure can be read again (crypto-shredding). Back the key store up with the
keyring, on a short rotation, never together with the register (docs/crypto.md).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Engine,
    Index,
    LargeBinary,
    MetaData,
    String,
    Table,
    delete,
    func,
    insert,
    select,
    update,
)

from mamori.crypto import KeyWrapper, WrappedKey
from mamori.db import NAMING_CONVENTION, MigrationHistory, upgrade

__all__ = ["KEYSTORE_HISTORY", "KeyStore", "keystore_metadata", "upgrade_keystore"]

log = logging.getLogger(__name__)

KEYSTORE_HISTORY = MigrationHistory(
    Path(__file__).with_name("keystore_migrations"), version_table="keystore_version"
)

keystore_metadata = MetaData(naming_convention=NAMING_CONVENTION)

data_keys = Table(
    "data_keys",
    keystore_metadata,
    Column("key_ref", String(32), primary_key=True),
    Column("subject_id", String(128), nullable=False),
    Column("wrapped_key", LargeBinary, nullable=False),
    Column("kek_id", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
Index("ix_data_keys_kek_id", data_keys.c.kek_id)


def upgrade_keystore(bind: str | Engine) -> None:
    """Apply the key store's migrations (its own history, in its own database)."""
    upgrade(bind, history=KEYSTORE_HISTORY)


class KeyStore:
    """Wrapped data keys by reference. Each call is its own committed transaction: a key must
    exist before values are written under it, and be gone for good once erasure starts.

    "Gone for good" includes the file: on SQLite every write overwrites what it frees
    (`secure_delete`), and an erasure empties the WAL, so the bytes of a destroyed key (or of an
    older wrap of it) are not left in a free page or a WAL frame for whoever later reads the key
    store file. PostgreSQL keeps a deleted row in its table pages until they are reused, and in
    its WAL and archives: run the key store there only with retention of those that fits the
    erasure promise.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sqlite = engine.dialect.name == "sqlite"

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        with self.engine.begin() as connection:
            if self._sqlite:
                connection.exec_driver_sql("PRAGMA secure_delete = ON")
            yield connection

    def put(self, subject_id: str, wrapped: WrappedKey) -> str:
        return self.put_many([(subject_id, wrapped)])[0]

    def put_many(self, keys: list[tuple[str, WrappedKey]]) -> list[str]:
        """Store many (subject id, wrapped key) pairs in one transaction; their references."""
        refs = [secrets.token_hex(16) for _ in keys]
        now = datetime.now(UTC)
        with self._writing() as connection:
            connection.execute(
                insert(data_keys),
                [
                    {
                        "key_ref": key_ref,
                        "subject_id": subject_id,
                        "wrapped_key": wrapped.to_bytes(),
                        "kek_id": wrapped.key_id,
                        "created_at": now,
                    }
                    for key_ref, (subject_id, wrapped) in zip(refs, keys, strict=True)
                ],
            )
        return refs

    def get(self, key_ref: str) -> WrappedKey | None:
        # On the read path of every subject whose key is not cached: straight to the driver.
        marker = "?" if self.engine.dialect.paramstyle == "qmark" else "%s"
        connection = self.engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(
                f"SELECT wrapped_key FROM data_keys WHERE key_ref = {marker}", (key_ref,)
            )
            row = cursor.fetchone()
            cursor.close()
            connection.commit()
        finally:
            connection.close()
        return None if row is None else WrappedKey.from_bytes(bytes(row[0]))

    def get_many(self, key_refs: Sequence[str]) -> dict[str, WrappedKey]:
        """The wrapped keys of `key_refs` that exist, by reference: one query per 500, for a
        read of many subjects (`RegisterSession.read_many`)."""
        found: dict[str, WrappedKey] = {}
        if not key_refs:
            return found
        marker = "?" if self.engine.dialect.paramstyle == "qmark" else "%s"
        connection = self.engine.raw_connection()
        try:
            cursor = connection.cursor()
            for start in range(0, len(key_refs), 500):
                part = list(key_refs[start : start + 500])
                cursor.execute(
                    "SELECT key_ref, wrapped_key FROM data_keys WHERE key_ref IN "
                    f"({', '.join([marker] * len(part))})",
                    tuple(part),
                )
                for key_ref, blob in cursor.fetchall():
                    found[key_ref] = WrappedKey.from_bytes(bytes(blob))
            cursor.close()
            connection.commit()
        finally:
            connection.close()
        return found

    def destroy(self, key_ref: str) -> bool:
        with self._writing() as connection:
            gone = connection.execute(delete(data_keys).where(data_keys.c.key_ref == key_ref))
        if self._sqlite:
            self._empty_wal()
        return bool(gone.rowcount)

    def _empty_wal(self) -> None:
        # The WAL still holds the frames that carried the key: fold them into the file (where
        # secure_delete has zeroed it) and truncate the WAL to nothing.
        with self.engine.connect() as connection:
            driver: Any = connection.connection.driver_connection
            busy = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy:
            log.warning(
                "key store WAL not emptied after an erasure (another connection is reading); "
                "the destroyed key stays in it until the next checkpoint"
            )

    def rewrap(self, wrapper: KeyWrapper, *, batch: int = 1000) -> int:
        """Re-wrap up to `batch` keys not yet under the active key-encryption key."""
        active = wrapper.active_key_id
        with self._writing() as connection:
            rows = connection.execute(
                select(data_keys.c.key_ref, data_keys.c.wrapped_key)
                .where(data_keys.c.kek_id != active)
                .limit(batch)
            ).all()
            for key_ref, blob in rows:
                rewrapped = wrapper.rewrap(WrappedKey.from_bytes(blob))
                connection.execute(
                    update(data_keys)
                    .where(data_keys.c.key_ref == key_ref)
                    .values(wrapped_key=rewrapped.to_bytes(), kek_id=rewrapped.key_id)
                )
        return len(rows)

    def pending_rewrap(self, active_kek_id: str) -> int:
        with self.engine.connect() as connection:
            pending = connection.execute(
                select(func.count()).where(data_keys.c.kek_id != active_kek_id)
            ).scalar_one()
        return int(pending)
