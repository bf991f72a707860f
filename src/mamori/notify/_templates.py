"""The message texts, per kind and locale. `{name}` fields come from the message's params."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["KINDS", "LOCALES", "TEMPLATES", "render"]

# kind -> the params its texts use (all required, no others allowed).
KINDS: Mapping[str, tuple[str, ...]] = {
    "request_received": ("request_id", "request", "received_on", "due_on"),
    "verification_needed": ("request_id", "request", "how"),
    "fee_due": ("request_id", "request", "amount", "how"),
    "request_done": ("request_id", "request"),
    "request_partly_done": ("request_id", "request", "reason", "remedies"),
    "request_refused": ("request_id", "request", "reason", "remedies"),
    "deadline_extended": ("request_id", "request", "due_on", "reasons"),
    "policy_changed": ("version",),
    "consent_renewal": ("version",),
    "sign_in_link": ("link", "minutes"),
    "incident": ("incident_id", "what", "occurred_on", "items", "details", "contact"),
}

LOCALES = ("ja", "en", "fr")

# kind -> locale -> (subject line, body)
TEMPLATES: Mapping[str, Mapping[str, tuple[str, str]]] = {
    "request_received": {
        "en": (
            "We received your request {request_id}",
            "We received your {request} request (reference {request_id}) on {received_on}. "
            "We will answer it by {due_on} at the latest.\n\nPlease quote the reference "
            "{request_id} if you write to us about it.",
        ),
        "ja": (
            "ご請求 {request_id} を受け付けました",
            "{received_on}に{request}のご請求(受付番号 {request_id})を受け付けました。"
            "遅くとも{due_on}までに回答いたします。\n\n"
            "お問い合わせの際は受付番号 {request_id} をお知らせください。",
        ),
        "fr": (
            "Nous avons reçu votre demande {request_id}",
            "Nous avons reçu votre demande ({request}, référence {request_id}) le "
            "{received_on}. Nous y répondrons au plus tard le {due_on}.\n\nMerci de "
            "rappeler la référence {request_id} si vous nous écrivez à son sujet.",
        ),
    },
    "verification_needed": {
        "en": (
            "Please confirm your identity for request {request_id}",
            "Before we can act on your {request} request {request_id}, we need to confirm "
            "that it comes from you (or from someone entitled to act for you).\n\n"
            "How: {how}\n\nIf you did not make this request, please tell us.",
        ),
        "ja": (
            "ご請求 {request_id} のご本人確認のお願い",
            "{request}のご請求 {request_id} に対応するため、ご本人(または正当な代理人)からの"
            "ご請求であることの確認が必要です。\n\n確認の方法:{how}\n\n"
            "お心当たりのない場合は、お知らせください。",
        ),
        "fr": (
            "Veuillez confirmer votre identité pour la demande {request_id}",
            "Avant de traiter votre demande ({request}) {request_id}, nous devons confirmer "
            "qu'elle vient de vous (ou d'une personne habilitée à agir pour vous).\n\n"
            "Comment : {how}\n\nSi vous n'avez pas fait cette demande, dites-le-nous.",
        ),
    },
    "fee_due": {
        "en": (
            "A fee is due for request {request_id}",
            "A fee of {amount} is due for your {request} request {request_id}. We will "
            "proceed once it is paid.\n\nHow to pay: {how}",
        ),
        "ja": (
            "ご請求 {request_id} の手数料について",
            "{request}のご請求 {request_id} について、手数料 {amount} をお支払いください。"
            "お支払いの確認後に手続きを進めます。\n\nお支払い方法:{how}",
        ),
        "fr": (
            "Des frais sont dus pour la demande {request_id}",
            "Des frais de {amount} sont dus pour votre demande ({request}) {request_id}. "
            "Nous la traiterons dès leur paiement.\n\nComment payer : {how}",
        ),
    },
    "request_done": {
        "en": (
            "Your request {request_id} is complete",
            "We have completed your {request} request {request_id}.\n\nIf you think "
            "something is missing or wrong, reply quoting {request_id}, or make a new request.",
        ),
        "ja": (
            "ご請求 {request_id} の対応が完了しました",
            "{request}のご請求 {request_id} への対応が完了しました。\n\n"
            "不足や誤りがあるとお考えの場合は、受付番号 {request_id} を添えてご連絡いただくか、"
            "改めてご請求ください。",
        ),
        "fr": (
            "Votre demande {request_id} est traitée",
            "Nous avons traité votre demande ({request}) {request_id}.\n\nSi vous estimez "
            "qu'il manque quelque chose ou qu'il y a une erreur, répondez en rappelant "
            "{request_id}, ou faites une nouvelle demande.",
        ),
    },
    "request_partly_done": {
        "en": (
            "Your request {request_id} is answered in part",
            "We have answered your {request} request {request_id} in part. We cannot act on "
            "the rest, for this reason: {reason}\n\n{remedies}",
        ),
        "ja": (
            "ご請求 {request_id} には一部のみ対応しました",
            "{request}のご請求 {request_id} には一部のみ対応しました。残りについては、"
            "次の理由により応じることができません:{reason}\n\n{remedies}",
        ),
        "fr": (
            "Votre demande {request_id} est traitée en partie",
            "Nous avons traité votre demande ({request}) {request_id} en partie. Nous ne "
            "pouvons pas donner suite au reste, pour la raison suivante : {reason}\n\n"
            "{remedies}",
        ),
    },
    "request_refused": {
        "en": (
            "We cannot act on your request {request_id}",
            "We cannot act on your {request} request {request_id}, for this reason: "
            "{reason}\n\n{remedies}",
        ),
        "ja": (
            "ご請求 {request_id} に応じることができません",
            "{request}のご請求 {request_id} には、次の理由により応じることができません:"
            "{reason}\n\n{remedies}",
        ),
        "fr": (
            "Nous ne pouvons pas donner suite à votre demande {request_id}",
            "Nous ne pouvons pas donner suite à votre demande ({request}) {request_id}, pour "
            "la raison suivante : {reason}\n\n{remedies}",
        ),
    },
    "deadline_extended": {
        "en": (
            "More time is needed for your request {request_id}",
            "We need more time to answer your {request} request {request_id}. We will "
            "answer it by {due_on} at the latest, for these reasons: {reasons}",
        ),
        "ja": (
            "ご請求 {request_id} の回答期限の延長について",
            "{request}のご請求 {request_id} への回答には、次の理由によりお時間をいただきます:"
            "{reasons}\n\n遅くとも{due_on}までに回答いたします。",
        ),
        "fr": (
            "Un délai supplémentaire est nécessaire pour votre demande {request_id}",
            "Nous avons besoin de plus de temps pour répondre à votre demande ({request}) "
            "{request_id}. Nous y répondrons au plus tard le {due_on}, pour les raisons "
            "suivantes : {reasons}",
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
    "consent_renewal": {
        "en": (
            "Our privacy policy has changed: your consent is asked again",
            "Our privacy policy has changed (version {version}) in a way that needs your "
            "consent again. Until you give it, we no longer rely on the consent you gave "
            "before. You can read the changes and decide on our privacy page.",
        ),
        "ja": (
            "プライバシーポリシー改定に伴う同意のお願い",
            "プライバシーポリシーを改定しました(版 {version})。この改定には改めて同意が必要です。"
            "同意をいただくまで、以前の同意には基づきません。"
            "変更内容の確認と同意の選択は、プライバシーページで行えます。",
        ),
        "fr": (
            "Notre politique de confidentialité a changé : votre consentement est redemandé",
            "Notre politique de confidentialité a changé (version {version}) d'une manière "
            "qui demande à nouveau votre consentement. Tant que vous ne l'avez pas donné, nous "
            "ne nous fondons plus sur celui donné auparavant. Vous pouvez lire les "
            "changements et décider sur notre page de confidentialité.",
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
    """The subject line and body of a message of `kind` in `locale` (an empty parameter at the
    end, such as `remedies` under the APPI, leaves no trailing blank lines)."""
    subject, body = TEMPLATES[kind][locale]
    return subject.format_map(params), body.format_map(params).rstrip()
