"""Fake values that fit an item: its type first, then its data category for free text.

Every value is made from the generator and the random source given, never from the clock, so
the same seed gives the same people.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from mamori.policy.model import Item

__all__ = ["fake_value"]

Faker = Any  # faker ships no type information (a Faker generator for one locale)

_BIRTH_FROM = date(1940, 1, 1)
_BIRTH_DAYS = (date(2006, 12, 31) - _BIRTH_FROM).days
_GENDERS = {
    "ja": ("男性", "女性", "その他"),
    "fr": ("homme", "femme", "autre"),
}
_COUNTRY = {"ja": "JP", "fr": "FR", "en": "US", "de": "DE", "es": "ES", "it": "IT"}


def fake_value(
    key: str, item: Item, *, fake: Faker, language: str, rng: random.Random, index: int
) -> str:
    """A value for `item` that the register's validation accepts."""
    if item.type == "text":
        made = _text(item, fake, language, rng)
    elif item.type == "choice":
        made = rng.choice(sorted(item.choices or {}))
    elif item.type == "identifier":
        made = _identifier(key, item, fake, rng, index)
    else:
        made = _TYPED[item.type](fake, language, rng, index)
    return made[: item.max_length]


def _birth_date(rng: random.Random) -> str:
    return (_BIRTH_FROM + timedelta(days=rng.randrange(_BIRTH_DAYS))).isoformat()


def _phone(fake: Faker, language: str, rng: random.Random, index: int) -> str:
    digits: Callable[[int], str] = lambda n: "".join(rng.choices("0123456789", k=n))  # noqa: E731
    if language == "ja":
        return f"0{rng.choice('789')}0-{digits(4)}-{digits(4)}"
    if language == "fr":
        return f"+33 {rng.choice('67')} " + " ".join(digits(2) for _ in range(4))
    return f"+1 {rng.randint(201, 989)}-555-{digits(4)}"


def _postal_code(fake: Faker, language: str, rng: random.Random, index: int) -> str:
    code = str(fake.postcode())
    return code if code[:1].isalnum() and len(code) <= 12 else f"{rng.randint(10000, 99999)}"


def _location(fake: Faker, language: str, rng: random.Random, index: int) -> str:
    place = fake.local_latlng(country_code=_COUNTRY.get(language, "US"), coords_only=True)
    return f"{place[0]},{place[1]}"


_TYPED: dict[str, Callable[[Faker, str, random.Random, int], str]] = {
    "email": lambda fake, _l, _r, index: f"{fake.user_name()}.{index}@{fake.free_email_domain()}",
    "phone": _phone,
    "postal_code": _postal_code,
    "date": lambda _f, _l, rng, _i: _birth_date(rng),
    "year": lambda _f, _l, rng, _i: str(rng.randint(1940, 2006)),
    "number": lambda _f, _l, rng, _i: str(rng.randint(0, 500)),
    "boolean": lambda _f, _l, rng, _i: rng.choice(("true", "false")),
    "url": lambda fake, _l, _r, _i: f"https://{fake.domain_name()}/{fake.uri_path()}",
    "ip_address": lambda fake, _l, _r, _i: str(fake.ipv4_public()),
    "password": lambda fake, _l, _r, _i: str(fake.password(length=16)),
    "file": lambda _f, _l, rng, index: f"file:demo/{index}/{rng.getrandbits(32):08x}.jpg",
    "location": _location,
}


def _identifier(key: str, item: Item, fake: Faker, rng: random.Random, index: int) -> str:
    if item.category.startswith("user.account"):
        return f"{fake.user_name()}{index}"
    if item.category.startswith("user.device.cookie"):
        return f"{rng.getrandbits(128):032x}"
    return f"{key[:12]}-{rng.getrandbits(64):016x}"


def _text(item: Item, fake: Faker, language: str, rng: random.Random) -> str:
    category = item.category
    if item.pseudonym_of is not None or category.startswith("user.unique_id.pseudonymous"):
        return str(fake.user_name())
    for prefix, make in _BY_CATEGORY:
        if category == prefix or category.startswith(prefix + "."):
            return make(fake, language, rng)
    return str(fake.sentence())


def _street(fake: Faker, language: str, rng: random.Random) -> str:
    if language == "ja":
        return f"{fake.town()}{fake.chome()}{fake.ban()}{fake.gou()}"
    return str(fake.street_address())


def _gender(fake: Faker, language: str, rng: random.Random) -> str:
    return rng.choice(_GENDERS.get(language, ("male", "female", "other")))


def _interests(fake: Faker, language: str, rng: random.Random) -> str:
    return ("、" if language == "ja" else ", ").join(fake.words(3))


# Most specific first: the first prefix that matches the item's category decides.
_BY_CATEGORY: tuple[tuple[str, Callable[[Faker, str, random.Random], str]], ...] = (
    ("user.name", lambda fake, _l, _r: str(fake.name())),
    ("user.contact.address.street", _street),
    ("user.contact.address.postal_code", lambda fake, _l, rng: _postal_code(fake, _l, rng, 0)),
    ("user.contact.address", lambda fake, _l, _r: str(fake.address()).replace("\n", ", ")),
    ("user.contact.organization", lambda fake, _l, _r: str(fake.company())),
    ("user.workplace", lambda fake, _l, _r: str(fake.company())),
    ("user.job_title", lambda fake, _l, _r: str(fake.job())),
    ("user.demographic.date_of_birth", lambda _f, _l, rng: _birth_date(rng)),
    ("user.demographic.gender", _gender),
    ("user.demographic.profile", _interests),
    (
        "user.financial",
        lambda fake, _l, rng: f"{fake.credit_card_provider()} ****{rng.randint(0, 9999):04d}",
    ),
    ("user.social", lambda fake, _l, _r: f"@{fake.user_name()}"),
    ("user.device", lambda fake, _l, _r: str(fake.user_agent())),
    (
        "user.behavior.browsing_history",
        lambda fake, _l, _r: " ".join(f"/{fake.uri_path()}" for _ in range(3)),
    ),
    ("user.content.private", lambda fake, _l, _r: str(fake.paragraph(nb_sentences=2))),
)
