"""Staff accounts: who may sign in to the console or call the API, with which policy roles.

An account is an opaque id (like every actor id: never a name or an e-mail address), role keys
of the policy and, for a community admin, the community. Its password is optional (an account
may use API keys only) and stored as an argon2id hash. Every change is audited under the actor
who made it; only the system or staff whose role has `staff.manage` make them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from mamori.accounts._common import (
    MANAGE,
    is_id,
    manager_rule,
    moment,
    require_manager,
    stored_moment,
)
from mamori.accounts._tables import staff
from mamori.accounts.api_keys import revoke_keys_of
from mamori.accounts.sessions import close_sessions_of
from mamori.crypto import PasswordHasher
from mamori.errors import ConflictError, NotFoundError, ValidationError
from mamori.policy import Policy
from mamori.register import Actor, RegisterSession

__all__ = [
    "MIN_STAFF_PASSWORD",
    "StaffAccount",
    "create_staff",
    "disable_staff",
    "enable_staff",
    "get_staff",
    "list_staff",
    "set_staff_password",
    "set_staff_roles",
]

MIN_STAFF_PASSWORD = 12
_MAX_PASSWORD = 1024  # argon2 takes any length; a megabyte "password" is a denial of service

_default_hasher: PasswordHasher | None = None


def default_hasher() -> PasswordHasher:
    """RFC 9106's memory-constrained parameters (mamori.crypto.passwords), made once."""
    global _default_hasher
    if _default_hasher is None:
        _default_hasher = PasswordHasher()
    return _default_hasher


@dataclass(frozen=True)
class StaffAccount:
    id: str
    roles: frozenset[str]
    community: str | None
    disabled: bool
    created_at: datetime
    has_password: bool = False

    def actor(self) -> Actor:
        """The actor this account acts as: staff, or a community admin of its community."""
        if self.community is not None:
            return Actor.community_admin(self.id, self.community, *sorted(self.roles))
        return Actor.staff(self.id, *sorted(self.roles))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "roles": sorted(self.roles),
            "community": self.community,
            "disabled": self.disabled,
            "created_at": self.created_at.isoformat(),
            "has_password": self.has_password,
        }


def create_staff(
    session: RegisterSession,
    actor: Actor,
    *,
    staff_id: str,
    roles: Sequence[str],
    community: str | None = None,
    password: str | None = None,
    now: datetime,
    passwords: PasswordHasher | None = None,
) -> StaffAccount:
    """A new staff account with policy roles; `password` (12 characters or more) is optional.

    Roles must be held by staff actors, or by community admins when `community` is given (and a
    `community_scoped` role needs one). `passwords` hashes the password (default: RFC 9106's
    memory-constrained argon2id parameters)."""
    at = moment(now)
    require_manager(session, actor, "staff.create", staff_id)
    if not is_id(staff_id):
        raise ValidationError(
            "a staff id is an opaque id (ASCII letters, digits and _ . : -, at most 128), "
            "never a name or an e-mail address",
            field="staff_id",
        )
    if community is not None and not is_id(community):
        raise ValidationError("a community is named by its key", field="community")
    checked = checked_roles(session.policy, roles, community)
    hashed = None if password is None else _hash(password, passwords)
    connection = session.connection
    if _row(connection, staff_id) is not None:
        raise ConflictError(f"staff account {staff_id} exists already", field="staff_id")
    connection.execute(
        insert(staff).values(
            id=staff_id,
            roles=" ".join(sorted(checked)),
            community=community,
            password_hash=hashed,
            created_at=at,
            updated_at=at,
        )
    )
    _audit(session, actor, "staff.create", staff_id)
    return get_staff(connection, staff_id)


def set_staff_password(
    session: RegisterSession,
    actor: Actor,
    staff_id: str,
    password: str,
    *,
    now: datetime,
    passwords: PasswordHasher | None = None,
) -> None:
    """Set (or reset) the account's password and close its open sessions. The system, staff
    with `staff.manage`, or the staff member themself."""
    at = moment(now)
    if not (actor.kind == "staff" and actor.id == staff_id):
        require_manager(session, actor, "staff.password", staff_id)
    hashed = _hash(password, passwords)
    _require_row(session.connection, staff_id)
    session.connection.execute(
        update(staff).where(staff.c.id == staff_id).values(password_hash=hashed, updated_at=at)
    )
    close_sessions_of(session.connection, "staff", staff_id, now=at)
    _audit(session, actor, "staff.password", staff_id)


def set_staff_roles(
    session: RegisterSession, actor: Actor, staff_id: str, roles: Sequence[str], *, now: datetime
) -> StaffAccount:
    """Replace the account's roles (checked as in `create_staff`)."""
    at = moment(now)
    require_manager(session, actor, "staff.roles", staff_id)
    row = _require_row(session.connection, staff_id)
    checked = checked_roles(session.policy, roles, row.community)
    session.connection.execute(
        update(staff)
        .where(staff.c.id == staff_id)
        .values(roles=" ".join(sorted(checked)), updated_at=at)
    )
    _audit(session, actor, "staff.roles", staff_id)
    return get_staff(session.connection, staff_id)


