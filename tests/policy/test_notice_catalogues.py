"""The notice's catalogues: every string the templates and code use is translated in ja and fr.

The strings are extracted the way `make messages` does (babel.cfg), so a new msgid without a
translation, a fuzzy entry, or a placeholder a translation lost fails here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import get_args

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from mamori.policy import model
from mamori.policy.notice import _texts

ROOT = Path(__file__).resolve().parents[2]
LOCALE_DIR = ROOT / "src" / "mamori" / "policy" / "notice" / "locale"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "_n": (1, 2)}


def _extracted() -> set[str | tuple[str, ...]]:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: set[str | tuple[str, ...]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


@pytest.fixture(scope="module")
def msgids() -> set[str | tuple[str, ...]]:
    found = _extracted()
    assert len(found) > 100  # the extraction really ran over templates and code
    return found


def _catalog(locale: str) -> Catalog:
    path = LOCALE_DIR / locale / "LC_MESSAGES" / "notice.po"
    with path.open("rb") as handle:
        catalog: Catalog = read_po(handle, locale=locale)
    return catalog


def _key(msgid: str | tuple[str, ...]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


@pytest.mark.parametrize("locale", ["ja", "fr"])
def test_every_msgid_is_translated_and_not_fuzzy(
    locale: str, msgids: set[str | tuple[str, ...]]
) -> None:
    catalog = _catalog(locale)
    problems = []
    for msgid in sorted(msgids, key=_key):
        message = catalog.get(_key(msgid))
        if message is None:
            problems.append(f"missing: {msgid!r}")
        elif message.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
        elif isinstance(message.string, tuple):
            if not all(message.string):
                problems.append(f"a plural form is empty: {msgid!r}")
        elif not message.string:
            problems.append(f"untranslated: {msgid!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("locale", ["ja", "en", "fr"])
def test_catalogue_has_no_stale_entries_and_placeholders_match(
    locale: str, msgids: set[str | tuple[str, ...]]
) -> None:
    catalog = _catalog(locale)
    ids = {_key(msgid) for msgid in msgids}
    stale = [message.id for message in catalog if message.id and _key(message.id) not in ids]
    assert not stale, f"run `make messages`: stale entries {stale}"
    errors = [(message.id, [str(e) for e in errs]) for message, errs in catalog.check()]
    assert not errors


def test_english_catalogue_holds_every_msgid(msgids: set[str | tuple[str, ...]]) -> None:
    catalog = _catalog("en")
    assert [msgid for msgid in msgids if catalog.get(_key(msgid)) is None] == []


def _literal_values(annotation: object) -> Iterator[str]:
    for argument in get_args(annotation):
        if isinstance(argument, str):
            yield argument
        else:
            yield from _literal_values(argument)


# The renderer looks enum values of the model up in its fixed wording: a value added to the model
# needs its wording (and translations) too, or the notice cannot say it.
@pytest.mark.parametrize(
    ("kind", "annotation"),
    [
        ("source", model.ItemSource),
        ("visibility", model.Visibility),
        ("legal_basis", model.LegalBasis),
        ("provision_basis", model.ProvisionBasis),
        ("tracker_category", model.TrackerCategory),
        ("transfer_basis", model.TransferBasis),
        ("request_kind", model.RequestKind),
        ("refusal_ground", model.RefusalGround),
        ("jurisdiction", model.Jurisdiction),
        ("channel", model.Channel.model_fields["kind"].annotation),
        ("verification", model.VerificationMethod.model_fields["kind"].annotation),
        ("fee_charged", model.Fee.model_fields["charged"].annotation),
        ("security_kind", model.SecurityMeasure.model_fields["kind"].annotation),
        ("foreign_route", model.Recipient.model_fields["foreign_route"].annotation),
        ("contact", model.Organization.model_fields["contacts"].annotation),
    ],
)
def test_every_value_of_the_model_has_fixed_wording(kind: str, annotation: object) -> None:
    values = set(_literal_values(annotation))
    assert values
    assert values <= set(_texts.MEANINGS[kind]), values - set(_texts.MEANINGS[kind])


def test_every_legal_exception_and_jurisdiction_deadline_has_wording() -> None:
    assert set(get_args(model.LegalException)) == set(_texts.LEGAL_EXCEPTIONS)
    assert set(get_args(model.Jurisdiction)) == set(_texts.DEADLINES)
