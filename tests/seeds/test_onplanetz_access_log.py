"""OP-4: logs (IP, request dates, operation history), cookies and anonymous IDs and terminal
information are collected automatically, as the policy declares them."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.registers import Registers

from mamori.accesslog import AccessLog, read_log
from mamori.errors import AccessDeniedError
from mamori.policy import load_policy
from mamori.register import Actor, Register

POLICY = Path(__file__).parents[2] / "examples" / "onplanetz" / "policy.yaml"


@pytest.fixture
def onplanetz(registers: Registers) -> Register:
    return registers(load_policy(POLICY))


def test_op4_the_log_records_automatic_items_only(onplanetz: Register) -> None:
    policy = onplanetz.policy
    point = policy.collection_points["site_browsing"]
    assert {policy.items[item].source for item in point.access_log.values()} == {"automatic"}
    with AccessLog(onplanetz) as log:
        log.record(ip="192.0.2.5", cookie="anon-1", user_agent="App/2", page="/jobs")
    with onplanetz.session() as session:
        (entry,) = read_log(session, Actor.system(), "statistics")
    assert entry.values == {
        "ip": "192.0.2.5",
        "cookie": "anon-1",
        "user_agent": "App/2",
        "page": "/jobs",
    }


def test_op4_a_purpose_that_does_not_use_the_log_cannot_read_it(onplanetz: Register) -> None:
    with onplanetz.session() as session, pytest.raises(AccessDeniedError):
        read_log(session, Actor.system(), "service_provision")
