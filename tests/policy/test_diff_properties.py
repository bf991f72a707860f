"""Properties of `diff_policies` on random versions of the onplanetz example."""

from __future__ import annotations

import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lint_edits import apply, onplanetz_data
from test_diff import CASES
from test_lint_rules import _EDITS

from mamori.policy import Policy, diff_policies
from mamori.policy.diff import CLASSIFICATIONS, strongest

_POOL = _EDITS + [param.values[0] + param.values[1] for param in CASES]


@st.composite
def versions(draw: st.DrawFn) -> Policy:
    data = onplanetz_data()
    for edits in draw(st.lists(st.sampled_from(_POOL), max_size=5)):
        for edit in edits:
            # An edit whose target an earlier one removed is skipped.
            with contextlib.suppress(KeyError, IndexError, TypeError):
                apply(data, edit)
    for section in ("items", "purposes", "provisions", "cookies"):
        keys = sorted(data.get(section) or {})
        for key in draw(st.lists(st.sampled_from(keys), max_size=2)) if keys else []:
            if len(data[section]) > 1:  # items and purposes may not be empty
                data[section].pop(key, None)
    data["jurisdictions"] = draw(st.sampled_from([["JP"], ["EU"], ["JP", "EU"]]))
    return Policy.model_validate(data)


_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(versions(), versions())
def test_the_overall_classification_is_the_strongest_of_the_changes(
    old: Policy, new: Policy
) -> None:
    result = diff_policies(old, new)
    assert result.classification == strongest(c.classification for c in result.changes)
    assert all(change.classification in CLASSIFICATIONS for change in result.changes)


@_SETTINGS
@given(versions(), versions())
def test_there_are_changes_exactly_when_the_content_differs(old: Policy, new: Policy) -> None:
    assert diff_policies(old, new).unchanged == (old.content_hash == new.content_hash)


@_SETTINGS
@given(versions())
def test_a_version_does_not_differ_from_itself(policy: Policy) -> None:
    assert diff_policies(policy, policy).unchanged


@_SETTINGS
@given(versions(), versions())
def test_editorial_changes_never_ask_for_anything(old: Policy, new: Policy) -> None:
    for change in diff_policies(old, new).changes:
        if change.classification == "editorial":
            assert change.affected.is_empty()
