"""The access log's data keys: `log` for rows linked to no one, `subject:<id>` for a linked
subject's rows (destroyed with them when the subject is erased, so a backup taken before
cannot be read either). Each is wrapped by the register's key wrapper (the keyring's KEK)."""

from __future__ import annotations

import threading
from collections.abc import Collection
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.exc import IntegrityError

from mamori.accesslog._tables import UNLINKED_KEY, keys
from mamori.crypto import KeyWrapper, ValueCipher, WrappedKey, new_data_key

__all__ = ["KeyChain", "key_id_of"]


def key_id_of(subject_id: str | None) -> str:
    return UNLINKED_KEY if subject_id is None else f"subject:{subject_id}"


class KeyChain:
    """Ciphers by key id, unwrapped once per stored key (a destroyed and remade key is a
    different stored blob, so a stale cipher is never used)."""

    def __init__(self, wrapper: KeyWrapper) -> None:
        self._wrapper = wrapper
        self._ciphers: dict[bytes, ValueCipher] = {}
        self._lock = threading.Lock()

    def existing(self, connection: Connection, key_ids: Collection[str]) -> dict[str, ValueCipher]:
        """The ciphers of the keys that exist (an erased subject's key does not)."""
        return self._lookup(connection, key_ids)[0]

    def for_writing(
        self, engine: Engine, key_ids: Collection[str]
    ) -> tuple[dict[str, ValueCipher], frozenset[str]]:
        """The ciphers of `key_ids`, making (and committing) the keys that do not exist yet;
        and the ids whose key was destroyed (an erased subject's), which get none."""
        with engine.connect() as connection:
            found, destroyed = self._lookup(connection, key_ids)
        for key_id in key_ids:
            if key_id not in found and key_id not in destroyed:
                found[key_id] = self._make(engine, key_id)
        return found, frozenset(destroyed)

    def still_live(self, connection: Connection, key_ids: Collection[str]) -> set[str]:
        """Which of `key_ids` still have a key, kept so until `connection`'s transaction ends:
        locked on PostgreSQL (FOR SHARE), and on SQLite the writer holds the whole database. An
        erasure that destroys one of them waits, or has already committed."""
        live: set[str] = set()
        wanted = list(dict.fromkeys(key_ids))
        for start in range(0, len(wanted), 500):
            query = (
                select(keys.c.id)
                .where(keys.c.id.in_(wanted[start : start + 500]), keys.c.wrapped.is_not(None))
                .with_for_update(read=True)
            )
            live.update(connection.execute(query).scalars())
        return live

    def _lookup(
        self, connection: Connection, key_ids: Collection[str]
    ) -> tuple[dict[str, ValueCipher], set[str]]:
        found: dict[str, ValueCipher] = {}
        destroyed: set[str] = set()
        wanted = list(dict.fromkeys(key_ids))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = connection.execute(select(keys.c.id, keys.c.wrapped).where(keys.c.id.in_(chunk)))
            for key_id, wrapped in rows:
                if wrapped is None:
                    destroyed.add(key_id)
                else:
                    found[key_id] = self._cipher(bytes(wrapped))
        return found, destroyed

    def _make(self, engine: Engine, key_id: str) -> ValueCipher:
        blob = self._wrapper.wrap(new_data_key()).to_bytes()
        try:
            with engine.begin() as connection:
                connection.execute(
                    insert(keys).values(id=key_id, wrapped=blob, created_at=datetime.now(UTC))
                )
        except IntegrityError:  # another writer made it first (or an erasure): use theirs
            with engine.connect() as connection:
                return self.existing(connection, [key_id])[key_id]
        return self._cipher(blob)

    def _cipher(self, blob: bytes) -> ValueCipher:
        with self._lock:
            cipher = self._ciphers.get(blob)
            if cipher is None:
                cipher = ValueCipher(self._wrapper.unwrap(WrappedKey.from_bytes(blob)))
                self._ciphers[blob] = cipher
            return cipher
