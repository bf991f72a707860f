"""The words of the notices and drafts, in ja, en and fr."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["APPI_FIELDS", "GDPR_FIELDS", "KIND_TEXT", "LOCALES", "WORDS", "word"]

LOCALES = ("ja", "en", "fr")

KIND_TEXT: Mapping[str, Mapping[str, str]] = {
    "leak": {
        "ja": "個人データの漏えい",
        "en": "a leak of personal data",
        "fr": "une fuite de données personnelles",
    },
    "loss": {
        "ja": "個人データの滅失",
        "en": "a loss of personal data",
        "fr": "une perte de données personnelles",
    },
    "damage": {
        "ja": "個人データの毀損",
        "en": "damage to personal data",
        "fr": "une dégradation de données personnelles",
    },
    "unauthorised_access": {
        "ja": "個人データへの不正なアクセス",
        "en": "unauthorised access to personal data",
        "fr": "un accès non autorisé à des données personnelles",
    },
    "alteration": {
        "ja": "個人データの改ざん",
        "en": "an unauthorised alteration of personal data",
        "fr": "une modification non autorisée de données personnelles",
    },
}

# The nine items of a report to the PPC (規則8(1)), in the law's order.
APPI_FIELDS: tuple[tuple[str, Mapping[str, str]], ...] = (
    ("summary", {"ja": "概要", "en": "Summary", "fr": "Résumé"}),
    (
        "items",
        {
            "ja": "漏えい等が発生し又は発生したおそれがある個人データの項目",
            "en": "Items of personal data leaked, lost or damaged (or possibly so)",
            "fr": "Catégories de données personnelles concernées (ou possiblement)",
        },
    ),
    (
        "persons",
        {
            "ja": "漏えい等が発生し又は発生したおそれがある個人データに係る本人の数",
            "en": "Number of persons concerned",
            "fr": "Nombre de personnes concernées",
        },
    ),
    ("cause", {"ja": "原因", "en": "Cause", "fr": "Cause"}),
    (
        "secondary_harm",
        {
            "ja": "二次被害又はそのおそれの有無及びその内容",
            "en": "Secondary harm, or its risk, and what it is",
            "fr": "Préjudice secondaire, ou son risque, et sa nature",
        },
    ),
    (
        "response_to_persons",
        {
            "ja": "本人への対応の実施状況",
            "en": "Response to the persons concerned",
            "fr": "Mesures prises envers les personnes concernées",
        },
    ),
    ("publication", {"ja": "公表の実施状況", "en": "Publication", "fr": "Publication"}),
    (
        "prevention",
        {
            "ja": "再発防止のための措置",
            "en": "Measures to prevent recurrence",
            "fr": "Mesures pour éviter qu'il se reproduise",
        },
    ),
    (
        "other",
        {
            "ja": "その他参考となる事項",
            "en": "Other relevant matters",
            "fr": "Autres éléments utiles",
        },
    ),
)

# GDPR Art. 33(3)(a)-(d), and the reasons for a delay (Art. 33(1)).
GDPR_FIELDS: tuple[tuple[str, Mapping[str, str]], ...] = (
    (
        "nature",
        {
            "ja": "侵害の性質(データの種類及び本人のおおよその数を含む)",
            "en": "Nature of the breach, including the categories and approximate number "
            "of persons and records concerned",
            "fr": "Nature de la violation, y compris les catégories et le nombre "
            "approximatif de personnes et d'enregistrements concernés",
        },
    ),
    (
        "contact",
        {
            "ja": "データ保護責任者その他の連絡先",
            "en": "Name and contact details of the data protection officer or other contact point",
            "fr": "Nom et coordonnées du délégué à la protection des données ou d'un "
            "autre point de contact",
        },
    ),
    (
        "consequences",
        {"ja": "予想される結果", "en": "Likely consequences", "fr": "Conséquences probables"},
    ),
    (
        "measures",
        {
            "ja": "講じた又は講じる予定の措置(影響の軽減を含む)",
            "en": "Measures taken or proposed, including to mitigate adverse effects",
            "fr": "Mesures prises ou proposées, y compris pour en atténuer les "
            "conséquences négatives",
        },
    ),
    (
        "delay",
        {
            "ja": "72時間を超えた場合の遅延の理由",
            "en": "Reasons for the delay, when later than 72 hours",
            "fr": "Motifs du retard, au-delà de 72 heures",
        },
    ),
)

WORDS: Mapping[str, Mapping[str, str]] = {
    "appi_title": {
        "ja": "個人データの漏えい等報告(下書き)",
        "en": "Report of a personal data incident to the PPC (draft)",
        "fr": "Déclaration d'incident à la PPC japonaise (projet)",
    },
    "gdpr_title": {
        "ja": "GDPR第33条に基づく監督機関への通知(下書き)",
        "en": "Notification to the supervisory authority, GDPR Art. 33 (draft)",
        "fr": "Notification à l'autorité de contrôle, RGPD art. 33 (projet)",
    },
    "occurred": {"ja": "発生日時", "en": "occurred", "fr": "survenu le"},
    "unknown": {"ja": "不明", "en": "unknown", "fr": "inconnu"},
    "learned": {"ja": "発覚日時", "en": "learned", "fr": "connu le"},
    "kind": {"ja": "事態", "en": "what happened", "fr": "nature"},
    "none": {"ja": "なし", "en": "none", "fr": "aucun"},
    "not_yet": {"ja": "調査中", "en": "under investigation", "fr": "en cours d'examen"},
    "sensitive": {"ja": "要配慮個人情報", "en": "special-care-required", "fr": "donnée sensible"},
    "financial_harm": {
        "ja": "財産的被害のおそれ",
        "en": "risk of financial loss",
        "fr": "risque de préjudice financier",
    },
    "persons_listed": {
        "ja": "名(うち特定済み {listed} 名)",
        "en": " ({listed} identified)",
        "fr": " (dont {listed} identifiées)",
    },
    "persons_unit": {"ja": "名", "en": " persons", "fr": " personnes"},
    "notified": {
        "ja": "{notified} 名に通知を送付手続済み({persons} 名中)",
        "en": "notice queued for {notified} of {persons} persons",
        "fr": "notification envoyée à {notified} personnes sur {persons}",
    },
    "not_notified": {
        "ja": "本人への通知は未実施",
        "en": "the persons have not been told yet",
        "fr": "les personnes n'ont pas encore été informées",
    },
    "encrypted": {
        "ja": "高度な暗号化等の措置あり",
        "en": "data protected by high-grade encryption",
        "fr": "données protégées par un chiffrement de haut niveau",
    },
    "wrongful": {
        "ja": "不正の目的をもって行われたおそれあり",
        "en": "may have been a wrongful act",
        "fr": "acte malveillant possible",
    },
    "deadline_preliminary": {
        "ja": "速報の目安 {target}(遅くとも {limit})",
        "en": "preliminary report: target {target}, limit {limit}",
        "fr": "rapport préliminaire : objectif {target}, limite {limit}",
    },
    "deadline_final": {
        "ja": "確報の期限 {final}({days}日)",
        "en": "final report due {final} ({days} days)",
        "fr": "rapport final au plus tard le {final} ({days} jours)",
    },
    "deadline_gdpr": {
        "ja": "GDPRの通知期限 {due}",
        "en": "GDPR notification due {due}",
        "fr": "notification RGPD au plus tard le {due}",
    },
    "late_no_reason": {
        "ja": "(遅延の理由を記載してください)",
        "en": "(state the reasons for the delay)",
        "fr": "(indiquez les motifs du retard)",
    },
    "reasons": {"ja": "報告の根拠", "en": "Why it is reported", "fr": "Motifs"},
}


def word(key: str, locale: str, **values: object) -> str:
    return WORDS[key][locale].format(**values)
