"""The soc register reads each item only for the purposes that declare it (SOC-5) and shows
posters by their nickname (SOC-10), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from seed_register import events, revealed, seed_register

from mamori.errors import AccessDeniedError
from mamori.register import Actor, Register

APP = Actor.application()
ADMIN = Actor.staff("st-1", "administrator")

# The nine purposes as the seed's sentences name their items ((1) ... (9)). "User attributes"
# are defined in (1): postal code, gender, occupation, age, time and way of use, environment.
ATTRIBUTES = {"postal_code", "gender", "occupation", "birth_date", "usage_history"}
NINE = {
    "personalization": ATTRIBUTES | {"usage_environment"},
    "service_improvement": ATTRIBUTES | {"usage_environment"},
    # (3): registration data and usage; the policy counts meeting attendance as usage.
    "registration_view": {
        "name",
        "address",
        "email",
        "phone",
        "usage_history",
        "meeting_attendance",
    },
    "notices": {"email", "address"},
    "identity_verification": {"name", "address", "birth_date", "phone"},
    "form_prefill": {
        "name",
        "nickname",
        "email",
        "birth_date",
        "gender",
        "postal_code",
        "address",
        "phone",
        "occupation",
        "industry",
        "interests",
    },
    "bulletin_board": {"nickname"},
    "violation_prevention": {"usage_history", "name", "address"},
    "inquiry_response": ATTRIBUTES | {"usage_environment", "inquiry_content", "email", "address"},
}
AGE_ONLY = {"personalization", "service_improvement", "inquiry_response"}
APP_PURPOSES = {
    "personalization",
    "registration_view",
    "notices",
    "identity_verification",
    "form_prefill",
    "bulletin_board",
}

REGISTRATION = {
    "name": "山田 花子",
    "nickname": "ソアラ好き",
    "email": "hanako@example.jp",
    "birth_date": "1985-07-20",
    "gender": "女性",
    "postal_code": "150-0001",
    "address": "東京都渋谷区神宮前1-1-1",
    "phone": "03-1234-5678",
    "occupation": "会社員",
    "industry": "自動車",
    "interests": "ドライブ",
}
LATER = {
    "usage_history": "掲示板を週に三回",
    "usage_environment": "Firefox on Linux",
    "meeting_attendance": "2007年春のオフラインミーティング",
    "inquiry_content": "会費について",
}
STORED = {**REGISTRATION, **LATER}


@pytest.fixture
def register(database_url: str, tmp_path: Path) -> Iterator[Register]:
    """The soc register with member m1, who gave every item the nine purposes use."""
    with seed_register("soc", database_url, tmp_path) as opened:
        with opened.session() as session:
            session.create_subject(
                APP, "m1", kind="member", collection_point="registration", values=REGISTRATION
            )
            usage = {key: LATER[key] for key in ("usage_history", "usage_environment")}
            session.write(APP, "m1", "personalization", usage)
            attendance = {"meeting_attendance": LATER["meeting_attendance"]}
            session.write(APP, "m1", "registration_view", attendance)
            inquiry = {"inquiry_content": LATER["inquiry_content"]}
            session.write(ADMIN, "m1", "inquiry_response", inquiry)
        yield opened


def actor_for(purpose: str) -> Actor:
    return APP if purpose in APP_PURPOSES else ADMIN


# -- SOC-5: nine purposes, each with its items ----------------------------------------------


def test_soc5_the_policy_declares_the_nine_purposes_with_their_items(register: Register) -> None:
    declared = {key: set(purpose.items) for key, purpose in register.policy.purposes.items()}
    assert declared == NINE


def test_soc5_each_purpose_reads_exactly_its_items(register: Register) -> None:
    with register.session() as session:
        for purpose, items in NINE.items():
            data = revealed(session.read(actor_for(purpose), "m1", purpose))
            assert set(data) == items, purpose
            for key, value in data.items():
                if key == "birth_date" and purpose in AGE_ONLY:
                    assert value == "1985", purpose  # the age, not the date
                else:
                    assert value == STORED[key], (purpose, key)


def test_soc5_an_item_a_purpose_does_not_declare_is_refused_and_logged(
    register: Register,
) -> None:
    refusals = 0
    for purpose, items in NINE.items():
        for item in sorted(set(STORED) - items):
            with pytest.raises(AccessDeniedError) as refused, register.session() as session:
                session.read(actor_for(purpose), "m1", purpose, [item])
            assert refused.value.rule == "purpose_items"
            assert item in refused.value.message
            last = events(register, "m1")[-1]
            assert (last.action, last.purpose, last.item_keys) == ("read", purpose, (item,))
            assert (last.outcome.value, last.rule) == ("refused", "purpose_items")
            refusals += 1
    assert refusals == sum(len(set(STORED) - items) for items in NINE.values())


def test_soc5_a_purpose_is_used_only_by_the_roles_that_hold_it(register: Register) -> None:
    for purpose, actor in (("violation_prevention", APP), ("form_prefill", ADMIN)):
        with pytest.raises(AccessDeniedError) as refused, register.session() as session:
            session.read(actor, "m1", purpose)
        assert refused.value.rule == "role_purpose"


# -- SOC-10: the nickname identifies posters --------------------------------------------------


def test_soc10_the_bulletin_board_reads_the_nickname_only(register: Register) -> None:
    with register.session() as session:
        shown = revealed(session.read(APP, "m1", "bulletin_board"))
    assert shown == {"nickname": "ソアラ好き"}
    with pytest.raises(AccessDeniedError) as refused, register.session() as session:
        session.read(APP, "m1", "bulletin_board", ["name"])
    assert refused.value.rule == "purpose_items"
    assert "山田" not in refused.value.message


def test_soc10_the_public_sees_the_nickname_only(register: Register) -> None:
    with register.session() as session:
        assert revealed(session.read(APP, "m1", "public")) == {"nickname": "ソアラ好き"}
