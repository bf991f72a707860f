"""Every fake value fits its item, whatever the seed and the subject: a demo load never stops
on a value the register refuses."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mamori.demo import SyntheticPeople
from mamori.policy import load_policy
from mamori.register.validation import validate_value

ROOT = Path(__file__).parents[2]
POLICIES = [
    load_policy(path)
    for path in [
        *sorted((ROOT / "examples").glob("*/policy.yaml")),
        ROOT / "tests" / "register" / "fixtures" / "community.yaml",
    ]
]
PEOPLE: dict[tuple[int, int], SyntheticPeople] = {}


def _people(policy_index: int, seed: int) -> SyntheticPeople:
    # Faker generators are slow to build; each (policy, seed) is made once.
    key = (policy_index, seed)
    if key not in PEOPLE:
        PEOPLE[key] = SyntheticPeople(POLICIES[policy_index], seed=seed)
    return PEOPLE[key]


@settings(max_examples=150, deadline=None)
@given(
    policy_index=st.integers(0, len(POLICIES) - 1),
    seed=st.integers(0, 3),
    index=st.integers(0, 9_999_999),
)
def test_every_value_passes_its_items_validation(policy_index: int, seed: int, index: int) -> None:
    people = _people(policy_index, seed)
    subject = people.subject(index)
    for key, value in subject.values.items():
        item = people.policy.items[key]
        if item.type == "password":
            assert len(value) >= 8
        else:
            validate_value(key, item, value)


@settings(max_examples=50, deadline=None)
@given(policy_index=st.integers(0, len(POLICIES) - 1), index=st.integers(0, 9_999_999))
def test_a_subject_is_the_same_whenever_it_is_made(policy_index: int, index: int) -> None:
    policy = POLICIES[policy_index]
    assert (
        SyntheticPeople(policy, seed=5).subject(index).values
        == _people(policy_index, 5).subject(index).values
    )
