"""The gettext catalogues of the notice's fixed text, read straight from the committed .po files.

The .po files are the only source: they are parsed once per process and compiled in memory, so
neither a build step nor committed .mo files can drift from them. Fuzzy entries are left out, as
gettext itself would, and show in English until a translator confirms them.
"""

from __future__ import annotations

import io
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from mamori.policy.model import SUPPORTED_LOCALES

__all__ = ["DOMAIN", "catalog_file", "read_catalog", "translations"]

DOMAIN = "notice"


def catalog_file(locale: str) -> Traversable:
    """The committed .po file of `locale`."""
    package = resources.files("mamori.policy.notice")
    return package.joinpath("locale", locale, "LC_MESSAGES", f"{DOMAIN}.po")


def read_catalog(locale: str) -> Catalog:
    with catalog_file(locale).open("rb") as handle:
        catalog: Catalog = read_po(handle, locale=locale, domain=DOMAIN)
    return catalog


@cache
def translations(locale: str) -> Translations:
    """gettext translations for `locale` (one of SUPPORTED_LOCALES)."""
    if locale not in SUPPORTED_LOCALES:
        raise ValueError(f"no notice catalogue for locale {locale!r}")
    compiled = io.BytesIO()
    write_mo(compiled, read_catalog(locale), use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)
