"""Property: whatever the sequence of give, withdraw, refuse and the passing of time, a
provision read succeeds exactly when the latest decision is a "given" still in force."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mamori.consent import Collected, give, refuse, withdraw
from mamori.crypto import Keyring, PasswordHasher
from mamori.errors import AccessDeniedError
from mamori.policy import Policy
from mamori.register import Actor, Register
from tests.consent.conftest import APP, OFFICER

TARGET = "provision:partners"  # consent basis, lapses 180 days after it is given
EXPIRY = timedelta(days=180)
START = datetime(2026, 1, 1, tzinfo=UTC)

steps = st.lists(
    st.tuples(st.sampled_from(["give", "withdraw", "refuse"]), st.integers(0, 250)),
    min_size=1,
    max_size=8,
)


@pytest.fixture(scope="module")
def register(shop_policy: Policy, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Register]:
    """One register on SQLite for every example; each example uses a subject of its own."""
    folder = tmp_path_factory.mktemp("property")
    opened = Register.open(
        f"sqlite:///{folder / 'register.sqlite'}",
        shop_policy,
        Keyring.create(folder / "keyring.json"),
        keystore_url=f"sqlite:///{folder / 'keys.sqlite'}",
        audit_head=folder / "audit-head.json",
        passwords=PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1),
        migrate=True,
    )
    yield opened
    opened.close()


def provision_read(register: Register, subject: str) -> str:
    """ "allowed", or the rule that refused the read."""
    try:
        with register.session() as session:
            session.read(OFFICER, subject, TARGET)
    except AccessDeniedError as refused:
        return refused.rule
    return "allowed"


_examples = iter(range(1_000_000))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sequence=steps)
def test_no_provision_runs_without_live_consent(
    register: Register, sequence: list[tuple[str, int]]
) -> None:
    subject = f"p{next(_examples)}"
    with register.session() as session:
        session.create_subject(
            APP, subject, kind="member", collection_point="registration", values={"name": "N"}
        )
    actions = {"give": give, "withdraw": withdraw, "refuse": refuse}
    person = Actor.subject(subject)
    moment = START
    for action, days_later in sequence:
        moment += timedelta(days=days_later)
        how = Collected(method="web_form", language="en", at=moment)
        with register.session() as session:
            actions[action](session, person, subject, [TARGET], how)
        live = action == "give" and moment + EXPIRY > datetime.now(UTC)
        assert provision_read(register, subject) == ("allowed" if live else "consent")
