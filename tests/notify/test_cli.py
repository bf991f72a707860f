"""`mamori notify list|deliver` in a home `mamori init` made (office-ant): ids, kinds and
states, never an address; delivery to the file sink in <home>/outbox."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mamori import open_register
from mamori.cli import main
from mamori.config import Settings
from mamori.register import Actor

ROOT = Path(__file__).parents[2]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in list(os.environ):
        if name.startswith("MAMORI_") and name != "MAMORI_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "400")
    monkeypatch.setenv("MAMORI_POLICY", str(ROOT / "examples" / "office-ant" / "policy.yaml"))
    home = tmp_path / "var"
    assert main(["init", "--home", str(home)]) == 0
    register = open_register(Settings(home=home))
    try:
        with register.session() as session:
            session.create_subject(
                Actor.application(),
                "c-1",
                kind="customer",
                collection_point="registration",
                values={"full_name": "Hanako Yamada", "email": "hanako@example.jp"},
            )
    finally:
        register.close()
    staff = ["--actor", "st-1", "--role", "support"]
    assert main(["requests", "file", "c-1", "disclosure", "--channel", "email", *staff]) == 0
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
