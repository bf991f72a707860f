"""Who asks for access: the application, a staff member, the person themself, a community admin."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mamori.audit import ID_PATTERN
from mamori.errors import ValidationError
from mamori.policy.model import ActorKind
from mamori.policy.model.base import KEY_PATTERN

__all__ = ["Actor"]

_KINDS: frozenset[str] = frozenset(ActorKind.__args__)  # type: ignore[attr-defined]
_ID = re.compile(ID_PATTERN)
_ROLE = re.compile(KEY_PATTERN)


@dataclass(frozen=True)
class Actor:
    """The one on whose behalf an access runs. `id` is an opaque identifier, never a name.

    For kind "subject", `id` is the subject's own user id. For "community_admin", `community`
    names the community the admin was appointed to.
    """

    kind: ActorKind
    id: str
    roles: frozenset[str] = field(default_factory=frozenset)
    community: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValidationError(
                f"actor kind '{self.kind}' is unknown; use one of {', '.join(sorted(_KINDS))}",
                field="actor.kind",
            )
        if not self.id:
            raise ValidationError("an actor needs an id", field="actor.id")
        # Every access is audited under the actor's id and roles: they must be what an audit
        # event can hold, or the register could record nothing at all (and refuse everything).
        if not isinstance(self.id, str) or not _ID.fullmatch(self.id):
            raise ValidationError(
                "an actor id is an opaque id (ASCII letters, digits and _ . : -, at most 128), "
                "never a name or an e-mail address",
                field="actor.id",
            )
        if not all(isinstance(role, str) and _ROLE.fullmatch(role) for role in self.roles):
            raise ValidationError(
                "actor roles are role keys of the policy (lowercase letters, digits and _)",
                field="actor.roles",
            )
        if self.kind == "community_admin" and not self.community:
            raise ValidationError(
                "a community admin acts for one community; give its key", field="actor.community"
            )

    @classmethod
    def application(cls, id: str = "app", *roles: str) -> Actor:
        return cls("application", id, frozenset(roles or ("application",)))

    @classmethod
    def staff(cls, id: str, *roles: str) -> Actor:
        return cls("staff", id, frozenset(roles))

    @classmethod
    def subject(cls, id: str) -> Actor:
        return cls("subject", id)

    @classmethod
    def community_admin(cls, id: str, community: str, *roles: str) -> Actor:
        return cls("community_admin", id, frozenset(roles), community)

    @classmethod
    def system(cls, id: str = "mamori") -> Actor:
        return cls("system", id)

    @property
    def audit_role(self) -> str:
        """The role recorded in the audit log: the roles, sorted and joined by '/', or the kind."""
        return "/".join(sorted(self.roles)) or self.kind
