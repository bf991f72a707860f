"""What a caller does with personal data inside one transaction: `RegisterSession`.

Every public method leaves exactly one audit event, allowed or refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Literal

from sqlalchemy import delete, insert, select

from mamori.audit import ID_PATTERN
from mamori.crypto import Personal
from mamori.errors import AccessDeniedError, ConflictError, MamoriError, ValidationError
from mamori.register import _lifecycle
from mamori.register._state import AuditEntry, SessionState, SubjectRow, utcnow
from mamori.register._storing import StoredRows, StoringMixin, index_kind
from mamori.register.access import PROFILE, SELF, Decision, SubjectFacts, apply_mask, decide
from mamori.register.actors import Actor
from mamori.register.tables import (
    blind_indexes,
    communities,
    community_members,
    credentials,
    hidden_items,
    subjects,
    values,
)

__all__ = ["NewSubject", "RegisterSession", "SubjectData"]


@dataclass(frozen=True)
class NewSubject:
    """A subject to import: its id, kind and the values collected."""

    subject_id: str
    kind: str
    values: Mapping[str, object]


_SUBJECT_ID = re.compile(ID_PATTERN)

SubjectData = dict[str, Personal[str]]
"""Item key -> value; values print as <redacted> until revealed."""


class RegisterSession(_lifecycle.LifecycleMixin, StoringMixin):
    def __init__(self, state: SessionState) -> None:
        self._state = state
        self._policy = state.register.policy

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

    # -- reading --------------------------------------------------------------------------

    def read(
        self, actor: Actor, subject_id: str, purpose: str, items: Iterable[str] | None = None
    ) -> SubjectData:
        """The values of `items` (all the purpose may use when None), if the policy allows."""
        asked = None if items is None else tuple(items)
        entry = AuditEntry(actor, "read", purpose, subject_id, asked or (), False, "")
        with self._state.operation(entry):
            found, blobs = self._state.subject_with_values(subject_id)
            row = self._state.require(found, actor, "read", purpose, subject_id, asked or ())
            decision = self._decide(actor, row, purpose, asked, "read")
            self._state.check(decision, entry)
            values = self._decrypt(row, decision.items, blobs)
            self._state.allowed(decision, entry)
            masks = decision.masks
            return {
                key: Personal(apply_mask(masks[key], value) if key in masks else value)
                for key, value in values.items()
            }

    def _decrypt(
        self, row: SubjectRow, items: tuple[str, ...], blobs: Mapping[str, bytes]
    ) -> dict[str, str]:
        wanted = [item for item in items if item in blobs]
        if not wanted:
            return {}
        cipher = self._state.register.cipher(row.id, row.key_ref)
        return {
            key: cipher.decrypt(blobs[key], subject_id=row.id, item_key=key).decode("utf-8")
            for key in wanted
        }

    def find(self, actor: Actor, item_key: str, value: str, purpose: str) -> list[str]:
        """Subjects whose `item_key` equals `value`, through its blind index."""
        entry = AuditEntry(actor, "find", purpose, None, (item_key,), False, "searchable")
        with self._state.operation(entry):
            item = self._policy.items.get(item_key)
            if item is None or not item.searchable:
                raise AccessDeniedError(
                    f"item '{item_key}' is not searchable", rule="searchable", field="item"
                )
            declared = self._policy.purposes.get(purpose)
            if declared is None or item_key not in declared.items:
                raise AccessDeniedError(
                    f"purpose '{purpose}' does not declare item '{item_key}'",
                    rule="purpose_items",
                    field="purpose",
                )
            if not isinstance(value, str):
                raise ValidationError(f"the {item_key} to find must be text", field="value")
            found: set[str] = set()
            for version, digest in self._state.register.indexer.candidates(
                item_key, value, kind=index_kind(item)
            ):
                rows = self._state.connection.execute(
                    select(blind_indexes.c.subject_id).where(
                        blind_indexes.c.item_key == item_key,
                        blind_indexes.c.key_version == version,
                        blind_indexes.c.digest == digest,
                    )
                )
                found.update(subject for (subject,) in rows)
            self._state.record(replace(entry, allowed=True, rule="purpose"))
            return sorted(found)

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
        self, actor: Actor, subject_id: str, purpose: str, values: Mapping[str, object]
    ) -> None:
        """Set the given items' values, if the purpose may write them."""
        keys = tuple(values)
        entry = AuditEntry(actor, "write", purpose, subject_id, keys, False, "")
        with self._state.operation(entry):
            row = self._state.existing_subject(actor, "write", purpose, subject_id, keys)
            checked = self._validated(values, row.kind)
            decision = self._decide(actor, row, purpose, keys, "write")
            self._state.check(decision, entry)
            self._store(row, checked)
            self._state.allowed(decision, entry)

    def delete_items(
        self, actor: Actor, subject_id: str, items: Iterable[str], purpose: str = SELF
    ) -> None:
        """Remove voluntary items; a required item can be corrected but not removed."""
        keys = tuple(items)
        entry = AuditEntry(actor, "delete", purpose, subject_id, keys, False, "")
        with self._state.operation(entry):
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

    # -- internals ------------------------------------------------------------------------

    def _decide(
        self,
        actor: Actor,
        row: SubjectRow,
        purpose: str,
        items: tuple[str, ...] | None,
        mode: Literal["read", "write"],
    ) -> Decision:
        if actor.kind == "community_admin" and not self._is_appointed(actor):
            return Decision(
                False,
                "community_admin_appointed",
                f"actor {actor.id} is not an appointed admin of community '{actor.community}'",
            )
        return decide(
            self._policy,
            actor,
            self._facts(actor, row, purpose),
            purpose,
            items,
            mode=mode,
            consent=self._state.register.consent,
            reader_hidden=self._reader_hidden(actor, purpose),
        )

    def _is_appointed(self, actor: Actor) -> bool:
        """An admin of the community, or the client who founded it (AZ-7: data may go to the
        founding client or to the administrators it appoints)."""
        connection = self._state.connection
        founder = connection.execute(
            select(communities.c.founder_id).where(communities.c.key == actor.community)
        ).scalar()
        if founder is not None and founder == actor.id:
            return True
        return bool(
            connection.execute(
                select(community_members.c.is_admin).where(
                    community_members.c.subject_id == actor.id,
                    community_members.c.community_key == actor.community,
                )
            ).scalar()
        )

    def _facts(self, actor: Actor, row: SubjectRow, purpose: str) -> SubjectFacts:
        communities: frozenset[str] = frozenset()
        hidden: frozenset[str] = frozenset()
        connection = self._state.connection
        if actor.kind == "community_admin":
            communities = frozenset(
                connection.execute(
                    select(community_members.c.community_key).where(
                        community_members.c.subject_id == row.id
                    )
                ).scalars()
            )
        if purpose in (PROFILE, "public"):
            hidden = self._hidden(row.id)
        return SubjectFacts(row.id, row.kind, communities, row.suspended, hidden)

    def _hidden(self, subject_id: str) -> frozenset[str]:
        return frozenset(
            self._state.connection.execute(
                select(hidden_items.c.item_key).where(hidden_items.c.subject_id == subject_id)
            ).scalars()
        )

    def _reader_hidden(self, actor: Actor, purpose: str) -> frozenset[str]:
        if purpose != PROFILE or actor.kind != "subject":
            return frozenset()
        return self._hidden(actor.id)
