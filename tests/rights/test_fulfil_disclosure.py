"""The disclosure package and the portability export, on SQLite and PostgreSQL: the person's
values with what the policy says of them, the records kept about them, their consents and who
accessed their data; never another person."""

from __future__ import annotations

import csv
import io
import json

import pytest

from mamori.consent import Collected, give
from mamori.errors import AccessDeniedError, ValidationError
from mamori.provision import provide
from mamori.register import Actor, Register
from mamori.rights import DisclosurePackage, disclosure_package, portability_export
from tests.rights.conftest import OFFICER

M1 = Actor.subject("m1")
WEB = Collected(method="web_form", language="en")


@pytest.fixture
def provided(shop: Register) -> Register:
    """m1 and m2 consented to `partners` and were provided to AdCo; the officer read m1."""
    with shop.session() as session:
        for member in ("m1", "m2"):
            give(session, Actor.subject(member), member, ["provision:partners"], WEB)
        provide(session, OFFICER, ["m1", "m2"], provision="partners")
        session.read(OFFICER, "m1", "service", ["email"])
    return shop


def _package(register: Register, locale: str | None = None) -> DisclosurePackage:
    with register.session() as session:
        return disclosure_package(session, M1, "m1", locale=locale)


def test_the_package_holds_each_value_with_its_purposes_and_recipients(
    provided: Register,
) -> None:
    body = json.loads(_package(provided).to_json())
    items = {item["key"]: item for item in body["items"]}
    assert {key: item["value"] for key, item in items.items()} == {
        "name": "Member 1",
        "email": "m1@example.org",
    }
    assert items["email"]["purposes"] == ["service", "newsletter"]
    assert items["email"]["provisions"] == ["partners"]
    assert items["email"]["recipients"] == ["adco"]
    assert items["name"]["source"] == "person"
    assert set(body["purposes"]) == {"service", "newsletter"}
    assert body["recipients"]["adco"]["name"] == {"*": "AdCo KK"}


def test_the_package_lists_the_provision_records_consents_and_accesses_of_the_person(
    provided: Register,
) -> None:
    body = json.loads(_package(provided).to_json())
    (record,) = body["provision_records"]
    assert record["provision"] == "partners"
    assert [entry["subject_id"] for entry in record["subjects"]] == ["m1"]
    assert [event["decision"] for event in body["consent"]["history"]] == ["given"]
    states = {entry["target"]: entry["state"] for entry in body["consent"]["status"]}
    assert states["provision:partners"] == "given"
    accesses = body["access_history"]
    assert {
        "who": "staff:privacy_officer",
        "action": "read",
        "purpose": "service",
        "items": ["email"],
        "outcome": "allowed",
    }.items() <= next(a for a in accesses if a["purpose"] == "service").items()
    assert any(a["who"] == "self" and a["action"] == "consent.given" for a in accesses)


def test_another_person_never_appears_in_the_package(provided: Register) -> None:
    text = _package(provided).to_json() + _package(provided).to_html()
    for other in ("m2", "Member 2", "officer1"):
        assert other not in text.replace('"provision_records"', "")


def test_values_stay_redacted_outside_json_and_html(provided: Register) -> None:
    package = _package(provided)
    assert "m1@example.org" not in repr(package)
    assert "m1@example.org" not in str(package.items)


def test_staff_cannot_take_a_package_outside_the_workflow(shop: Register) -> None:
    with shop.session() as session, pytest.raises(AccessDeniedError) as refused:
        disclosure_package(session, OFFICER, "m1")
    assert refused.value.rule == "self_only"
    with shop.session() as session, pytest.raises(AccessDeniedError):
        disclosure_package(session, Actor.subject("m2"), "m1")


@pytest.mark.parametrize(
    ("locale", "title", "column", "source"),
    [("en", "Your personal data", "Item", "you"), ("ja", "保有個人データの開示", "項目", "ご本人")],
)
def test_the_html_page_speaks_the_persons_language(
    provided: Register, locale: str, title: str, column: str, source: str
) -> None:
    page = _package(provided, locale).to_html()
    assert f'<html lang="{locale}">' in page
    assert f"<h1>{title}</h1>" in page
    assert f"<th>{column}</th>" in page
    assert f"<td>{source}</td>" in page
    assert "m1@example.org" in page
    assert "AdCo KK" in page


def test_the_html_page_escapes_values(shop: Register) -> None:
    with shop.session() as session:
        session.write(M1, "m1", "self", {"name": "<script>alert(1)</script>"})
    page = _package(shop).to_html()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_locale_the_policy_does_not_speak_is_refused(shop: Register) -> None:
    with shop.session() as session, pytest.raises(ValidationError) as refused:
        disclosure_package(session, M1, "m1", locale="fr")
    assert refused.value.field == "locale"


def test_portability_exports_what_the_person_provided_as_json_and_csv(shop: Register) -> None:
    with shop.session() as session:
        as_json = json.loads(portability_export(session, M1, "m1", "json"))
        as_csv = portability_export(session, M1, "m1", "csv").decode("utf-8")
    assert as_json["items"] == {"name": "Member 1", "email": "m1@example.org"}
    rows = list(csv.reader(io.StringIO(as_csv)))
    assert rows == [
        ["item", "category", "value"],
        ["name", "user.name", "Member 1"],
        ["email", "user.contact.email", "m1@example.org"],
    ]


def test_portability_refuses_an_unknown_form(shop: Register) -> None:
    with shop.session() as session, pytest.raises(ValidationError):
        portability_export(session, M1, "m1", "xml")
