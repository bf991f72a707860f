"""`mamori provision run | exception | records | expire` on a home made by `mamori init`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mamori import open_register
from mamori.cli import main
from mamori.config import Settings
from tests.cli_env import isolate
from tests.provision.conftest import APP, FIXTURES, consent

POLICY = str(FIXTURES / "shop.yaml")
STAFF = ["--actor", "officer1", "--role", "privacy_officer", "--policy", POLICY]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An initialised home with members m1..m3; m1 consented to partners."""
    isolate(monkeypatch, tmp_path)
    folder = tmp_path / "home"
    assert main(["init", "--home", str(folder)]) == 0
    register = open_register(Settings(home=folder), POLICY)
    try:
        with register.session() as session:
            for number in (1, 2, 3):
                session.create_subject(
                    APP,
                    f"m{number}",
                    kind="member",
                    collection_point="registration",
                    values={"name": f"Member {number}", "email": f"m{number}@example.org"},
                )
        consent(register, "m1", ["provision:partners"])
    finally:
        register.close()
    return folder


def test_run_writes_the_package_of_the_consenting_subjects(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = tmp_path / "ids.txt"
    ids.write_text("# who\nm1\nm2\n\n")
    out = tmp_path / "partners.json"
    status = main(
        [
            *("provision", "run", "partners", "--subjects", str(ids), "--out", str(out)),
            *("--bulk", "--home", str(home), *STAFF),
        ]
    )
    assert status == 0
    body = json.loads(out.read_text())
    assert [row["subject_id"] for row in body["subjects"]] == ["m1"]
    assert "1 subject(s) provided" in capsys.readouterr().err


def test_run_all_as_csv(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "listing.csv"
    status = main(["provision", "run", "listing", "--all", "--out", str(out), *STAFF])
    assert status == 2  # no --home: the default home has no database
    status = main(
        ["provision", "run", "listing", "--all", "--out", str(out), "--home", str(home), *STAFF]
    )
    assert status == 0
    rows = [line for line in out.read_text().splitlines() if not line.startswith("#")]
    assert rows[0] == "subject_id,name,postal_code"
    assert [row.split(",")[0] for row in rows[1:]] == ["m1", "m2", "m3"]


def test_a_refused_run_writes_nothing_and_exits_2(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sale.json"
    status = main(
        ["provision", "run", "resale", "--all", "--out", str(out), "--home", str(home), *STAFF]
    )
    assert status == 2
    assert "never sold or lent" in capsys.readouterr().err
    assert not out.exists()


def test_exception_records_and_lists_the_record(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "inquiry.csv"
    status = main(
        [
            *("provision", "exception", "police_inquiry", "--subject", "m2", "--items", "name"),
            *("--recipient-name", "Shibuya Police Station", "--justification", "Fraud inquiry"),
            *("--reference", "W-2026-42", "--out", str(out), "--home", str(home), *STAFF),
        ]
    )
    assert status == 0
    assert out.read_text().splitlines()[-1] == "m2,Member 2"
    capsys.readouterr()
    assert main(["provision", "records", "--subject", "m2", "--home", str(home)]) == 0
    line = capsys.readouterr().out
    assert "legal_exception" in line
    assert "Shibuya Police Station" in line
    assert main(["provision", "records", "--format", "json", "--home", str(home)]) == 0
    (record,) = json.loads(capsys.readouterr().out)
    assert (record["requester_reference"], record["justification"]) == (
        "W-2026-42",
        "Fraud inquiry",
    )


def test_exception_without_a_recipient_is_a_clean_error(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        [
            *("provision", "exception", "court_order", "--subject", "m2", "--items", "name"),
            *("--justification", "Order", "--reference", "C-1", "--out", str(tmp_path / "x.json")),
            *("--home", str(home), *STAFF),
        ]
    )
    assert status == 2
    assert "--recipient" in capsys.readouterr().err


def test_expire_reports_how_many_records_went(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["provision", "expire", "--home", str(home), "--policy", POLICY]) == 0
    assert "0 provision record(s)" in capsys.readouterr().out
