"""The access check, rule by rule, on a small policy."""

from pathlib import Path
from typing import Literal

import pytest

from mamori.policy import Policy, load_policy
from mamori.policy.model import Mask
from mamori.register import (
    INCIDENT,
    PROFILE,
    PUBLIC,
    REQUEST,
    RESERVED_PURPOSES,
    SELF,
    SIGN_IN,
    Actor,
    SubjectFacts,
    apply_mask,
    decide,
)

FIXTURE = Path(__file__).parent / "fixtures" / "community.yaml"


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(FIXTURE)


MEMBER = SubjectFacts(id="m1", kind="member", communities=frozenset({"hiking"}))
APP = Actor.application()


class Consents:
    def __init__(self, *given: tuple[str, str]) -> None:
        self.given = set(given)

    def has_consent(self, subject_id: str, purpose: str) -> bool:
        return (subject_id, purpose) in self.given


def test_a_declared_purpose_reads_its_items(policy: Policy) -> None:
    decision = decide(policy, APP, MEMBER, "service", ["name", "email"])
    assert decision.allowed
    assert decision.items == ("name", "email")


def test_an_item_the_purpose_does_not_declare_is_refused(policy: Policy) -> None:
    decision = decide(policy, APP, MEMBER, "bulletin_board", ["name"])
    assert (decision.allowed, decision.rule) == (False, "purpose_items")
    assert "name" in decision.reason


def test_the_pseudonym_purpose_reads_only_the_nickname(policy: Policy) -> None:
    decision = decide(policy, APP, MEMBER, "bulletin_board", None)
    assert decision.items == ("nickname",)


def test_an_undeclared_purpose_is_refused(policy: Policy) -> None:
    decision = decide(policy, APP, MEMBER, "advertising", ["email"])
    assert (decision.allowed, decision.rule) == (False, "purpose_declared")


def test_an_unknown_item_is_refused(policy: Policy) -> None:
    decision = decide(policy, APP, MEMBER, "service", ["shoe_size"])
    assert (decision.allowed, decision.rule) == (False, "item_declared")


def test_a_role_without_the_purpose_is_refused(policy: Policy) -> None:
    decision = decide(policy, Actor.staff("s1", "support"), MEMBER, "statistics", None)
    assert (decision.allowed, decision.rule) == (False, "role_purpose")


def test_staff_with_the_role_is_allowed(policy: Policy) -> None:
    assert decide(policy, Actor.staff("s1", "support"), MEMBER, "service", ["phone"]).allowed


def test_a_suspended_purpose_is_refused(policy: Policy) -> None:
    suspended = SubjectFacts(id="m1", kind="member", suspended=frozenset({"service"}))
    decision = decide(policy, APP, suspended, "service", ["email"])
    assert (decision.allowed, decision.rule) == (False, "suspended")


def test_suspending_everything_stops_every_purpose(policy: Policy) -> None:
    suspended = SubjectFacts(id="m1", kind="member", suspended=frozenset({"*"}))
    assert decide(policy, APP, suspended, "bulletin_board", None).rule == "suspended"


def test_a_consent_purpose_is_refused_without_a_ledger(policy: Policy) -> None:
    decision = decide(policy, APP, MEMBER, "newsletter", ["email"])
    assert (decision.allowed, decision.rule) == (False, "consent")


def test_a_consent_purpose_is_allowed_once_consent_is_given(policy: Policy) -> None:
    consents = Consents(("m1", "newsletter"))
    assert decide(policy, APP, MEMBER, "newsletter", ["email"], consent=consents).allowed


def test_masked_items_come_with_their_mask(policy: Policy) -> None:
    decision = decide(policy, Actor.staff("a", "analyst"), MEMBER, "statistics", None)
    assert decision.allowed
    assert set(decision.masks) == {"postal_code", "birth_date"}


def test_a_masked_purpose_cannot_write(policy: Policy) -> None:
    actor = Actor.staff("a", "analyst")
    decision = decide(policy, actor, MEMBER, "statistics", ["postal_code"], mode="write")
    assert (decision.allowed, decision.rule) == (False, "masked_write")


def test_a_guest_holds_only_guest_items(policy: Policy) -> None:
    guest = SubjectFacts(id="g1", kind="guest")
    assert decide(policy, APP, guest, "service", None).items == (
        "postal_code",
        "birth_date",
        "session_note",
    )


def test_the_person_reads_their_own_data_but_never_the_password(policy: Policy) -> None:
    decision = decide(policy, Actor.subject("m1"), MEMBER, "self", None)
    assert decision.allowed
    assert "password" not in decision.items
    assert "email" in decision.items
    refused = decide(policy, Actor.subject("m1"), MEMBER, "self", ["password"])
    assert refused.rule == "password_unreadable"


def test_another_person_cannot_use_self(policy: Policy) -> None:
    decision = decide(policy, Actor.subject("m2"), MEMBER, "self", None)
    assert (decision.allowed, decision.rule) == (False, "self_only")