def disable_staff(session: RegisterSession, actor: Actor, staff_id: str, *, now: datetime) -> None:
    """Disable the account: no sign-in, its API keys revoked, its sessions closed."""
    at = moment(now)
    require_manager(session, actor, "staff.disable", staff_id)
    row = _require_row(session.connection, staff_id)
    connection = session.connection
    if row.disabled_at is None:
        connection.execute(
            update(staff).where(staff.c.id == staff_id).values(disabled_at=at, updated_at=at)
        )
    revoke_keys_of(connection, staff_id, now=at)
    close_sessions_of(connection, "staff", staff_id, now=at)
    _audit(session, actor, "staff.disable", staff_id)


def enable_staff(
    session: RegisterSession, actor: Actor, staff_id: str, *, now: datetime
) -> StaffAccount:
    """Let a disabled account sign in again, with its roles and password. Its old API keys stay
    revoked and its old sessions closed: whoever held them while it was disabled does not get
    back in; it needs new keys."""
    at = moment(now)
    require_manager(session, actor, "staff.enable", staff_id)
    row = _require_row(session.connection, staff_id)
    if row.disabled_at is not None:
        session.connection.execute(
            update(staff).where(staff.c.id == staff_id).values(disabled_at=None, updated_at=at)
        )
    _audit(session, actor, "staff.enable", staff_id)
    return get_staff(session.connection, staff_id)


def get_staff(connection: Connection, staff_id: str) -> StaffAccount:
    """The account; NotFoundError (rule staff_unknown) when there is none."""
    return account_of(_require_row(connection, staff_id))


def list_staff(connection: Connection) -> list[StaffAccount]:
    """Every account, disabled ones included, by id."""
    return [account_of(row) for row in connection.execute(select(staff).order_by(staff.c.id))]


def checked_roles(policy: Policy, roles: Sequence[str], community: str | None) -> frozenset[str]:
    """The roles, if each is a policy role an account of this kind may hold."""
    if isinstance(roles, str) or not roles:
        raise ValidationError("give at least one role key of the policy (a list)", field="roles")
    kind = "community_admin" if community is not None else "staff"
    for role in roles:
        declared = policy.roles.get(role) if isinstance(role, str) else None
        if declared is None:
            raise ValidationError(
                f"the policy declares no role {role!r} (declared: "
                f"{', '.join(policy.roles) or 'none'}); add it under `roles:` or pick one",
                field="roles",
            )
        if declared.community_scoped and community is None:
            raise ValidationError(
                f"role '{role}' is community_scoped: give the community the account administers",
                field="community",
            )
        if kind not in declared.actor_kinds:
            raise ValidationError(
                f"role '{role}' is held by {', '.join(declared.actor_kinds)} actors, not "
                f"{kind}; add {kind} to its actor_kinds in the policy, or pick another role",
                field="roles",
            )
    return frozenset(roles)


def password_hash(connection: Connection, staff_id: str) -> tuple[StaffAccount, str | None] | None:
    """The account and its stored hash, for sign-in; None when there is no such account."""
    row = _row(connection, staff_id)
    return None if row is None else (account_of(row), row.password_hash)


def store_rehash(connection: Connection, staff_id: str, hashed: str) -> None:
    connection.execute(update(staff).where(staff.c.id == staff_id).values(password_hash=hashed))


def _hash(password: str, passwords: PasswordHasher | None) -> str:
    if not isinstance(password, str) or len(password) < MIN_STAFF_PASSWORD:
        raise ValidationError(
            f"a staff password needs at least {MIN_STAFF_PASSWORD} characters", field="password"
        )
    if len(password) > _MAX_PASSWORD:
        raise ValidationError(
            f"a password has at most {_MAX_PASSWORD} characters", field="password"
        )
    return (passwords or default_hasher()).hash(password)


def _audit(session: RegisterSession, actor: Actor, action: str, record_id: str) -> None:
    rule = manager_rule(actor)
    if action == "staff.password" and actor.kind == "staff" and actor.id == record_id:
        rule = "self"
    session.record_event(actor, action, MANAGE, None, rule=rule, request_id=record_id)


def _row(connection: Connection, staff_id: str) -> Row[Any] | None:
    if not isinstance(staff_id, str):
        return None
    return connection.execute(select(staff).where(staff.c.id == staff_id)).first()


def _require_row(connection: Connection, staff_id: str) -> Row[Any]:
    row = _row(connection, staff_id)
    if row is None:
        shown = staff_id if is_id(staff_id) else "with that id"
        raise NotFoundError(f"no staff account {shown}", field="staff_id", rule="staff_unknown")
    return row


def account_of(row: Row[Any]) -> StaffAccount:
    """The account a row of the staff table (or a query holding its columns) describes."""
    return StaffAccount(
        id=row.id,
        roles=frozenset(row.roles.split()),
        community=row.community,
        disabled=row.disabled_at is not None,
        created_at=stored_moment(row.created_at),
        has_password=row.password_hash is not None,
    )
