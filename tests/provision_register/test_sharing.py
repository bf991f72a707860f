"""`sharing_for`: the entrustees, joint uses and modules that concern a person's items, with
the facts the disclosure package shows; a pure function of the policy."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from mamori.policy import Policy, load_policy
from mamori.provision import sharing_for
from tests.provision_register.conftest import FIXTURES

POLICY = load_policy(FIXTURES / "shop.yaml")
SHOP_ITEMS = ["name", "email", "postal_code", "gender", "cookie_id", "social_profile", "health"]


def test_a_host_without_listed_items_concerns_every_item_the_person_has(
    shop_policy: Policy,
) -> None:
    facts = sharing_for(shop_policy, ["gender", "postal_code"])
    assert [(e.key, e.items) for e in facts.entrustees] == [("hosting", ("postal_code", "gender"))]


def test_an_entrustee_concerns_a_person_through_the_items_it_handles(
    shop_policy: Policy,
) -> None:
    facts = sharing_for(shop_policy, ["email", "gender"])
    assert [(e.key, e.items) for e in facts.entrustees] == [
        ("hosting", ("email", "gender")),
        ("mailer", ("email",)),
    ]


def test_a_joint_use_shows_the_four_announced_facts(shop_policy: Policy) -> None:
    (joint,) = sharing_for(shop_policy, ["email"]).joint_uses
    assert joint.items == ("email",)
    assert joint.joint_users == {"*": "Test Shop KK and its subsidiaries listed on the group page"}
    assert joint.purposes == ({"*": "Group membership services"},)
    assert (joint.responsible, joint.responsible_address, joint.responsible_representative) == (
        {"*": "Test Shop KK"},
        {"*": "3-3 Shibuya, Tokyo"},
        {"*": "Hanako Shop"},
    )


def test_a_joint_use_of_none_of_the_persons_items_is_left_out(shop_policy: Policy) -> None:
    assert sharing_for(shop_policy, ["gender"]).joint_uses == ()


def test_every_module_is_listed_with_its_provider_and_what_it_sends(
    shop_policy: Policy,
) -> None:
    (module,) = sharing_for(shop_policy, []).modules
    assert (module.key, module.provider, module.provider_country) == (
        "google_analytics",
        {"*": "Google LLC"},
        "US",
    )
    assert module.sends == ({"*": "Pages viewed"}, {"*": "cookie ID"})


def test_a_person_with_no_items_is_concerned_by_no_entrustee_or_joint_use(
    shop_policy: Policy,
) -> None:
    facts = sharing_for(shop_policy, [])
    assert (facts.entrustees, facts.joint_uses) == ((), ())


def test_the_facts_are_json_ready(shop_policy: Policy) -> None:
    shown = json.loads(json.dumps(sharing_for(shop_policy, SHOP_ITEMS).to_dict()))
    assert [e["key"] for e in shown["entrustees"]] == ["hosting", "mailer"]
    assert shown["joint_uses"][0]["responsible"]["name"] == {"*": "Test Shop KK"}
    assert shown["modules"][0]["policy_url"] is None


@given(st.sets(st.sampled_from(SHOP_ITEMS)))
def test_only_the_persons_own_items_are_ever_shown(held: set[str]) -> None:
    facts = sharing_for(POLICY, held)
    shown = [*(e.items for e in facts.entrustees), *(j.items for j in facts.joint_uses)]
    assert all(item in held for items in shown for item in items)
    assert all(items for items in shown)
