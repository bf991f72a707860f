"""The scheduler runs retention in the background until stopped."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mamori.errors import ValidationError
from mamori.register import Register
from mamori.retention import RetentionScheduler, last_run


def test_a_started_scheduler_records_a_run(register: Register) -> None:
    scheduler = RetentionScheduler(register, every=timedelta(hours=1))
    scheduler.start()
    try:
        assert scheduler.wait_for_runs(1, timeout=60)
    finally:
        scheduler.stop()
    assert not scheduler.running
    assert scheduler.last_error is None
    assert scheduler.last_summary is not None
    with register.engine.connect() as connection:
        recorded = last_run(connection)
    assert recorded is not None
    assert recorded.id == scheduler.last_summary.run_id


def test_a_scheduler_needs_a_positive_interval(register: Register) -> None:
    with pytest.raises(ValidationError, match="positive"):
        RetentionScheduler(register, every=timedelta(0))
