"""Self-service through the library, on SQLite and PostgreSQL: the person's own actor reaches
their own data and nothing else; what they cannot do changes nothing."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import func, select

from mamori.consent import Collected, give
from mamori.errors import AccessDeniedError, NotFoundError, ValidationError
from mamori.provision import provide, records_of
from mamori.register import Actor, Register
from mamori.register.tables import values as value_rows
from mamori.selfservice import (
    correct,
    delete_account,
    delete_items,
    download,
    my_data,
    my_requests,
    who_read_my_data,
    who_received_my_data,
)
from tests.rights.conftest import OFFICER, Filer

M1 = Actor.subject("m1")
WEB = Collected(method="web_form", language="en")


def _provided_to_partners(shop: Register) -> None:
    with shop.session() as session:
        give(session, M1, "m1", ["provision:partners"], WEB)
        provide(session, OFFICER, ["m1"], provision="partners")


def _values(shop: Register) -> dict[str, str | None]:
    with shop.session() as session:
        mine = my_data(session, M1)
    return {item.key: item.value.reveal() if item.value else None for item in mine.items}


def test_my_data_lists_the_items_held_and_those_the_person_may_add(shop: Register) -> None:
    with shop.session() as session:
        mine = my_data(session, M1)

    by_key = {item.key: item for item in mine.items}
    assert by_key["email"].value is not None
    assert by_key["email"].value.reveal() == "m1@example.org"
    assert by_key["name"].required
    assert by_key["postal_code"].value is None
    assert "password" not in by_key
    assert "m1@example.org" not in repr(mine)


def test_staff_cannot_use_self_service(shop: Register) -> None:
    with shop.session() as session, pytest.raises(AccessDeniedError) as refused:
        my_data(session, OFFICER)

    assert refused.value.rule == "self_only"


def test_a_correction_names_the_recipients_of_the_old_value(shop: Register) -> None:
    _provided_to_partners(shop)

    with shop.session() as session:
        done = correct(session, M1, {"email": "new@example.org", "postal_code": "1000001"})

    assert _values(shop)["email"] == "new@example.org"
    assert [recipient.key for recipient in done.recipients] == ["adco"]
    assert done.to_dict()["corrected"] == ["email", "postal_code"]


def test_an_invalid_correction_changes_nothing(shop: Register) -> None:
    with shop.session() as session, pytest.raises(ValidationError) as refused:
        correct(session, M1, {"email": "new@example.org", "no_such_item": "x"})

    assert _values(shop)["email"] == "m1@example.org"
    assert "x" not in str(refused.value)


def test_a_voluntary_item_is_deleted_and_a_required_one_is_not(shop: Register) -> None:
    with shop.session() as session:
        correct(session, M1, {"postal_code": "1000001"})
        delete_items(session, M1, ["postal_code"])
    with shop.session() as session, pytest.raises(ValidationError):
        delete_items(session, M1, ["name"])

    assert _values(shop)["postal_code"] is None
    assert _values(shop)["name"] == "Member 1"


def test_deleting_the_account_shreds_the_values_and_keeps_the_records(shop: Register) -> None:
    _provided_to_partners(shop)

    with shop.session() as session:
        deleted = delete_account(session, M1)

    assert deleted.records_kept == 1
    with shop.session() as session, pytest.raises(NotFoundError):
        session.read(OFFICER, "m1", "service")
    with shop.engine.connect() as connection:
        held = connection.execute(
            select(func.count()).select_from(value_rows).where(value_rows.c.subject_id == "m1")
        ).scalar()
        (record,) = records_of(connection, "m1")
    assert held == 0
    assert set(record.items) >= {"email"}


def test_the_download_holds_everything_as_json_and_csv(shop: Register) -> None:
    with shop.session() as session:
        as_json = download(session, M1, "json")
        as_csv = download(session, M1, "csv")

    package = json.loads(as_json.body)
    emails = [item["value"] for item in package["items"] if item["key"] == "email"]
    rows = {row["item"]: row for row in csv.DictReader(io.StringIO(as_csv.body.decode()))}
    assert (as_json.filename, as_json.media_type) == ("my-data.json", "application/json")
    assert emails == ["m1@example.org"]
    assert "access_history" in package
    assert rows["email"]["value"] == "m1@example.org"
    assert "service" in rows["email"]["purposes"].split()


def test_a_download_in_an_unknown_format_is_refused(shop: Register) -> None:
    with shop.session() as session, pytest.raises(ValidationError) as refused:
        download(session, M1, "xml")

    assert refused.value.field == "format"


def test_who_read_shows_staff_by_role_and_the_person_as_self(shop: Register) -> None:
    with shop.session() as session:
        session.read(OFFICER, "m1", "service")
        my_data(session, M1)
    with shop.session() as session:
        entries = who_read_my_data(session, M1)

    whos = {entry.who for entry in entries if entry.action == "read"}
    assert whos == {"self", "staff:privacy_officer"}
    assert all("officer1" not in json.dumps(entry.to_dict()) for entry in entries)


def test_who_received_shows_the_recipient_but_not_the_staff(shop: Register) -> None:
    _provided_to_partners(shop)

    with shop.session() as session:
        (received,) = who_received_my_data(session, M1)

    shown = json.dumps(received.to_dict())
    assert received.recipient.key == "adco"
    assert "email" in received.items
    assert "officer1" not in shown


def test_my_requests_are_only_mine(shop: Register, filed: Filer) -> None:
    mine = filed("disclosure")
    filed("disclosure", subject_id="m2")

    with shop.session() as session:
        found = my_requests(session, M1)

    assert [request.id for request in found] == [mine.id]
