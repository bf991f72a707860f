"""One step on one request: load it locked, check the handler and the state, then record the
step (row, history, audit event) or refuse it (audited, nothing changed)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import NoReturn

from mamori.errors import ConflictError, MamoriError, NotFoundError, ValidationError
from mamori.register import Actor, RegisterSession
from mamori.rights import _notices, _store
from mamori.rights._guard import REQUEST_PURPOSE, check_text, refuse_step, require_handler
from mamori.rights.model import RightsRequest

__all__ = ["Step"]


class Step:
    """One step on one request: loads it locked, checks the handler, refuses or records."""

    def __init__(
        self,
        session: RegisterSession,
        actor: Actor,
        request_id: str,
        name: str,
        at: datetime | None,
    ) -> None:
        self.session, self.actor, self.name = session, actor, name
        self.action = f"request.{name}"
        self.at = at or datetime.now(UTC)
        try:
            self.request = _store.load(session.connection, request_id, for_update=True)
        except NotFoundError as error:
            shown = request_id if isinstance(request_id, str) else None
            refuse_step(session, actor, self.action, shown, None, "request_unknown", error)
        self.rule = require_handler(
            session, actor, self.action, self.request.id, self.request.subject_id
        )
        if self.request.is_final:
            self.forbid(
                "request_closed",
                ConflictError(
                    f"request {self.request.id} is {self.request.state}, a final state: nothing "
                    "more can be done with it; file a new request",
                    field="request_id",
                ),
            )

    def forbid(self, rule: str, error: MamoriError) -> NoReturn:
        request = self.request
        refuse_step(
            self.session, self.actor, self.action, request.id, request.subject_id, rule, error
        )

    def text(self, text: object, field: str) -> str:
        try:
            return check_text(text, field)
        except ValidationError as error:
            self.forbid("request_invalid", error)

    def done(
        self, state: str, changes: Mapping[str, object], detail: str | None = None
    ) -> RightsRequest:
        connection = self.session.connection
        _store.save(connection, self.request.id, {**changes, "state": state})
        _store.add_step(
            connection,
            self.request.id,
            action=self.name,
            state=state,
            at=self.at,
            actor_kind=self.actor.kind,
            actor_id=self.actor.id,
            detail=detail,
        )
        self.session.record_event(
            self.actor,
            self.action,
            REQUEST_PURPOSE,
            self.request.subject_id,
            rule=self.rule,
            request_id=self.request.id,
        )
        done = _store.load(connection, self.request.id)
        # The person is told in the same transaction: the step and its message, or neither.
        _notices.tell_step(self.session, self.actor, self.name, done)
        return done

    def require_state(self, *states: str, hint: str) -> None:
        if self.request.state not in states:
            self.forbid(
                "request_state",
                ConflictError(
                    f"request {self.request.id} is {self.request.state}: {hint}",
                    field="state",
                ),
            )

    def ground(self, ground: str) -> str:
        listed = self.session.policy.rights.refusal_grounds
        if ground not in listed:
            offered = ", ".join(listed) or "none, so every request must be answered"
            self.forbid(
                "request_ground",
                ValidationError(
                    f"'{ground}' is not a refusal ground of the policy; it lists {offered} "
                    "(rights.refusal_grounds)",
                    field="ground",
                ),
            )
        return ground
