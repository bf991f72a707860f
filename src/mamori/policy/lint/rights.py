"""Rules on the procedure for requests: fees, kinds, refusal grounds, deadlines (APPI 32-39;
GDPR 12-22)."""

from __future__ import annotations

from collections.abc import Iterator

from mamori.policy.lint._facts import ONE_MONTH, laws
from mamori.policy.lint._registry import Hit, rule
from mamori.policy.model import Policy, RequestKind

__all__: list[str] = []

_APPI_FEE_KINDS = frozenset({"disclosure", "provision_records", "purpose_notification"})
"""Art. 38(1): fees only for notifying purposes (32(2)) and disclosure (33(1), incl. 33(5))."""
_GDPR_REFUSAL_GROUNDS = frozenset(
    {
        "manifestly_unfounded_or_excessive",
        "repeated_without_reason",
        "harm_to_person_or_others",
        "violates_other_laws",
        "not_obliged_by_law",
    }
)
"""Grounds that GDPR Art. 12(5) (repetitive, excessive), 15(4) (others' rights) or Art. 23 and
the exceptions of Arts. 17(3) and 21(1) allow."""
_GDPR_REQUEST_KINDS: tuple[RequestKind, ...] = (
    "disclosure",
    "correction",
    "deletion",
    "suspension",
    "portability",
    "objection",
)
_REASONABLE_FEE_JPY = 1000


@rule(
    "APPI-38-FEE-NOT-ALLOWED",
    severity="error",
    citation="APPI Art. 38(1)",
    fix="remove the fee: correction, deletion and suspension are free",
    jurisdictions=("JP",),
)
def fee_not_allowed(policy: Policy) -> Iterator[Hit]:
    """A fee on a request other than disclosure or notification of purposes.

    The APPI allows fees only for notifying the purposes of use and for disclosure (including
    the disclosure of provision records); correction, deletion, suspension and stopping
    provision are free (OA-6).
    """
    for index, fee in enumerate(policy.rights.fees):
        if fee.amount > 0 and "JP" in fee.jurisdictions and fee.request not in _APPI_FEE_KINDS:
            yield Hit(
                ("rights", "fees", index),
                f"a fee of {fee.amount} {fee.currency} on {fee.request} requests",
            )


@rule(
    "GDPR-12-FEE",
    severity="error",
    citation="GDPR Art. 12(5)",
    fix="make the request free for EU subjects (fee jurisdictions: [JP] only)",
)
def gdpr_fee(policy: Policy) -> Iterator[Hit]:
    """A fee on requests of EU subjects.

    Access and every action on the rights of Arts. 15-22 are free under the GDPR; a fee is
    allowed only for a manifestly unfounded or excessive request, or for further copies
    (Art. 15(3)), which the policy format cannot yet express.
    """
    for index, fee in enumerate(policy.rights.fees):
        if fee.amount > 0 and "EU" in fee.jurisdictions:
            yield Hit(
                ("rights", "fees", index, "jurisdictions"),
                f"a fee of {fee.amount} {fee.currency} on {fee.request} requests of EU subjects",
            )


@rule(
    "APPI-38-FEE-AMOUNT",
    severity="info",
    citation="APPI Art. 38(2)",
    fix="check that the fee is reasonable given the actual cost",
    jurisdictions=("JP",),
)
def fee_amount(policy: Policy) -> Iterator[Hit]:
    """A fee above 1,000 yen.

    The fee must be reasonable given the actual cost; 1,000 yen, published, is the usual
    amount (OA-6), and more needs a justification.
    """
    for index, fee in enumerate(policy.rights.fees):
        if fee.currency == "JPY" and fee.amount > _REASONABLE_FEE_JPY:
            yield Hit(
                ("rights", "fees", index, "amount"),
                f"a fee of {fee.amount} JPY on {fee.request} requests",
            )


