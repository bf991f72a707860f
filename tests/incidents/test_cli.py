"""`mamori incidents`: the clinic's incident worked from the command line, in a home `mamori
init` made on each test database; errors are clean messages (exit 2) that change nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mamori import open_register
from mamori.cli import main
from mamori.config import Settings
from tests.cli_env import isolate
from tests.incidents.conftest import APP, FIXTURES, SUPPORT, VALUES, member_values

OFFICER = ["--actor", "officer1", "--role", "privacy_officer"]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str) -> Path:
    isolate(monkeypatch, tmp_path)
    monkeypatch.setenv("MAMORI_POLICY", str(FIXTURES / "clinic.yaml"))
    monkeypatch.setenv("MAMORI_DATABASE_URL", database_url)
    home = tmp_path / "var"
    assert main(["init", "--home", str(home)]) == 0
    register = open_register(Settings(home=home))
    try:
        with register.session() as session:
            for number in (1, 2, 3):
                session.create_subject(
                    APP,
                    f"m{number}",
                    kind="member",
                    collection_point="registration",
                    values=member_values(number),
                )
        with register.session() as session:
            for subject_id in ("m1", "m2"):
                session.read(SUPPORT, subject_id, "service", ["name", "card"])
    finally:
        register.close()
    return home


def run(home: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(["incidents", *argv, *OFFICER, "--home", str(home)])
    out, err = capsys.readouterr()
    return status, out, err


def test_an_incident_is_worked_from_the_command_line(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(
        home, capsys, "record", "--kind", "unauthorised_access",
        "--learned", "2026-03-02T10:00:00+00:00", "--item", "name",
        "--summary", "A support account was used from an unknown address.", "--wrongful",
    )  # fmt: skip
    assert status == 0
    incident_id = out.split()[0]
    since = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    until = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()
    status, out, _ = run(
        home, capsys, "add-affected", incident_id,
        "--from-audit", "support1", "--since", since, "--until", until,
    )  # fmt: skip
    assert status == 0
    assert "2 person(s) reached by support1" in out
    assert "items reached: card, name" in out
    status, out, _ = run(home, capsys, "assess", incident_id)
    assert "report to: APPI, GDPR" in out
    assert "appi.financial_harm (規則7(2)) [card]" in out
    assert "appi.wrongful_act" in out
    assert "(60 days)" in out
    assert run(home, capsys, "list")[1].startswith("OVERDUE")
    status, out, _ = run(home, capsys, "notify", incident_id, "--lang", "en")
    assert "queued 2" in out
    status, out, _ = run(
        home, capsys, "update", incident_id, "--measures", "The account was locked.",
        "--status", "reported_preliminary",
    )  # fmt: skip
    assert "reported_preliminary" in out
    draft = json.loads(run(home, capsys, "draft", incident_id, "--format", "json")[1])
    assert [field["key"] for field in draft["appi"]][-2:] == ["prevention", "other"]
    markdown = run(home, capsys, "draft", incident_id, "--format", "md", "--lang", "fr")[1]
    assert "## 8. Mesures pour éviter qu'il se reproduise" in markdown
    assert "The account was locked." in markdown
    shown = json.loads(run(home, capsys, "show", incident_id, "--format", "json")[1])
    assert shown["subject_ids"] == ["m1", "m2"]
    assert [update["action"] for update in shown["history"]] == [
        "record",
        "add_subjects",
        "update",
        "notify",
        "update",
    ]
    everything = json.dumps(shown, ensure_ascii=False) + markdown
    for value in VALUES.values():
        assert value not in everything


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--item", "blood_type"], "'blood_type' is not an item"),
        (["--item", "name", "--occurred", "2026-03-03T00:00:00+00:00"], "before it happened"),
        (["--item", "name", "--subject", "m9"], "m9 is no subject"),
    ],
)
def test_bad_input_is_a_clean_error_that_records_nothing(
    home: Path, capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    status, _, err = run(
        home, capsys, "record", "--kind", "leak", "--learned", "2026-03-02T10:00:00+00:00",
        "--summary", "Lost.", *argv,
    )  # fmt: skip
    assert status == 2
    assert words in err
    assert "Traceback" not in err
    assert run(home, capsys, "list", "--all")[1] == "no open incident\n"


def test_staff_without_the_permission_get_a_clean_refusal(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    status = main(["incidents", "list", "--actor", "support1", "--role", "support", "--home",
                   str(home)])  # fmt: skip
    assert status == 2
    assert "incidents.manage" in capsys.readouterr().err


def test_add_affected_needs_persons_or_an_audit_search(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run(home, capsys, "record", "--kind", "loss", "--learned", "2026-03-02T10:00:00+00:00",
              "--item", "name", "--summary", "Lost.")[1]  # fmt: skip
    status, _, err = run(home, capsys, "add-affected", out.split()[0])
    assert status == 2
    assert "--from-audit ACTOR_ID" in err
