"""Reading the stored versions back, and the outbox's side of the announcements."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from mamori.errors import IntegrityError, NotFoundError, ValidationError
from mamori.policy import Policy
from mamori.register import Register
from mamori.versions import (
    activate,
    active_policy,
    canonical_document,
    mark_delivered,
    pending_announcements,
    stored_policy,
)
from tests.versions.conftest import SYSTEM


@pytest.fixture
def changed(shop: Register, v1: Policy, v2: Policy) -> Register:
    with shop.session() as session:
        activate(session, SYSTEM, v1)
    with shop.session() as session:
        activate(session, SYSTEM, v2)
    return shop


def test_any_activated_version_can_be_shown_again(changed: Register, v1: Policy) -> None:
    with changed.engine.connect() as connection:
        assert stored_policy(connection, "1") == v1


def test_an_unknown_version_is_not_found_and_the_known_ones_are_named(changed: Register) -> None:
    with (
        pytest.raises(NotFoundError, match="activated: 1, 2"),
        changed.engine.connect() as connection,
    ):
        stored_policy(connection, "9")


def test_the_stored_document_hashes_to_the_content_hash(v1: Policy) -> None:
    assert hashlib.sha256(canonical_document(v1).encode()).hexdigest() == v1.content_hash


def test_an_edited_document_is_detected(changed: Register) -> None:
    with changed.engine.begin() as connection:
        connection.execute(
            text("UPDATE policy_versions SET document = replace(document, 'AdCo', 'AdCorp')")
        )
    with pytest.raises(IntegrityError, match="#2"), changed.engine.connect() as connection:
        active_policy(connection)


def test_a_delivered_announcement_is_no_longer_pending(changed: Register) -> None:
    first = datetime(2026, 6, 1, 9, tzinfo=UTC)
    with changed.engine.begin() as connection:
        (one, *others) = pending_announcements(connection)
        assert mark_delivered(connection, [one.id], at=first) == 1
        assert [a.id for a in pending_announcements(connection)] == [a.id for a in others]


def test_marking_again_keeps_the_first_delivery_time(changed: Register) -> None:
    first = datetime(2026, 6, 1, 9, tzinfo=UTC)
    with changed.engine.begin() as connection:
        ids = [a.id for a in pending_announcements(connection)]
        mark_delivered(connection, ids, at=first)
        assert mark_delivered(connection, ids) == 0
        distinct = connection.execute(
            text("SELECT COUNT(DISTINCT delivered_at) FROM policy_announcements")
        ).scalar()
    assert distinct == 1


def test_pending_takes_at_most_the_limit(changed: Register) -> None:
    with changed.engine.connect() as connection:
        assert len(pending_announcements(connection, limit=2)) == 2
        with pytest.raises(ValidationError):
            pending_announcements(connection, limit=0)
