"""What a caller does with personal data inside one transaction: `RegisterSession`.

Every public method leaves exactly one audit event, allowed or refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from sqlalchemy import Connection, delete, insert, select

from mamori.audit import ID_PATTERN
from mamori.crypto import KeyWrapper
from mamori.errors import AccessDeniedError, ConflictError, MamoriError, ValidationError
from mamori.policy import Policy
from mamori.register import _lifecycle
from mamori.register._deciding import require_request_id
from mamori.register._reading import ReadingMixin
from mamori.register._state import AuditEntry, SessionState, utcnow
from mamori.register._storing import StoredRows, StoringMixin
from mamori.register.access import (
    SELF,
)
from mamori.register.actors import Actor
from mamori.register.tables import (
    blind_indexes,
    credentials,
    hidden_items,
    subjects,
    values,
)

__all__ = ["NewSubject", "RegisterSession"]


@dataclass(frozen=True)
class NewSubject:
    """A subject to import: its id, kind and the values collected."""

    subject_id: str
    kind: str
    values: Mapping[str, object]


_SUBJECT_ID = re.compile(ID_PATTERN)


class RegisterSession(_lifecycle.LifecycleMixin, StoringMixin, ReadingMixin):
    def __init__(self, state: SessionState) -> None:
        self._state = state
        self._policy = state.register.policy

    @property
    def policy(self) -> Policy:
        """The policy this register enforces."""
        return self._policy

    @property
    def connection(self) -> Connection:
        """This session's transaction, for domains that keep their own tables beside the
        register (consent, provision, rights): their rows commit or roll back with it."""
        return self._state.connection

    @property
    def key_wrapper(self) -> KeyWrapper:
        """The register's key wrapper (the keyring's KEK), for a domain that seals records of
        its own under data keys it keeps (the access log)."""
        return self._state.register.wrapper

    def require_subject(self, actor: Actor, action: str, purpose: str, subject_id: str) -> str:
        """The kind of a subject that exists and is not erased; otherwise the attempt is audited
        and NotFoundError raised. For domains acting on a subject without reading it."""
        return self._state.existing_subject(actor, action, purpose, subject_id).kind

    def record_event(
        self,
        actor: Actor,
        action: str,
        purpose: str,
        subject_id: str | None,
        item_keys: Iterable[str] = (),
        *,
        allowed: bool = True,
        rule: str,
        request_id: str | None = None,
    ) -> None:
        """Add an audit event of another domain (a consent given, a provision recorded) to
        this session's events, in order with the register's own: ids and keys only.
        `request_id` names the request or record the event stands for."""
        self._state.record(
            AuditEntry(
                actor, action, purpose, subject_id, tuple(item_keys), allowed, rule, request_id
            )
        )

    # -- creating -------------------------------------------------------------------------

    def create_subject(
        self,
        actor: Actor,
        subject_id: str,
        *,
        kind: str,
        collection_point: str,
        values: Mapping[str, object],
    ) -> None:
        """Register a subject with the values collected at a declared collection point."""
        entry = AuditEntry(
            actor,
            "create",
            f"collect:{collection_point}",
            subject_id,
            tuple(values),
            False,
            "collection_point",
        )
        with self._state.operation(entry):
            if not isinstance(subject_id, str) or not _SUBJECT_ID.fullmatch(subject_id):
                # It names the subject in every audit event: it must be an id, not a value.
                raise ValidationError(
                    "a subject id is an opaque id (ASCII letters, digits and _ . : -, at most "
                    "128), never a name or an e-mail address",
                    field="subject_id",
                )
            self._check_collection(actor, subject_id, kind, collection_point, values)
            checked = self._validated(values, kind)
            if self._state.subject_row(subject_id) is not None:
                raise ConflictError(f"subject {subject_id} exists already", field="subject_id")
            (key_ref,) = self._state.register.new_data_keys([subject_id])
            self._state.connection.execute(
                insert(subjects).values(
                    id=subject_id, kind=kind, created_at=utcnow(), key_ref=key_ref, suspended=""
                )
            )
            self._insert(self._stored_rows(subject_id, key_ref, checked))
            self._state.record(replace(entry, allowed=True))

    def import_subjects(
        self, actor: Actor, new_subjects: Iterable[NewSubject], *, collection_point: str
    ) -> int:
        """Register many subjects at once (an import, a demo load): the same checks as
        `create_subject`, one audit event per subject, far fewer round trips. The first invalid
        subject refuses the whole batch, naming its index."""
        batch = list(new_subjects)
        register = self._state.register
        checked: list[dict[str, str]] = []
        for index, new in enumerate(batch):
            entry = AuditEntry(
                actor,
                "create",
                f"collect:{collection_point}",
                new.subject_id,
                tuple(new.values),
                False,
                "collection_point",
            )
            with self._state.operation(entry):
                try:
                    self._check_collection(
                        actor, new.subject_id, new.kind, collection_point, new.values
                    )
                    checked.append(self._validated(new.values, new.kind))
                except MamoriError as error:
                    error.field = f"subjects[{index}].{error.field or 'values'}"
                    raise
        ids = [new.subject_id for new in batch]
        taken = (
            self._state.connection.execute(select(subjects.c.id).where(subjects.c.id.in_(ids)))
            .scalars()
            .first()
        )
        if taken is not None or len(set(ids)) != len(ids):
            raise ConflictError(
                f"subject {taken or 'id'} is taken or repeated in the batch", field="subjects"
            )
        key_refs = register.new_data_keys(ids)
        now = utcnow()
        self._state.connection.execute(
            insert(subjects),
            [
                {
                    "id": new.subject_id,
                    "kind": new.kind,
                    "created_at": now,
                    "key_ref": key_ref,
                    "suspended": "",
                }
                for new, key_ref in zip(batch, key_refs, strict=True)
            ],
        )
        stored = StoredRows()
        for new, key_ref, values_of in zip(batch, key_refs, checked, strict=True):
            stored.extend(self._stored_rows(new.subject_id, key_ref, values_of))
            self._state.record(
                AuditEntry(
                    actor,
                    "create",
                    f"collect:{collection_point}",
                    new.subject_id,
                    tuple(new.values),
                    True,
                    "collection_point",
                )
            )
        self._insert(stored)
        return len(batch)

    def _check_collection(
        self, actor: Actor, subject_id: str, kind: str, name: str, values: Mapping[str, object]
    ) -> None:
        point = self._policy.collection_points.get(name)
        if point is None:
            raise AccessDeniedError(
                f"the policy declares no collection point '{name}'",
                rule="collection_point",
                field="collection_point",
            )
        if kind not in self._policy.subject_kinds:
            known = ", ".join(self._policy.subject_kinds)
            raise ValidationError(f"unknown subject kind '{kind}'; use {known}", field="kind")
        if point.subject_kinds is not None and kind not in point.subject_kinds:
            raise AccessDeniedError(
                f"collection point '{name}' does not collect from subjects of kind {kind}",
                rule="collection_point",
                field="kind",
            )
        outside = [key for key in values if key not in point.items]
        if outside:
            raise AccessDeniedError(
                f"collection point '{name}' does not collect {', '.join(outside)}",
                rule="collection_point",
                field="values",
            )
        if not self._may_collect(actor, subject_id, point.purposes):
            raise AccessDeniedError(
                f"actor {actor.id} may not collect data at '{name}'", rule="collection_point"
            )
        missing = [
            key
            for key in point.items
            if self._policy.items[key].required and self._held_by(key, kind) and key not in values
        ]
        if missing:
            raise ValidationError(
                f"{', '.join(missing)} required at '{name}'; give a value",
                field=f"values.{missing[0]}",
            )

    def _may_collect(self, actor: Actor, subject_id: str, purposes: list[str]) -> bool:
        if actor.kind == "system" or (actor.kind == "subject" and actor.id == subject_id):
            return True
        roles = [self._policy.roles[role] for role in actor.roles if role in self._policy.roles]
        return any(
            actor.kind in role.actor_kinds and set(role.purposes) & set(purposes) for role in roles
        )

    def verify_password(self, actor: Actor, subject_id: str, item_key: str, password: str) -> bool:
        """True when `password` matches the stored hash; rehashed when parameters changed."""
        entry = AuditEntry(actor, "authenticate", SELF, subject_id, (item_key,), False, "")
        with self._state.operation(entry):
            row = self._state.existing_subject(actor, "authenticate", SELF, subject_id, (item_key,))
            stored = self._state.connection.execute(
                select(credentials.c.hash).where(
                    credentials.c.subject_id == row.id, credentials.c.item_key == item_key
                )
            ).scalar()
            hasher = self._state.register.passwords
            ok = stored is not None and hasher.verify(stored, password)
            if ok and stored is not None and hasher.needs_rehash(stored):
                self._store_credential(row.id, item_key, hasher.hash(password))
            rule = "password_match" if ok else "password_mismatch"
            self._state.record(replace(entry, allowed=ok, rule=rule))
            return ok

    def write(
        self,
        actor: Actor,
        subject_id: str,
        purpose: str,
        values: Mapping[str, object],
        *,
        request_id: str | None = None,
    ) -> None:
        """Set the given items' values, if the purpose may write them."""
        keys = tuple(values)
        entry = AuditEntry(actor, "write", purpose, subject_id, keys, False, "", request_id)
        with self._state.operation(entry):
            require_request_id(purpose, request_id)
            row = self._state.existing_subject(actor, "write", purpose, subject_id, keys)
            checked = self._validated(values, row.kind)
            decision = self._decide(actor, row, purpose, keys, "write")
            self._state.check(decision, entry)
            self._store(row, checked)
            self._state.allowed(decision, entry)

    def delete_items(
        self,
        actor: Actor,
        subject_id: str,
        items: Iterable[str],
        purpose: str = SELF,
        *,
        request_id: str | None = None,
    ) -> None:
        """Remove voluntary items; a required item can be corrected but not removed."""
        keys = tuple(items)
        entry = AuditEntry(actor, "delete", purpose, subject_id, keys, False, "", request_id)
        with self._state.operation(entry):
            require_request_id(purpose, request_id)
            row = self._state.existing_subject(actor, "delete", purpose, subject_id, keys)
            required = [
                key
                for key in keys
                if key in self._policy.items and self._policy.items[key].required
            ]
            if required:
                raise ValidationError(
                    f"{', '.join(required)} required; correct it instead, or delete the account",
                    field="items",
                )
            decision = self._decide(actor, row, purpose, keys, "write")
            self._state.check(decision, entry)
            for table in (values, blind_indexes, credentials):
                self._state.connection.execute(
                    delete(table).where(table.c.subject_id == row.id, table.c.item_key.in_(keys))
                )
            self._state.allowed(decision, entry)

    def set_shared(self, actor: Actor, item_key: str, shared: bool) -> None:
        """The person shows or hides one of their profile items (AZ-10: at any moment)."""
        action = "share" if shared else "hide"
        entry = AuditEntry(actor, action, SELF, actor.id, (item_key,), False, "")
        with self._state.operation(entry):
            if actor.kind != "subject":
                raise AccessDeniedError(
                    "only the person chooses what their profile shares", rule="self_only"
                )
            item = self._policy.items.get(item_key)
            if item is None or item.visibility == "private":
                raise ValidationError(f"'{item_key}' is not a profile item", field="item")
            row = self._state.existing_subject(actor, action, SELF, actor.id, (item_key,))
            condition = (hidden_items.c.subject_id == row.id) & (
                hidden_items.c.item_key == item_key
            )
            self._state.connection.execute(delete(hidden_items).where(condition))
            if not shared:
                self._state.connection.execute(
                    insert(hidden_items).values(subject_id=row.id, item_key=item_key)
                )
            self._state.record(replace(entry, allowed=True, rule="self"))
