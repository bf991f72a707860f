"""The steps of a request, from receipt to answer:

    received ─verify_identity─▶ identity_verified ─settle_fee─▶ fee_settled ─start─▶ in_progress
                                        └──────────start (no fee due)──────────────────┘
    in_progress ─fulfil─▶ fulfilled | ─partly_fulfil─▶ partly_fulfilled
    any open state ─refuse─▶ refused

(`extend` and `mark_excessive`, in `terms`, change a request's deadline or fee, not its state.)

Each step is taken by staff with the `requests.handle` permission (or the system), inside the
caller's register session, and audited (action "request.<step>", purpose "request", the
request's id as the event's request_id).
A step the workflow does not allow raises ConflictError or ValidationError, changes nothing and
is audited as refused.
"""

from __future__ import annotations

import re
from datetime import datetime

from mamori.audit import ID_PATTERN
from mamori.errors import ConflictError, ValidationError
from mamori.register import Actor, RegisterSession
from mamori.rights._step import Step
from mamori.rights.fees import EXCESSIVE_BASIS, NEVER_CHARGED
from mamori.rights.model import GDPR_REMEDIES, Refusal, RightsRequest

__all__ = [
    "fulfil",
    "partly_fulfil",
    "refuse",
    "settle_fee",
    "start",
    "verify_identity",
]

_ID = re.compile(ID_PATTERN)


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
    step = Step(session, actor, request_id, "verify", at)
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
    step = Step(session, actor, request_id, "fee", at)
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
    step = Step(session, actor, request_id, "start", at)
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
    step = Step(session, actor, request_id, "fulfil", at)
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
    step = Step(session, actor, request_id, "partly_fulfil", at)
    _ready_to_answer(step)
    step.ground(ground)
    text = step.text(reason, "reason")
    changes = {"closed_at": step.at, "refusal_ground": ground, "refusal_reason": text}
    return _refusal(step.done("partly_fulfilled", changes, detail=ground))


def _ready_to_answer(step: Step) -> None:
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
    step = Step(session, actor, request_id, "refuse", at)
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
