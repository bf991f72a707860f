"""Filing a request: its kind, form, scope, channel, requester and jurisdiction, checked
against the policy before anything is stored.

    with register.session() as session:
        request = file_request(session, Actor.subject("u1"), "u1", "disclosure",
                               channel="online", form="electronic")

The free text of a request (what to correct, and to what) is personal and is not stored: the
request keeps only the keys it concerns; a correction's new values reach the register when the
request is fulfilled.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from mamori.audit import ID_PATTERN
from mamori.errors import AccessDeniedError, ValidationError
from mamori.policy import Policy
from mamori.policy.model.base import KEY_PATTERN
from mamori.register import Actor, RegisterSession
from mamori.rights import _notices, _store
from mamori.rights._guard import REQUEST_PURPOSE, follower_rule, refuse_step
from mamori.rights.deadlines import deadline_for
from mamori.rights.fees import fee_due
from mamori.rights.model import AGENTS, RightsRequest

__all__ = ["FORMS", "file_request"]

FORMS: dict[str, tuple[str, ...]] = {
    "disclosure": ("electronic", "paper"),
    "provision_records": ("electronic", "paper"),
    "purpose_notification": ("electronic", "paper"),
    "portability": ("json", "csv"),
}
"""The forms a person may choose (APPI Art. 33(1); GDPR Art. 20); the first is the default."""
_ITEM_KINDS = frozenset({"disclosure", "correction", "deletion", "portability"})
_PURPOSE_KINDS = frozenset({"suspension", "objection"})
_PROVISION_KINDS = frozenset({"provision_records", "stop_provision"})
_KEY = re.compile(KEY_PATTERN)
_ID = re.compile(ID_PATTERN)


def file_request(
    session: RegisterSession,
    actor: Actor,
    subject_id: str,
    kind: str,
    *,
    channel: str,
    jurisdiction: str | None = None,
    form: str | None = None,
    scope: Sequence[str] = (),
    requester: str = "person",
    agent_proof: str | None = None,
    reference: str | None = None,
    received_at: datetime | None = None,
) -> RightsRequest:
    """Record a request as received; its deadline and any fee due follow from the policy.

    `scope`: item keys (disclosure, correction, deletion, portability), purpose keys
    (suspension, objection) or provision keys (provision_records, stop_provision); empty means
    all (a correction names at least one item). `requester`: "person", or an agent
    ("legal_representative", "appointed_proxy") with `agent_proof`, the key of the kind of proof
    shown (e.g. "power_of_attorney"; never the document). `reference`: an opaque id of the
    letter or e-mail. `jurisdiction`: "JP" or "EU", the policy's first when None.
    """
    policy = session.policy
    action = "request.file"
    rule = follower_rule(policy, actor, subject_id)
    if rule is None:
        refuse_step(
            session,
            actor,
            action,
            None,
            subject_id if isinstance(subject_id, str) else None,
            "request_owner",
            AccessDeniedError(
                f"actor {actor.id} may file requests only for themself", rule="request_owner"
            ),
        )
    try:
        checked = _checked(policy, kind, channel, jurisdiction, form, scope, requester, agent_proof)
        if reference is not None and not (isinstance(reference, str) and _ID.fullmatch(reference)):
            raise ValidationError(
                "a reference is an opaque id (letters, digits and _ . : -), not a name or an "
                "e-mail address",
                field="reference",
            )
    except ValidationError as error:
        refuse_step(session, actor, action, None, subject_id, "request_invalid", error)
    if received_at is not None and (rule == "self" or received_at.tzinfo is None):
        # The deadline runs from receipt: only staff entering a letter or an e-mail date it.
        refuse_step(
            session,
            actor,
            action,
            None,
            subject_id,
            "request_invalid",
            ValidationError(
                "received_at is given by staff entering a request that arrived earlier, as a "
                "timezone-aware moment; a person's own request is received now",
                field="received_at",
            ),
        )
    session.require_subject(actor, action, REQUEST_PURPOSE, subject_id)
    received = received_at or datetime.now(UTC)
    deadline = deadline_for(policy, checked.jurisdiction, received)
    fee = fee_due(policy, kind, checked.jurisdiction)
    request = RightsRequest(
        id=uuid.uuid4().hex,
        subject_id=subject_id,
        kind=kind,
        form=checked.form,
        scope=checked.scope,
        channel=channel,
        jurisdiction=checked.jurisdiction,
        requester=requester,
        agent_proof=agent_proof,
        reference=reference,
        state="received",
        received_at=received,
        due_at=deadline.due_at,
        suit_possible_at=deadline.suit_possible_at,
        fee_amount=fee.amount if fee else None,
        fee_currency=fee.currency if fee else None,
        fee_charged=fee.charged if fee else None,
        fee_basis=fee.basis if fee else None,
    )
    connection = session.connection
    _store.insert_request(connection, request)
    _store.add_step(
        connection,
        request.id,
        action="file",
        state="received",
        at=received,
        actor_kind=actor.kind,
        actor_id=actor.id,
        detail=requester,
    )
    items = checked.scope if kind in _ITEM_KINDS else ()
    session.record_event(
        actor, action, REQUEST_PURPOSE, subject_id, items, rule=rule, request_id=request.id
    )
    filed = _store.load(connection, request.id)
    _notices.tell_filed(session, actor, filed)
    return filed


class _Checked:
    def __init__(self, jurisdiction: str, form: str | None, scope: tuple[str, ...]) -> None:
        self.jurisdiction = jurisdiction
        self.form = form
        self.scope = scope


def _checked(
    policy: Policy,
    kind: str,
    channel: str,
    jurisdiction: str | None,
    form: str | None,
    scope: Sequence[str],
    requester: str,
    agent_proof: str | None,
) -> _Checked:
    rights = policy.rights
    if kind not in rights.request_kinds:
        raise ValidationError(
            f"the policy does not offer '{kind}' requests; it offers "
            f"{', '.join(rights.request_kinds)} (rights.request_kinds)",
            field="kind",
        )
    channels = [offered.kind for offered in rights.channels]
    if channel not in channels:
        raise ValidationError(
            f"the policy takes requests by {', '.join(channels)}, not '{channel}' "
            "(rights.channels)",
            field="channel",
        )
    law = jurisdiction or policy.jurisdictions[0]
    if law not in policy.jurisdictions:
        raise ValidationError(
            f"the policy applies under {', '.join(policy.jurisdictions)}, not '{law}'",
            field="jurisdiction",
        )
    _check_requester(policy, requester, agent_proof)
    return _Checked(law, _form(kind, form), _scope(policy, kind, scope))


def _check_requester(policy: Policy, requester: str, agent_proof: str | None) -> None:
    if requester == "person":
        if agent_proof is not None:
            raise ValidationError(
                "agent_proof is for requests by an agent; leave it out for the person",
                field="agent_proof",
            )
        return
    if requester not in AGENTS:
        raise ValidationError(
            f"requester '{requester}' is unknown; use person, legal_representative or "
            "appointed_proxy",
            field="requester",
        )
    if not policy.rights.agents_allowed:
        raise ValidationError(
            "the policy does not accept requests by agents (rights.agents_allowed)",
            field="requester",
        )
    if not (isinstance(agent_proof, str) and _KEY.fullmatch(agent_proof)):
        raise ValidationError(
            "name the kind of proof the agent gave as a key, e.g. power_of_attorney or "
            "family_register (the document itself is never stored)",
            field="agent_proof",
        )


def _form(kind: str, form: str | None) -> str | None:
    choices = FORMS.get(kind)
    if choices is None:
        if form is not None:
            raise ValidationError(f"a {kind} request has no form to choose", field="form")
        return None
    if form is None:
        return choices[0]
    if form not in choices:
        raise ValidationError(
            f"a {kind} request comes as {' or '.join(choices)}, not '{form}'", field="form"
        )
    return form


def _scope(policy: Policy, kind: str, scope: Sequence[str]) -> tuple[str, ...]:
    if isinstance(scope, str):
        scope = [scope]  # one key given bare; a str is a sequence of characters
    keys = tuple(dict.fromkeys(scope))
    if kind in _ITEM_KINDS:
        known, what = set(policy.items), "items"
    elif kind in _PURPOSE_KINDS:
        known, what = set(policy.purposes), "purposes"
    elif kind in _PROVISION_KINDS:
        known, what = set(policy.provisions), "provisions"
    elif keys:
        raise ValidationError(f"a {kind} request concerns everything; give no scope", field="scope")
    else:
        return ()
    unknown = [key for key in keys if key not in known]
    if unknown:
        # Name only what looks like a key: a value typed by mistake is not repeated.
        shown = ", ".join(key for key in unknown if isinstance(key, str) and _KEY.fullmatch(key))
        raise ValidationError(
            f"scope names {shown or 'something'} that is not among the {what} of the policy; "
            f"use keys declared under {what}",
            field="scope",
        )
    if kind == "correction" and not keys:
        raise ValidationError("name the items to correct", field="scope")
    if kind == "objection":
        marketing = [key for key, purpose in policy.purposes.items() if purpose.direct_marketing]
        if not marketing:
            raise ValidationError(
                "the policy declares no direct-marketing purpose to object to (GDPR Art. 21(2)); "
                "file a suspension request instead",
                field="kind",
            )
        other = [key for key in keys if key not in marketing]
        if other:
            raise ValidationError(
                f"{', '.join(other)} is not a direct-marketing purpose; object to "
                f"{', '.join(marketing)}, or file a suspension request",
                field="scope",
            )
    return keys
