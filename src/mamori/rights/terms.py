"""What changes a request's terms rather than its state: a GDPR extension of the deadline, and
the record that a GDPR request is manifestly unfounded or excessive (with a reasonable fee)."""

from __future__ import annotations

import re
from datetime import datetime

from mamori.errors import ConflictError, ValidationError
from mamori.register import Actor, RegisterSession
from mamori.rights._step import Step
from mamori.rights.deadlines import GDPR_MAX_EXTENSION_MONTHS, extended_due, extension_closes
from mamori.rights.fees import EXCESSIVE_BASIS, NEVER_CHARGED
from mamori.rights.model import RightsRequest

__all__ = ["extend", "mark_excessive"]


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
    step = Step(session, actor, request_id, "extend", at)
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
    step = Step(session, actor, request_id, "excessive", at)
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
