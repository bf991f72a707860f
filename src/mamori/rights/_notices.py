"""Telling the person how their request stands, through the notifications outbox, in the same
transaction as the step (docs/rights.md, "Messages to the person").

A message carries the request's id, its kind, dates, an amount and the operator's own reasons:
never an item value. The address is read by the outbox when it sends. A person who is erased
(a deletion just fulfilled) is not written to: their address is gone with the rest.
"""

from __future__ import annotations

from datetime import datetime

from mamori.errors import NotFoundError
from mamori.notify import enqueue, locale_for
from mamori.policy import Policy
from mamori.policy.model.base import text_in
from mamori.register import Actor, RegisterSession
from mamori.rights.fees import EXCESSIVE_BASIS
from mamori.rights.model import GDPR_REMEDIES, RightsRequest

__all__ = ["REQUEST_LABELS", "tell_filed", "tell_step"]

REQUEST_LABELS: dict[str, dict[str, str]] = {
    "disclosure": {"en": "disclosure", "ja": "開示", "fr": "accès"},
    "provision_records": {
        "en": "disclosure of provision records",
        "ja": "第三者提供記録の開示",
        "fr": "communication des registres de transmission",
    },
    "purpose_notification": {
        "en": "notification of purposes",
        "ja": "利用目的の通知",
        "fr": "communication des finalités",
    },
    "correction": {"en": "correction", "ja": "訂正", "fr": "rectification"},
    "deletion": {"en": "deletion", "ja": "削除", "fr": "effacement"},
    "suspension": {"en": "suspension of use", "ja": "利用停止", "fr": "limitation"},
    "stop_provision": {
        "en": "stop of provision to third parties",
        "ja": "第三者提供の停止",
        "fr": "arrêt de la transmission",
    },
    "portability": {"en": "data portability", "ja": "データポータビリティ", "fr": "portabilité"},
    "objection": {"en": "objection", "ja": "異議", "fr": "opposition"},
}
"""How a request kind is named to the person, per locale."""

_METHODS: dict[str, dict[str, str]] = {
    "session": {
        "en": "sign in to your account",
        "ja": "アカウントへのログイン",
        "fr": "connexion à votre compte",
    },
    "email_code": {
        "en": "a code sent to your e-mail address",
        "ja": "メールアドレスに送るコード",
        "fr": "un code envoyé à votre adresse électronique",
    },
    "document": {
        "en": "an identity document checked by our staff",
        "ja": "本人確認書類(担当者が確認します)",
        "fr": "une pièce d'identité vérifiée par notre personnel",
    },
    "in_person": {"en": "in person", "ja": "窓口での確認", "fr": "en personne"},
    "postal": {"en": "by post", "ja": "郵送による確認", "fr": "par courrier"},
}
_SEPARATOR = {"en": "; ", "fr": " ; ", "ja": "、"}
_SEE_PAGE = {
    "en": "as our privacy page explains",
    "ja": "プライバシーページの案内に従ってください",
    "fr": "comme l'explique notre page de confidentialité",
}


def tell_filed(session: RegisterSession, actor: Actor, request: RightsRequest) -> None:
    """On filing: the request received; identity verification needed unless the person filed
    it themself, online, in their own session; a fee due on application."""
    _tell(session, actor, request, "request_received", due_on=_day(request.due_at))
    own_session = (
        actor.kind == "subject"
        and actor.id == request.subject_id
        and request.requester == "person"
        and request.channel == "online"
    )
    if not own_session:
        _tell(session, actor, request, "verification_needed")
    if request.fee_outstanding and request.fee_charged == "on_application":
        _tell(session, actor, request, "fee_due")


_STEP_KINDS = {
    "fulfil": "request_done",
    "partly_fulfil": "request_partly_done",
    "refuse": "request_refused",
    "extend": "deadline_extended",
}
"""The message a step sends; `start` and `excessive` send `fee_due` when they make one due."""


def tell_step(session: RegisterSession, actor: Actor, step: str, request: RightsRequest) -> None:
    """After a step of the workflow: what, if anything, the person is told."""
    kind = _STEP_KINDS.get(step)
    if kind is not None:
        _tell(session, actor, request, kind, due_on=_day(request.due_at))
        return
    fee_now_due = request.fee_outstanding and (
        (step == "start" and request.fee_charged == "on_fulfilment")
        or (step == "excessive" and request.fee_basis == EXCESSIVE_BASIS)
    )
    if fee_now_due:
        _tell(session, actor, request, "fee_due")


def _tell(
    session: RegisterSession,
    actor: Actor,
    request: RightsRequest,
    kind: str,
    *,
    due_on: str | None = None,
) -> None:
    policy = session.policy
    locale = locale_for(session.connection, policy, request.subject_id)
    params = {"request_id": request.id, "request": REQUEST_LABELS[request.kind][locale]}
    if kind == "request_received":
        params |= {"received_on": _day(request.received_at), "due_on": due_on or ""}
    elif kind == "deadline_extended":
        params |= {"due_on": due_on or "", "reasons": request.extension_reasons or ""}
    elif kind == "verification_needed":
        params["how"] = _verification(policy, locale)
    elif kind == "fee_due":
        params |= {
            "amount": f"{request.fee_amount:,} {request.fee_currency}",
            "how": _payment(policy, request, locale),
        }
    elif kind in ("request_refused", "request_partly_done"):
        remedies = (
            [GDPR_REMEDIES[key][locale] for key in GDPR_REMEDIES]
            if request.jurisdiction == "EU"
            else []
        )
        params |= {"reason": request.refusal_reason or "", "remedies": "\n".join(remedies)}
    try:
        enqueue(session, actor, request.subject_id, kind, locale=locale, params=params)
    except NotFoundError:
        # Erased by this very request (a deletion): no address is left to write to. The
        # register audited the refused enqueue; the request's own record is the answer.
        return


def _day(moment: datetime) -> str:
    return moment.date().isoformat()


def _verification(policy: Policy, locale: str) -> str:
    ways = []
    for method in policy.rights.verification:
        if method.description is not None:
            ways.append(text_in(method.description, locale, (policy.default_locale,)))
        else:
            ways.append(_METHODS[method.kind][locale])
    return _SEPARATOR[locale].join(ways) or _SEE_PAGE[locale]


def _payment(policy: Policy, request: RightsRequest, locale: str) -> str:
    for fee in policy.rights.fees:
        if fee.request == request.kind and fee.note is not None:
            return text_in(fee.note, locale, (policy.default_locale,))
    return _SEE_PAGE[locale]
