"""Filing: the kind, form, scope, channel, jurisdiction and requester are checked against the
policy; agents give the kind of proof; a person files and sees only their own requests."""

from __future__ import annotations

from pathlib import Path

import pytest

from mamori.crypto import Keyring
from mamori.errors import AccessDeniedError, NotFoundError, ValidationError
from mamori.register import Actor, Register
from mamori.rights import file_request, requests_of, show
from tests.rights.conftest import OFFICER, RECEIVED, Filer, request_events

M1, M2 = Actor.subject("m1"), Actor.subject("m2")


@pytest.mark.parametrize(
    ("kind", "options", "field"),
    [
        ("complaint", {}, "kind"),
        ("disclosure", {"channel": "phone"}, "channel"),
        ("disclosure", {"jurisdiction": "US"}, "jurisdiction"),
        ("disclosure", {"form": "pdf"}, "form"),
        ("portability", {"form": "paper"}, "form"),
        ("correction", {"form": "paper", "scope": ["email"]}, "form"),
        ("correction", {}, "scope"),
        ("deletion", {"scope": ["shoe_size"]}, "scope"),
        ("suspension", {"scope": ["name"]}, "scope"),
        ("stop_provision", {"scope": ["service"]}, "scope"),
        ("objection", {"scope": ["service"]}, "scope"),
        ("purpose_notification", {"scope": ["service"]}, "scope"),
        ("disclosure", {"requester": "neighbour"}, "requester"),
        ("disclosure", {"requester": "appointed_proxy"}, "agent_proof"),
        ("disclosure", {"requester": "person", "agent_proof": "power_of_attorney"}, "agent_proof"),
        ("disclosure", {"reference": "letter from Taro"}, "reference"),
    ],
)
def test_an_invalid_request_is_refused_naming_the_field(
    filed: Filer, kind: str, options: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        filed(kind, **options)
    assert raised.value.field == field


def test_an_invalid_scope_does_not_repeat_what_was_typed(filed: Filer) -> None:
    with pytest.raises(ValidationError) as raised:
        filed("correction", scope=["m1@example.org"])
    assert "m1@example.org" not in raised.value.message


@pytest.mark.parametrize(
    ("kind", "options", "form", "scope"),
    [
        ("disclosure", {}, "electronic", ()),
        ("disclosure", {"form": "paper", "scope": ["email"]}, "paper", ("email",)),
        ("provision_records", {"scope": ["partners"]}, "electronic", ("partners",)),
        ("purpose_notification", {"form": "paper"}, "paper", ()),
        ("correction", {"scope": ["email", "email"]}, None, ("email",)),
        ("deletion", {}, None, ()),
        ("suspension", {"scope": ["newsletter"]}, None, ("newsletter",)),
        ("suspension", {}, None, ()),
        ("stop_provision", {"scope": ["listing"]}, None, ("listing",)),
        ("portability", {"form": "csv"}, "csv", ()),
        ("portability", {}, "json", ()),
        ("objection", {}, None, ()),
        ("objection", {"scope": ["newsletter"]}, None, ("newsletter",)),
    ],
)
def test_each_kind_is_filed_with_its_form_and_scope(
    filed: Filer,
    kind: str,
    options: dict[str, object],
    form: str | None,
    scope: tuple[str, ...],
) -> None:
    request = filed(kind, jurisdiction="EU", **options)
    assert (request.kind, request.form, request.scope) == (kind, form, scope)


def test_an_agent_files_with_the_kind_of_proof_given(filed: Filer) -> None:
    request = filed(
        "disclosure",
        requester="legal_representative",
        agent_proof="family_register",
        channel="post",
    )
    assert (request.requester, request.agent_proof) == ("legal_representative", "family_register")
    assert request.steps[0].detail == "legal_representative"


def test_the_proof_is_a_kind_never_the_document(filed: Filer) -> None:
    with pytest.raises(ValidationError, match="never stored"):
        filed("disclosure", requester="appointed_proxy", agent_proof="Licence no. 1234, Taro")


def test_agents_are_refused_when_the_policy_does_not_accept_them(
    shop: Register, tmp_path: Path
) -> None:
    policy = shop.policy
    no_agents = policy.model_copy(
        update={"rights": policy.rights.model_copy(update={"agents_allowed": False})}
    )
    other = Register.open(
        shop.engine.url.render_as_string(hide_password=False),
        no_agents,
        Keyring.create(tmp_path / "other-keyring.json"),
        keystore_url=f"sqlite:///{tmp_path / 'keys.sqlite'}",
    )
    try:
        with pytest.raises(ValidationError, match="agents_allowed"), other.session() as session:
            file_request(
                session,
                OFFICER,
                "m1",
                "deletion",
                channel="post",
                requester="appointed_proxy",
                agent_proof="power_of_attorney",
            )
    finally:
        other.close()


def test_a_refused_filing_is_audited(shop: Register, filed: Filer) -> None:
    with pytest.raises(ValidationError):
        filed("complaint")
    with shop.engine.connect() as connection:
        events = shop.audit.query(connection, purpose="request", limit=10)
    assert [(e.action, e.outcome, e.rule) for e in events] == [
        ("request.file", "refused", "request_invalid")
    ]


def test_an_unknown_person_cannot_be_the_subject_of_a_request(filed: Filer) -> None:
    with pytest.raises(NotFoundError):
        filed("disclosure", subject_id="m9")


def test_a_person_files_and_follows_their_own_request(shop: Register) -> None:
    with shop.session() as session:
        request = file_request(session, M1, "m1", "portability", channel="online")
    with shop.session() as session:
        assert show(session, M1, request.id).id == request.id
        assert [r.id for r in requests_of(session, M1, "m1")] == [request.id]
    events = request_events(shop, request.id)
    assert [(e.action, e.rule) for e in events] == [
        ("request.file", "self"),
        ("request.show", "self"),
    ]


def test_a_person_cannot_file_for_another(shop: Register) -> None:
    with pytest.raises(AccessDeniedError), shop.session() as session:
        file_request(session, M2, "m1", "deletion", channel="online")


def test_a_person_cannot_see_another_persons_request(shop: Register, filed: Filer) -> None:
    request = filed("deletion")
    with pytest.raises(NotFoundError, match="no request"), shop.session() as session:
        show(session, M2, request.id)
    with pytest.raises(AccessDeniedError), shop.session() as session:
        requests_of(session, M2, "m1")
    refused = [e for e in request_events(shop, request.id) if e.outcome == "refused"]
    assert [(e.actor_id, e.rule) for e in refused] == [("m2", "request_owner")]


def test_a_persons_requests_are_listed_newest_first(shop: Register, filed: Filer) -> None:
    first = filed("deletion", received_at=RECEIVED)
    second = filed("portability", received_at=RECEIVED.replace(day=30))
    later = filed("disclosure", received_at=RECEIVED.replace(month=2, day=1))
    filed("deletion", subject_id="m2")
    with shop.session() as session:
        listed = requests_of(session, OFFICER, "m1")
    assert [r.id for r in listed] == [later.id, first.id, second.id]


def test_a_person_cannot_backdate_their_own_request(shop: Register) -> None:
    with pytest.raises(ValidationError, match="received now"), shop.session() as session:
        file_request(session, M1, "m1", "deletion", channel="online", received_at=RECEIVED)
