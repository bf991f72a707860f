"""The register session's side of the access check: the facts `decide` needs, from storage."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import select

from mamori.errors import ValidationError
from mamori.policy import Policy
from mamori.register._state import SessionState, SubjectRow
from mamori.register.access import (
    PROFILE,
    REQUEST,
    ConsentChecker,
    Decision,
    SubjectFacts,
    consent_target,
    decide,
)
from mamori.register.actors import Actor
from mamori.register.tables import communities, community_members, hidden_items

__all__ = ["DecidingMixin", "require_request_id"]


def require_request_id(purpose: str, request_id: str | None) -> None:
    """Staff reach a person's data as `request` only to answer a request, named in each event."""
    if purpose == REQUEST and not request_id:
        raise ValidationError(
            "purpose 'request' answers a person's request: give its request_id",
            field="request_id",
        )


class DecidingMixin:
    _state: SessionState
    _policy: Policy

    def _decide(
        self,
        actor: Actor,
        row: SubjectRow,
        purpose: str,
        items: tuple[str, ...] | None,
        mode: Literal["read", "write"],
        consent: ConsentChecker | None = None,
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
            consent=consent or self._consent(row.id, purpose),
            reader_hidden=self._reader_hidden(actor, purpose),
        )

    def _consent(self, subject_id: str, purpose: str) -> ConsentChecker | None:
        target = consent_target(self._policy, purpose)
        if target is None:
            return None
        return self._state.register.consent.checker(self._state.connection, [subject_id], [target])

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
