"""A demo site for `make run`: the policy activated, a few hundred synthetic people, a staff
account for each staff role of the policy and one member with known credentials. Run again on
the same register, it adds nothing twice."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime

from mamori.errors import NotFoundError
from mamori.register import Actor, Register

__all__ = ["DEMO_MEMBER_EMAIL", "DemoSite", "prepare_demo_site"]

DEMO_MEMBER_EMAIL = "member@example.org"
_DEMO_SEED = 7


@dataclass(frozen=True)
class DemoSite:
    staff: dict[str, str]
    """Staff id to password (each staff role of the policy, one account each)."""
    member_email: str | None
    member_password: str | None
    """None when the policy has no password item: the member signs in by e-mailed link."""
    subjects: int
    """Synthetic people loaded by this call (0 when the register had them already)."""


def prepare_demo_site(register: Register, subjects: int) -> DemoSite:
    from mamori.accounts import create_staff, get_staff
    from mamori.demo._load import load_demo
    from mamori.versions import activate

    policy = register.policy
    system = Actor.system("demo")
    now = datetime.now(UTC)
    with register.session() as session:
        activate(session, system, policy, at=now)
    staff: dict[str, str] = {}
    for key, role in policy.roles.items():
        if "staff" not in role.actor_kinds or role.community_scoped:
            continue
        staff_id = f"demo-{key.replace('_', '-')}"
        staff[staff_id] = f"mamori-demo-{key}"
        with register.engine.connect() as connection:
            try:
                get_staff(connection, staff_id)
                continue
            except NotFoundError:
                pass
        with register.session() as session:
            create_staff(
                session, system, staff_id=staff_id, roles=[key], password=staff[staff_id], now=now
            )
    with register.session() as session:
        existing = len(session.subject_ids(system, "demo"))
    # The member comes first: a register with people in it has had its member made.
    email, password = _demo_member(register, again=existing > 0)
    loaded = max(0, subjects - max(existing, 1))
    if loaded:
        load_demo(register, loaded, seed=_DEMO_SEED + existing)
    return DemoSite(staff, email, password, loaded)


def _demo_member(register: Register, *, again: bool) -> tuple[str | None, str | None]:
    """The member with known credentials, signed up at the policy's sign-up point."""
    from faker import Faker

    from mamori.accounts import sign_up, sign_up_point
    from mamori.demo._values import fake_value

    policy = register.policy
    found = sign_up_point(policy)
    if found is None:
        return None, None
    _, point = found
    password_items = [key for key in point.items if policy.items[key].type == "password"]
    password = "mamori-demo-member" if password_items else None
    if again:
        return DEMO_MEMBER_EMAIL, password
    language = policy.default_locale
    fake = Faker({"ja": "ja_JP", "fr": "fr_FR"}.get(language, "en_US"))
    fake.seed_instance(_DEMO_SEED)
    rng = random.Random(_DEMO_SEED)
    values: dict[str, object] = {}
    for key in point.items:
        item = policy.items[key]
        if item.type == "email" and item.searchable:
            values[key] = DEMO_MEMBER_EMAIL
        elif item.type == "password":
            values[key] = password
        elif item.required or item.source == "person":
            values[key] = fake_value(key, item, fake=fake, language=language, rng=rng, index=0)
    consents = [key for key in point.purposes if policy.purposes[key].legal_basis == "consent"]
    sign_up(register, values, consents, language)
    return DEMO_MEMBER_EMAIL, password
