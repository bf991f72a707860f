"""What the notice templates read: the policy's texts in the page's language, and fixed wording.

Templates get one `Notice` object. Its methods return either a `Text` (the policy's own words,
marked with their language when they are a fallback), a plain translated string, or `Markup` that
this module built and escaped itself (links). Nothing else is trusted by the templates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency
from babel.support import Translations
from markupsafe import Markup, escape

from mamori.policy.model import (
    Fee,
    Item,
    LegalException,
    Mask,
    Policy,
    ResponsiblePerson,
    Retention,
)
from mamori.policy.notice import _texts
from mamori.policy.notice._facts import AnonymouslyProcessedAnnouncement, NoticeFacts
from mamori.policy.notice._matrix import Matrix, purposes_by_items

__all__ = ["LanguageLink", "Notice", "NoticeFormat", "Text", "md_escape"]

NoticeFormat = Literal["html", "md"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")
_SAFE_URL = re.compile(r"^(?:https?://|mailto:)[^\s<>\"'`()\\]+$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^\s@<>\"'`()\\]+@[^\s@<>\"'`()\\]+$")


def md_escape(value: str) -> str:
    """Markdown text that shows `value` literally, also inside a table cell."""
    escaped = _MD_SPECIAL.sub(r"\\\1", value)
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


@dataclass(frozen=True)
class Text:
    """A text of the policy. `lang` is set when it is not in the page's language (a fallback)."""

    value: str
    lang: str | None = None

    def __str__(self) -> str:
        return self.value

    def __html__(self) -> str:
        body = escape(self.value).replace("\n", Markup("<br>\n"))
        if self.lang is None:
            return str(body)
        return str(Markup('<span lang="{}">{}</span>').format(self.lang, body))


@dataclass(frozen=True)
class LanguageLink:
    """An entry of the language switch: the notice in `locale` is at `url`."""

    locale: str
    name: str
    url: str
    current: bool


@dataclass(frozen=True)
class Section:
    id: str
    number: int
    title: str


