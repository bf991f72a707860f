"""The provision gate: who is provided, what is refused, and what a refusal leaves behind."""

from __future__ import annotations

import json

import pytest

from mamori.errors import AccessDeniedError, ValidationError
from mamori.provision import AdHocRecipient, list_records, provide
from mamori.register import Actor, Register
from tests.provision.conftest import OFFICER, SUPPORT, consent, events


def refused_runs(shop: Register) -> list[str]:
    return [e.rule for e in events(shop) if e.action == "provision.run" and e.outcome == "refused"]


def records(shop: Register) -> int:
    with shop.engine.connect() as connection:
        return len(list_records(connection))


def test_a_consent_provision_provides_only_the_persons_who_consented(shop: Register) -> None:
    consent(shop, "m1", ["provision:partners"])
    with shop.session() as session:
        done = provide(session, OFFICER, ["m1", "m2", "m3"], provision="partners")
    assert sorted(done.package.rows) == ["m1"]
    assert (done.provided, done.skipped) == (1, {"consent": 2})
    body = json.loads(done.to_json())
    assert body["subjects"] == [
        {"subject_id": "m1", "name": "Member 1", "email": "m1@example.org", "gender": "female"}
    ]
    assert body["recipient"]["name"] == {"*": "AdCo KK"}
    assert (body["provision"], body["items"]) == ("partners", ["name", "email", "gender"])


@pytest.mark.parametrize("decision", ["withdrawn", "refused"])
def test_a_withdrawn_or_refused_consent_leaves_the_person_out(
    shop: Register, decision: str
) -> None:
    consent(shop, "m1", ["provision:partners"])
    consent(shop, "m1", ["provision:partners"], decision=decision)
    with shop.session() as session:
        done = provide(session, OFFICER, ["m1"], provision="partners")
    assert (done.provided, done.skipped, done.record_ids) == (0, {"consent": 1}, ())
    assert done.package.rows == {}
    assert records(shop) == 0


def test_an_expired_consent_leaves_the_person_out(shop: Register) -> None:
    from datetime import UTC, datetime, timedelta

    # partners' consent lapses after 180 days.
    consent(shop, "m1", ["provision:partners"], at=datetime.now(UTC) - timedelta(days=181))
    with shop.session() as session:
        done = provide(session, OFFICER, ["m1"], provision="partners")
    assert done.skipped == {"consent": 1}


def test_an_opt_out_provision_runs_until_the_person_refuses(shop: Register) -> None:
    consent(shop, "m2", ["provision:listing"], decision="refused")
    with shop.session() as session:
        done = provide(session, OFFICER, ["m1", "m2"], provision="listing")
    assert sorted(done.package.rows) == ["m1"]
    assert done.skipped == {"consent": 1}


def test_a_suspension_of_provision_leaves_the_person_out(shop: Register) -> None:
    consent(shop, "m1", ["provision:partners"])
    with shop.session() as session:
        session.suspend(Actor.subject("m1"), "m1", "*")
    with shop.session() as session:
        done = provide(session, OFFICER, ["m1"], provision="partners")
    assert done.skipped == {"suspended": 1}


def test_unknown_subjects_are_counted_not_provided(shop: Register) -> None:
    with shop.session() as session:
        done = provide(session, OFFICER, ["ghost"], provision="listing")
    assert done.skipped == {"subject_unknown": 1}


def test_items_can_be_fewer_than_the_provision_declares(shop: Register) -> None:
    consent(shop, "m1", ["provision:partners"])
    with shop.session() as session:
        done = provide(session, OFFICER, ["m1"], provision="partners", items=["gender"])
    assert {key: v.reveal() for key, v in done.package.rows["m1"].items()} == {"gender": "female"}


@pytest.mark.parametrize(
    ("arguments", "rule", "field"),
    [
        ({"provision": "gossip"}, "provision_declared", "provision"),
        ({"provision": "resale"}, "provision_sale", "provision"),
        ({"provision": "partners", "items": ["postal_code"]}, "purpose_items", "items"),
        ({"provision": "partners", "recipient": "overseas"}, "provision_recipient", "recipient"),
        ({"provision": "partners", "recipient": "stranger"}, "provision_recipient", "recipient"),
        (
            {"provision": "partners", "recipient": AdHocRecipient("Someone Else KK")},
            "provision_recipient",
            "recipient",
        ),
        ({"provision": "unrouted"}, "foreign_route", "recipient"),
        ({"exception": "public_health_children"}, "legal_exception", "exception"),
    ],
)
def test_a_refused_provision_is_audited_and_sends_and_records_nothing(
    shop: Register, arguments: dict[str, object], rule: str, field: str
) -> None:
    consent(shop, "m1", ["provision:partners"])
    with pytest.raises(AccessDeniedError) as refused, shop.session() as session:
        provide(session, OFFICER, ["m1"], **arguments)  # type: ignore[arg-type]
    assert (refused.value.rule, refused.value.field) == (rule, field)
    assert refused_runs(shop) == [rule]
    assert not [e for e in events(shop, subject_id="m1") if e.action == "read"]
    assert records(shop) == 0


