"""The message texts, per kind and locale. `{name}` fields come from the message's params."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["KINDS", "LOCALES", "TEMPLATES", "render"]

# kind -> the params its texts use (all required, no others allowed).
KINDS: Mapping[str, tuple[str, ...]] = {
    "request_received": ("request_id",),
    "verification_needed": ("request_id",),
    "fee_due": ("request_id", "amount"),
    "request_done": ("request_id",),
    "request_refused": ("request_id", "reason"),
    "policy_changed": ("version",),
    "sign_in_link": ("link", "minutes"),
    "incident": ("incident_id", "what", "occurred_on", "items", "details", "contact"),
}

LOCALES = ("ja", "en", "fr")

# kind -> locale -> (subject line, body)
TEMPLATES: Mapping[str, Mapping[str, tuple[str, str]]] = {
    "request_received": {
        "en": (
            "We received your request {request_id}",
            "We received your request (reference {request_id}) and will answer it "
            "within the time the law allows.",
        ),
        "ja": (
            "ご請求 {request_id} を受け付けました",
            "ご請求(受付番号 {request_id})を受け付けました。法令の定める期間内に回答いたします。",
        ),
        "fr": (
            "Nous avons reçu votre demande {request_id}",
            "Nous avons reçu votre demande (référence {request_id}) et y répondrons "
            "dans le délai prévu par la loi.",
        ),
    },
    "verification_needed": {
        "en": (
            "Please confirm your identity for request {request_id}",
            "Before we can act on your request {request_id}, we need to confirm your identity. "
            "Please follow the instructions on our privacy page.",
        ),
        "ja": (
            "ご請求 {request_id} のご本人確認のお願い",
            "ご請求 {request_id} に対応するため、ご本人確認が必要です。"
            "プライバシーページの案内に従ってお手続きください。",
        ),
        "fr": (
            "Veuillez confirmer votre identité pour la demande {request_id}",
            "Avant de traiter votre demande {request_id}, nous devons confirmer votre "
            "identité. Veuillez suivre les instructions de notre page de confidentialité.",
        ),
    },
    "fee_due": {
        "en": (
            "A fee is due for request {request_id}",
            "A fee of {amount} is due for your request {request_id}. We will proceed once "
            "it is paid.",
        ),
        "ja": (
            "ご請求 {request_id} の手数料について",
            "ご請求 {request_id} について手数料 {amount} をお支払いください。"
            "お支払いの確認後に手続きを進めます。",
        ),
        "fr": (
            "Des frais sont dus pour la demande {request_id}",
            "Des frais de {amount} sont dus pour votre demande {request_id}. Nous la "
            "traiterons dès leur paiement.",
        ),
    },
    "request_done": {
        "en": (
            "Your request {request_id} is complete",
            "We have completed your request {request_id}.",
        ),
        "ja": (
            "ご請求 {request_id} の対応が完了しました",
            "ご請求 {request_id} への対応が完了しました。",
        ),
        "fr": (
            "Votre demande {request_id} est traitée",
            "Nous avons traité votre demande {request_id}.",
        ),
    },
    "request_refused": {
        "en": (
            "We cannot act on your request {request_id}",
            "We cannot act on your request {request_id}, for this reason: {reason}",
        ),
        "ja": (
            "ご請求 {request_id} に応じることができません",
            "ご請求 {request_id} には、次の理由により応じることができません:{reason}",
        ),
        "fr": (
            "Nous ne pouvons pas donner suite à votre demande {request_id}",
            "Nous ne pouvons pas donner suite à votre demande {request_id}, pour la raison "
            "suivante : {reason}",
        ),
    },
    "policy_changed": {
        "en": (
            "Our privacy policy has changed",
            "Our privacy policy has changed (version {version}). You can read it on our "
            "privacy page.",
        ),
        "ja": (
            "プライバシーポリシー改定のお知らせ",
            "プライバシーポリシーを改定しました(版 {version})。"
            "プライバシーページでご確認いただけます。",
        ),
        "fr": (
            "Notre politique de confidentialité a changé",
            "Notre politique de confidentialité a changé (version {version}). Vous pouvez la "
            "lire sur notre page de confidentialité.",
        ),
    },
    "sign_in_link": {
        "en": (
            "Your sign-in link",
            "Follow this link to sign in: {link}\n\nIt works once, within {minutes} minutes. "
            "If you did not ask to sign in, ignore this message: nobody can sign in without it.",
        ),
        "ja": (
            "ログイン用リンクのお知らせ",
            "次のリンクからログインしてください:{link}\n\n"
            "このリンクは {minutes} 分以内に一度だけ使えます。"
            "お心当たりのない場合は、このメッセージを破棄してください。"
            "このリンクがなければ誰もログインできません。",
        ),
        "fr": (
            "Votre lien de connexion",
            "Suivez ce lien pour vous connecter : {link}\n\nIl ne sert qu'une fois, dans les "
            "{minutes} minutes. Si vous n'avez pas demandé à vous connecter, ignorez ce "
            "message : personne ne peut se connecter sans lui.",
        ),
    },
    "incident": {
        "en": (
            "About an incident concerning your personal data ({incident_id})",
            "We are writing to tell you about an incident that concerns personal data we hold "
            "about you.\n\nWhat happened: {what}, on or around {occurred_on}.\n"
            "Data concerned: {items}.\nCause, consequences and what we have done: {details}\n\n"
            "We apologise. If you have questions, please contact us: {contact} "
            "(reference {incident_id}).",
        ),
        "ja": (
            "お客様の個人データに関わる事案についてのお知らせ({incident_id})",
            "お客様の個人データに関わる事案が発生しましたので、お知らせいたします。\n\n"
            "概要:{occurred_on}頃、{what}が発生しました。\n"
            "対象となる項目:{items}\n原因・影響・対応状況:{details}\n\n"
            "ご迷惑とご心配をおかけし、深くお詫び申し上げます。"
            "お問い合わせ先:{contact}(事案番号 {incident_id})",
        ),
        "fr": (
            "Un incident concernant vos données personnelles ({incident_id})",
            "Nous vous informons d'un incident qui concerne des données personnelles que nous "
            "détenons à votre sujet.\n\nCe qui s'est passé : {what}, le {occurred_on} ou vers "
            "cette date.\nDonnées concernées : {items}.\nCause, conséquences et mesures "
            "prises : {details}\n\nNous vous prions de nous en excuser. Pour toute question : "
            "{contact} (référence {incident_id}).",
        ),
    },
}


def render(kind: str, locale: str, params: Mapping[str, str]) -> tuple[str, str]:
    """The subject line and body of a message of `kind` in `locale`."""
    subject, body = TEMPLATES[kind][locale]
    return subject.format_map(params), body.format_map(params)