class Notice:
    """The policy as one page reads it, in `locale`."""

    def __init__(
        self,
        policy: Policy,
        *,
        locale: str,
        format: NoticeFormat,
        translations: Translations,
        language_links: list[LanguageLink],
        facts: NoticeFacts,
    ) -> None:
        self.policy = policy
        self.facts = facts
        self.locale = locale
        self.format = format
        self.language_links = language_links
        self._translations = translations
        self._locale = Locale.parse(locale)
        self.sections = self._sections()
        self._by_id = {section.id: section for section in self.sections}

    # -- the policy's own texts ----------------------------------------------------------

    def t(self, text: Mapping[str, str]) -> Text:
        """`text` in the page's language, else in the policy's default, marked as a fallback."""
        for candidate in (self.locale, "*"):
            if candidate in text:
                return Text(text[candidate])
        for candidate in (self.policy.default_locale, *self.policy.locales, *text):
            if candidate in text:
                return Text(text[candidate], lang=candidate)
        raise ValueError("a localized text without any language")  # the model forbids it

    def item(self, key: str) -> Text:
        return self.t(self.policy.items[key].label)

    def purpose(self, key: str) -> Text:
        return self.t(self.policy.purposes[key].label)

    def subject_kind(self, key: str) -> Text:
        return self.t(self.policy.subject_kinds[key].label)

    def cookie(self, key: str) -> Text:
        return self.t(self.policy.cookies[key].label)

    def recipient_name(self, key: str) -> Text:
        return self.t(self.policy.recipients[key].name)

    # -- fixed wording -------------------------------------------------------------------

    def _(self, message: str) -> str:
        return str(self._translations.gettext(message))

    def _n(self, singular: str, plural: str, number: int) -> str:
        return str(self._translations.ngettext(singular, plural, number)) % {"num": number}

    def item_separator(self, keys: list[str]) -> str:
        """What separates item labels in a run of text: a comma, unless a label holds one.

        Office-ant's labels are phrases with commas of their own; joined by commas, a reader
        cannot tell where one item ends.
        """
        return self._separator([self.item(key) for key in keys])

    def _separator(self, labels: list[Text]) -> str:
        comma = self._(", ")
        if any(comma.strip() in label.value for label in labels):
            return self._("; ")
        return comma

    def announced_items(self, announcement: AnonymouslyProcessedAnnouncement) -> list[Text | str]:
        """The announced categories, separated as `item_separator` does: an entry that is a key
        of the policy's items reads as its label, any other as written."""
        labels = [
            self.item(entry) if entry in self.policy.items else Text(entry)
            for entry in announcement.items
        ]
        separator = self._separator(labels)
        shown: list[Text | str] = []
        for index, label in enumerate(labels):
            shown += [label] if index == 0 else [separator, label]
        return shown

    def colon(self, label: str | Text) -> str:
        """`label` followed by a colon as the page's language writes it (Japanese "：")."""
        return self._("%(label)s:") % {"label": str(label)}

    def meaning(self, kind: str, value: str) -> str:
        """What an enum value of the policy means, e.g. meaning("legal_basis", "consent")."""
        return self._(_texts.MEANINGS[kind][value])

    def legal_exception(self, key: LegalException) -> Text | str:
        """The policy's own wording of an exception (SOC-7 names its laws), else the law's."""
        own = self.policy.legal_exception_texts.get(key)
        if own is not None:
            return self.t(own)
        return self._(_texts.LEGAL_EXCEPTIONS[key])

    def transfer_basis(self, basis: str) -> str:
        # Under the GDPR alone, a server elsewhere in the EEA is no transfer: "the country" is
        # the wrong border (AZ-8).
        if basis == "domestic" and self.policy.jurisdictions == ["EU"]:
            return self._("The data stay within the EU and the EEA: no transfer outside them")
        return self.meaning("transfer_basis", basis)

    def visibility(self, item: Item) -> str:
        """Who can see the item; a password nobody can, since only its hash is kept (AZ-4)."""
        if item.type == "password":
            return self._("No one: we keep only a salted one-way hash of it")
        return self.meaning("visibility", item.visibility)

    def person_title(self, person: ResponsiblePerson, role: str) -> Text | None:
        """The person's title, unless it only repeats the `role` the page already names."""
        if person.title is None:
            return None
        title = self.t(person.title)
        return None if title.value.casefold() == role.casefold() else title

    def record_items(self, basis: str) -> list[str]:
        source = _texts.RECORD_ITEMS_OPT_OUT if basis == "opt_out" else _texts.RECORD_ITEMS_CONSENT
        return [self._(message) for message in source]

    def deadline(self, jurisdiction: str) -> str:
        return self._(_texts.DEADLINES[jurisdiction])

    def category(self, key: str) -> str | None:
        """The plain meaning of a data category: that of its longest described prefix."""
        parts = key.split(".")
        for end in range(len(parts), 0, -1):
            message = _texts.CATEGORY_MEANINGS.get(".".join(parts[:end]))
            if message is not None:
                return self._(message)
        return None

    @property
    def title(self) -> Text:
        if self.policy.title is not None:
            return self.t(self.policy.title)
        return Text(self._("Privacy policy"))

    @property
    def missing_locale(self) -> bool:
        return self.locale not in self.policy.locales

    def language(self, code: str) -> str:
        return str(self._locale.languages.get(code, code))

    def country(self, code: str) -> str:
        return str(self._locale.territories.get(code.upper(), code))

    def date(self, value: date) -> str:
        return str(format_date(value, format="long", locale=self._locale))

    def duration(self, value: timedelta | str) -> str:
        if value == "session":
            return self._("Until you close the browser")
        assert isinstance(value, timedelta)
        days = value.days
        if days and days % 365 == 0:
            return self._n("%(num)d year", "%(num)d years", days // 365)
        if days >= 60 and days % 30 == 0:  # P1M reads better as 30 days than as 1 month
            return self._n("%(num)d month", "%(num)d months", days // 30)
        if days and days % 7 == 0:
            return self._n("%(num)d week", "%(num)d weeks", days // 7)
        return self._n("%(num)d day", "%(num)d days", days)

    def retention(self, retention: Retention | None) -> str:
        if retention is None:
            return self._("Not stated")
        if retention.period is None:
            return self._("Until your account is deleted")
        period = self.duration(retention.period)
        wording = {
            "collection": self._("%(period)s from collection"),
            "last_use": self._("%(period)s after last use"),
            "account_deletion": self._("%(period)s after your account is deleted"),
            "purpose_end": self._("%(period)s after the purpose is fulfilled"),
        }[retention.starts]
        return wording % {"period": period}

    def mask(self, mask: Mask) -> str:
        if mask.keep_first is not None:
            return self._n(
                "only the first %(num)d character",
                "only the first %(num)d characters",
                mask.keep_first,
            )
        if mask.keep_last is not None:
            return self._n(
                "only the last %(num)d character",
                "only the last %(num)d characters",
                mask.keep_last,
            )
        if mask.year:
            return self._("only the year")
        return self._("only the domain of the address")

    def fee_amount(self, fee: Fee) -> str:
        if fee.amount == 0:
            return self._("Free")
        return str(format_currency(fee.amount, fee.currency, locale=self._locale))

    def consent_expiry(self, value: timedelta) -> str:
        return self._("Your consent lapses after %(period)s unless you renew it.") % {
            "period": self.duration(value)
        }

    # -- structure -----------------------------------------------------------------------

    def _sections(self) -> list[Section]:
        policy = self.policy
        present = {
            "organization": True,
            "contact": bool(policy.organization.contacts),
            "subjects": True,
            "items": True,
            "collection": bool(policy.collection_points),
            "purposes": True,
            "cookies": bool(policy.cookies or policy.modules),
            "provision": True,
            "statistics": bool(policy.statistics or policy.research),
            "anonymously_processed": bool(self.facts.anonymously_processed),
            "outsourcing": bool(policy.entrustees) or policy.outsourcing is not None,
            "joint_use": bool(policy.joint_use) or policy.joint_use_note is not None,
            "sources": policy.third_party_sources is not None,
            "storage": bool(policy.storage),
            "rights": True,
            "security": bool(policy.security_measures)
            or policy.organization.privacy_officer is not None,
            "exclusions": bool(policy.exclusions),
            "changes": True,
        }
        shown = [key for key in _texts.SECTION_TITLES if present[key]]
        return [
            Section(key, number, self._(_texts.SECTION_TITLES[key]))
            for number, key in enumerate(shown, start=1)
        ]

    def has(self, section: str) -> bool:
        if section not in _texts.SECTION_TITLES:
            raise KeyError(f"no notice section {section!r}")
        return section in self._by_id

    def heading(self, section: str) -> str:
        found = self._by_id[section]
        return f"{found.number}. {found.title}"

    @property
    def matrix(self) -> Matrix:
        return purposes_by_items(self)

    def security_groups(self) -> list[tuple[str, list[Text]]]:
        """Measures grouped by kind, in the order of the PPC guideline."""
        kinds = list(_texts.MEANINGS["security_kind"])
        groups: dict[str, list[Text]] = {}
        for measure in sorted(self.policy.security_measures, key=lambda m: kinds.index(m.kind)):
            groups.setdefault(measure.kind, []).append(self.t(measure.description))
        return [(self.meaning("security_kind", kind), texts) for kind, texts in groups.items()]

    def provision_bases(self) -> list[str]:
        """The bases of the declared provisions, each once: which record wording applies."""
        bases = {provision.basis for provision in self.policy.provisions.values()}
        return [basis for basis in ("consent", "opt_out") if basis in bases]

    # -- links ---------------------------------------------------------------------------

    def link(self, url: str, label: str | Text | None = None) -> Markup:
        """A link to `url` when it is http(s) or mailto; otherwise its text, never a live link."""
        text = url if label is None else label
        safe = _SAFE_URL.match(url) is not None
        if self.format == "html":
            if not safe:
                return escape(text)
            return Markup('<a href="{}">{}</a>').format(url, text)
        if not safe:
            return Markup(md_escape(str(text)))
        if label is None:
            return Markup(f"<{url}>")
        return Markup(f"[{md_escape(str(text))}]({url})")

    def email(self, address: str) -> Markup:
        if _EMAIL.match(address) is None:
            return self.link(address)
        if self.format == "md":
            return Markup(f"<{address}>")
        return self.link(f"mailto:{address}", address)
