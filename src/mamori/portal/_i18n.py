"""The portal's words in Japanese, English and French, and the reader's language: `?lang=`
(remembered in a cookie by the switch), else Accept-Language, else the policy's default."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import Request

from mamori.api.notice import negotiate_locale
from mamori.policy.model import SUPPORTED_LOCALES, Policy, text_in

__all__ = ["LANG_COOKIE", "MESSAGES", "Translator", "locale_of", "notice_language_of"]

LANG_COOKIE = "mamori_lang"

MESSAGES: dict[str, dict[str, str]] = {
    "portal": {
        "ja": "個人データ窓口",
        "en": "Personal data portal",
        "fr": "Portail des données personnelles",
    },
    "skip": {"ja": "本文へ移動", "en": "Skip to content", "fr": "Aller au contenu"},
    "language": {"ja": "言語", "en": "Language", "fr": "Langue"},
    "notice": {
        "ja": "プライバシーポリシー",
        "en": "Privacy notice",
        "fr": "Politique de confidentialité",
    },
    "versions": {"ja": "改定履歴", "en": "Earlier versions", "fr": "Versions antérieures"},
    "version": {"ja": "版", "en": "Version", "fr": "Version"},
    "effective": {"ja": "施行日", "en": "In force from", "fr": "En vigueur depuis"},
    "activated": {"ja": "適用開始", "en": "Activated", "fr": "Activée le"},
    "what_changed": {"ja": "変更点", "en": "What changed", "fr": "Ce qui a changé"},
    "first_version": {"ja": "最初の版", "en": "First version", "fr": "Première version"},
    "sign_in": {"ja": "ログイン", "en": "Sign in", "fr": "Se connecter"},
    "sign_out": {"ja": "ログアウト", "en": "Sign out", "fr": "Se déconnecter"},
    "sign_up": {"ja": "会員登録", "en": "Sign up", "fr": "S'inscrire"},
    "staff_sign_in": {
        "ja": "担当者ログイン",
        "en": "Staff sign-in",
        "fr": "Connexion du personnel",
    },
    "email": {"ja": "メールアドレス", "en": "E-mail address", "fr": "Adresse e-mail"},
    "password": {"ja": "パスワード", "en": "Password", "fr": "Mot de passe"},
    "staff_id": {"ja": "担当者ID", "en": "Staff id", "fr": "Identifiant"},
    "send_link": {
        "ja": "ログイン用リンクを送る",
        "en": "E-mail me a sign-in link",
        "fr": "M'envoyer un lien de connexion",
    },
    "link_sent": {
        "ja": "登録されたアドレスであれば、ログイン用リンクを送信しました。",
        "en": "If the address is registered, a sign-in link is on its way.",
        "fr": "Si l'adresse est enregistrée, un lien de connexion vous a été envoyé.",
    },
    "required": {"ja": "必須", "en": "required", "fr": "obligatoire"},
    "voluntary": {"ja": "任意", "en": "voluntary", "fr": "facultatif"},
    "purposes_before": {
        "ja": "ご登録いただく情報の利用目的",
        "en": "What we will use these data for",
        "fr": "À quoi serviront ces données",
    },
    "agree": {"ja": "同意する", "en": "I agree", "fr": "J'accepte"},
    "my_data": {"ja": "登録情報", "en": "My data", "fr": "Mes données"},
    "my_consents": {"ja": "同意", "en": "My consents", "fr": "Mes consentements"},
    "who_read": {"ja": "閲覧記録", "en": "Who read my data", "fr": "Qui a lu mes données"},
    "who_received": {
        "ja": "提供記録",
        "en": "Who received my data",
        "fr": "Qui a reçu mes données",
    },
    "my_requests": {"ja": "開示等の請求", "en": "My requests", "fr": "Mes demandes"},
    "item": {"ja": "項目", "en": "Item", "fr": "Donnée"},
    "value": {"ja": "内容", "en": "Value", "fr": "Valeur"},
    "save": {"ja": "保存", "en": "Save", "fr": "Enregistrer"},
    "correct": {"ja": "訂正する", "en": "Save corrections", "fr": "Corriger"},
    "delete": {"ja": "削除", "en": "Delete", "fr": "Supprimer"},
    "delete_account": {
        "ja": "アカウントを削除する",
        "en": "Delete my account",
        "fr": "Supprimer mon compte",
    },
    "delete_account_note": {
        "ja": "登録情報は復元できない形で消去されます。法令で保存が求められる記録は残ります。",
        "en": "Your data will be erased beyond recovery. "
        "Records the law requires us to keep remain.",
        "fr": "Vos données seront effacées de façon irrécupérable. "
        "Les registres que la loi impose de garder restent.",
    },
    "confirm_delete": {
        "ja": "削除することを確認しました",
        "en": "I understand this cannot be undone",
        "fr": "Je comprends que c'est irréversible",
    },
    "download": {"ja": "ダウンロード", "en": "Download", "fr": "Télécharger"},
    "download_all": {
        "ja": "すべてのデータをダウンロード",
        "en": "Download all my data",
        "fr": "Télécharger toutes mes données",
    },
    "purpose": {"ja": "目的", "en": "Purpose", "fr": "Finalité"},
    "state": {"ja": "状態", "en": "State", "fr": "État"},
    "since": {"ja": "日時", "en": "Since", "fr": "Depuis"},
    "give": {"ja": "同意する", "en": "Give consent", "fr": "Consentir"},
    "withdraw": {"ja": "同意を撤回する", "en": "Withdraw", "fr": "Retirer"},
    "receipt": {"ja": "受領証", "en": "Receipt", "fr": "Reçu"},
    "when": {"ja": "日時", "en": "When", "fr": "Quand"},
    "who": {"ja": "誰が", "en": "Who", "fr": "Qui"},
    "action": {"ja": "操作", "en": "Action", "fr": "Action"},
    "items": {"ja": "項目", "en": "Items", "fr": "Données"},
    "recipient": {"ja": "提供先", "en": "Recipient", "fr": "Destinataire"},
    "nothing_yet": {"ja": "まだありません。", "en": "Nothing yet.", "fr": "Rien pour l'instant."},
    "kind": {"ja": "種類", "en": "Kind", "fr": "Type"},
    "due": {"ja": "期限", "en": "Due", "fr": "Échéance"},
    "received": {"ja": "受付", "en": "Received", "fr": "Reçue le"},
    "new_request": {"ja": "請求する", "en": "Make a request", "fr": "Faire une demande"},
    "submit": {"ja": "送信", "en": "Submit", "fr": "Envoyer"},
    "saved": {"ja": "保存しました。", "en": "Saved.", "fr": "Enregistré."},
    "error": {"ja": "エラー", "en": "Error", "fr": "Erreur"},
    "queue": {"ja": "請求の一覧", "en": "Request queue", "fr": "File des demandes"},
    "provisions": {"ja": "第三者提供", "en": "Provisions", "fr": "Communications"},
    "records": {"ja": "提供記録", "en": "Records", "fr": "Registres"},
    "audit": {"ja": "監査ログ", "en": "Audit log", "fr": "Journal d'audit"},
    "sharing": {
        "ja": "委託・共同利用",
        "en": "Entrustees and joint use",
        "fr": "Sous-traitants et usage conjoint",
    },
    "verify": {
        "ja": "本人確認済みにする",
        "en": "Mark identity verified",
        "fr": "Identité vérifiée",
    },
    "method": {"ja": "方法", "en": "Method", "fr": "Méthode"},
    "fee_paid": {"ja": "手数料受領", "en": "Fee paid", "fr": "Frais payés"},
    "start": {"ja": "対応開始", "en": "Start", "fr": "Commencer"},
    "fulfil": {"ja": "対応完了", "en": "Fulfil", "fr": "Satisfaire"},
    "refuse": {"ja": "不開示等", "en": "Refuse", "fr": "Refuser"},
    "ground": {"ja": "理由の区分", "en": "Ground", "fr": "Motif"},
    "reason": {"ja": "理由", "en": "Reason", "fr": "Raison"},
    "verify_log": {"ja": "ログを検証", "en": "Verify the log", "fr": "Vérifier le journal"},
    "log_ok": {
        "ja": "改ざんは見つかりませんでした",
        "en": "The log verifies",
        "fr": "Le journal est intègre",
    },
    "log_bad": {"ja": "問題が見つかりました", "en": "Problems found", "fr": "Problèmes trouvés"},
    "run_provision": {"ja": "提供を実行", "en": "Run provision", "fr": "Exécuter"},
    "subjects": {
        "ja": "本人ID（改行区切り）",
        "en": "Subject ids (one a line)",
        "fr": "Identifiants (un par ligne)",
    },
    "exception": {"ja": "法令に基づく例外", "en": "Legal exception", "fr": "Exception légale"},
    "justification": {"ja": "根拠", "en": "Justification", "fr": "Justification"},
    "requester_reference": {
        "ja": "照会文書の番号",
        "en": "Requester's reference",
        "fr": "Référence du demandeur",
    },
    "recipient_name": {"ja": "提供先の名称", "en": "Recipient's name", "fr": "Nom du destinataire"},
    "provided": {"ja": "提供件数", "en": "Provided", "fr": "Communiqués"},
    "skipped": {"ja": "対象外", "en": "Skipped", "fr": "Exclus"},
    "supervision": {"ja": "監督記録", "en": "Supervision log", "fr": "Suivi"},
    "joint_use": {"ja": "共同利用", "en": "Joint use", "fr": "Usage conjoint"},
    "modules": {"ja": "外部モジュール", "en": "Modules", "fr": "Modules"},
    "entrustees": {"ja": "委託先", "en": "Entrustees", "fr": "Sous-traitants"},
    "overdue": {"ja": "期限超過", "en": "overdue", "fr": "en retard"},
    "near_due": {"ja": "期限間近", "en": "due soon", "fr": "bientôt dû"},
    "on_time": {"ja": "期限内", "en": "on time", "fr": "dans les temps"},
    "security": {"ja": "安全管理措置", "en": "Security measures", "fr": "Mesures de sécurité"},
    "officer": {
        "ja": "個人情報保護管理者",
        "en": "Personal information management officer",
        "fr": "Responsable de la protection des données",
    },
    "incidents": {"ja": "漏えい等事案", "en": "Incidents", "fr": "Incidents"},
    "learned": {"ja": "覚知日", "en": "Learned of", "fr": "Constaté le"},
    "next_deadline": {"ja": "次の期限", "en": "Next deadline", "fr": "Prochaine échéance"},
    "persons": {"ja": "本人の数", "en": "Persons", "fr": "Personnes"},
    "notified": {"ja": "通知済み", "en": "Told", "fr": "Informées"},
    "notify_persons": {
        "ja": "本人に通知する",
        "en": "Tell the persons concerned",
        "fr": "Informer les personnes concernées",
    },
    "contact": {"ja": "問い合わせ先", "en": "Where to ask", "fr": "Où s'adresser"},
    "contact_hint": {
        "ja": "空欄: ポリシーの問い合わせ窓口",
        "en": "blank: the policy's contact",
        "fr": "vide : le contact de la politique",
    },
    # The register's reserved purposes, as the person reads them in "who read my data".
    "purpose_self": {
        "ja": "ご本人による閲覧・訂正",
        "en": "You, on your own data",
        "fr": "Vous-même",
    },
    "purpose_request": {
        "ja": "ご請求への対応",
        "en": "Answering your request",
        "fr": "Réponse à votre demande",
    },
    "purpose_sign_in": {
        "ja": "ログイン用リンクの送信",
        "en": "Sending the sign-in link you asked for",
        "fr": "Envoi du lien de connexion demandé",
    },
    "purpose_incident": {
        "ja": "漏えい等事案のお知らせ",
        "en": "Telling you of an incident",
        "fr": "Information sur un incident",
    },
    "purpose_profile": {
        "ja": "会員によるプロフィールの閲覧",
        "en": "A member viewing your profile",
        "fr": "Un membre consultant votre profil",
    },
    "purpose_public": {"ja": "公開情報の閲覧", "en": "Public view", "fr": "Consultation publique"},
    "notices_queued": {
        "ja": "通知を送信待ちにしました。",
        "en": "The notices are queued for sending.",
        "fr": "Les avis sont en attente d'envoi.",
    },
}


class Translator:
    """`t("sign_in")` in the page's language; `text(localized)` for the policy's own texts."""

    def __init__(self, locale: str, policy: Policy) -> None:
        self.locale = locale
        self.policy = policy

    def __call__(self, key: str) -> str:
        entry = MESSAGES[key]
        return entry.get(self.locale) or entry["en"]

    def text(self, value: Mapping[str, str] | str | None) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        return text_in(value, self.locale, (self.policy.default_locale, "en"))

    def purpose(self, key: str | None) -> str:
        """A purpose as a person reads it: the policy's label, the register's own words for
        its reserved purposes (`request`, `sign_in`...), else the key itself."""
        if key is None:
            return ""
        declared = self.policy.purposes.get(key)
        if declared is not None:
            return self.text(declared.label)
        reserved = f"purpose_{key}"
        return self(reserved) if reserved in MESSAGES else key

    def item(self, key: str) -> str:
        """An item by the policy's label, else its key."""
        declared = self.policy.items.get(key)
        return self.text(declared.label) if declared is not None else key


def locale_of(request: Request, policy: Policy) -> str:
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    if asked not in SUPPORTED_LOCALES:
        asked = None
    return negotiate_locale(policy, asked, request.headers.get("accept-language"))


def notice_language_of(request: Request, policy: Policy) -> str:
    """The language the policy's own texts were shown in, for a consent record: the page's
    language when the policy is written in it, else the default its texts fall back to."""
    locale = locale_of(request, policy)
    return locale if locale in policy.locales else policy.default_locale
