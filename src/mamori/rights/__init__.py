"""Requests of the people whose data it is: disclosure, correction, deletion, suspension,
portability, objection, from receipt to answer (APPI Arts. 32-39, GDPR Arts. 12-22).

    from mamori.rights import file_request, verify_identity, settle_fee, start, fulfil

    with register.session() as session:                 # the caller owns the transaction
        request = file_request(session, Actor.subject("u1"), "u1", "disclosure",
                               channel="email", form="electronic")
        verify_identity(session, staff, request.id, "document")
        settle_fee(session, staff, request.id)          # when the policy charges one
        start(session, staff, request.id)
        fulfil(session, staff, request.id)

Fulfilment applies a request in progress and closes it: `fulfil_request` builds the disclosure
package (`disclosure_package` for the person themself), corrects, erases or suspends through the
register.
"""

from mamori.rights._guard import can_handle
from mamori.rights.deadlines import (
    APPI_SUIT_AFTER,
    NEAR_DUE,
    Deadline,
    Urgency,
    add_months,
    deadline_for,
)
from mamori.rights.disclosure import (
    PORTABILITY_FORMATS,
    AccessEntry,
    DisclosurePackage,
    ItemEntry,
    disclosure_package,
    portability_export,
)
from mamori.rights.fees import APPI_FEE_KINDS, NEVER_CHARGED, FeeDue, fee_due
from mamori.rights.filing import FORMS, file_request
from mamori.rights.fulfilment import (
    FULFILLED_KINDS,
    Fulfilment,
    correction_recipients,
    fulfil_request,
)
from mamori.rights.model import (
    FINAL_STATES,
    GDPR_REMEDIES,
    OPEN_STATES,
    QueueEntry,
    Refusal,
    Requester,
    RequestState,
    RequestStep,
    RightsRequest,
)
from mamori.rights.queries import queue, requests_of, show
from mamori.rights.terms import extend, mark_excessive
from mamori.rights.workflow import (
    fulfil,
    partly_fulfil,
    refuse,
    settle_fee,
    start,
    verify_identity,
)

__all__ = [
    "APPI_FEE_KINDS",
    "APPI_SUIT_AFTER",
    "FINAL_STATES",
    "FORMS",
    "FULFILLED_KINDS",
    "GDPR_REMEDIES",
    "NEAR_DUE",
    "NEVER_CHARGED",
    "OPEN_STATES",
    "PORTABILITY_FORMATS",
    "AccessEntry",
    "Deadline",
    "DisclosurePackage",
    "FeeDue",
    "Fulfilment",
    "ItemEntry",
    "QueueEntry",
    "Refusal",
    "RequestState",
    "RequestStep",
    "Requester",
    "RightsRequest",
    "Urgency",
    "add_months",
    "can_handle",
    "correction_recipients",
    "deadline_for",
    "disclosure_package",
    "extend",
    "fee_due",
    "file_request",
    "fulfil",
    "fulfil_request",
    "mark_excessive",
    "partly_fulfil",
    "portability_export",
    "queue",
    "refuse",
    "requests_of",
    "settle_fee",
    "show",
    "start",
    "verify_identity",
]
