"""Release records in the database: stored in the caller's transaction, listed back whole."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from sqlalchemy import Engine

import mamori.anonymize
from mamori.anonymize import ReleaseRecord, list_releases, record_release
from mamori.errors import ConflictError, ValidationError
from tests.anonymize.test_appi import make as make_anonymously_processed

JST = dt.timezone(dt.timedelta(hours=9))


def record(**fields: object) -> ReleaseRecord:
    given: dict[str, object] = {
        "kind": "statistics",
        "items": ("gender", "birth_year"),
        "records": 42,
        "recipient": "Ad partner K.K.",
        "purpose": "statistics",
        "terms": "aggregate use only",
        "parameters": {"min_cell_size": 10, "recode": {"birth_year": {"level": 1}}},
        "declared_as": "statistics.ad_market_statistics",
        "actor_id": "analyst-1",
        "actor_role": "analyst",
        "policy_name": "onplanetz",
        "policy_version": "2018-10-05",
        **fields,
    }
    return ReleaseRecord(**given)  # type: ignore[arg-type]


def test_a_recorded_release_lists_back_with_every_field(engine: Engine) -> None:
    made = record(created_at=dt.datetime(2026, 4, 1, 9, 30, tzinfo=JST))
    with engine.begin() as connection:
        record_release(connection, made)
    with engine.connect() as connection:
        (found,) = list_releases(connection)
    assert {**found.to_dict(), "created_at": 0} == {**made.to_dict(), "created_at": 0}
    assert found.created_at == made.created_at  # the same moment, read back in UTC
    assert found.created_at.utcoffset() == dt.timedelta(0)


def test_the_appi_announcement_is_stored_with_its_release(engine: Engine) -> None:
    announcement = {
        "items": ["性別", "生まれ年"],
        "method_of_provision": "CSV file by e-mail",
        "legal_basis": "APPI Art. 43(3), 43(4)",
    }
    with engine.begin() as connection:
        record_release(connection, record(kind="anonymously_processed", announcement=announcement))
        record_release(connection, record())
    with engine.connect() as connection:
        (found,) = list_releases(connection, kind="anonymously_processed")
    assert found.announcement == announcement


def test_releases_filter_by_kind_recipient_and_declared_release(engine: Engine) -> None:
    early = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with engine.begin() as connection:
        record_release(connection, record(id="a" * 32, created_at=early))
        record_release(
            connection,
            record(id="b" * 32, kind="research_export", recipient="Lab", declared_as=None),
        )
        record_release(connection, record(id="c" * 32, recipient="Lab"))
    with engine.connect() as connection:
        assert [r.id for r in list_releases(connection)] == ["a" * 32, "b" * 32, "c" * 32]
        assert [r.id for r in list_releases(connection, kind="statistics")] == ["a" * 32, "c" * 32]
        assert [r.id for r in list_releases(connection, recipient="Lab")] == ["b" * 32, "c" * 32]
        declared = list_releases(connection, declared_as="statistics.ad_market_statistics")
        assert [r.id for r in declared] == ["a" * 32, "c" * 32]


def test_a_rolled_back_transaction_records_nothing(engine: Engine) -> None:
    def record_then_fail() -> None:
        with engine.begin() as connection:
            record_release(connection, record())
            raise RuntimeError("the output could not be written")

    with pytest.raises(RuntimeError):
        record_then_fail()
    with engine.connect() as connection:
        assert list_releases(connection) == []


def test_the_same_release_cannot_be_recorded_twice(engine: Engine) -> None:
    made = record()
    with engine.begin() as connection:
        record_release(connection, made)
    with pytest.raises(ConflictError, match=made.id), engine.begin() as connection:
        record_release(connection, made)


def test_parameters_that_are_not_json_are_refused(engine: Engine) -> None:
    with pytest.raises(ValidationError, match="parameters must be JSON"), engine.begin() as c:
        record_release(c, record(parameters={"when": dt.date(2026, 1, 1)}))
    with engine.connect() as connection:
        assert list_releases(connection) == []


def test_a_release_time_without_a_zone_is_refused(engine: Engine) -> None:
    with pytest.raises(ValidationError, match="time zone"), engine.begin() as connection:
        record_release(connection, record(created_at=dt.datetime(2026, 1, 1)))


def test_every_public_name_loads() -> None:
    assert all(hasattr(mamori.anonymize, name) for name in mamori.anonymize.__all__)


def test_the_release_store_loads_no_numpy() -> None:
    # The migrations import the store: upgrading a database must not pay for the engine.
    code = "import sys, mamori.db; mamori.db.load_models(); print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_anonymously_processed_information_is_stored_with_its_announcement(
    engine: Engine,
) -> None:
    made = make_anonymously_processed()
    with engine.begin() as connection:
        record_release(connection, made.record)
    with engine.connect() as connection:
        (found,) = list_releases(connection, kind="anonymously_processed")
    assert found.announcement == made.announcement
    assert found.announcement is not None
    assert found.announcement["items"] == ["住所（郵便番号上3桁まで）", "年齢", "契約プラン"]
    assert found.announcement["method_of_provision"] == "encrypted file transfer"
    assert found.legal_basis == "APPI Art. 43"
    assert "Customer 1" not in str(found.to_dict())
