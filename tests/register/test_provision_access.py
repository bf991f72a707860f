"""The access check for provisions: `provision:<key>` and `exception:<name>` purposes."""

from pathlib import Path

import pytest

from mamori.policy import Policy, load_policy
from mamori.register import Actor, SubjectFacts, decide

SHOP = Path(__file__).parents[1] / "consent" / "fixtures" / "shop.yaml"
MEMBER = SubjectFacts(id="m1", kind="member")
OFFICER = Actor.staff("officer1", "privacy_officer")


class Ledger:
    def __init__(self, given: set[str] = frozenset(), refused: set[str] = frozenset()) -> None:  # type: ignore[assignment]
        self.given = given
        self.refused = refused

    def has_consent(self, subject_id: str, target: str) -> bool:
        return target in self.given

    def has_refused(self, subject_id: str, target: str) -> bool:
        return target in self.refused


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(SHOP)


def test_a_consent_provision_reads_its_items_with_consent(policy: Policy) -> None:
    ledger = Ledger(given={"provision:partners"})
    decision = decide(policy, OFFICER, MEMBER, "provision:partners", None, consent=ledger)
    assert (decision.allowed, decision.rule) == (True, "provision_consent")
    assert decision.items == ("name", "email", "gender")


def test_a_consent_provision_without_consent_is_refused(policy: Policy) -> None:
    decision = decide(policy, OFFICER, MEMBER, "provision:partners", None, consent=Ledger())
    assert (decision.allowed, decision.rule) == (False, "consent")


def test_an_opt_out_provision_runs_until_the_person_refuses(policy: Policy) -> None:
    assert decide(policy, OFFICER, MEMBER, "provision:listing", None, consent=Ledger()).allowed
    refused = Ledger(refused={"provision:listing"})
    decision = decide(policy, OFFICER, MEMBER, "provision:listing", None, consent=refused)
    assert (decision.allowed, decision.rule) == (False, "consent")


def test_a_provision_reads_only_its_items(policy: Policy) -> None:
    ledger = Ledger(given={"provision:partners"})
    asked = ["postal_code"]
    decision = decide(policy, OFFICER, MEMBER, "provision:partners", asked, consent=ledger)
    assert (decision.allowed, decision.rule) == (False, "purpose_items")


def test_an_undeclared_provision_is_refused(policy: Policy) -> None:
    decision = decide(policy, OFFICER, MEMBER, "provision:brokers", None, consent=Ledger())
    assert (decision.allowed, decision.rule) == (False, "provision_declared")


def test_staff_without_provisions_run_cannot_provide(policy: Policy) -> None:
    support = Actor.staff("s1", "support")
    ledger = Ledger(given={"provision:partners"})
    decision = decide(policy, support, MEMBER, "provision:partners", None, consent=ledger)
    assert (decision.allowed, decision.rule) == (False, "provision_role")
    decision = decide(policy, Actor.application(), MEMBER, "exception:by_law", None)
    assert (decision.allowed, decision.rule) == (False, "provision_role")


def test_a_stopped_provision_is_refused_even_with_consent(policy: Policy) -> None:
    stopped = SubjectFacts(id="m1", kind="member", suspended=frozenset({"provision:*"}))
    ledger = Ledger(given={"provision:partners"})
    decision = decide(policy, OFFICER, stopped, "provision:partners", None, consent=ledger)
    assert (decision.allowed, decision.rule) == (False, "suspended")


def test_a_listed_legal_exception_reads_any_item_but_passwords(policy: Policy) -> None:
    decision = decide(policy, OFFICER, MEMBER, "exception:court_order", None)
    assert (decision.allowed, decision.rule) == (True, "legal_exception")
    assert "password" not in decision.items
    assert "email" in decision.items


def test_an_exception_the_policy_does_not_list_is_refused(policy: Policy) -> None:
    decision = decide(policy, OFFICER, MEMBER, "exception:public_health_children", None)
    assert (decision.allowed, decision.rule) == (False, "legal_exception")


def test_a_provision_never_writes(policy: Policy) -> None:
    decision = decide(policy, OFFICER, MEMBER, "provision:partners", ["name"], mode="write")
    assert (decision.allowed, decision.rule) == (False, "provision_read_only")


def test_a_request_handler_reaches_every_item_whatever_was_suspended(policy: Policy) -> None:
    handler = Actor.staff("h1", "handler")
    handling = policy.model_copy(
        update={
            "roles": {
                **policy.roles,
                "handler": policy.roles["support"].model_copy(
                    update={"permissions": ["requests.handle"]}
                ),
            }
        }
    )
    stopped = SubjectFacts(id="m1", kind="member", suspended=frozenset({"*"}))
    decision = decide(handling, handler, stopped, "request", None)
    assert (decision.allowed, decision.rule) == (True, "request")
    assert "password" not in decision.items
    refused = decide(handling, handler, stopped, "request", ["password"], mode="write")
    assert (refused.allowed, refused.rule) == (False, "password_self_only")


def test_staff_without_requests_handle_cannot_answer_requests(policy: Policy) -> None:
    decision = decide(policy, Actor.staff("s1", "support"), MEMBER, "request", None)
    assert (decision.allowed, decision.rule) == (False, "request_handler")
