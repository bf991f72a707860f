"""WOX-3: IP, cookie, pages viewed and environment are kept as an access log that identifies no
one, for site management, with a retention period."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from tests.registers import Registers

from mamori.accesslog import AccessLog, expire, read_log
from mamori.policy import load_policy
from mamori.register import Actor, Register

POLICY = Path(__file__).parents[2] / "examples" / "wox" / "policy.yaml"
STAFF = Actor.staff("st-1", "staff_in_charge")


@pytest.fixture
def wox(registers: Registers) -> Register:
    return registers(load_policy(POLICY))


def test_wox3_the_access_log_names_no_one_and_holds_no_clear_identifier(wox: Register) -> None:
    assert not wox.policy.collection_points["access_log"].linked
    with AccessLog(wox, truncate_ip=True) as log:
        log.record(ip="198.51.100.23", cookie="wox-c", page="/board", subject_id="u-1")
    with wox.engine.connect() as connection:
        row = connection.execute(text("SELECT subject_id, ip, cookie FROM access_log")).one()
    assert row.subject_id is None
    assert b"198.51.100" not in bytes(row.ip)
    with wox.session() as session:
        (entry,) = read_log(session, STAFF, "usage_analysis")
    assert entry.values["ip"] == "198.51.100.0"


def test_wox3_every_item_of_the_log_has_a_retention_period_that_is_applied(wox: Register) -> None:
    point = wox.policy.collection_points["access_log"]
    assert all(wox.policy.items[item].retention for item in point.access_log.values())
    with AccessLog(wox) as log:
        log.record(at=datetime(2020, 1, 1, tzinfo=UTC), ip="198.51.100.23")
    with wox.session() as session:
        assert expire(session, Actor.system())["rows_deleted"] == 1
