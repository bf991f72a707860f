"""The disclosure package as a simple HTML page in the person's language: labels from the
policy, fixed words from `WORDS`; every text escaped."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING

from mamori.policy.model import text_in

if TYPE_CHECKING:
    from mamori.rights.disclosure import DisclosurePackage

__all__ = ["WORDS", "render"]

WORDS: dict[str, dict[str, str]] = {
    "title": {
        "en": "Your personal data",
        "ja": "保有個人データの開示",
        "fr": "Vos données personnelles",
    },
    "intro": {
        "en": "Everything we hold about you, what it is used for, and who received it.",
        "ja": "当社が保有するあなたの個人データ、その利用目的と提供先です。",
        "fr": "Tout ce que nous détenons sur vous, son usage et ses destinataires.",
    },
    "generated": {"en": "Prepared on", "ja": "作成日時", "fr": "Établi le"},
    "subject": {"en": "Your id", "ja": "あなたのID", "fr": "Votre identifiant"},
    "items": {"en": "Your data", "ja": "保有個人データ", "fr": "Vos données"},
    "item": {"en": "Item", "ja": "項目", "fr": "Donnée"},
    "value": {"en": "Value", "ja": "内容", "fr": "Valeur"},
    "purposes": {"en": "Purposes", "ja": "利用目的", "fr": "Finalités"},
    "source": {"en": "Source", "ja": "取得元", "fr": "Source"},
    "retention": {"en": "Retention", "ja": "保存期間", "fr": "Conservation"},
    "recipients": {"en": "Recipients", "ja": "提供先", "fr": "Destinataires"},
    "provision_records": {
        "en": "Records of provision to third parties",
        "ja": "第三者提供記録",
        "fr": "Registres des communications à des tiers",
    },
    "receipt_records": {
        "en": "Records of data received from third parties",
        "ja": "第三者からの受領記録",
        "fr": "Registres des données reçues de tiers",
    },
    "date": {"en": "Date", "ja": "日付", "fr": "Date"},
    "basis": {"en": "Basis", "ja": "根拠", "fr": "Base"},
    "provider": {"en": "Provided by", "ja": "提供元", "fr": "Fourni par"},
    "consent": {"en": "Your consents", "ja": "同意の状況", "fr": "Vos consentements"},
    "target": {"en": "For", "ja": "対象", "fr": "Objet"},
    "state": {"en": "State", "ja": "状態", "fr": "État"},
    "decision": {"en": "Decision", "ja": "判断", "fr": "Décision"},
    "sharing": {
        "en": "Service providers, joint users and modules",
        "ja": "委託先・共同利用者・情報収集モジュール",
        "fr": "Sous-traitants, responsables conjoints et modules",
    },
    "suspended": {
        "en": "Uses you stopped",
        "ja": "利用停止中の目的",
        "fr": "Usages que vous avez suspendus",
    },
    "access_history": {
        "en": "Who accessed your data",
        "ja": "アクセス履歴",
        "fr": "Accès à vos données",
    },
    "who": {"en": "Who", "ja": "アクセス者", "fr": "Qui"},
    "action": {"en": "Action", "ja": "操作", "fr": "Action"},
    "outcome": {"en": "Outcome", "ja": "結果", "fr": "Résultat"},
    "self": {"en": "you", "ja": "ご本人", "fr": "vous"},
    "none": {"en": "None.", "ja": "ありません。", "fr": "Aucun."},
    # Item sources (policy `items.<key>.source`).
    "person": {"en": "you", "ja": "ご本人", "fr": "vous"},
    "automatic": {"en": "collected automatically", "ja": "自動取得", "fr": "collecte automatique"},
    "external_service": {"en": "another service", "ja": "外部サービス", "fr": "un autre service"},
    "staff": {"en": "our staff", "ja": "当社従業者", "fr": "notre personnel"},
    "derived": {"en": "derived from your data", "ja": "推計・派生", "fr": "déduite de vos données"},
}
"""The page's fixed words by locale (English when a locale has none)."""


