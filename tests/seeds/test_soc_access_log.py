"""SOC-4: IP address, cookie information and browser environment are recorded on the server,
with a retention period, and linked to the member only because the policy declares it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.registers import Registers, add_members

from mamori.accesslog import AccessLog, expire, read_log
from mamori.policy import load_policy
from mamori.register import Actor, Register

POLICY = Path(__file__).parents[2] / "examples" / "soc" / "policy.yaml"
ADMIN = Actor.staff("ad-1", "administrator")


@pytest.fixture
def soc(registers: Registers) -> Register:
    return registers(load_policy(POLICY))


def test_soc4_browsing_is_recorded_linked_to_the_member_as_declared(soc: Register) -> None:
    point = soc.policy.collection_points["site_browsing"]
    assert point.linked
    assert set(point.access_log) == {"ip", "cookie", "user_agent", "page"}
    add_members(soc, count=1)
    with AccessLog(soc) as log:
        log.record(ip="203.0.113.9", cookie="soc-c", user_agent="UA/1", page="/", subject_id="m1")
    with soc.session() as session:
        (entry,) = read_log(session, ADMIN, "service_improvement")
    assert entry.subject_id == "m1"
    assert entry.values == {"user_agent": "UA/1", "page": "/"}  # purpose (2)'s items only


def test_soc4_no_numbered_purpose_reads_the_ip_address(soc: Register) -> None:
    with AccessLog(soc) as log:
        log.record(ip="203.0.113.9")
    with soc.session() as session:
        found = read_log(session, Actor.system(), "violation_prevention")
    assert all("ip" not in entry.values for entry in found)


def test_soc4_rows_go_after_the_retention_period_and_with_the_member(soc: Register) -> None:
    add_members(soc, count=1)
    with AccessLog(soc) as log:
        log.record(at=datetime(2020, 1, 1, tzinfo=UTC), ip="203.0.113.9", page="/")
        log.record(ip="203.0.113.9", page="/", subject_id="m1")
    with soc.session() as session:
        assert expire(session, Actor.system())["rows_deleted"] == 1
        session.erase(Actor.system(), "m1")
    with soc.session() as session:
        assert read_log(session, ADMIN, "service_improvement") == []
