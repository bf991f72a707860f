"""The provision gate: personal data goes to a third party only with the person's consent (or,
for an opt-out provision, without their refusal), or under a legal exception the policy allows;
never for sale or lending (APPI Art. 27, 28, 31).

    from mamori.provision import provide

    with register.session() as session:             # the caller owns the transaction
        done = provide(session, officer, ["m1", "m2"], provision="partners", bulk=True)
        Path("partners.json").write_text(done.to_json())

Values are read through the register (purpose `provision:<key>` or `exception:<name>`, one
audit event per person); each provision writes its Art. 29 record (Art. 31 for personally
referable items) and one allowed "provision.run" event. A refused request raises before any
read, leaves a refused "provision.run" event, and sends and records nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from mamori.audit import ID_PATTERN
from mamori.consent import ConsentLedger, history
from mamori.errors import AccessDeniedError, MamoriError, ValidationError
from mamori.policy import Policy
from mamori.policy.model import LegalException, Provision
from mamori.provision._recipients import RecipientArgument, resolve_recipient
from mamori.provision._record_writing import RecordDraft, write_record
from mamori.provision.package import Package, Provided
from mamori.provision.records import RecordedRecipient
from mamori.register import (
    EXCEPTION_PREFIX,
    PROVISION_PREFIX,
    Actor,
    RegisterSession,
    SubjectData,
    has_permission,
)

__all__ = ["CONFIRMATION_METHOD", "provide"]

CONFIRMATION_METHOD = "consent_ledger"
"""How the Art. 31 confirmation is made: each person's consent, looked up in the ledger."""
ACTION = "provision.run"
_ID = re.compile(ID_PATTERN)
_CHUNK = 500


@dataclass(frozen=True)
class _Plan:
    purpose: str
    items: tuple[str, ...]
    draft: RecordDraft
    provision: Provision | None


def provide(
    session: RegisterSession,
    actor: Actor,
    subject_ids: Iterable[str],
    *,
    provision: str | None = None,
    exception: LegalException | str | None = None,
    recipient: RecipientArgument | None = None,
    items: Iterable[str] | None = None,
    justification: str | None = None,
    requester_reference: str | None = None,
    bulk: bool = False,
    contract_reference: str | None = None,
    at: datetime | None = None,
) -> Provided:
    """Provide the values of `items` (all the provision declares when None) of `subject_ids`
    to one recipient, under a declared `provision` or a legal `exception`, and record it.

    Persons without consent (withdrawn, expired, never given), who opted out of an opt-out
    provision or stopped provision, unknown or erased, are left out and counted in
    `Provided.skipped` by rule. `bulk=True` extends the open bulk record of the same provision
    and recipient; `contract_reference` names the contract that serves as the record (1 year
    retention). `at` is the date recorded (now when None); consent is always checked as it
    stands now, in the session's transaction.
    """
    moment = at or datetime.now(UTC)
    wanted = None if items is None else tuple(dict.fromkeys(items))
    shown = (
        f"{PROVISION_PREFIX}{provision}"
        if provision is not None
        else f"{EXCEPTION_PREFIX}{exception}"
        if exception is not None
        else "provision"
    )
    try:
        plan = _plan(
            session.policy,
            actor,
            provision,
            exception,
            recipient,
            wanted,
            justification,
            requester_reference,
            contract_reference,
        )
    except MamoriError as error:
        rule = getattr(error, "rule", None) or f"provision_{error.field or error.code}"
        session.record_event(
            actor, ACTION, shown, None, wanted or (), allowed=False, rule=_rule_key(rule)
        )
        raise
    if isinstance(subject_ids, str):
        subject_ids = [subject_ids]  # one id given bare; a str is an iterable of characters
    ids = list(dict.fromkeys(subject_ids))
    ad_hoc_abroad = (
        plan.draft.basis == "consent"
        and plan.draft.recipient.key is None
        and plan.draft.recipient.foreign_route == "consent"
    )
    values: dict[str, SubjectData] = {}
    consented: dict[str, str | None] = {}
    skipped: Counter[str] = Counter()
    for start in range(0, len(ids), _CHUNK):
        part = ids[start : start + _CHUNK]
        events = _consent_events(session, plan, part)
        if ad_hoc_abroad:
            part = _with_foreign_information(session, actor, plan, part, events, skipped)
        batch = session.read_many(actor, part, plan.purpose, plan.items)
        skipped.update(batch.refused.values())
        for subject_id, read in batch.values.items():
            values[subject_id] = read
            consented[subject_id] = events.get(subject_id)
    record_ids: tuple[str, ...] = ()
    if values:
        record_id = write_record(
            session.connection,
            plan.draft,
            actor,
            consented,
            at=moment,
            bulk=bulk and plan.provision is not None,  # an exception is a case of its own
        )
        record_ids = (record_id,)
        rule = "legal_exception" if plan.provision is None else f"provision_{plan.draft.basis}"
        session.record_event(
            actor, ACTION, plan.purpose, None, plan.items, rule=rule, request_id=record_id
        )
    else:
        session.record_event(actor, ACTION, plan.purpose, None, plan.items, rule="nobody_provided")
    package = Package(
        recipient=plan.draft.recipient,
        provision=plan.draft.provision,
        exception=plan.draft.exception,
        items=plan.items,
        provided_at=moment,
        record_ids=record_ids,
        rows=values,
    )
    return Provided(package, record_ids, len(values), dict(sorted(skipped.items())))


