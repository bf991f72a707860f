"""`mamori notify list|deliver` in a home `mamori init` made (office-ant): ids, kinds and
states, never an address; delivery to the file sink in <home>/outbox."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mamori.cli import main
from tests.rights.test_cli import STAFF, office_ant_home


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The office-ant home with customer c-1, who filed a disclosure request by e-mail."""
    home = office_ant_home(tmp_path, monkeypatch)
    assert main(["requests", "file", "c-1", "disclosure", "--channel", "email", *STAFF]) == 0
    return home


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(["notify", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_the_outbox_is_listed_without_personal_data(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(capsys, "list", "--status", "pending")

    assert status == 0
    lines = out.splitlines()
    assert [line.split()[1] for line in lines] == [
        "request_received",
        "verification_needed",
        "fee_due",
    ]
    assert all("pending, 0 attempt(s) next " in line for line in lines)
    assert "hanako" not in out.lower()
    assert "Yamada" not in out


def test_deliver_writes_the_due_messages_to_the_home_outbox(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(capsys, "deliver", "--limit", "10")

    assert status == 0
    assert out.strip() == "3 delivered, 0 retrying, 0 failed, 0 undeliverable"
    assert len(list((home / "outbox").glob("*.eml"))) == 3
    _, listed, _ = _run(capsys, "list", "--status", "sent", "--format", "json")
    assert {entry["state"] for entry in json.loads(listed)} == {"delivered"}
    assert "hanako" not in listed
    assert _run(capsys, "list", "--status", "pending")[1].strip() == "no messages"


def test_a_settings_error_is_one_clean_line(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAMORI_SMTP_HOST", "smtp.example.org")

    status, _, err = _run(capsys, "deliver")

    assert status == 2
    assert "MAMORI_SMTP_FROM" in err
