"""Synthetic subjects: they fit every seed policy, come out the same for a seed, and go in
through the register's API (so they are validated, encrypted and audited like real ones)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from mamori import Actor, Register, open_register
from mamori._home import init_home
from mamori.config import Settings
from mamori.demo import SyntheticPeople, demo_password_hasher, load_demo
from mamori.errors import ConflictError, ValidationError
from mamori.policy import Policy, load_policy

ROOT = Path(__file__).parents[2]
SEEDS = sorted(path.parent.name for path in (ROOT / "examples").glob("*/policy.yaml"))


def _policy(seed: str) -> Policy:
    return load_policy(ROOT / "examples" / seed / "policy.yaml")


def _open(home: Path, seed: str, database_url: str | None = None) -> Register:
    settings = Settings(home=home, database_url=database_url)
    init_home(settings)
    return open_register(settings, _policy(seed), passwords=demo_password_hasher())


@pytest.fixture
def aozora(tmp_path: Path) -> Iterator[Register]:
    register = _open(tmp_path / "home", "aozora")
    yield register
    register.close()


def _self_read(register: Register, subject_id: str) -> dict[str, str]:
    with register.session() as session:
        data = session.read(Actor.subject(subject_id), subject_id, "self")
    return {key: value.reveal() for key, value in data.items()}


@pytest.mark.parametrize("seed", SEEDS)
def test_every_seed_policy_loads_and_its_log_verifies(seed: str, tmp_path: Path) -> None:
    register = _open(tmp_path / "home", seed)
    try:
        report = load_demo(register, 60, seed=3, batch=25)
        assert report.subjects == 60
        assert sum(report.by_kind.values()) == 60
        assert register.audit.verify(register.engine).ok
    finally:
        register.close()


def test_loading_works_on_each_database(database_url: str, tmp_path: Path) -> None:
    register = _open(tmp_path / "home", "soc", database_url)
    try:
        load_demo(register, 30, seed=1, batch=7)
        assert register.audit.verify(register.engine).ok
    finally:
        register.close()


def test_the_same_seed_makes_the_same_people(tmp_path: Path) -> None:
    first, second = _open(tmp_path / "a", "aozora"), _open(tmp_path / "b", "aozora")
    try:
        load_demo(first, 20, seed=11, batch=20)
        load_demo(second, 20, seed=11, batch=3)
        assert _self_read(first, "demo-11-0000013") == _self_read(second, "demo-11-0000013")
    finally:
        first.close()
        second.close()


def test_other_seeds_make_other_people() -> None:
    policy = _policy("aozora")
    one, other = SyntheticPeople(policy, seed=1), SyntheticPeople(policy, seed=2)
    assert one.subject(0).values != other.subject(0).values


def test_the_values_are_read_back_as_made(aozora: Register) -> None:
    load_demo(aozora, 5, seed=4)
    made = SyntheticPeople(aozora.policy, seed=4).subject(2)
    read = _self_read(aozora, made.id)
    assert read == {key: value for key, value in made.values.items() if key != "password"}


def test_a_demo_password_verifies(aozora: Register) -> None:
    load_demo(aozora, 3, seed=5)
    made = SyntheticPeople(aozora.policy, seed=5).subject(1)
    with aozora.session() as session:
        assert session.verify_password(
            Actor.subject(made.id), made.id, "password", made.values["password"]
        )


def test_every_locale_of_the_policy_is_used() -> None:
    people = SyntheticPeople(_policy("aozora"), seed=9)
    assert {people.subject(index).language for index in range(100)} == {"fr", "en"}


def test_japanese_policies_get_japanese_names() -> None:
    people = SyntheticPeople(_policy("soc"), seed=9)
    names = [people.subject(index).values.get("name") for index in range(40)]
    kana_or_kanji = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    assert all(kana_or_kanji.search(name) for name in names if name is not None)
    assert any(name is not None for name in names)


def test_required_items_are_always_given() -> None:
    policy = _policy("aozora")
    people = SyntheticPeople(policy, seed=2)
    required = {key for key, item in policy.items.items() if item.required}
    assert all(required <= set(people.subject(index).values) for index in range(50))


def test_subjects_come_through_points_that_accept_their_kind() -> None:
    policy = _policy("soc")
    people = SyntheticPeople(policy, seed=2)
    for index in range(50):
        subject = people.subject(index)
        accepted = policy.collection_points[subject.collection_point].subject_kinds
        assert accepted is None or subject.kind in accepted


def test_the_person_registers_where_no_application_role_may_collect(tmp_path: Path) -> None:
    # wox lets only staff collect at registration: a registered user signs up themself.
    register = _open(tmp_path / "home", "wox")
    try:
        report = load_demo(register, 20, seed=1)
        assert report.collectors["registration"] == "the subject"
        assert report.collectors["access_log"] == "demo-load"
    finally:
        register.close()


def test_a_demo_subject_prints_no_value() -> None:
    subject = SyntheticPeople(_policy("aozora"), seed=1).subject(0)
    assert subject.values["name"] not in repr(subject)


def test_loading_a_seed_twice_is_refused_with_the_fix(aozora: Register) -> None:
    load_demo(aozora, 3, seed=8)
    with pytest.raises(ConflictError, match="choose another seed"):
        load_demo(aozora, 3, seed=8)


def test_progress_is_reported_per_batch(aozora: Register) -> None:
    seen: list[int] = []
    load_demo(aozora, 7, seed=1, batch=3, progress=seen.append)
    assert seen == [3, 3, 1]


@pytest.mark.parametrize(("count", "batch"), [(0, 10), (-3, 10), (5, 0)])
def test_counts_below_one_are_refused(aozora: Register, count: int, batch: int) -> None:
    with pytest.raises(ValidationError):
        load_demo(aozora, count, seed=1, batch=batch)
