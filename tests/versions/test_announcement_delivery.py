"""Policy announcements reach the outbox: one message per person concerned, in their language,
in batches, when deliver_due runs (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

from mamori.config import Settings
from mamori.consent import Collected, give
from mamori.notify import deliver_due, messages, queue_announcements
from mamori.policy import Policy
from mamori.register import Actor, Register
from mamori.versions import activate, pending_announcements
from tests.versions.conftest import SYSTEM


def test_an_activation_owes_messages_that_delivery_queues_and_sends(
    shop: Register, v1: Policy, v2: Policy, tmp_path: Path
) -> None:
    with shop.session() as session:
        give(
            session, Actor.subject("m1"), "m1", ["provision:partners"], Collected("web_form", "ja")
        )
        activate(session, SYSTEM, v1)
    with shop.session() as session:
        done = activate(session, SYSTEM, v2)
    owed = done.asked_again + done.notified

    assert queue_announcements(shop, limit=2) == 2
    report = deliver_due(shop, Settings(notify_sink_dir=tmp_path), limit=1_000)

    with shop.engine.connect() as connection:
        assert pending_announcements(connection) == []
        queued = messages(connection, limit=1_000)
    assert len(queued) == owed
    kinds = {(entry.subject_id, entry.kind, entry.locale) for entry in queued}
    assert ("m1", "consent_renewal", "ja") in kinds
    assert ("m2", "policy_changed", "en") in kinds
    assert len(report.delivered) == owed
    for path in tmp_path.glob("*.eml"):
        text = path.read_text(encoding="utf-8")
        assert "1500001" not in text
        assert "Member" not in text
