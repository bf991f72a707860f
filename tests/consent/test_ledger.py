"""The consent ledger through its public functions, and the register asking it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mamori.consent import Collected, give, history, refuse, require_renewal, status, withdraw
from mamori.errors import AccessDeniedError, NotFoundError, ValidationError
from mamori.register import Actor, Register
from tests.consent.conftest import APP, OFFICER

WEB = Collected(method="web_form", language="en")
M1 = Actor.subject("m1")


def state(shop: Register, target: str, subject: str = "m1", at: datetime | None = None) -> str:
    with shop.engine.connect() as connection:
        (found,) = status(connection, shop.policy, subject, [target], at=at)
    return found.state


def test_a_consent_purpose_is_refused_until_given_and_allowed_at_once(shop: Register) -> None:
    with pytest.raises(AccessDeniedError) as refused, shop.session() as session:
        session.read(APP, "m1", "newsletter")
    assert refused.value.rule == "consent"
    with shop.session() as session:
        give(session, M1, "m1", ["newsletter"], WEB)
        assert session.read(APP, "m1", "newsletter")["email"].reveal() == "m1@example.org"


def test_withdrawal_stops_the_next_read(shop: Register) -> None:
    with shop.session() as session:
        give(session, M1, "m1", ["newsletter"], WEB)
    with shop.session() as session:
        withdraw(session, M1, "m1", ["newsletter"], WEB)
    with pytest.raises(AccessDeniedError), shop.session() as session:
        session.read(APP, "m1", "newsletter")
    assert state(shop, "newsletter") == "withdrawn"


def test_each_event_keeps_the_policy_version_method_language_and_jurisdiction(
    shop: Register,
) -> None:
    how = Collected(method="paper", language="ja", jurisdiction="EU", reference="form-0042")
    with shop.session() as session:
        (event,) = give(session, OFFICER, "m1", ["newsletter"], how)
    assert (event.policy_name, event.policy_version) == ("testshop", "1")
    assert event.policy_hash == shop.policy.content_hash
    assert (event.method, event.language, event.jurisdiction) == ("paper", "ja", "EU")
    assert (event.actor_kind, event.actor_id, event.reference) == ("staff", "officer1", "form-0042")


def test_history_keeps_every_event_in_order(shop: Register) -> None:
    with shop.session() as session:
        give(session, M1, "m1", ["newsletter"], WEB)
        withdraw(session, M1, "m1", ["newsletter"], WEB)
        give(session, M1, "m1", ["newsletter"], WEB)
    with shop.engine.connect() as connection:
        decisions = [event.decision for event in history(connection, "m1", "newsletter")]
    assert decisions == ["given", "withdrawn", "given"]


def test_consent_expires_as_the_policy_says(shop: Register) -> None:
    with shop.session() as session:
        give(session, M1, "m1", ["newsletter"], WEB)
    later = datetime.now(UTC) + timedelta(days=366)
    assert state(shop, "newsletter") == "given"
    assert state(shop, "newsletter", at=later) == "expired"


def test_an_outdated_consent_needs_giving_again(shop: Register) -> None:
    with shop.session() as session:
        give(session, M1, "m1", ["provision:partners"], WEB)
    with shop.engine.begin() as connection:
        require_renewal(
            connection, ["provision:partners"], since=datetime.now(UTC), policy_version="2"
        )
    assert state(shop, "provision:partners") == "renewal_required"
    with shop.session() as session:
        give(session, M1, "m1", ["provision:partners"], WEB)
    assert state(shop, "provision:partners") == "given"


def test_a_target_not_asked_about_is_not_asked(shop: Register) -> None:
    assert state(shop, "module:google_analytics") == "not_asked"


def test_refusing_an_opt_out_provision_is_recorded(shop: Register) -> None:
    with shop.session() as session:
        refuse(session, M1, "m1", ["provision:listing"], WEB)
    assert state(shop, "provision:listing") == "refused"


def test_a_recipient_abroad_needs_the_article_28_information(shop: Register) -> None:
    with pytest.raises(ValidationError) as invalid, shop.session() as session:
        give(session, M1, "m1", ["provision:abroad"], WEB)
    assert invalid.value.field == "foreign_information"
    informed = Collected(method="web_form", language="en", foreign_information=True)
    with shop.session() as session:
        (event,) = give(session, M1, "m1", ["provision:abroad"], informed)
    assert event.foreign_information


@pytest.mark.parametrize(
    ("targets", "how", "field"),
    [
        (["nonsense"], WEB, "targets[0]"),
        (["service"], WEB, "targets[0]"),  # a contract purpose asks no consent
        ([], WEB, "targets"),
        (["newsletter"], Collected(method="telepathy", language="en"), "method"),  # type: ignore[arg-type]
        (["newsletter"], Collected(method="api", language="de"), "language"),
        (["newsletter"], Collected(method="api", language="en", jurisdiction="US"), "jurisdiction"),
        (["newsletter"], Collected(method="api", language="en", reference="a b@c"), "reference"),
    ],
)
def test_bad_input_names_the_field_and_records_nothing(
    shop: Register, targets: list[str], how: Collected, field: str
) -> None:
    with pytest.raises(ValidationError) as invalid, shop.session() as session:
        give(session, M1, "m1", targets, how)
    assert invalid.value.field == field
    with shop.engine.connect() as connection:
        assert history(connection, "m1") == []


def test_nobody_records_consent_for_another_person(shop: Register) -> None:
    with pytest.raises(AccessDeniedError) as refused, shop.session() as session:
        give(session, Actor.subject("m2"), "m1", ["newsletter"], WEB)
    assert refused.value.rule == "consent_recorder"
    with pytest.raises(AccessDeniedError), shop.session() as session:
        give(session, Actor.staff("s1", "support"), "m1", ["newsletter"], WEB)


def test_an_unknown_subject_is_not_found(shop: Register) -> None:
    with pytest.raises(NotFoundError), shop.session() as session:
        give(session, APP, "nobody", ["newsletter"], WEB)


def test_each_event_is_audited_without_values(shop: Register) -> None:
    with shop.session() as session:
        give(session, M1, "m1", ["newsletter", "provision:partners"], WEB)
    with shop.engine.connect() as connection:
        events = shop.audit.query(connection, subject_id="m1")
    given = [(e.action, e.purpose, e.outcome) for e in events if e.action == "consent.given"]
    assert given == [
        ("consent.given", "newsletter", "allowed"),
        ("consent.given", "provision:partners", "allowed"),
    ]
