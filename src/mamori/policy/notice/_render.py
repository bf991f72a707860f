"""Rendering the notice: a Jinja2 environment per format and locale, strict on undefined names."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined
from jinja2.bccache import Bucket
from markupsafe import Markup

from mamori.errors import ValidationError
from mamori.policy.model import SUPPORTED_LOCALES, Policy
from mamori.policy.notice._catalog import translations
from mamori.policy.notice._context import LanguageLink, Notice, NoticeFormat, md_escape
from mamori.policy.notice._facts import NoticeFacts

__all__ = ["NOTICE_FORMATS", "render_notice"]

NOTICE_FORMATS: tuple[NoticeFormat, ...] = ("html", "md")
_BLANK_LINES = re.compile(r"\n{3,}")


def render_notice(
    policy: Policy,
    *,
    locale: str,
    format: NoticeFormat,
    language_links: Mapping[str, str] | None = None,
    facts: NoticeFacts | None = None,
) -> str:
    """The privacy notice of `policy` in `locale` (ja, en, fr), as HTML or Markdown.

    The policy's own texts fall back to its default locale where `locale` is missing, and the
    page says so. `language_links` (locale -> URL) adds a language switch to the HTML page.
    `facts` are what the register recorded that the notice must publish (the announcements of
    anonymously processed information); without them the page shows the policy alone.
    """
    if locale not in SUPPORTED_LOCALES:
        raise ValidationError(
            f"no notice in locale '{locale}'; use one of {', '.join(SUPPORTED_LOCALES)}",
            field="locale",
        )
    if format not in NOTICE_FORMATS:
        raise ValidationError(
            f"no notice format '{format}'; use one of {', '.join(NOTICE_FORMATS)}", field="format"
        )
    notice = Notice(
        policy,
        locale=locale,
        format=format,
        translations=translations(locale),
        language_links=_language_links(locale, language_links or {}),
        facts=facts or NoticeFacts(),
    )
    template = _environment(format, locale).get_template(f"notice.{format}.j2")
    page = template.render(n=notice, policy=policy, org=policy.organization)
    if format == "md":
        page = _BLANK_LINES.sub("\n\n", page).strip() + "\n"
    return page


def _language_links(locale: str, links: Mapping[str, str]) -> list[LanguageLink]:
    # Each language is named in its own language: a reader looks for the name they can read.
    from babel import Locale

    return [
        LanguageLink(code, Locale.parse(code).get_display_name(code) or code, url, code == locale)
        for code, url in links.items()
        if code in SUPPORTED_LOCALES
    ]


def _md_finalize(value: Any) -> Any:
    # Markdown has no autoescape: every expression is escaped here unless this package built it.
    if isinstance(value, Markup):
        return value
    return md_escape(str(value))


class _SharedBytecode(BytecodeCache):
    """Compiled templates kept in memory, so each locale's environment need not compile them."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


# One per format: the compiled code depends on autoescape and finalize, not on the locale.
_BYTECODE = {format: _SharedBytecode() for format in NOTICE_FORMATS}


@cache
def _environment(format: NoticeFormat, locale: str) -> Environment:
    environment = Environment(
        loader=PackageLoader("mamori.policy.notice", "templates"),
        autoescape=format == "html",
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_md_finalize if format == "md" else None,
        bytecode_cache=_BYTECODE[format],
    )
    environment.policies["ext.i18n.trimmed"] = True
    environment.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]
    return environment
