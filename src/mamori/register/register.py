"""`Register`: the one door to personal data. Open it with a database, a policy and a keyring;
do everything inside `with register.session() as session:` (one transaction), or, for a
coroutine that only reads, `async with register.reading() as session:`."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Collection, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Protocol

from sqlalchemy import Connection, Engine

from mamori.audit import ID_PATTERN, KEY_PATTERN, ActorKind, AuditLog, Outcome
from mamori.audit import AuditEntry as LogEntry
from mamori.crypto import (
    BlindIndexer,
    Keyring,
    KeyWrapper,
    LocalKeyWrapper,
    PasswordHasher,
    ValueCipher,
    new_data_key,
)
from mamori.db import create_engine, read_snapshot, upgrade
from mamori.errors import CryptoError, MamoriError
from mamori.policy import Policy
from mamori.register._grouped import GroupAppender
from mamori.register._state import AuditEntry, CipherCache, SessionState, made_checkpoint
from mamori.register.access import ConsentChecker
from mamori.register.keystore import KeyStore, upgrade_keystore
from mamori.register.session import RegisterSession

__all__ = ["ConsentSource", "Register"]

log = logging.getLogger(__name__)

_ID = re.compile(ID_PATTERN)
_KEY = re.compile(KEY_PATTERN)


def _is_id(value: object) -> bool:
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def _is_key(value: object) -> bool:
    return isinstance(value, str) and _KEY.fullmatch(value) is not None


class ConsentSource(Protocol):
    """Where the access check learns about consent: `mamori.consent.ConsentLedger`, or a test
    double. It answers in the caller's transaction, so consent given in a session counts at
    once in that session."""

    def checker(
        self, connection: Connection, subject_ids: Collection[str], targets: Collection[str]
    ) -> ConsentChecker:
        """The answers for these subjects and targets, loaded at once."""
        ...


def _consent_ledger() -> ConsentSource:
    # The ledger is a domain of its own that builds on the register; the register reaches it
    # only here, through the protocol, so that the import runs one way.
    from mamori.consent import ConsentLedger

    return ConsentLedger()


class Register:
    """Holds what every session shares: engine, policy, keys, audit log, consent ledger."""

    def __init__(
        self,
        engine: Engine,
        policy: Policy,
        *,
        keystore: KeyStore,
        wrapper: KeyWrapper,
        indexer: BlindIndexer,
        audit: AuditLog,
        passwords: PasswordHasher | None = None,
        consent: ConsentSource | None = None,
    ) -> None:
        self.engine = engine
        self.policy = policy
        self.keystore = keystore
        self.wrapper = wrapper
        self.indexer = indexer
        self.audit = audit
        self.passwords = passwords or PasswordHasher()
        self.consent: ConsentSource = consent or _consent_ledger()
        self.ciphers = CipherCache()
        self._readings = GroupAppender(self._append_alone)

    @classmethod
    def open(
        cls,
        database_url: str,
        policy: Policy,
        keyring: Keyring,
        *,
        keystore_url: str,
        audit_head: Path | None = None,
        passwords: PasswordHasher | None = None,
        consent: ConsentSource | None = None,
        migrate: bool = False,
    ) -> Register:
        """A register on `database_url` with its data keys at `keystore_url`.

        Both schemas must be current; `migrate=True` applies the migrations first (what
        `mamori init` does).
        """
        engine = create_engine(database_url)
        keystore_engine = create_engine(keystore_url)
        if migrate:
            upgrade(engine)
            upgrade_keystore(keystore_engine)
        audit = AuditLog(signer=keyring.checkpoint_signer(), head_path=audit_head)
        return cls(
            engine,
            policy,
            keystore=KeyStore(keystore_engine),
            wrapper=LocalKeyWrapper(keyring),
            indexer=BlindIndexer(keyring),
            audit=audit,
            passwords=passwords,
            consent=consent,
        )

    @contextmanager
    def session(self) -> Iterator[RegisterSession]:
        """One transaction: committed when the block ends, rolled back on an error.

        The session's audit events are appended when the block ends, in the same transaction.
        Refusals, and the accesses a rollback cannot undo (reads, finds and authentications
        whose answer the caller already has, erasures whose data key is already destroyed), are
        audited even when the block fails: they are written again in a transaction of their own
        after the rollback.
        """
        state: SessionState | None = None
        try:
            with self.engine.begin() as connection:
                state = SessionState(self, connection)
                try:
                    yield RegisterSession(state)
                    state.flush()
                finally:
                    state.close()
        except BaseException:
            if state is not None and state.kept:
                self._append_alone(state.kept)
            raise
        if state is not None and state.checkpointed:
            self._publish_head()

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[RegisterSession]:
        """A session that only reads, for a coroutine: one snapshot of the database, which
        waits for no writer and blocks none. A write in it fails (the snapshot is read-only).

        Its audit events are appended when the block ends, in a transaction shared with the
        other readings of the event loop that end at about the same time (one write for many
        reads), and the block is left only once they are committed: reveal what was read after
        it. Refusals are appended too when the block fails, as `session` does.
        """
        state: SessionState | None = None
        try:
            with read_snapshot(self.engine) as connection:
                state = SessionState(self, connection)
                try:
                    yield RegisterSession(state)
                finally:
                    state.close()
        except BaseException as error:
            if state is not None and state.kept:
                written = self._readings.enqueue(state.kept)
                if isinstance(error, Exception):  # a cancelled reader does not wait
                    await written
            raise
        if state.pending:
            await self._readings.enqueue(state.pending)

    def _append_alone(self, entries: Sequence[AuditEntry]) -> None:
        """Append `entries` in a transaction of their own; publish the head if they completed a
        checkpoint."""
        with self.engine.begin() as connection:
            appended = self.append_audit(connection, entries)
        if made_checkpoint(appended, self.audit.checkpoint_every):
            self._publish_head()

    def _publish_head(self) -> None:
        # The audit log cannot see a Connection commit: the head file, which catches a tail cut
        # together with its checkpoints, is written by whoever committed. The transaction has
        # committed by now, so a failure here is logged rather than raised: a lagging head only
        # narrows what it protects, and the next checkpoint (or `publish_head`) catches up.
        if self.audit.head_path is None:
            return
        try:
            self.audit.publish_head(self.engine)
        except (MamoriError, OSError) as error:
            log.error("audit head not published: %s", error)

    def append_audit(self, connection: Connection, entries: Sequence[AuditEntry]) -> range:
        """Append `entries` in order. Names the caller gave that an event cannot hold (a purpose,
        item or subject id that is no key or id, possibly a personal value) are left out, so that
        the refusal they cause is still recorded."""
        return self.audit.append_many(
            connection,
            [
                LogEntry(
                    actor_kind=ActorKind(entry.actor.kind),
                    actor_id=entry.actor.id,
                    role=entry.actor.audit_role,
                    action=entry.action,
                    purpose=entry.purpose if _is_key(entry.purpose) else None,
                    subject_id=entry.subject_id if _is_id(entry.subject_id) else None,
                    item_keys=tuple(key for key in entry.item_keys if _is_key(key)),
                    outcome=Outcome.ALLOWED if entry.allowed else Outcome.REFUSED,
                    rule=entry.rule,
                    request_id=entry.request_id if _is_id(entry.request_id) else None,
                )
                for entry in entries
            ],
        )

    def new_data_keys(self, subject_ids: Sequence[str]) -> list[str]:
        """Make, wrap and store a data key for each new subject; returns their references.

        The keys are in the key store, committed, before any value is encrypted under them.
        """
        keys = [new_data_key() for _ in subject_ids]
        refs = self.keystore.put_many(
            [
                (subject, self.wrapper.wrap(key))
                for subject, key in zip(subject_ids, keys, strict=True)
            ]
        )
        for ref, key in zip(refs, keys, strict=True):
            self.ciphers.put(ref, ValueCipher(key))
        return refs

    def cipher(self, subject_id: str, key_ref: str | None) -> ValueCipher:
        """The value cipher of a subject, from the cache or the key store."""
        if key_ref is None:
            raise CryptoError(f"subject {subject_id} has no data key: it was erased")
        return self.ciphers.get(key_ref, lambda ref: self._load_cipher(subject_id, ref))

    def load_ciphers(self, key_refs: Iterable[str]) -> None:
        """Put the ciphers of `key_refs` not yet cached into the cache, with one key store
        query per 500: a read of many subjects would otherwise ask for each key alone. A key
        that is not in the store is left out (reading that subject fails as it did)."""
        missing = [ref for ref in dict.fromkeys(key_refs) if ref not in self.ciphers]
        for ref, wrapped in self.keystore.get_many(missing).items():
            self.ciphers.put(ref, ValueCipher(self.wrapper.unwrap(wrapped)))

    def _load_cipher(self, subject_id: str, key_ref: str) -> ValueCipher:
        wrapped = self.keystore.get(key_ref)
        if wrapped is None:
            raise CryptoError(
                f"the data key of subject {subject_id} is not in the key store: it was erased, "
                "or this register is used with another key store"
            )
        return ValueCipher(self.wrapper.unwrap(wrapped))

    def close(self) -> None:
        self.ciphers.clear()
        self.engine.dispose()
        self.keystore.engine.dispose()
