"""Fulfilment applies each kind of request through the register, then closes it, on SQLite and
PostgreSQL; a request that cannot be fulfilled yet changes nothing and is audited as refused."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from mamori.consent import Collected, give
from mamori.errors import (
    AccessDeniedError,
    ConflictError,
    CryptoError,
    NotFoundError,
    ValidationError,
)
from mamori.provision import provide, records_of
from mamori.register import Actor, Register
from mamori.register.tables import subjects
from mamori.register.tables import values as value_rows
from mamori.rights import (
    Fulfilment,
    fulfil_request,
    settle_fee,
    show,
    start,
    verify_identity,
)
from tests.rights.conftest import OFFICER, RECEIVED, SUPPORT, Filer, request_events

LATER = RECEIVED + timedelta(days=1)
WEB = Collected(method="web_form", language="en")


def _ready(shop: Register, filed: Filer, kind: str, **options: object) -> str:
    """A request of m1 in progress (identity verified, any fee settled)."""
    request = filed(kind, **options)
    with shop.session() as session:
        verify_identity(session, OFFICER, request.id, "document", at=LATER)
        if request.fee_amount:
            settle_fee(session, OFFICER, request.id, at=LATER)
        start(session, OFFICER, request.id, at=LATER)
    return request.id


def _fulfil(shop: Register, request_id: str, **options: object) -> Fulfilment:
    with shop.session() as session:
        return fulfil_request(session, OFFICER, request_id, at=LATER, **options)  # type: ignore[arg-type]


def _provided_to_partners(shop: Register) -> None:
    with shop.session() as session:
        for member in ("m1", "m2"):
            give(session, Actor.subject(member), member, ["provision:partners"], WEB)
        provide(session, OFFICER, ["m1", "m2"], provision="partners")


def _read(shop: Register, purpose: str = "service") -> dict[str, str]:
    with shop.session() as session:
        read = session.read(Actor.subject("m1") if purpose == "self" else OFFICER, "m1", purpose)
    return {key: value.reveal() for key, value in read.items()}


def test_a_disclosure_is_answered_with_the_package_and_closed(shop: Register, filed: Filer) -> None:
    request_id = _ready(shop, filed, "disclosure", form="paper")
    done = _fulfil(shop, request_id, locale="ja")
    assert done.request.state == "fulfilled"
    assert done.package is not None
    assert done.package.locale == "ja"
    assert json.loads(done.package.to_json())["items"][1]["value"] == "m1@example.org"
    assert "m1@example.org" not in json.dumps(done.request.to_dict())
    assert request_events(shop, request_id)[-1].action == "request.fulfil"


@pytest.mark.parametrize("kind", ["provision_records", "purpose_notification"])
def test_records_and_purposes_are_answered_with_the_package(
    shop: Register, filed: Filer, kind: str
) -> None:
    _provided_to_partners(shop)
    done = _fulfil(shop, _ready(shop, filed, kind))
    assert done.request.state == "fulfilled"
    assert done.package is not None
    assert [record.provision for record in done.package.provision_records] == ["partners"]
    assert set(done.package.purposes()) == {"service", "newsletter"}


def test_the_package_shows_the_uses_the_person_stopped(shop: Register, filed: Filer) -> None:
    _fulfil(shop, _ready(shop, filed, "suspension", scope=["service"]))
    done = _fulfil(shop, _ready(shop, filed, "disclosure"))
    assert done.package is not None
    assert done.package.suspended == ("service",)
    assert [item.key for item in done.package.items] == ["name", "email"]


def test_a_disclosure_of_some_items_shows_only_those(shop: Register, filed: Filer) -> None:
    done = _fulfil(shop, _ready(shop, filed, "disclosure", scope=["email"]))
    assert done.package is not None
    assert [item.key for item in done.package.items] == ["email"]


def test_a_disclosure_naming_the_password_shows_no_hash(shop: Register, filed: Filer) -> None:
    done = _fulfil(shop, _ready(shop, filed, "disclosure", scope=["email", "password"]))
    assert done.package is not None
    assert [item.key for item in done.package.items] == ["email"]


def test_portability_answers_with_the_export_in_the_form_chosen(
    shop: Register, filed: Filer
) -> None:
    done = _fulfil(shop, _ready(shop, filed, "portability", form="csv", jurisdiction="EU"))
    assert done.export is not None
    assert done.export.decode("utf-8").splitlines()[0] == "item,category,value"


def test_a_correction_writes_the_new_value_and_lists_who_received_the_old(
    shop: Register, filed: Filer
) -> None:
    _provided_to_partners(shop)
    request_id = _ready(shop, filed, "correction", scope=["email"])
    done = _fulfil(shop, request_id, values={"email": "new@example.org"})
    assert done.request.state == "fulfilled"
    assert _read(shop)["email"] == "new@example.org"
    assert done.corrected == ("email",)
    assert [recipient.key for recipient in done.recipients] == ["adco"]
    assert len(done.provision_record_ids) == 1
    assert "new@example.org" not in json.dumps(done.request.to_dict())


def test_a_correction_of_an_item_never_provided_has_no_one_to_notify(
    shop: Register, filed: Filer
) -> None:
    _provided_to_partners(shop)
    done = _fulfil(
        shop,
        _ready(shop, filed, "correction", scope=["postal_code"]),
        values={"postal_code": "1000001"},
    )
    assert done.recipients == ()


@pytest.mark.parametrize(
    "values",
    [None, {}, {"name": "Someone Else"}],
    ids=["no values", "empty", "outside the scope"],
)
def test_a_correction_without_its_values_changes_nothing(
    shop: Register, filed: Filer, values: dict[str, str] | None
) -> None:
    request_id = _ready(shop, filed, "correction", scope=["email"])
    with pytest.raises(ValidationError) as refused:
        _fulfil(shop, request_id, values=values)
    assert refused.value.field == "values"
    assert _read(shop) == {"name": "Member 1", "email": "m1@example.org"}
    with shop.session() as session:
        assert show(session, OFFICER, request_id).state == "in_progress"
    fulfil_events = [e for e in request_events(shop, request_id) if e.action == "request.fulfil"]
    assert [event.outcome.value for event in fulfil_events] == ["refused"]


def test_a_deletion_shreds_the_values_and_keeps_the_provision_records(
    shop: Register, filed: Filer
) -> None:
    _provided_to_partners(shop)
    request_id = _ready(shop, filed, "deletion")
    done = _fulfil(shop, request_id)
    assert (done.erased, done.request.state) == (True, "fulfilled")
    for purpose in ("service", "self"):
        with pytest.raises(NotFoundError):
            _read(shop, purpose)
    with shop.engine.connect() as connection:
        (record,) = records_of(connection, "m1")
        held = connection.execute(
            select(func.count()).select_from(value_rows).where(value_rows.c.subject_id == "m1")
        ).scalar()
    assert [subject.subject_id for subject in record.subjects] == ["m1"]
    assert set(record.items) == {"name", "email", "gender"}
    assert held == 0
    assert _read_m2(shop)["email"] == "m2@example.org"


def _read_m2(shop: Register) -> dict[str, str]:
    with shop.session() as session:
        return {k: v.reveal() for k, v in session.read(OFFICER, "m2", "service").items()}


def test_a_backup_of_the_deleted_values_cannot_be_decrypted(shop: Register, filed: Filer) -> None:
    with shop.engine.connect() as connection:
        key_ref = connection.execute(
            select(subjects.c.key_ref).where(subjects.c.id == "m1")
        ).scalar_one()
        backup = connection.execute(
            select(value_rows.c.item_key, value_rows.c.ciphertext).where(
                value_rows.c.subject_id == "m1"
            )
        ).all()
    assert backup
    _fulfil(shop, _ready(shop, filed, "deletion"))
    assert shop.keystore.get(key_ref) is None
    with pytest.raises(CryptoError):
        shop.cipher("m1", key_ref)


def test_a_partial_deletion_removes_voluntary_items_only(shop: Register, filed: Filer) -> None:
    done = _fulfil(shop, _ready(shop, filed, "deletion", scope=["email"]))
    assert done.deleted_items == ("email",)
    assert _read(shop) == {"name": "Member 1"}


def test_a_partial_deletion_of_a_required_item_changes_nothing(
    shop: Register, filed: Filer
) -> None:
    request_id = _ready(shop, filed, "deletion", scope=["name", "email"])
    with pytest.raises(ValidationError):
        _fulfil(shop, request_id)
    assert _read(shop) == {"name": "Member 1", "email": "m1@example.org"}
    with shop.session() as session:
        assert show(session, OFFICER, request_id).state == "in_progress"


def test_a_suspension_is_enforced_from_the_moment_it_is_fulfilled(
    shop: Register, filed: Filer
) -> None:
    done = _fulfil(shop, _ready(shop, filed, "suspension", scope=["service"]))
    assert done.suspended == ("service",)
    with pytest.raises(AccessDeniedError) as refused:
        _read(shop)
    assert refused.value.rule == "suspended"
    assert _read(shop, "self")["email"] == "m1@example.org"


def test_a_suspension_without_scope_stops_every_purpose(shop: Register, filed: Filer) -> None:
    assert _fulfil(shop, _ready(shop, filed, "suspension")).suspended == ("*",)
    with pytest.raises(AccessDeniedError):
        _read(shop)


def test_a_stop_of_provision_stops_every_provision_at_once(shop: Register, filed: Filer) -> None:
    _provided_to_partners(shop)
    done = _fulfil(shop, _ready(shop, filed, "stop_provision"))
    assert done.suspended == ("provision:*",)
    with shop.session() as session:
        provided = provide(session, OFFICER, ["m1", "m2"], provision="partners")
    assert provided.skipped == {"suspended": 1}
    assert _read(shop)["email"] == "m1@example.org"


def test_an_objection_stops_direct_marketing(shop: Register, filed: Filer) -> None:
    done = _fulfil(shop, _ready(shop, filed, "objection", jurisdiction="EU"))
    assert done.suspended == ("newsletter",)
    with shop.session() as session:
        info = session.subject_info(OFFICER, "m1")
    assert info.suspended == frozenset({"newsletter"})


def test_fulfilling_before_the_identity_check_changes_nothing(shop: Register, filed: Filer) -> None:
    request = filed("deletion")
    with pytest.raises(ConflictError):
        _fulfil(shop, request.id)
    assert _read(shop)["email"] == "m1@example.org"
    with shop.session() as session:
        assert show(session, OFFICER, request.id).state == "received"
    (refused,) = [e for e in request_events(shop, request.id) if e.action == "request.fulfil"]
    assert (refused.action, refused.outcome.value, refused.rule) == (
        "request.fulfil",
        "refused",
        "request_state",
    )


def test_fulfilling_before_start_changes_nothing(shop: Register, filed: Filer) -> None:
    request = filed("suspension")
    with shop.session() as session:
        verify_identity(session, OFFICER, request.id, "document", at=LATER)
    with pytest.raises(ConflictError):
        _fulfil(shop, request.id)
    _read(shop)  # not suspended


def test_staff_without_requests_handle_cannot_fulfil(shop: Register, filed: Filer) -> None:
    request_id = _ready(shop, filed, "deletion")
    with shop.session() as session, pytest.raises(AccessDeniedError):
        fulfil_request(session, SUPPORT, request_id)
    assert _read(shop)["email"] == "m1@example.org"


def test_a_fulfilled_request_cannot_be_fulfilled_again(shop: Register, filed: Filer) -> None:
    request_id = _ready(shop, filed, "suspension", scope=["service"])
    _fulfil(shop, request_id)
    with pytest.raises(ConflictError):
        _fulfil(shop, request_id)


def test_only_a_correction_takes_values(shop: Register, filed: Filer) -> None:
    request_id = _ready(shop, filed, "disclosure")
    with pytest.raises(ValidationError):
        _fulfil(shop, request_id, values={"email": "x@example.org"})


def test_the_staff_answering_is_audited_as_themself_naming_the_request(
    shop: Register, filed: Filer
) -> None:
    request_id = _ready(shop, filed, "correction", scope=("email",))
    _fulfil(shop, request_id, values={"email": "new@example.org"})
    done = [
        (event.actor_id, event.action, event.purpose, event.outcome)
        for event in request_events(shop, request_id)
        if event.action in ("read", "write")
    ]
    assert done == [("officer1", "write", "request", "allowed")]
