"""What a retention plan says is due, per way a period starts, and what it reports."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

from mamori.policy import Policy, load_policy
from mamori.register import Actor, Register
from mamori.retention import plan
from mamori.versions import activate
from tests.registers import Registers
from tests.retention.conftest import APP, add_guest, add_member

SOON = timedelta(days=10)


def _now() -> datetime:
    return datetime.now(UTC)


def _plan(register: Register, at: datetime, policy: Policy | None = None):  # type: ignore[no-untyped-def]
    with register.engine.connect() as connection:
        return plan(connection, policy or register.policy, at)


def test_an_item_kept_from_collection_falls_due_after_its_period(register: Register) -> None:
    add_member(register, "m1", phone="03-1234-5678")
    assert _plan(register, _now() + SOON).kind("phone").due_now == 0
    later = _plan(register, _now() + timedelta(days=31))
    assert later.kind("phone").due_now == 1
    assert later.due[0].delete == ("phone",)
    assert not later.due[0].erase


def test_the_report_says_when_values_will_expire_by_month(register: Register) -> None:
    add_member(register, "m1", phone="03-1234-5678")
    now = _now()
    report = _plan(register, now).kind("phone")
    month = (now + timedelta(days=30)).strftime("%Y-%m")
    assert report.held == 1
    assert report.schedule == {month: 1}
    assert report.next_due is not None
    assert report.next_due > now


def test_a_plan_holds_ids_and_keys_never_values(register: Register) -> None:
    add_member(register, "m1", phone="03-1234-5678", email="hanako@example.jp")
    text = json.dumps(_plan(register, _now() + timedelta(days=800)).to_dict(with_subjects=True))
    assert "m1" in text
    assert "phone" in text
    assert "hanako" not in text.lower()
    assert "1234" not in text


def test_a_use_moves_the_end_of_a_last_use_retention(register: Register) -> None:
    add_member(register, "m2", email="two@example.jp")
    add_member(register, "m1", email="one@example.jp")
    with register.session() as session:
        session.read(APP, "m1", "service", ["email"])
    (read,) = register.audit.query(register.engine, subject_id="m1", purpose="service")
    at = read.time + timedelta(days=730) - timedelta(microseconds=1)
    due = {d.subject_id: d for d in _plan(register, at).due}
    assert "email" in due["m2"].delete
    assert "email" not in due["m1"].delete


def test_an_item_kept_while_the_account_exists_is_never_due(register: Register) -> None:
    add_member(register, "m1")
    found = _plan(register, _now() + timedelta(days=3650))
    assert found.kind("name").status == "until_account_deletion"
    assert found.kind("name").due_now == 0


def test_a_due_required_item_is_blocked_while_the_account_keeps_others(
    register: Register,
) -> None:
    add_member(register, "m1", phone="03-1234-5678")
    (due,) = _plan(register, _now() + timedelta(days=400)).due
    assert due.blocked == ("nickname",)
    assert due.delete == ("phone",)
    assert not due.erase


def test_a_subject_whose_every_item_is_due_is_to_be_erased(register: Register) -> None:
    add_guest(register, "g1")
    (due,) = _plan(register, _now() + timedelta(days=91)).due
    assert due.subject_id == "g1"
    assert due.erase


def test_an_erased_subject_is_not_planned_again(register: Register) -> None:
    add_guest(register, "g1")
    with register.session() as session:
        session.erase(Actor.system(), "g1")
    assert _plan(register, _now() + timedelta(days=91)).due == ()


def _without_postal_code_purpose(tmp_path: Path, version: str) -> Policy:
    data = yaml.safe_load((Path(__file__).parent / "fixtures" / "retention.yaml").read_text())
    data["version"] = version
    data["purposes"]["service"]["items"].remove("postal_code")
    path = tmp_path / f"policy-{version}.yaml"
    path.write_text(yaml.safe_dump(data))
    return load_policy(path)


def test_purpose_end_is_not_computable_without_a_version_history(
    register: Register, tmp_path: Path
) -> None:
    add_member(register, "m1", postal_code="150-0001")
    found = _plan(
        register, _now() + timedelta(days=3650), _without_postal_code_purpose(tmp_path, "2")
    )
    report = found.kind("postal_code")
    assert report.status == "not_computable"
    assert report.not_computable == 1
    assert all("postal_code" not in due.delete for due in found.due)


def test_purpose_end_runs_from_the_activation_of_the_version_that_dropped_it(
    registers: Registers, register: Register, tmp_path: Path
) -> None:
    add_member(register, "m1", postal_code="150-0001")
    dropped = _without_postal_code_purpose(tmp_path, "2")
    ended = _now() + timedelta(days=5)
    with register.session() as session:
        activate(session, Actor.system(), register.policy, at=_now())
        activate(session, Actor.system(), dropped, at=ended)
    before = _plan(register, ended + timedelta(days=89), dropped)
    after = _plan(register, ended + timedelta(days=91), dropped)
    assert before.kind("postal_code").due_now == 0
    assert after.kind("postal_code").due_now == 1


def test_records_and_logs_are_reported_with_their_rule(register: Register) -> None:
    found = _plan(register, _now())
    assert found.kind("audit_log").status == "kept"
    assert "hash-chained" in found.kind("audit_log").note
    assert found.kind("provision_records").status == "expiring"