def render(package: DisclosurePackage, locale: str) -> str:
    """The page; `locale` is one of the policy's."""
    policy = package.policy

    def word(key: str) -> str:
        return escape(WORDS[key].get(locale, WORDS[key]["en"]))

    def text(value: Mapping[str, str] | None) -> str:
        return "" if not value else escape(text_in(value, locale, (policy.default_locale,)))

    def labels(keys: Iterable[str], table: Mapping[str, object]) -> str:
        shown = []
        for key in keys:
            declared = table.get(key)
            label = getattr(declared, "label", None) or getattr(declared, "name", None)
            shown.append(text(label) if isinstance(label, Mapping) else escape(key))
        return ", ".join(shown)

    item_rows = [
        [
            text(item.label),
            escape(item.value.reveal()),
            labels(item.purposes, policy.purposes),
            (word(item.source) if item.source in WORDS else escape(item.source))
            + (f" ({text(item.provider)})" if item.provider else ""),
            _retention(item.retention),
            labels(item.recipients, policy.recipients),
        ]
        for item in package.items
    ]
    provision_rows = [
        [
            escape(record.last_provided_at.date().isoformat()),
            text(record.recipient.name),
            labels(record.items, policy.items),
            escape(record.basis),
        ]
        for record in package.provision_records
    ]
    receipt_rows = [
        [
            escape(record.received_at.date().isoformat()),
            escape(record.provider.name),
            labels(record.items, policy.items),
            escape(record.basis),
        ]
        for record in package.receipt_records
    ]
    consent_rows = [[escape(entry.target), escape(entry.state)] for entry in package.consent_status]
    history_rows = [
        [escape(event.recorded_at.isoformat()), escape(event.target), escape(event.decision)]
        for event in package.consent_history
    ]
    sharing = package.sharing
    sharing_rows = [
        *([text(e.name), labels(e.items, policy.items)] for e in sharing.entrustees),
        *([text(j.responsible), labels(j.items, policy.items)] for j in sharing.joint_uses),
        *([text(m.provider), text(m.purpose)] for m in sharing.modules),
    ]
    access_rows = [
        [
            escape(entry.time.isoformat(timespec="seconds")),
            word("self") if entry.who == "self" else escape(entry.who),
            escape(entry.action),
            escape(entry.purpose or ""),
            labels(entry.items, policy.items),
            escape(entry.outcome),
        ]
        for entry in package.access_history
    ]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(locale)}">',
        '<head><meta charset="utf-8">',
        f"<title>{word('title')}</title></head>",
        "<body>",
        f"<h1>{word('title')}</h1>",
        f"<p>{word('intro')}</p>",
        f"<p>{word('subject')}: {escape(package.subject_id)}<br>",
        f"{word('generated')}: {escape(package.generated_at.isoformat(timespec='seconds'))}</p>",
        _section(
            word("items"),
            [word(k) for k in ("item", "value", "purposes", "source", "retention", "recipients")],
            item_rows,
            word("none"),
        ),
        _section(
            word("provision_records"),
            [word(k) for k in ("date", "recipients", "item", "basis")],
            provision_rows,
            word("none"),
        ),
        _section(
            word("receipt_records"),
            [word(k) for k in ("date", "provider", "item", "basis")],
            receipt_rows,
            word("none"),
        ),
        _section(word("consent"), [word("target"), word("state")], consent_rows, word("none")),
        _section(
            "",
            [word("date"), word("target"), word("decision")],
            history_rows,
            "",
        ),
        _section(word("sharing"), [word("provider"), word("item")], sharing_rows, word("none")),
        _section(
            word("suspended"),
            [word("purposes")],
            [[escape(purpose)] for purpose in package.suspended],
            word("none"),
        ),
        _section(
            word("access_history"),
            [word(k) for k in ("date", "who", "action", "purposes", "item", "outcome")],
            access_rows,
            word("none"),
        ),
        "</body>",
        "</html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def _retention(retention: Mapping[str, object] | None) -> str:
    if not retention:
        return ""
    period = retention.get("period")
    starts = retention.get("starts")
    return escape(" ".join(str(part) for part in (period, starts) if part))


def _section(title: str, header: Sequence[str], rows: Sequence[Sequence[str]], empty: str) -> str:
    """A heading and a table of cells already escaped; `empty` when there are no rows."""
    heading = f"<h2>{title}</h2>" if title else ""
    if not rows:
        return f"{heading}<p>{empty}</p>" if empty else ""
    head = "".join(f"<th>{cell}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"{heading}\n<table>\n<tr>{head}</tr>\n{body}\n</table>"
