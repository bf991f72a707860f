"""The vocabulary of the classification rules: context, verdicts, patterns and citations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mamori.policy.diff._model import Classification, PathTuple
from mamori.policy.diff._walk import RawChange
from mamori.policy.model import Policy

__all__ = [
    "ANY",
    "REST",
    "Context",
    "Handler",
    "On",
    "Verdict",
    "consent",
    "editorial",
    "matches",
    "notify",
    "top_use",
]

ANY = "*"
"""A pattern part that matches any one part of a path (a key or an index)."""
REST = "**"
"""A pattern's last part that matches whatever follows, even nothing."""

_NOTIFY_APPI = "APPI Art. 17(2), 21(3)"
_NOTIFY_GDPR = "GDPR Art. 13(3)"
_CONSENT_APPI = "APPI Art. 17(2), 18(1)"
_CONSENT_GDPR = "GDPR Art. 6(1)(a), 6(4), 13(3)"


@dataclass(frozen=True)
class Context:
    old: Policy
    new: Policy

    @property
    def jp(self) -> bool:
        return "JP" in self.old.jurisdictions or "JP" in self.new.jurisdictions

    @property
    def eu(self) -> bool:
        return "EU" in self.old.jurisdictions or "EU" in self.new.jurisdictions

    def cite(self, appi: str | None, gdpr: str | None) -> str:
        """The citations of the laws that apply to either version."""
        parts = [text for text, applies in ((appi, self.jp), (gdpr, self.eu)) if text and applies]
        return "; ".join(parts) or "; ".join(text for text in (appi, gdpr) if text)


@dataclass(frozen=True)
class Verdict:
    classification: Classification
    reason: str
    citation: str


Handler = Callable[[Context, RawChange], Verdict | None]
"""Classifies a change, or returns None to let the next matching rule decide."""


@dataclass(frozen=True)
class On:
    """A classification rule: the changes whose path matches `pattern` (and kind is in `kinds`,
    when given) go to `handler`."""

    pattern: tuple[str, ...]
    handler: Handler
    kinds: tuple[str, ...] | None = None

    def applies(self, change: RawChange) -> bool:
        return matches(self.pattern, change.path) and (
            self.kinds is None or change.kind in self.kinds
        )


def matches(pattern: tuple[str, ...], path: PathTuple) -> bool:
    for index, part in enumerate(pattern):
        if part == REST:
            return True
        if index >= len(path):
            return False
        if part != ANY and part != path[index]:
            return False
    return len(path) == len(pattern)


def editorial(reason: str) -> Verdict:
    return Verdict("editorial", reason, "")


def notify(
    ctx: Context, reason: str, *, appi: str | None = _NOTIFY_APPI, gdpr: str | None = _NOTIFY_GDPR
) -> Verdict:
    return Verdict("notify", reason, ctx.cite(appi, gdpr))


def consent(
    ctx: Context,
    reason: str,
    *,
    appi: str | None = _CONSENT_APPI,
    gdpr: str | None = _CONSENT_GDPR,
) -> Verdict:
    return Verdict("consent_required", reason, ctx.cite(appi, gdpr))


def top_use(data_use: str) -> str:
    """The top level of a fideslang data use: `marketing.communications` -> `marketing`."""
    return data_use.split(".", 1)[0]