def _plan(
    policy: Policy,
    actor: Actor,
    provision_key: str | None,
    exception: str | None,
    recipient: object,
    items: tuple[str, ...] | None,
    justification: str | None,
    requester_reference: str | None,
    contract_reference: str | None,
) -> _Plan:
    """Every check that needs no person: a refusal here happens before anything is read."""
    if (provision_key is None) == (exception is None):
        raise ValidationError(
            "give either a declared provision or a legal exception", field="provision"
        )
    if not _may_run(policy, actor):
        raise AccessDeniedError(
            f"actor {actor.id} has no role with permission provisions.run", rule="provision_role"
        )
    if contract_reference is not None and not _is_id(contract_reference):
        raise ValidationError(
            "a contract reference is an opaque id (ASCII letters, digits and _ . : -)",
            field="contract_reference",
        )
    if provision_key is not None:
        return _plan_provision(policy, provision_key, recipient, items, contract_reference)
    assert exception is not None
    return _plan_exception(policy, exception, recipient, items, justification, requester_reference)


def _plan_provision(
    policy: Policy,
    key: str,
    recipient: object,
    items: tuple[str, ...] | None,
    contract_reference: str | None,
) -> _Plan:
    declared = policy.provisions.get(key)
    if declared is None:
        offered = ", ".join(policy.provisions) or "none"
        raise AccessDeniedError(
            f"the policy declares no provision '{key}'; its provisions: {offered}",
            rule="provision_declared",
            field="provision",
        )
    if declared.basis in ("sale", "lending"):
        raise AccessDeniedError(
            "personal data is never sold or lent (the policy lint refuses such a provision)",
            rule="provision_sale",
            field="provision",
        )
    if declared.personally_referable and declared.basis != "consent":
        raise AccessDeniedError(
            f"provision '{key}' is of personally referable items: it needs each person's "
            "consent (APPI Art. 31), not an opt-out",
            rule="personally_referable",
            field="provision",
        )
    chosen = tuple(declared.items) if items is None else items
    _check_items(policy, chosen, declared.items, f"provision '{key}'")
    who = resolve_recipient(policy, key, declared, recipient)
    _check_abroad(who)
    article: Literal["29", "31"] = "31" if declared.personally_referable else "29"
    draft = RecordDraft(
        article=article,
        basis="consent" if declared.basis == "consent" else "opt_out",
        provision=key,
        exception=None,
        justification=None,
        requester_reference=None,
        recipient=who,
        items=chosen,
        confirmation_method=CONFIRMATION_METHOD if article == "31" else None,
        contract_reference=contract_reference,
        policy_version=policy.version,
    )
    return _Plan(f"{PROVISION_PREFIX}{key}", chosen, draft, declared)


