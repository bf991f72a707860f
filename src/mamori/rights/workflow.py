"""The steps of a request, from receipt to answer:

    received ─verify_identity─▶ identity_verified ─settle_fee─▶ fee_settled ─start─▶ in_progress
                                        └──────────start (no fee due)──────────────────┘
    in_progress ─fulfil─▶ fulfilled | ─partly_fulfil─▶ partly_fulfilled
    any open state ─refuse─▶ refused          extend (GDPR): the due date, once, in month one

Each step is taken by staff with the `requests.handle` permission (or the system), inside the
caller's register session, and audited (action "request.<step>", purpose "request:<id>").
A step the workflow does not allow raises ConflictError or ValidationError, changes nothing and
is audited as refused.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import NoReturn

from mamori.audit import ID_PATTERN
from mamori.errors import ConflictError, MamoriError, NotFoundError, ValidationError
from mamori.register import Actor, RegisterSession
from mamori.rights import _store
from mamori.rights._guard import check_text, purpose_of, refuse_step, require_handler
from mamori.rights.deadlines import (
    GDPR_MAX_EXTENSION_MONTHS,
    extended_due,
    extension_closes,
)
from mamori.rights.fees import EXCESSIVE_BASIS, NEVER_CHARGED
from mamori.rights.model import GDPR_REMEDIES, Refusal, RightsRequest

__all__ = [
    "extend",
    "fulfil",
    "mark_excessive",
    "partly_fulfil",
    "refuse",
    "settle_fee",
    "start",
    "verify_identity",
]

_ID = re.compile(ID_PATTERN)


class _Step:
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
            purpose_of(self.request.id),
            self.request.subject_id,
            rule=self.rule,
        )
        return _store.load(connection, self.request.id)

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


_VERIFY_FIRST = "verify the requester's identity first (verify_identity)"


def verify_identity(
    session: RegisterSession,
    actor: Actor,
    request_id: str,
    method: str,
    *,
    at: datetime | None = None,
) -> RightsRequest:
    """Record that the requester was shown to be the person (or their agent) by `method`, one
    the policy lists: session, email_code, document (checked by staff; only the fact and the
    method are kept, never the document), in_person or postal."""
    step = _Step(session, actor, request_id, "verify", at)
    step.require_state("received", hint="identity is verified once, on receipt")
    listed = [method_.kind for method_ in session.policy.rights.verification]
    if method not in listed:
        step.forbid(
            "request_verification",
            ValidationError(
                f"the policy verifies identity by {', '.join(listed)}, not '{method}' "
                "(rights.verification)",
                field="method",
            ),
        )
    changes = {"verification_method": method, "verified_at": step.at}
    return step.done("identity_verified", changes, detail=method)


def settle_fee(
    session: RegisterSession,
    actor: Actor,
    request_id: str,
    *,
    reference: str | None = None,
    at: datetime | None = None,
) -> RightsRequest:
    """Record that the fee due was paid (`reference`: the payment's opaque id). A fee charged on
    application is settled after the identity check, before the work starts; one charged on
    fulfilment, while the request is in progress."""
    step = _Step(session, actor, request_id, "fee", at)
    request = step.request
    if request.fee_amount is None:
        why = (
            "correction and deletion are always free (APPI Art. 38)"
            if request.kind in NEVER_CHARGED
            else f"no fee is due for this {request.kind} request under {request.jurisdiction}"
        )
        step.forbid("request_fee", ConflictError(f"{why}; there is nothing to settle", field="fee"))
    if request.fee_settled_at is not None:
        step.forbid("request_fee", ConflictError("the fee is settled already", field="fee"))
    if reference is not None and not (isinstance(reference, str) and _ID.fullmatch(reference)):
        step.forbid(
            "request_invalid",
            ValidationError("a payment reference is an opaque id", field="reference"),
        )
    if request.state == "received":
        step.require_state("identity_verified", hint=_VERIFY_FIRST)
    if request.fee_charged == "on_fulfilment":
        step.require_state("identity_verified", "in_progress", hint="settle the fee before fulfil")
        state = request.state
    else:
        step.require_state("identity_verified", hint="a fee on application is settled before start")
        state = "fee_settled"
    changes = {"fee_settled_at": step.at, "fee_reference": reference}
    return step.done(state, changes, detail=request.fee_basis)


def start(
    session: RegisterSession, actor: Actor, request_id: str, *, at: datetime | None = None
) -> RightsRequest:
    """Begin the work, once identity is verified and any fee due on application is settled."""
    step = _Step(session, actor, request_id, "start", at)
    request = step.request
    if request.state == "received":
        step.require_state("identity_verified", hint=_VERIFY_FIRST)
    step.require_state("identity_verified", "fee_settled", hint="it is under way already")
    if request.fee_outstanding and request.fee_charged == "on_application":
        step.forbid(
            "request_fee",
            ConflictError(
                f"a fee of {request.fee_amount} {request.fee_currency} is due on application "
                "and not settled; settle it first (settle_fee)",
                field="fee",
            ),
        )
    return step.done("in_progress", {"started_at": step.at})


def fulfil(
    session: RegisterSession, actor: Actor, request_id: str, *, at: datetime | None = None
) -> RightsRequest:
    """The request is answered in full."""
    step = _Step(session, actor, request_id, "fulfil", at)
    _ready_to_answer(step)
    return step.done("fulfilled", {"closed_at": step.at})


def partly_fulfil(
    session: RegisterSession,
    actor: Actor,
    request_id: str,
    ground: str,
    reason: str,
    *,
    at: datetime | None = None,
) -> Refusal:
    """The request is answered in part; what is withheld is refused on a ground the policy
    lists, with the reason the person is told."""
    step = _Step(session, actor, request_id, "partly_fulfil", at)
    _ready_to_answer(step)
    step.ground(ground)
    text = step.text(reason, "reason")
    changes = {"closed_at": step.at, "refusal_ground": ground, "refusal_reason": text}
    return _refusal(step.done("partly_fulfilled", changes, detail=ground))


def _ready_to_answer(step: _Step) -> None:
    request = step.request
    if request.state == "received":
        step.require_state("in_progress", hint=_VERIFY_FIRST)
    step.require_state("in_progress", hint="start the work first (start)")
    if request.fee_outstanding:
        step.forbid(
            "request_fee",
            ConflictError(
                f"a fee of {request.fee_amount} {request.fee_currency} is not settled; settle "
                "it first (settle_fee)",
                field="fee",
            ),
        )


def refuse(
    session: RegisterSession,
    actor: Actor,
    request_id: str,
    ground: str,
    reason: str,
    *,
    at: datetime | None = None,
) -> Refusal:
    """Refuse the request on a ground the policy lists, with the reason the person is told;
    under the GDPR the refusal carries their right to complain and to go to court. A fee paid
    on application is not refunded unless the policy says so."""
    step = _Step(session, actor, request_id, "refuse", at)
    step.ground(ground)
    text = step.text(reason, "reason")
    changes: dict[str, object] = {
        "closed_at": step.at,
        "refusal_ground": ground,
        "refusal_reason": text,
    }
    if ground == EXCESSIVE_BASIS:
        changes["manifestly_excessive"] = True
    return _refusal(step.done("refused", changes, detail=ground))


def _refusal(request: RightsRequest) -> Refusal:
    assert request.refusal_ground is not None
    assert request.refusal_reason is not None
    remedies = tuple(GDPR_REMEDIES) if request.jurisdiction == "EU" else ()
    return Refusal(request, request.refusal_ground, request.refusal_reason, remedies)


def extend(
    session: RegisterSession,
    actor: Actor,
    request_id: str,
    reasons: str,
    *,
    months: int = GDPR_MAX_EXTENSION_MONTHS,
    at: datetime | None = None,
) -> RightsRequest:
    """Extend a GDPR request's deadline by `months` (1 or 2) beyond the first month, once,
    within the first month, with the reasons the person is told (GDPR Art. 12(3))."""
    step = _Step(session, actor, request_id, "extend", at)
    request = step.request
    if request.jurisdiction != "EU":
        step.forbid(
            "request_extension",
            ConflictError(
                "the APPI allows no extension: answer without delay (the person may sue two "
                "weeks after the request arrived, Art. 39)",
                field="jurisdiction",
            ),
        )
    if request.extension_months is not None:
        step.forbid(
            "request_extension",
            ConflictError("the deadline was extended once already; it cannot be again"),
        )
    closes = extension_closes(request.received_at)
    if step.at > closes:
        step.forbid(
            "request_extension",
            ConflictError(
                f"the first month ended {closes.date().isoformat()}: an extension had to be "
                "notified within it (GDPR Art. 12(3))"
            ),
        )
    if months not in range(1, GDPR_MAX_EXTENSION_MONTHS + 1):
        step.forbid(
            "request_invalid",
            ValidationError("extend by 1 or 2 months (GDPR Art. 12(3))", field="months"),
        )
    text = step.text(reasons, "reasons")
    changes = {
        "due_at": extended_due(request.received_at, months),
        "extension_months": months,
        "extension_reasons": text,
        "extended_at": step.at,
    }
    return step.done(request.state, changes, detail=f"months_{months}")


def mark_excessive(
    session: RegisterSession,
    actor: Actor,
    request_id: str,
    reason: str,
    *,
    fee: int | None = None,
    currency: str = "EUR",
    at: datetime | None = None,
) -> RightsRequest:
    """Record a GDPR request as manifestly unfounded or excessive, with the reason (the
    controller bears the burden of proof), and optionally a reasonable fee it must then pay
    before the work starts (GDPR Art. 12(5)). Correction and deletion are never charged:
    refuse those instead, on a ground the policy lists."""
    step = _Step(session, actor, request_id, "excessive", at)
    request = step.request
    if request.jurisdiction != "EU":
        step.forbid(
            "request_fee",
            ConflictError(
                "under the APPI a fee is only the policy's published one (Art. 38); refuse on a "
                "ground the policy lists instead",
                field="jurisdiction",
            ),
        )
    if request.manifestly_excessive:
        step.forbid("request_fee", ConflictError("the request is recorded as excessive already"))
    changes: dict[str, object] = {"manifestly_excessive": True}
    if fee is not None:
        if request.kind in NEVER_CHARGED:
            step.forbid(
                "request_fee",
                ConflictError(
                    f"a {request.kind} request is never charged; refuse it instead", field="fee"
                ),
            )
        if not isinstance(fee, int) or fee <= 0 or not re.fullmatch(r"[A-Z]{3}", currency):
            step.forbid(
                "request_invalid",
                ValidationError("a fee is a positive whole amount in a currency such as EUR"),
            )
        step.require_state(
            "received", "identity_verified", hint="a fee is set before the work starts"
        )
        changes |= {
            "fee_amount": fee,
            "fee_currency": currency,
            "fee_charged": "on_application",
            "fee_basis": EXCESSIVE_BASIS,
        }
    changes["excessive_reason"] = step.text(reason, "reason")
    return step.done(request.state, changes, detail=EXCESSIVE_BASIS)
