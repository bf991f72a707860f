"""A collection point declares its access log and `linked`; misuse is refused with the place in
the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from mamori.errors import PolicyError
from mamori.policy import load_policy
from tests.accesslog.conftest import EXAMPLES


def _broken(tmp_path: Path, old: str, new: str) -> str:
    text = (EXAMPLES / "wox" / "policy.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "policy.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PolicyError) as refused:
        load_policy(path)
    return str(refused.value) + "\n".join(str(p) for p in refused.value.problems)


def test_linked_without_an_access_log_is_refused_at_its_line(tmp_path: Path) -> None:
    message = _broken(
        tmp_path, "    purposes: [contact]\n", "    purposes: [contact]\n    linked: true\n"
    )
    assert "policy.yaml:104:5: collection_points.registration.linked" in message


def test_an_item_outside_the_point_is_refused(tmp_path: Path) -> None:
    message = _broken(tmp_path, "page: pages_viewed}", "page: transfer_name}")
    assert "collection_points.access_log.access_log.page" in message
    assert "'transfer_name' is not among the items" in message


def test_an_unknown_item_is_refused(tmp_path: Path) -> None:
    message = _broken(tmp_path, "page: pages_viewed}", "page: pages_seen}")
    assert "no item 'pages_seen'" in message


def test_a_field_that_is_no_request_field_is_refused(tmp_path: Path) -> None:
    message = _broken(tmp_path, "page: pages_viewed}", "referrer: pages_viewed}")
    assert "collection_points.access_log.access_log" in message
