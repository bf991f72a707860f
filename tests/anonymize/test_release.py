"""Declared releases run from the register: made, recorded and audited; refused cleanly."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from mamori.anonymize import (
    NOT_GIVEN,
    OTHER,
    TOTAL,
    list_releases,
    prepare_declared_release,
    record_declared_release,
    run_declared_release,
)
from mamori.errors import (
    AccessDeniedError,
    AnonymizationError,
    ConfigError,
    NotFoundError,
    ValidationError,
)
from mamori.policy import Policy, load_policy
from mamori.register import Actor, Register
from tests.anonymize.register_members import RELEASES_POLICY, add_members

ANALYST = Actor.staff("analyst-1", "analyst")
sqlite_only = pytest.mark.parametrize("database_kind", ["sqlite"], indirect=True)


@pytest.fixture
def gender_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "hierarchies"
    folder.mkdir()
    (folder / "gender.csv").write_text("female;*\nmale;*\nother;*\n", encoding="utf-8")
    return folder


def recorded(register: Register) -> list[str]:
    with register.engine.connect() as connection:
        return [r.declared_as or r.kind for r in list_releases(connection)]


def audited(register: Register, action: str) -> list[tuple[str, str, tuple[str, ...]]]:
    events = register.audit.query(register.engine, limit=10_000)
    return [(e.outcome, e.rule, e.item_keys) for e in events if e.action == action]


def test_a_statistics_release_meets_its_minimum_and_is_recorded(
    release_register: Register, release_policy: Policy
) -> None:
    add_members(release_register, 120)
    made = run_declared_release(
        release_register, release_policy, "statistics.usage_by_gender", ANALYST
    )
    assert made.statistics is not None
    counts = [cell.count for cell in made.statistics.cells]
    assert all(count is None or count == 0 or count >= 5 for count in counts)
    assert None in counts
    assert any(count and count >= 5 for count in counts)
    assert made.statistics.count(TOTAL, TOTAL, TOTAL) == 120
    bands = {cell.key[1] for cell in made.statistics.cells} - {TOTAL}
    assert bands <= {"1940-1959", "1960-1979", "1980-1999", "2000-2019"}
    assert NOT_GIVEN in {cell.key[0] for cell in made.statistics.cells}
    with release_register.engine.connect() as connection:
        (record,) = list_releases(connection, kind="statistics")
    assert record.to_dict() == {
        **made.record.to_dict(),
        "created_at": record.created_at.isoformat(),
    }
    assert record.declared_as == "statistics.usage_by_gender"
    assert (record.actor_id, record.actor_role) == ("analyst-1", "analyst")
    assert (record.policy_name, record.policy_version) == ("releasetest", "1")
    assert record.recipient == "Advertising partners"
    assert record.purpose == "statistics"
    assert record.parameters["min_cell_size"] == 5
    assert record.parameters["subjects_read"] == 120
    assert record.parameters["recipient_purposes"] == ["Advertising analysis"]
    assert audited(release_register, "release") == [
        ("allowed", "release.statistics", ("birth_year", "gender", "usage"))
    ]


def test_the_rows_show_suppressed_counts_as_empty(
    release_register: Register, release_policy: Policy
) -> None:
    add_members(release_register, 60)
    made = prepare_declared_release(
        release_register, release_policy, "usage_by_gender", ANALYST, recipient="Partner K.K."
    )
    assert made.columns == ("gender", "birth_year", "usage", "count")
    rows = made.rows()
    assert len(rows) == len(made.statistics.cells if made.statistics else [])
    assert "" in {row[-1] for row in rows}
    assert made.record.recipient == "Partner K.K."
    assert recorded(release_register) == []  # prepared, not recorded


def test_a_research_export_leaves_direct_identifiers_unread_and_meets_k(
    release_register: Register, release_policy: Policy, gender_dir: Path
) -> None:
    add_members(release_register, 80, guests=4)
    made = run_declared_release(
        release_register,
        release_policy,
        "research.study",
        ANALYST,
        hierarchy_dir=gender_dir,
        suppression_limit=0.05,
    )
    assert made.export is not None
    assert made.columns == ("gender", "birth_year", "usage", "login_count")
    groups = Counter((row[0], row[1]) for row in made.rows())
    assert min(groups.values()) >= 3
    assert len(made.rows()) + made.export.result.suppressed == 80  # members only
    # Every login count is one member's own: a released value that few share is recoded.
    assert {row[3] for row in made.rows()} == {"*"}
    record = made.record
    assert record.parameters["rare_values_recoded"] == {"login_count": 80}
    assert record.parameters["direct_identifiers_removed"] == ["username"]
    assert record.parameters["direct_identifiers_read"] is False
    assert record.terms == "Research use only; publish nothing that identifies a member."
    assert record.recipient == "University of Somewhere"
    hierarchies = record.parameters["hierarchies"]
    assert isinstance(hierarchies, dict)
    assert hierarchies["birth_year"] == {"policy": {"type": "interval", "widths": [5, 10, 20, 40]}}
    assert hierarchies["gender"] == {"file": str(gender_dir / "gender.csv")}
    read_items = {keys for outcome, _, keys in audited(release_register, "read")}
    assert read_items == {("birth_year", "gender", "login_count", "usage")}
    assert recorded(release_register) == ["research.study"]


@sqlite_only
def test_a_hierarchy_given_to_the_call_wins_over_the_policy(
    release_register: Register, release_policy: Policy, gender_dir: Path
) -> None:
    add_members(release_register, 40)
    made = prepare_declared_release(
        release_register,
        release_policy,
        "study",
        ANALYST,
        hierarchies={"birth_year": {"type": "interval", "widths": [50]}},
        hierarchy_dir=gender_dir,
    )
    assert made.record.parameters["hierarchies"]["birth_year"] == {  # type: ignore[index]
        "type": "interval",
        "widths": [50],
    }


@sqlite_only
def test_a_prepared_release_records_in_the_callers_transaction(
    release_register: Register, release_policy: Policy
) -> None:
    add_members(release_register, 30)
    made = prepare_declared_release(release_register, release_policy, "usage_by_gender", ANALYST)

    def record_then_fail() -> None:
        with release_register.engine.begin() as connection:
            record_declared_release(release_register, connection, made, ANALYST)
            raise RuntimeError("the output could not be written")

    with pytest.raises(RuntimeError):
        record_then_fail()
    assert recorded(release_register) == []
    assert audited(release_register, "release") == []
    with release_register.engine.begin() as connection:
        record_declared_release(release_register, connection, made, ANALYST)
    assert recorded(release_register) == ["statistics.usage_by_gender"]


# -- bad input: a clear error, no release recorded ---------------------------------------------


def test_an_undeclared_release_is_refused_naming_the_declared_ones(
    release_register: Register, release_policy: Policy
) -> None:
    add_members(release_register, 5)
    with pytest.raises(NotFoundError) as refused:
        run_declared_release(release_register, release_policy, "statistics.study", ANALYST)
    assert "no release 'statistics.study'" in refused.value.message
    assert "statistics.usage_by_gender" in refused.value.message
    assert "research.study" in refused.value.message
    assert recorded(release_register) == []
    assert audited(release_register, "read") == []


def test_an_actor_without_the_release_permission_is_refused_and_audited(
    release_register: Register, release_policy: Policy
) -> None:
    add_members(release_register, 5)
    reader = Actor.staff("reader-1", "reader")  # may use the purpose, may not release
    with pytest.raises(AccessDeniedError) as refused:
        run_declared_release(release_register, release_policy, "usage_by_gender", reader)
    assert refused.value.rule == "release_permission"
    assert "statistics.release" in refused.value.message
    assert audited(release_register, "release") == [("refused", "release_permission", ())]
    assert audited(release_register, "read") == []
    assert recorded(release_register) == []


def test_a_purpose_the_actor_may_not_use_is_refused_by_the_register_and_audited(
    release_register: Register, release_policy: Policy
) -> None:
    add_members(release_register, 5)
    clerk = Actor.staff("clerk-1", "clerk")  # may release, may not use the purpose
    with pytest.raises(AccessDeniedError) as refused:
        run_declared_release(release_register, release_policy, "usage_by_gender", clerk)
    assert refused.value.rule == "role_purpose"
    assert [(o, r) for o, r, _ in audited(release_register, "read")] == [
        ("refused", "role_purpose")
    ]
    assert audited(release_register, "release") == []
    assert recorded(release_register) == []


def test_k_larger_than_the_subjects_is_refused_and_nothing_recorded(
    release_register: Register, release_policy: Policy, gender_dir: Path
) -> None:
    add_members(release_register, 2)
    with pytest.raises(AnonymizationError) as refused:
        run_declared_release(
            release_register, release_policy, "study", ANALYST, hierarchy_dir=gender_dir
        )
    assert refused.value.message.startswith("research.study: k is 3 but only 2 subject(s)")
    assert refused.value.field == "research.study.k"
    assert recorded(release_register) == []
    assert audited(release_register, "release") == []


@sqlite_only
def test_subjects_left_out_are_named_when_k_cannot_be_reached(
    release_register: Register, release_policy: Policy, gender_dir: Path
) -> None:
    add_members(release_register, 3)
    with release_register.session() as session:
        session.suspend(Actor.system(), "m0001", "research", kind="objection")
    with pytest.raises(AnonymizationError, match=r"only 2 subject\(s\) .*\(1 suspended left out\)"):
        run_declared_release(
            release_register, release_policy, "study", ANALYST, hierarchy_dir=gender_dir
        )


@sqlite_only
def test_a_quasi_identifier_without_a_hierarchy_is_refused_before_reading(
    release_register: Register, release_policy: Policy
) -> None:
    add_members(release_register, 10)
    with pytest.raises(AnonymizationError) as refused:
        run_declared_release(release_register, release_policy, "study", ANALYST)
    assert "no hierarchy for quasi-identifier 'gender'" in refused.value.message
    assert audited(release_register, "read") == []
    assert recorded(release_register) == []


@sqlite_only
def test_a_direct_identifier_as_quasi_identifier_is_refused(
    release_register: Register, release_policy: Policy
) -> None:
    add_members(release_register, 10)
    with pytest.raises(AnonymizationError, match="'postal_code' is a direct identifier"):
        run_declared_release(release_register, release_policy, "research.by_postcode", ANALYST)
    assert recorded(release_register) == []


@sqlite_only
def test_a_release_without_a_purpose_is_refused(
    release_register: Register, release_policy: Policy
) -> None:
    with pytest.raises(ValidationError, match="undeclared_purpose names no purpose"):
        run_declared_release(release_register, release_policy, "undeclared_purpose", ANALYST)


@sqlite_only
def test_a_policy_other_than_the_registers_is_refused(
    release_register: Register, tmp_path: Path
) -> None:
    text = RELEASES_POLICY.read_text(encoding="utf-8").replace('version: "1"', 'version: "2"')
    (tmp_path / "v2.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="enforces another policy"):
        run_declared_release(
            release_register, load_policy(tmp_path / "v2.yaml"), "usage_by_gender", ANALYST
        )


@sqlite_only
def test_a_consent_purpose_without_consents_releases_an_empty_table(
    release_register: Register, release_policy: Policy
) -> None:
    add_members(release_register, 6)
    made = run_declared_release(release_register, release_policy, "by_survey", ANALYST)
    assert made.record.parameters["subjects_left_out"] == {"consent": 6}
    assert made.statistics is not None
    assert made.statistics.count(TOTAL, TOTAL) == 0


@sqlite_only
def test_a_dimension_some_subjects_lack_is_counted_as_not_given(
    release_register: Register, release_policy: Policy
) -> None:
    add_members(release_register, 30, guests=6)  # guests give no year of birth
    made = run_declared_release(release_register, release_policy, "usage_by_gender", ANALYST)
    assert made.statistics is not None
    assert made.statistics.count(TOTAL, NOT_GIVEN, TOTAL) == 6
    assert made.statistics.count(TOTAL, TOTAL, TOTAL) == 36


@sqlite_only
def test_free_text_values_too_few_people_hold_never_become_labels(
    release_register: Register, release_policy: Policy
) -> None:
    add_members(release_register, 40)  # postal codes masked to 3 digits: 100** to 199**
    made = run_declared_release(release_register, release_policy, "by_area", ANALYST)
    assert made.statistics is not None
    labels = {cell.key[0] for cell in made.statistics.cells} - {TOTAL}
    assert OTHER in labels
    held = Counter(row[0] for row in made.rows() if row[0] not in (TOTAL, OTHER))
    counts = {cell.key[0]: cell.count for cell in made.statistics.cells}
    assert all(counts[label] is not None and counts[label] >= 3 for label in held)
    grouped = made.record.parameters["rare_values_grouped"]
    assert isinstance(grouped, dict)
    assert grouped["postal_code"] > 0
    assert made.statistics.count(TOTAL) == 40
