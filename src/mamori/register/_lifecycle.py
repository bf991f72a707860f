"""Operations on a subject as a whole: erasure, suspension, communities, key re-wrapping."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from sqlalchemy import delete, insert, select, update

from mamori.errors import AccessDeniedError, ConflictError, NotFoundError, ValidationError
from mamori.policy import Policy
from mamori.register._state import AuditEntry, SessionState, utcnow
from mamori.register.access import PROVISION_PREFIX, SELF, has_permission
from mamori.register.actors import Actor
from mamori.register.tables import (
    blind_indexes,
    communities,
    community_members,
    credentials,
    hidden_items,
    subjects,
    suspensions,
    values,
)

__all__ = ["LifecycleMixin", "SubjectInfo"]

SuspensionKind = Literal["suspension", "objection"]


@dataclass(frozen=True)
class SubjectInfo:
    """What the register knows about a subject apart from its values."""

    id: str
    kind: str
    created_at: datetime
    erased_at: datetime | None
    suspended: frozenset[str]
    communities: frozenset[str]
    items_held: frozenset[str]


class LifecycleMixin:
    _state: SessionState
    _policy: Policy

    def _may_manage(self, actor: Actor, subject_id: str, permission: str) -> bool:
        if actor.kind == "subject":
            return actor.id == subject_id
        return has_permission(self._policy, actor, permission)

    def erase(self, actor: Actor, subject_id: str, *, reason: str = "deletion") -> None:
        """Crypto-shred the subject: destroy its data key and delete its values.

        The subject row stays, without key or values, so that records the law keeps (provision
        records, the audit log) still name the subject id.
        """
        entry = AuditEntry(actor, "erase", f"erase:{reason}", subject_id, (), False, "")
        with self._state.operation(entry):
            if not self._may_manage(actor, subject_id, "requests.handle"):
                raise AccessDeniedError(f"actor {actor.id} may not erase subjects", rule="erase")
            row = self._state.existing_subject(actor, "erase", entry.purpose, subject_id)
            register = self._state.register
            # The key goes first, in its own transaction: from here on the values are unreadable
            # whatever happens to this transaction, in this database and in every copy of it.
            if row.key_ref is not None:
                register.keystore.destroy(row.key_ref)
                register.ciphers.forget(row.key_ref)
            connection = self._state.connection
            for table in (values, blind_indexes, credentials, hidden_items):
                connection.execute(delete(table).where(table.c.subject_id == row.id))
            # The access log keeps its own tables; the register reaches it only here, lazily,
            # so that the import runs one way (the access log builds on the register).
            from mamori.accesslog import erase_subject

            erase_subject(connection, self._policy, row.id)
            connection.execute(
                update(subjects)
                .where(subjects.c.id == row.id)
                .values(key_ref=None, erased_at=utcnow())
            )
            self._state.record(replace(entry, allowed=True, rule="erase"))

    def suspend(
        self,
        actor: Actor,
        subject_id: str,
        purpose: str = "*",
        *,
        kind: SuspensionKind = "suspension",
        reference: str | None = None,
    ) -> None:
        """Stop use of the subject's data for `purpose` ("*" for all) from now on; stop
        third-party provision with `provision:<key>`, or `provision:*` for every provision
        (APPI Art. 35(3)). A legal exception is not stopped (a court order overrides it)."""
        entry = AuditEntry(actor, kind, purpose, subject_id, (), False, "")
        with self._state.operation(entry):
            if not self._suspendable(purpose):
                raise ValidationError(
                    f"the policy declares no purpose or provision '{purpose}'; name a purpose, "
                    "provision:<key>, provision:* or *",
                    field="purpose",
                )
            if not self._may_manage(actor, subject_id, "requests.handle"):
                raise AccessDeniedError(f"actor {actor.id} may not suspend use", rule="suspend")
            row = self._state.existing_subject(actor, kind, purpose, subject_id)
            connection = self._state.connection
            where = (suspensions.c.subject_id == row.id) & (suspensions.c.purpose == purpose)
            connection.execute(delete(suspensions).where(where))
            connection.execute(
                insert(suspensions).values(
                    subject_id=row.id,
                    purpose=purpose,
                    kind=kind,
                    since=utcnow(),
                    reference=reference,
                )
            )
            self._sync_suspended(row.id)
            self._state.record(replace(entry, allowed=True, rule=kind))

    def _suspendable(self, purpose: str) -> bool:
        if purpose in ("*", f"{PROVISION_PREFIX}*") or purpose in self._policy.purposes:
            return True
        key = purpose.removeprefix(PROVISION_PREFIX)
        # The suspensions table keeps 64 characters of purpose.
        return key != purpose and key in self._policy.provisions and len(purpose) <= 64

    def resume(self, actor: Actor, subject_id: str, purpose: str = "*") -> None:
        """Lift a suspension or objection (GDPR Art. 18(3): tell the person before lifting)."""
        entry = AuditEntry(actor, "resume", purpose, subject_id, (), False, "")
        with self._state.operation(entry):
            if not self._may_manage(actor, subject_id, "requests.handle"):
                raise AccessDeniedError(f"actor {actor.id} may not lift suspensions", rule="resume")
            row = self._state.existing_subject(actor, "resume", purpose, subject_id)
            where = (suspensions.c.subject_id == row.id) & (suspensions.c.purpose == purpose)
            if not self._state.connection.execute(delete(suspensions).where(where)).rowcount:
                raise NotFoundError(f"{subject_id} has no suspension for '{purpose}'")
            self._sync_suspended(row.id)
            self._state.record(replace(entry, allowed=True, rule="resume"))

    def _sync_suspended(self, subject_id: str) -> None:
        connection = self._state.connection
        purposes = connection.execute(
            select(suspensions.c.purpose).where(suspensions.c.subject_id == subject_id)
        ).scalars()
        connection.execute(
            update(subjects)
            .where(subjects.c.id == subject_id)
            .values(suspended=" ".join(sorted(purposes)))
        )

    def subject_info(self, actor: Actor, subject_id: str) -> SubjectInfo:
        """Kind, dates, suspensions, communities and which items are held: no values."""
        entry = AuditEntry(actor, "inspect", SELF, subject_id, (), False, "")
        with self._state.operation(entry):
            if not self._may_manage(actor, subject_id, "requests.handle") and actor.kind not in (
                "application",
            ):
                raise AccessDeniedError(
                    f"actor {actor.id} may not inspect subjects", rule="inspect"
                )
            connection = self._state.connection
            row = connection.execute(select(subjects).where(subjects.c.id == subject_id)).first()
            if row is None:
                raise NotFoundError(f"{subject_id} is no subject", field="subject_id")
            held = connection.execute(
                select(values.c.item_key).where(values.c.subject_id == subject_id)
            ).scalars()
            member_of = connection.execute(
                select(community_members.c.community_key).where(
                    community_members.c.subject_id == subject_id
                )
            ).scalars()
            info = SubjectInfo(
                row.id,
                row.kind,
                row.created_at,
                row.erased_at,
                frozenset(row.suspended.split()),
                frozenset(member_of),
                frozenset(held),
            )
            self._state.record(replace(entry, allowed=True, rule="inspect"))
            return info

    def subject_ids(
        self, actor: Actor, purpose: str, kinds: Collection[str] | None = None
    ) -> list[str]:
        """Ids of the subjects not erased, of `kinds` (all when None), in id order: whom a
        release or a batch job will read for `purpose`. Ids only, never values."""
        entry = AuditEntry(actor, "list", purpose, None, (), False, "")
        with self._state.operation(entry):
            if actor.kind == "subject":
                raise AccessDeniedError("a person cannot list the register", rule="list")
            query = select(subjects.c.id).where(subjects.c.erased_at.is_(None))
            if kinds is not None:
                query = query.where(subjects.c.kind.in_(sorted(kinds)))
            found = [
                str(s)
                for s in self._state.connection.execute(query.order_by(subjects.c.id)).scalars()
            ]
            self._state.record(replace(entry, allowed=True, rule="list"))
            return found

    # -- communities (AZ-7) --------------------------------------------------------------

    def create_community(self, actor: Actor, key: str, *, founder_id: str | None = None) -> None:
        entry = AuditEntry(actor, "create_community", "community", founder_id, (), False, "")
        with self._state.operation(entry):
            self._check_community_manager(actor)
            exists = self._state.connection.execute(
                select(communities.c.key).where(communities.c.key == key)
            ).first()
            if exists is not None:
                raise ConflictError(f"community '{key}' exists already", field="key")
            self._state.connection.execute(
                insert(communities).values(key=key, founder_id=founder_id, created_at=utcnow())
            )
            self._state.record(replace(entry, allowed=True, rule="community"))

    def join_community(
        self, actor: Actor, community: str, subject_id: str, *, admin: bool = False
    ) -> None:
        """Add a member, or appoint them admin (`admin=True`) of the community."""
        entry = AuditEntry(actor, "join_community", "community", subject_id, (), False, "")
        with self._state.operation(entry):
            self._check_community_manager(actor)
            row = self._state.existing_subject(actor, "join_community", "community", subject_id)
            connection = self._state.connection
            if (
                connection.execute(
                    select(communities.c.key).where(communities.c.key == community)
                ).first()
                is None
            ):
                raise NotFoundError(f"no community '{community}'", field="community")
            where = (community_members.c.subject_id == row.id) & (
                community_members.c.community_key == community
            )
            connection.execute(delete(community_members).where(where))
            connection.execute(
                insert(community_members).values(
                    subject_id=row.id,
                    community_key=community,
                    is_admin=admin,
                    joined_at=utcnow(),
                )
            )
            self._state.record(replace(entry, allowed=True, rule="community"))

    def leave_community(self, actor: Actor, community: str, subject_id: str) -> None:
        entry = AuditEntry(actor, "leave_community", "community", subject_id, (), False, "")
        with self._state.operation(entry):
            if not (actor.kind == "subject" and actor.id == subject_id):
                self._check_community_manager(actor)
            where = (community_members.c.subject_id == subject_id) & (
                community_members.c.community_key == community
            )
            if not self._state.connection.execute(delete(community_members).where(where)).rowcount:
                raise NotFoundError(f"{subject_id} is not a member of '{community}'")
            self._state.record(replace(entry, allowed=True, rule="community"))

    def _check_community_manager(self, actor: Actor) -> None:
        if self._policy.communities is None:
            raise ValidationError("the policy declares no communities", field="community")
        if actor.kind not in ("application", "system"):
            raise AccessDeniedError(
                f"actor {actor.id} may not manage communities", rule="community"
            )

    # -- keys -----------------------------------------------------------------------------

    def rewrap_keys(self, actor: Actor, *, batch: int = 1000) -> int:
        """Re-wrap up to `batch` data keys under the active key-encryption key; returns how many.

        Values are not re-encrypted: only the small wrapped keys change, so the register keeps
        serving while a rotation proceeds batch by batch.
        """
        entry = AuditEntry(actor, "rewrap_keys", "key_rotation", None, (), False, "")
        with self._state.operation(entry):
            if actor.kind != "system":
                raise AccessDeniedError("only the system re-wraps keys", rule="rewrap_keys")
            register = self._state.register
            count = register.keystore.rewrap(register.wrapper, batch=batch)
            self._state.record(replace(entry, allowed=True, rule="rewrap_keys"))
            return count