def test_a_person_cannot_use_an_operator_purpose(policy: Policy) -> None:
    decision = decide(policy, Actor.subject("m1"), MEMBER, "service", ["email"])
    assert decision.rule == "role_purpose"


def test_the_reserved_purposes_are_the_ones_no_policy_may_declare() -> None:
    assert {SELF, PROFILE, PUBLIC, REQUEST, SIGN_IN, INCIDENT} == RESERVED_PURPOSES


def test_the_system_reads_the_address_for_a_sign_in_link_whatever_was_suspended(
    policy: Policy,
) -> None:
    # The person asked for the link: signing in is how they reach their data and rights.
    suspended = SubjectFacts(id="m1", kind="member", suspended=frozenset({"*"}))
    decision = decide(policy, Actor.system("notify"), suspended, "sign_in", None)
    assert (decision.allowed, decision.items) == (True, ("email",))


@pytest.mark.parametrize(
    ("actor", "items", "mode", "rule"),
    [
        (Actor.staff("s1", "support"), ["email"], "read", "sign_in_system"),
        (APP, ["email"], "read", "sign_in_system"),
        (Actor.subject("m1"), ["email"], "read", "sign_in_system"),
        (Actor.system("notify"), ["phone"], "read", "sign_in_items"),
        (Actor.system("notify"), ["email"], "write", "sign_in_read_only"),
    ],
    ids=["staff", "application", "the person", "another item", "a write"],
)
def test_sign_in_reads_only_the_address_and_only_for_the_system(
    policy: Policy, actor: Actor, items: list[str], mode: Literal["read", "write"], rule: str
) -> None:
    decision = decide(policy, actor, MEMBER, "sign_in", items, mode=mode)
    assert (decision.allowed, decision.rule) == (False, rule)


def test_a_profile_shows_only_profile_and_public_items(policy: Policy) -> None:
    decision = decide(policy, Actor.subject("m2"), MEMBER, "profile", None)
    assert set(decision.items) == {"name", "nickname", "phone", "bio"}


def test_a_profile_omits_what_the_owner_hides(policy: Policy) -> None:
    owner = SubjectFacts(id="m1", kind="member", hidden=frozenset({"phone"}))
    decision = decide(policy, Actor.subject("m2"), owner, "profile", None)
    assert "phone" not in decision.items
    assert decide(policy, Actor.subject("m2"), owner, "profile", ["phone"]).rule == "visibility"


def test_reciprocity_hides_what_the_reader_hides(policy: Policy) -> None:
    reader_hides = frozenset({"phone"})
    listing = decide(
        policy, Actor.subject("m2"), MEMBER, "profile", None, reader_hidden=reader_hides
    )
    assert "phone" not in listing.items
    asked = decide(
        policy, Actor.subject("m2"), MEMBER, "profile", ["phone"], reader_hidden=reader_hides
    )
    assert (asked.allowed, asked.rule) == (False, "reciprocity")


def test_without_reciprocity_in_the_policy_hidden_items_stay_visible(policy: Policy) -> None:
    plain = policy.model_copy(update={"reciprocity": None})
    reader = Actor.subject("m2")
    listing = decide(plain, reader, MEMBER, "profile", None, reader_hidden=frozenset({"phone"}))
    assert "phone" in listing.items


def test_public_shows_only_public_items(policy: Policy) -> None:
    decision = decide(policy, APP, MEMBER, "public", None)
    assert decision.items == ("nickname",)


def test_a_private_item_is_not_on_the_profile(policy: Policy) -> None:
    decision = decide(policy, Actor.subject("m2"), MEMBER, "profile", ["email"])
    assert (decision.allowed, decision.rule) == (False, "visibility")


def test_a_community_admin_reaches_members_of_their_community(policy: Policy) -> None:
    admin = Actor.community_admin("c1", "hiking")
    assert decide(policy, admin, MEMBER, "community_admin", ["email"]).allowed


def test_a_community_admin_does_not_reach_other_communities(policy: Policy) -> None:
    admin = Actor.community_admin("c1", "sailing")
    decision = decide(policy, admin, MEMBER, "community_admin", ["email"])
    assert (decision.allowed, decision.rule) == (False, "community_scope")


def test_a_community_admin_uses_only_admin_purposes(policy: Policy) -> None:
    admin = Actor.community_admin("c1", "hiking")
    assert decide(policy, admin, MEMBER, "service", ["email"]).rule == "role_purpose"


@pytest.mark.parametrize(
    ("mask", "value", "expected"),
    [
        (Mask(keep_first=3), "1500001", "150****"),
        (Mask(keep_last=4), "09012345678", "*******5678"),
        (Mask(year=True), "1990-04-01", "1990"),
        (Mask(domain=True), "someone@example.org", "*@example.org"),
    ],
)
def test_masks_keep_only_their_part(mask: Mask, value: str, expected: str) -> None:
    assert apply_mask(mask, value) == expected
