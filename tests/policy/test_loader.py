"""Loading a policy: each kind of problem is reported at its exact place, with its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from mamori.errors import PolicyError
from mamori.policy import (
    Policy,
    PolicyProblem,
    load_policy,
    load_policy_source,
    parse_policy,
    parse_policy_source,
    problems_of,
)

MINIMAL = Path(__file__).parent / "loader_cases" / "minimal.yaml"
TEXT = MINIMAL.read_text(encoding="utf-8")
ONPLANETZ = Path(__file__).parents[2] / "examples" / "onplanetz" / "policy.yaml"


def edited(*pairs: str, text: str = TEXT) -> str:
    """The minimal policy with each `old` (found exactly once) replaced by its `new`."""
    for old, new in zip(pairs[::2], pairs[1::2], strict=True):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def problems(text: str) -> list[str]:
    with pytest.raises(PolicyError) as caught:
        parse_policy(text, source="p.yaml")
    return [str(problem) for problem in problems_of(caught.value)]


def test_the_minimal_policy_loads() -> None:
    policy = parse_policy(TEXT)
    assert isinstance(policy, Policy)
    assert list(policy.purposes) == ["service", "marketing"]


def test_the_onplanetz_example_loads() -> None:
    assert load_policy(ONPLANETZ).name == "onplanetz"


def test_a_loaded_policy_is_immutable() -> None:
    policy = parse_policy(TEXT)
    with pytest.raises(ValueError, match="frozen"):
        policy.name = "other"  # type: ignore[misc]


def test_the_content_hash_ignores_layout_but_not_content() -> None:
    reformatted = edited("locales: [ja, en]", "locales:\n  - ja\n  - en")
    changed = edited('version: "1"', 'version: "2"')
    assert parse_policy(reformatted).content_hash == parse_policy(TEXT).content_hash
    assert parse_policy(changed).content_hash != parse_policy(TEXT).content_hash


def test_unknown_field_suggests_the_field_meant() -> None:
    text = edited("    category: user.name\n", "    category: user.name\n    lable: x\n")
    assert problems(text) == [
        "p.yaml:18:5: items.name.lable: unknown field 'lable'; did you mean 'label'?"
    ]


def test_unknown_field_without_a_near_one_lists_the_fields() -> None:
    (problem,) = problems(TEXT + "zzz_top: 1\n")
    assert problem.startswith("p.yaml:60:1: zzz_top: unknown field 'zzz_top'; the fields here")
    assert "purposes" in problem


def test_a_misspelt_field_is_not_also_reported_missing() -> None:
    text = edited("  legal_name: Shop K.K.", "  legal_nam: Shop K.K.")
    assert problems(text) == [
        "p.yaml:10:3: organization.legal_nam: unknown field 'legal_nam'; did you mean 'legal_name'?"
    ]


def test_missing_field_is_named_with_an_example_at_its_parent() -> None:
    text = edited("    legal_basis: contract\n", "")
    assert problems(text) == [
        "p.yaml:34:3: purposes.service.legal_basis: missing field 'legal_basis'; "
        "add it, e.g. `legal_basis: consent`"
    ]


def test_bad_choice_lists_the_allowed_values() -> None:
    text = edited("legal_basis: contract", "legal_basis: contrat")
    assert problems(text) == [
        "p.yaml:37:5: purposes.service.legal_basis: 'contrat' is not an allowed value here; "
        "did you mean 'contract'? allowed: consent, contract, legal_obligation, "
        "legitimate_interest, vital_interest, public_interest"
    ]


def test_wrong_type_says_what_was_expected_and_how_to_write_it() -> None:
    assert problems(edited('version: "1"', "version: 2")) == [
        'p.yaml:4:1: version: expected a text, got the number 2; put it in quotes: version: "2"'
    ]
    assert problems(edited("locales: [ja, en]", "locales: ja")) == [
        "p.yaml:6:1: locales: expected a list, got the text 'ja'; write a list, e.g. locales: [ja]"
    ]


def test_a_bad_key_suggests_a_valid_one() -> None:
    text = edited("  phone:\n    label: {ja: 電話", "  Phone Number:\n    label: {ja: 電話")
    assert problems(text)[0] == (
        "p.yaml:25:3: items['Phone Number']: 'Phone Number' is not a valid key; "
        "a key is lower-case letters, digits and _, starting with a letter, e.g. 'phone_number'"
    )


def test_a_number_is_not_a_duration() -> None:
    text = edited(
        "    category: user.name\n", "    category: user.name\n    retention: {period: 3}\n"
    )
    assert problems(text) == [
        "p.yaml:18:17: items.name.retention.period: '3' is not a duration; "
        "write it as P3Y, P13M, P2W or P30D"
    ]


def test_a_union_offers_each_way_to_write_the_value() -> None:
    cookie = "    category: essential\n    lifetime: forever\n"
    text = (
        TEXT + f"cookies:\n  c:\n    label: C\n    provider: Us\n    purpose: To remember\n{cookie}"
    )
    assert problems(text) == [
        "p.yaml:66:5: cookies.c.lifetime: 'forever' is not a duration; "
        "write it as P3Y, P13M, P2W or P30D; or write session"
    ]


def test_a_check_on_the_whole_file_is_placed_at_the_field_it_names() -> None:
    assert problems(edited("default_locale: ja", "default_locale: fr")) == [
        "p.yaml:7:1: default_locale: default_locale 'fr' is not one of the locales (ja, en); "
        "add it to locales, or choose one of them"
    ]


def test_unknown_reference_suggests_the_key_meant() -> None:
    text = edited("items: [email, nickname, phone]", "items: [email, nickname, phon]")
    assert problems(text) == [
        "p.yaml:43:30: purposes.marketing.items[2]: no item 'phon'; did you mean 'phone'?"
    ]


def test_unknown_reference_without_a_near_key_lists_the_keys() -> None:
    text = edited("pseudonym_of: name", "pseudonym_of: zzz")
    assert problems(text) == [
        "p.yaml:21:5: items.nickname.pseudonym_of: no item 'zzz'; "
        "declare it under items, or use one of: name, nickname, email, phone"
    ]


def test_a_key_listed_twice_is_reported() -> None:
    text = edited("items: [email, nickname, phone]", "items: [email, nickname, phone, email]")
    assert problems(text) == [
        "p.yaml:43:37: purposes.marketing.items[3]: 'email' is listed twice; remove one"
    ]


def test_a_purpose_cannot_take_a_name_the_register_reserves() -> None:
    text = edited("  service:\n", "  request:\n", "purposes: [service]", "purposes: [request]")
    assert problems(text) == [
        "p.yaml:34:3: purposes.request: 'request' is a purpose the register reserves "
        "(incident, profile, public, request, self, sign_in), with a meaning of its own; give "
        "this purpose another key, e.g. 'request_use', and use that key wherever the policy "
        "names it"
    ]


def test_a_mask_only_applies_to_the_purposes_own_items() -> None:
    text = edited("      phone: {keep_last: 4}", "      name: {keep_last: 4}")
    assert problems(text) == [
        "p.yaml:45:7: purposes.marketing.masks.name: masks item 'name', which this purpose "
        "does not use; add 'name' to purposes.marketing.items, or remove the mask"
    ]


def test_an_item_is_not_a_pseudonym_of_itself() -> None:
    text = edited("pseudonym_of: name", "pseudonym_of: nickname")
    assert problems(text) == [
        "p.yaml:21:5: items.nickname.pseudonym_of: an item cannot be a pseudonym of itself; "
        "name the item it stands in for (e.g. a nickname for the name)"
    ]


def test_a_collection_points_purposes_use_its_items() -> None:
    text = edited("    items: [name, email]\n    purposes:", "    items: [phone]\n    purposes:")
    assert problems(text) == [
        "p.yaml:32:16: collection_points.signup.purposes[0]: purpose 'service' uses none of the "
        "items collected here; add one of phone to purposes.service.items, or remove the "
        "purpose from this collection point"
    ]


def test_research_quasi_identifiers_are_among_its_items() -> None:
    text = edited("quasi_identifiers: [phone]", "quasi_identifiers: [name]")
    assert problems(text) == [
        "p.yaml:50:25: research.study.quasi_identifiers[0]: 'name' is not among the items of "
        "this release; add it to research.study.items, or remove it from quasi_identifiers"
    ]


def test_format_of_a_later_version_asks_to_upgrade() -> None:
    assert problems(edited("format: 1", "format: 2")) == [
        "p.yaml:2:1: format: this file is in policy format 2, but this Mamori reads format 1; "
        "upgrade Mamori (pip install -U mamori) to read it"
    ]
    assert problems(edited("format: 1", "format: one")) == [
        "p.yaml:2:1: format: 'one' is not a policy format version; write format: 1"
    ]


def test_missing_format_asks_for_it() -> None:
    assert problems(edited("format: 1\n", "")) == [
        "p.yaml:1:1: format: missing field 'format'; add it, e.g. `format: 1`"
    ]


def test_duplicate_yaml_key_names_both_lines() -> None:
    text = edited('version: "1"\n', 'version: "1"\nname: shop\n')
    assert problems(text) == [
        "p.yaml:5:1: name: duplicate key 'name' (first written at line 3); "
        "remove one of them, or rename it; YAML would silently keep only one"
    ]


def test_every_problem_is_reported_at_once_in_file_order() -> None:
    text = edited(
        "items: [email, nickname, phone]",
        "items: [email, nickname, phon]",
        "legal_basis: contract",
        "legal_basis: contrat",
        "    category: user.name\n",
        "    category: [user.name]\n",
        "category: user.contact.email",
        "category: user.contact.emial",
    )
    found = problems(text)
    assert [problem.split(": ")[0] for problem in found] == [
        "p.yaml:17:5",
        "p.yaml:24:5",
        "p.yaml:37:5",
        "p.yaml:43:30",
    ]


def test_references_to_a_broken_entry_are_not_reported_again() -> None:
    text = edited("    category: user.contact.phone_number", "    category: 7")
    assert problems(text) == [
        "p.yaml:27:5: items.phone.category: expected a text, got the number 7; "
        'put it in quotes: category: "7"'
    ]


def test_the_error_message_lists_every_problem_under_a_count() -> None:
    text = edited(
        "pseudonym_of: name", "pseudonym_of: nam", "legal_basis: contract", "legal_basis: x"
    )
    with pytest.raises(PolicyError) as caught:
        parse_policy(text, source="p.yaml")
    lines = caught.value.message.splitlines()
    assert lines[0] == "p.yaml: 2 problems"
    assert lines[1].startswith("p.yaml:21:5: items.nickname.pseudonym_of: no item 'nam'")
    assert lines[2].startswith("p.yaml:37:5: purposes.service.legal_basis: 'x' is not")


def test_a_problem_carries_its_parts() -> None:
    with pytest.raises(PolicyError) as caught:
        parse_policy(edited("pseudonym_of: name", "pseudonym_of: nam"), source="p.yaml")
    assert problems_of(caught.value) == [
        PolicyProblem(
            source="p.yaml",
            line=21,
            column=5,
            path="items.nickname.pseudonym_of",
            message="no item 'nam'",
            hint="did you mean 'name'?",
            code="unknown_reference",
        )
    ]


def test_the_source_map_places_values() -> None:
    _, source_map = parse_policy_source(TEXT, source="p.yaml")
    assert source_map.place(("purposes", "marketing", "items", 2)) == "p.yaml:43:30"
    assert source_map.place(("purposes", "marketing", "not_there")) == "p.yaml:39:3"


def test_load_policy_source_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(TEXT, encoding="utf-8")
    _, source_map = load_policy_source(path)
    assert source_map.place(("items", "email")) == f"{path}:22:3"


def test_anchors_and_merge_keys_are_allowed() -> None:
    text = edited(
        "  name:\n    label: {ja: 氏名, en: Name}",
        "  name:\n    label: &label {ja: 氏名, en: Name}",
        "    label: {ja: 電話, en: Phone}\n",
        "    <<: {label: *label}\n",
    )
    assert parse_policy(text).items["phone"].label == {"ja": "氏名", "en": "Name"}
