"""soc: personal data is never sold or lent (SOC-6); provision without consent needs one of
the four bases the policy lists and a justification, and is recorded (SOC-7); on SQLite and
PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from seed_register import EXAMPLES, seed_register
from sqlalchemy import Engine

from mamori.crypto import Keyring, PasswordHasher
from mamori.errors import AccessDeniedError, ValidationError
from mamori.policy import load_policy
from mamori.policy.lint import check_policy
from mamori.policy.model import Provision
from mamori.provision import AdHocRecipient, list_records, provide
from mamori.register import Actor, Register

APP = Actor.application()
ADMIN = Actor.staff("st-1", "administrator")
COURT = AdHocRecipient("東京地方裁判所", "東京都千代田区霞が関1-1-4", "所長")


def _member(register: Register) -> None:
    with register.session() as session:
        session.create_subject(
            APP,
            "s1",
            kind="member",
            collection_point="registration",
            values={"name": "山田 花子", "email": "hanako@example.jp", "nickname": "ソアラ好き"},
        )


@pytest.fixture
def soc(engine: Engine, tmp_path: Path) -> Iterator[Register]:
    with seed_register("soc", _url(engine), tmp_path) as register:
        _member(register)
        yield register


def test_soc6_a_sale_is_refused_by_the_lint_and_by_the_gate(engine: Engine, tmp_path: Path) -> None:
    seed = load_policy(EXAMPLES / "soc" / "policy.yaml")
    assert not seed.provisions  # soc declares no provision at all
    sale = Provision(
        label={"*": "販売"},
        recipient_description={"*": "買い手"},
        items=["name", "email"],
        recipient_purposes=[{"*": "転売"}],
        basis="sale",
    )
    selling = seed.model_copy(update={"provisions": {"list_sale": sale}})
    assert "SOC-6-SALE-OR-LENDING" in {finding.rule for finding in check_policy(selling)}
    register = Register.open(
        _url(engine),
        selling,
        Keyring.create(tmp_path / "keyring.json"),
        keystore_url=f"sqlite:///{tmp_path / 'keys.sqlite'}",
        passwords=PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1),
        migrate=True,
    )
    try:
        _member(register)
        buyer = AdHocRecipient("名簿業者")
        with pytest.raises(AccessDeniedError) as refused, register.session() as session:
            provide(session, ADMIN, ["s1"], provision="list_sale", recipient=buyer)
        assert refused.value.rule == "provision_sale"
        with register.engine.connect() as connection:
            assert list_records(connection) == []
    finally:
        register.close()


@pytest.mark.parametrize(
    "basis",
    [
        "court_order",
        "police_inquiry",
        "protect_rights_terms_violation",
        "protect_life_body_property",
    ],
)
def test_soc7_each_listed_basis_with_a_justification_provides_and_is_recorded(
    soc: Register, basis: str
) -> None:
    with soc.session() as session:
        done = provide(
            session,
            ADMIN,
            ["s1"],
            exception=basis,
            recipient=COURT,
            items=["name", "email"],
            justification="発信者情報開示命令(プロバイダ責任制限法)",
            requester_reference="R-2026-1",
        )
    assert done.provided == 1
    with soc.engine.connect() as connection:
        (record,) = list_records(connection, with_subjects=True)
    assert (record.exception, record.requester_reference) == (basis, "R-2026-1")
    assert [subject.subject_id for subject in record.subjects] == ["s1"]


def test_soc7_an_unlisted_basis_or_no_justification_is_refused(soc: Register) -> None:
    with pytest.raises(AccessDeniedError), soc.session() as session:
        provide(
            session,
            ADMIN,
            ["s1"],
            exception="by_law",
            recipient=COURT,
            items=["name"],
            justification="x",
            requester_reference="R-1",
        )
    with pytest.raises(ValidationError), soc.session() as session:
        provide(
            session,
            ADMIN,
            ["s1"],
            exception="court_order",
            recipient=COURT,
            items=["name"],
            justification="",
            requester_reference="R-1",
        )
    with soc.engine.connect() as connection:
        assert list_records(connection) == []


def _url(engine: Engine) -> str:
    # A copy of a database migrated once per session: migrating each test's is slow.
    return engine.url.render_as_string(hide_password=False)
