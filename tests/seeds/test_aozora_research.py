"""AZ-6 (aozora): user data may be handed over for research as the terms allow; researchers may
not publish anything that identifies a user.

Must show: a research export carries no direct identifiers, meets the declared k-anonymity, and
is recorded with recipient and terms. The hand-over is the policy's own (research.research_handover,
k = 5, login counts generalised by the declared interval hierarchy), read from the register
for purpose research by the research hand-over officer, on 300 synthetic users who also hold
names, usernames and e-mail addresses.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from seed_release import load_seed, open_seed_register, populate, releases, values_in
from sqlalchemy import Engine

from mamori.anonymize import run_declared_release
from mamori.errors import AccessDeniedError, AnonymizationError
from mamori.register import Actor, NewSubject, Register

USERS = 300
LIAISON = Actor.staff("liaison-2", "research_liaison")
RELEASE = "research.research_handover"
RECIPIENT = "Laboratoire d'économie numérique, Université de Lille"
DIRECT = ("name", "email", "phone", "street_address", "username", "password")
OFFERS = ["offre: cours de guitare", "demande: déménagement", "offre: jardinage", "aucune"]
BADGES = ["ponctuel", "serviable", "ponctuel; serviable", "aucun"]


def people(count: int, seed: int = 6) -> tuple[list[NewSubject], dict[str, dict[str, str]]]:
    rng = random.Random(seed)
    signed_in, profiles = [], {}
    for i in range(count):
        subject = f"az{i:04d}"
        logins = min(int(rng.paretovariate(1.1) * 4), 5000)  # a few very active users
        signed_in.append(NewSubject(subject, "user", {"login_count": str(logins)}))
        profiles[subject] = {
            "name": f"Camille Aozora{i:03d}",
            "username": f"camille{i:03d}",
            "email": f"camille{i:03d}@aozora.example",
            "offers_requests": rng.choice(OFFERS),
            "feedback_badges": rng.choice(BADGES),
        }
    return signed_in, profiles


def fill(register: Register, count: int) -> None:
    signed_in, profiles = people(count)
    populate(
        register,
        signed_in,
        collection_point="sign_in",
        later=profiles,
        later_purpose="service_provision",
    )


@pytest.fixture
def register(engine: Engine, tmp_path: Path) -> Iterator[Register]:
    opened = open_seed_register(engine, "aozora", tmp_path)
    yield opened
    opened.close()


def test_az6_the_export_has_no_direct_identifier_and_meets_the_declared_k(
    register: Register,
) -> None:
    fill(register, USERS)
    declared = load_seed("aozora").research["research_handover"]
    made = run_declared_release(
        register, register.policy, RELEASE, LIAISON, recipient=RECIPIENT, suppression_limit=0.05
    )
    assert made.export is not None
    assert made.export.result.suppressed <= 0.05 * USERS
    assert made.columns == ("login_count", "offers_requests", "feedback_badges")
    assert not set(DIRECT) & set(made.columns)
    rows = made.rows()
    groups = Counter(row[0] for row in rows)  # the quasi-identifier: generalised login counts
    assert min(groups.values()) >= declared.k
    assert len(groups) > 1  # generalised, not all suppressed to one group
    assert len(rows) + made.export.result.suppressed == USERS
    _, profiles = people(USERS)
    secrets = [
        profile[key] for profile in profiles.values() for key in ("name", "username", "email")
    ]
    assert values_in([",".join(row) for row in rows], secrets) == []


def test_az6_the_export_is_recorded_with_recipient_and_terms(register: Register) -> None:
    fill(register, USERS)
    policy = register.policy
    made = run_declared_release(register, policy, RELEASE, LIAISON, recipient=RECIPIENT)
    (record,) = releases(register)
    assert record.id == made.record.id
    assert record.kind == "research_export"
    assert record.declared_as == RELEASE
    assert record.recipient == RECIPIENT
    assert record.terms == policy.research["research_handover"].terms["fr"]
    assert record.purpose == "research"
    assert (record.actor_id, record.actor_role) == ("liaison-2", "research_liaison")
    parameters = record.parameters
    assert parameters["k"] == 5
    assert parameters["quasi_identifiers"] == ["login_count"]
    assert parameters["direct_identifiers_read"] is False
    assert parameters["hierarchies"] == {
        "login_count": {
            "policy": {"type": "interval", "widths": [10.0, 50.0, 100.0, 500.0], "top": 1000.0}
        }
    }
    assert isinstance(parameters["levels"], dict)
    assert parameters["levels"]["login_count"] >= 1
    _, profiles = people(USERS)
    secrets = [profile[key] for profile in profiles.values() for key in ("name", "email")]
    assert values_in([json.dumps(record.to_dict(), ensure_ascii=False)], secrets) == []


def test_az6_only_the_release_items_are_read_for_research(register: Register) -> None:
    fill(register, 20)
    run_declared_release(register, register.policy, RELEASE, LIAISON, recipient=RECIPIENT)
    events = register.audit.query(register.engine, purpose="research", limit=1000)
    reads = [event for event in events if event.action == "read"]
    assert len(reads) == 20
    assert {event.item_keys for event in reads} == {
        ("feedback_badges", "login_count", "offers_requests")
    }
    assert {(event.actor_id, event.outcome) for event in reads} == {("liaison-2", "allowed")}


def test_az6_k_larger_than_the_users_releases_nothing(register: Register) -> None:
    fill(register, 4)
    with pytest.raises(AnonymizationError, match="k is 5 but only 4 subject"):
        run_declared_release(register, register.policy, RELEASE, LIAISON, recipient=RECIPIENT)
    assert releases(register) == []


def test_az6_an_administrator_may_not_hand_data_to_researchers(register: Register) -> None:
    fill(register, 10)
    administrator = Actor.staff("admin-1", "administrator")
    with pytest.raises(AccessDeniedError) as refused:
        run_declared_release(register, register.policy, RELEASE, administrator)
    assert refused.value.rule == "release_permission"
    assert releases(register) == []