def _plan_exception(
    policy: Policy,
    exception: str,
    recipient: object,
    items: tuple[str, ...] | None,
    justification: str | None,
    requester_reference: str | None,
) -> _Plan:
    if exception not in policy.legal_exceptions:
        raise AccessDeniedError(
            f"the policy allows no provision under exception '{exception}'; it allows: "
            f"{', '.join(policy.legal_exceptions) or 'none'}",
            rule="legal_exception",
            field="exception",
        )
    if not isinstance(justification, str) or not justification.strip():
        raise ValidationError(
            "a provision under a legal exception needs a justification: why it applies",
            field="justification",
        )
    if not isinstance(requester_reference, str) or not _is_id(requester_reference):
        raise ValidationError(
            "give the requester's reference (the warrant or request number) as an opaque id: "
            "ASCII letters, digits and _ . : -",
            field="requester_reference",
        )
    if not items:
        raise ValidationError(
            "name the items the requester needs: an exception provides no more than that",
            field="items",
        )
    allowed = [key for key, item in policy.items.items() if item.type != "password"]
    _check_items(policy, items, allowed, f"exception '{exception}'")
    who = resolve_recipient(policy, None, None, recipient)
    draft = RecordDraft(
        article="29",
        basis="legal_exception",
        provision=None,
        exception=exception,
        justification=justification.strip(),
        requester_reference=requester_reference,
        recipient=who,
        items=items,
        confirmation_method=None,
        contract_reference=None,
        policy_version=policy.version,
    )
    return _Plan(f"{EXCEPTION_PREFIX}{exception}", items, draft, None)


def _check_items(
    policy: Policy, items: tuple[str, ...], allowed: Iterable[str], where: str
) -> None:
    unknown = [key for key in items if key not in policy.items]
    if unknown:
        raise ValidationError(
            f"the policy declares no item {', '.join(map(_shown_key, unknown))}", field="items"
        )
    outside = [key for key in items if key not in set(allowed)]
    if outside:
        raise AccessDeniedError(
            f"{where} cannot provide item(s) {', '.join(outside)}",
            rule="purpose_items",
            field="items",
        )


def _check_abroad(who: RecordedRecipient) -> None:
    """APPI Art. 28: a recipient outside Japan needs the consent route (the ledger holds the
    Art. 28(2) information with each consent), an equivalent system, or adequacy. A legal
    exception needs none of them (Art. 28(1) excepts the cases of Art. 27(1))."""
    if who.country != "JP" and who.foreign_route is None:
        raise AccessDeniedError(
            f"the recipient is in {who.country}, outside Japan, and the policy gives no "
            "foreign_route (consent, equivalent_system or adequacy) for it",
            rule="foreign_route",
            field="recipient",
        )


def _consent_events(session: RegisterSession, plan: _Plan, part: list[str]) -> dict[str, str]:
    """The ledger event behind each person's consent now: the fact of consent the record
    keeps (the register's own check decides who is read)."""
    if plan.draft.basis == "legal_exception":
        return {}
    target = plan.purpose
    answers = ConsentLedger().checker(session.connection, part, [target])
    found = {}
    for subject_id in part:
        status = answers.status(subject_id, target)
        if status.allows and status.event_id is not None:
            found[subject_id] = status.event_id
    return found


def _with_foreign_information(
    session: RegisterSession,
    actor: Actor,
    plan: _Plan,
    part: list[str],
    events: dict[str, str],
    skipped: Counter[str],
) -> list[str]:
    """Leave out persons whose consent was given without the Art. 28(2) information, for a
    recipient abroad named for a provision the policy describes only by kind (for a recipient
    the policy names, the ledger refused such a consent when it was given). One ledger query
    per person: the consent route to an ad hoc recipient abroad is rare."""
    informed = {
        event.id
        for subject_id, event_id in events.items()
        for event in history(session.connection, subject_id, plan.purpose)
        if event.id == event_id and event.foreign_information
    }
    kept = []
    for subject_id in part:
        event = events.get(subject_id)
        if event is not None and event not in informed:
            session.record_event(
                actor,
                "read",
                plan.purpose,
                subject_id,
                plan.items,
                allowed=False,
                rule="foreign_information",
            )
            skipped["foreign_information"] += 1
            continue
        kept.append(subject_id)
    return kept


def _may_run(policy: Policy, actor: Actor) -> bool:
    return has_permission(policy, actor, "provisions.run")


def _is_id(value: object) -> bool:
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def _shown_key(key: str) -> str:
    # An unknown "item" may be a value typed by mistake: name it only when it looks like a key.
    return key if re.fullmatch(r"[a-z][a-z0-9_]{0,62}", key) else "(not a key)"


def _rule_key(rule: str) -> str:
    return rule if re.fullmatch(r"[a-z][a-z0-9_.]{0,62}", rule) else "provision_invalid"
