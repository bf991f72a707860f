"""Building blocks shared by every part of the policy model."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, StringConstraints

__all__ = [
    "KEY_PATTERN",
    "SUPPORTED_LOCALES",
    "Duration",
    "Key",
    "Locale",
    "LocalizedText",
    "PolicyModel",
    "parse_duration",
    "text_in",
]

SUPPORTED_LOCALES: tuple[str, ...] = ("ja", "en", "fr")
Locale = Literal["ja", "en", "fr"]

KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
Key = Annotated[str, StringConstraints(pattern=KEY_PATTERN, max_length=64)]
"""An identifier the operator chooses: lower case letters, digits and underscores."""


class PolicyModel(BaseModel):
    """Every policy model is immutable and rejects unknown keys."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, use_attribute_docstrings=True
    )


def _localized(value: Any) -> Any:
    # A plain string is a proper name or a text the same in every language (e.g. "Google LLC").
    if isinstance(value, str):
        return {"*": value}
    return value


def _check_locales(value: Any) -> Any:
    if not isinstance(value, Mapping):
        raise ValueError(
            "expected a text; write one text, or a text per locale: {ja: ..., en: ...}"
        )
    allowed = {*SUPPORTED_LOCALES, "*"}
    unknown = sorted(str(locale) for locale in value if locale not in allowed)
    if unknown:
        raise ValueError(
            f"unknown locale {', '.join(unknown)}; use {', '.join(SUPPORTED_LOCALES)}, "
            "or a plain string for a text that is the same in every language"
        )
    if not value:
        raise ValueError("a text needs at least one language; write {ja: ..., en: ...}")
    not_text = [str(locale) for locale, text in value.items() if not isinstance(text, str)]
    if not_text:
        raise ValueError(f"the {', '.join(not_text)} text is not a text; put it in quotes")
    empty = [locale for locale, text in value.items() if not text.strip()]
    if empty:
        raise ValueError(f"the {', '.join(empty)} text is empty")
    return value


LocalizedText = Annotated[
    dict[str, str],
    BeforeValidator(_check_locales),
    BeforeValidator(_localized),
]
"""A text per locale ({ja: ..., en: ...}), or one string for every locale (stored under "*")."""


def text_in(text: Mapping[str, str], locale: str, fallbacks: tuple[str, ...] = ()) -> str:
    """The text in `locale`, else in the first fallback present, else any text there is."""
    for candidate in (locale, "*", *fallbacks):
        if candidate in text:
            return text[candidate]
    return next(iter(text.values()))


_DURATION = re.compile(r"^P(?:(?P<y>\d+)Y)?(?:(?P<m>\d+)M)?(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?$")


def parse_duration(value: Any) -> Any:
    """ISO 8601 durations with calendar parts: P3Y, P13M, P2W, P30D (years count 365 days)."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # A bare number would be read as seconds: never what a policy means.
        raise ValueError(f"'{value}' is not a duration; write it as P3Y, P13M, P2W or P30D")
    if not isinstance(value, str):
        return value
    match = _DURATION.match(value.strip())
    if not match or not any(match.groupdict().values()):
        raise ValueError(f"'{value}' is not a duration; write it as P3Y, P13M, P2W or P30D")
    parts = {name: int(number or 0) for name, number in match.groupdict().items()}
    return timedelta(days=parts["y"] * 365 + parts["m"] * 30 + parts["w"] * 7 + parts["d"])


def _format_duration(value: timedelta) -> str:
    days = value.days
    if days and days % 365 == 0:
        return f"P{days // 365}Y"
    if days and days % 30 == 0:
        return f"P{days // 30}M"
    return f"P{days}D"


Duration = Annotated[
    timedelta, BeforeValidator(parse_duration), PlainSerializer(_format_duration, return_type=str)
]
