"""`mamori consent ...` on a working directory made by `mamori init`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mamori import Settings, open_register
from mamori.cli import main
from tests.cli_env import isolate
from tests.consent.conftest import APP, FIXTURES

POLICY = str(FIXTURES / "shop.yaml")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with the shop policy and member m1."""
    isolate(monkeypatch, tmp_path)
    folder = tmp_path / "home"
    assert main(["init", "--home", str(folder)]) == 0
    register = open_register(Settings(home=folder), POLICY)
    try:
        with register.session() as session:
            session.create_subject(
                APP, "m1", kind="member", collection_point="registration", values={"name": "A"}
            )
    finally:
        register.close()
    return folder


def run(home: Path, *args: str) -> int:
    return main(["consent", *args, "--home", str(home), "--policy", POLICY])


def test_give_then_status_shows_it_given(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(home, "give", "m1", "newsletter", "--method", "web_form") == 0
    assert "newsletter: given (receipt " in capsys.readouterr().out
    assert run(home, "status", "m1", "--target", "newsletter", "--format", "json") == 0
    (state,) = json.loads(capsys.readouterr().out)
    assert state["state"] == "given"


def test_withdraw_history_receipt_and_export(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(home, "give", "m1", "provision:partners", "--as", "staff:o1:privacy_officer")
    run(home, "withdraw", "m1", "provision:partners")
    capsys.readouterr()
    assert run(home, "history", "m1", "--format", "json") == 0
    events = json.loads(capsys.readouterr().out)
    assert [(e["decision"], e["actor_kind"], e["method"]) for e in events] == [
        ("given", "staff", "paper"),
        ("withdrawn", "subject", "paper"),
    ]
    assert run(home, "receipt", events[0]["id"], "--policy-url", "https://shop.example/p") == 0
    made = json.loads(capsys.readouterr().out)
    assert (made["consentReceiptID"], made["policyUrl"]) == (
        events[0]["id"],
        "https://shop.example/p",
    )
    assert run(home, "export", "m1", "-o", str(home / "record.json")) == 0
    record = json.loads((home / "record.json").read_text(encoding="utf-8"))
    assert record["processing"][0]["state"] == "withdrawn"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["give", "m1", "nonsense"], "asks no consent for 'nonsense'"),
        (["give", "m1", "newsletter", "--as", "staff:o1"], "--as is subject"),
        (["give", "m1", "newsletter", "--as", "staff:s1:support"], "may not record consent"),
        (["give", "nobody", "newsletter", "--as", "system"], "nobody"),
        (["receipt", "0123abcd"], "no consent event 0123abcd"),
        (["export", "m1"], "has no consent event"),
    ],
)
def test_mistakes_exit_2_with_a_message(
    home: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    capsys.readouterr()
    assert run(home, *args) == 2
    error = capsys.readouterr().err
    assert message in error
    assert "Traceback" not in error