@rule(
    "APPI-32-REQUEST-KINDS",
    severity="warning",
    citation="APPI Art. 32(1)(iii), 32(2), 33(1), 33(5), 34(1), 35(1), 35(3)",
    fix="add the missing kinds to rights.request_kinds",
    jurisdictions=("JP",),
)
def appi_request_kinds(policy: Policy) -> Iterator[Hit]:
    """The procedure omits a request the APPI gives people.

    The public page must tell how to ask for notice of purposes, disclosure, correction,
    suspension or deletion, and, when data is provided to third parties, for the provision
    records and for stopping provision.
    """
    wanted: list[RequestKind] = [
        "purpose_notification",
        "disclosure",
        "correction",
        "suspension",
        "deletion",
    ]
    if policy.provisions:
        wanted += ["provision_records", "stop_provision"]
    missing = [kind for kind in wanted if kind not in policy.rights.request_kinds]
    if missing:
        yield Hit(
            ("rights", "request_kinds"),
            f"the procedure does not offer {', '.join(missing)} requests",
        )


@rule(
    "GDPR-13-RIGHTS",
    severity="warning",
    citation="GDPR Art. 13(2)(b), 15-21",
    fix="add the missing kinds to rights.request_kinds",
    jurisdictions=("EU",),
)
def gdpr_request_kinds(policy: Policy) -> Iterator[Hit]:
    """The procedure omits a right the GDPR gives people.

    The notice must tell of the rights of access, rectification, erasure, restriction, objection
    and portability (disclosure, correction, deletion, suspension, objection, portability).
    """
    missing = [kind for kind in _GDPR_REQUEST_KINDS if kind not in policy.rights.request_kinds]
    if missing:
        yield Hit(
            ("rights", "request_kinds"),
            f"the procedure does not offer {', '.join(missing)} requests",
        )


@rule(
    "OP-15-REFUSAL-GROUNDS",
    severity="info",
    citation="OP-15; APPI Art. 33(2), 35(2)-(6); GDPR Art. 12(5)",
    fix="list the grounds on which requests may be refused in rights.refusal_grounds",
)
def refusal_grounds_missing(policy: Policy) -> Iterator[Hit]:
    """No refusal ground is listed.

    The request workflow refuses only on a ground the policy lists; with none, every request
    must be fulfilled, even a repeated or abusive one.
    """
    if not policy.rights.refusal_grounds:
        yield Hit(
            ("rights",),
            "the policy lists no ground for refusing a request",
            citation=laws(
                policy, jp="APPI Art. 33(2), 35(2)-(6)", eu="GDPR Art. 12(5)", always="OP-15"
            ),
        )


@rule(
    "GDPR-12-REFUSAL-GROUND",
    severity="warning",
    citation="GDPR Art. 12(5), 15(4), 23",
    fix="say that the ground applies only to subjects under the APPI, or remove it",
    jurisdictions=("EU",),
)
def gdpr_refusal_ground(policy: Policy) -> Iterator[Hit]:
    """A refusal ground the GDPR does not know.

    EU requests may be refused only when manifestly unfounded or excessive, when they would harm
    others' rights, or under a legal restriction; the controller bears the burden of proof.
    """
    for index, ground in enumerate(policy.rights.refusal_grounds):
        if ground not in _GDPR_REFUSAL_GROUNDS:
            yield Hit(
                ("rights", "refusal_grounds", index),
                f"the refusal ground {ground} cannot be applied to EU subjects",
            )


@rule(
    "GDPR-12-DEADLINE",
    severity="warning",
    citation="GDPR Art. 12(3)",
    fix="answer within one month (P1M); an extension by two months is given case by case",
    jurisdictions=("EU",),
)
def gdpr_deadline(policy: Policy) -> Iterator[Hit]:
    """A response deadline longer than one month.

    EU requests are answered within one month; two more months only when needed, with notice and
    reasons within the first month.
    """
    deadline = policy.rights.response_deadline
    if deadline is not None and deadline > ONE_MONTH:
        yield Hit(
            ("rights", "response_deadline"),
            f"the response deadline is {deadline.days} days",
        )


@rule(
    "APPI-37-AGENTS",
    severity="warning",
    citation="APPI Art. 37(3); Cabinet Order Art. 13",
    fix="set agents_allowed: true and say in agent_proof how an agent shows their authority",
    jurisdictions=("JP",),
)
def agents_refused(policy: Policy) -> Iterator[Hit]:
    """Requests through an agent are refused.

    A legal representative or an appointed proxy may make any request on the person's behalf.
    """
    if not policy.rights.agents_allowed:
        yield Hit(("rights", "agents_allowed"), "requests through an agent are not accepted")