def test_an_actor_without_provisions_run_is_refused(shop: Register) -> None:
    consent(shop, "m1", ["provision:partners"])
    with pytest.raises(AccessDeniedError) as refused, shop.session() as session:
        provide(session, SUPPORT, ["m1"], provision="partners")
    assert refused.value.rule == "provision_role"
    assert refused_runs(shop) == ["provision_role"]


def test_a_provision_described_by_kind_needs_a_named_recipient(shop: Register) -> None:
    consent(shop, "m1", ["provision:offers"])
    with pytest.raises(ValidationError) as missing, shop.session() as session:
        provide(session, OFFICER, ["m1"], provision="offers")
    assert missing.value.field == "recipient"
    assert refused_runs(shop) == ["provision_recipient"]
    partner = AdHocRecipient("Partner KK", "2-2 Minato, Tokyo", "Hanako Partner")
    with shop.session() as session:
        done = provide(session, OFFICER, ["m1"], provision="offers", recipient=partner)
    assert done.package.recipient.name == {"*": "Partner KK"}


def test_a_recipient_abroad_on_the_consent_route_needs_the_art28_information(
    shop: Register,
) -> None:
    consent(shop, "m1", ["provision:abroad"], foreign=True)
    with shop.session() as session:
        done = provide(session, OFFICER, ["m1", "m2"], provision="abroad")
    assert (sorted(done.package.rows), done.skipped) == (["m1"], {"consent": 1})
    assert done.package.recipient.country == "US"


def test_an_ad_hoc_recipient_abroad_needs_consent_given_with_the_art28_information(
    shop: Register,
) -> None:
    consent(shop, "m1", ["provision:offers"])
    abroad = AdHocRecipient("Far Partner Inc.", country="US", foreign_route="consent")
    with shop.session() as session:
        done = provide(session, OFFICER, ["m1"], provision="offers", recipient=abroad)
    assert done.skipped == {"foreign_information": 1}
    with pytest.raises(AccessDeniedError) as refused, shop.session() as session:
        provide(
            session,
            OFFICER,
            ["m1"],
            provision="offers",
            recipient=AdHocRecipient("Far Partner Inc.", country="US"),
        )
    assert refused.value.rule == "foreign_route"


def test_a_recipient_in_an_adequate_country_needs_no_art28_consent(shop: Register) -> None:
    consent(shop, "m1", ["provision:research"])
    with shop.session() as session:
        done = provide(session, OFFICER, ["m1"], provision="research")
    assert done.provided == 1
    assert done.package.recipient.foreign_route == "adequacy"


def test_every_read_of_a_provision_is_audited_per_person(shop: Register) -> None:
    consent(shop, "m1", ["provision:partners"])
    with shop.session() as session:
        provide(session, OFFICER, ["m1", "m2"], provision="partners")
    reads = [(e.subject_id, e.outcome.value, e.rule) for e in events(shop) if e.action == "read"]
    assert reads == [("m1", "allowed", "provision_consent"), ("m2", "refused", "consent")]
    runs = [(e.purpose, e.outcome.value, e.rule) for e in events(shop) if e.action == ACTION]
    assert runs == [("provision:partners", "allowed", "provision_consent")]


ACTION = "provision.run"


def test_a_package_states_its_recipient_provision_items_and_date_in_csv(shop: Register) -> None:
    consent(shop, "m1", ["provision:partners"])
    with shop.session() as session:
        done = provide(session, OFFICER, ["m1"], provision="partners", items=["name", "gender"])
    lines = done.to_csv().splitlines()
    header = [line for line in lines if line.startswith("#")]
    assert any("AdCo KK" in line for line in header)
    assert "# provision: partners" in header
    assert any(line.startswith("# provided_at: ") for line in header)
    assert lines[len(header) :] == ["subject_id,name,gender", "m1,Member 1,female"]


def test_values_stay_redacted_outside_the_package(shop: Register) -> None:
    consent(shop, "m1", ["provision:partners"])
    with shop.session() as session:
        done = provide(session, OFFICER, ["m1"], provision="partners")
    assert "Member 1" not in repr(done)


def test_one_subject_id_given_bare_is_one_subject(shop: Register) -> None:
    with shop.session() as session:
        done = provide(session, OFFICER, "m1", provision="listing")
    assert list(done.package.rows) == ["m1"]
