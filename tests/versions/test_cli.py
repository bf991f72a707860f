"""`mamori policy activate FILE` and `mamori policy history`, on a home `mamori init` made."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mamori import open_register
from mamori.cli import main
from mamori.config import Settings
from mamori.consent import Collected, give
from mamori.register import Actor
from tests.cli_env import isolate
from tests.versions.conftest import APP, FIXTURES

V1 = str(FIXTURES / "shop.yaml")
V2 = str(FIXTURES / "shop_v2.yaml")


@pytest.fixture(autouse=True)
def _clean_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch, tmp_path)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A working directory made by `mamori init`."""
    made = tmp_path / "home"
    assert main(["init", "--home", str(made)]) == 0
    return made


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, " ".join(err.split())


def add_members(home: Path, consenting: int, others: int) -> None:
    register = open_register(Settings(home=home), V1)
    try:
        with register.session() as session:
            for number in range(consenting + others):
                subject = f"m{number}"
                session.create_subject(
                    APP,
                    subject,
                    kind="member",
                    collection_point="registration",
                    values={"name": "A Member", "email": f"{subject}@example.org"},
                )
                if number < consenting:
                    give(
                        session,
                        Actor.subject(subject),
                        subject,
                        ["provision:partners"],
                        Collected(method="web_form", language="en"),
                    )
    finally:
        register.close()


def test_activate_prints_the_classification_and_the_announcements(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "policy", "activate", V1, "--home", str(home))
    assert status == 0
    assert "versionshop 1 activated as the first version (#1" in out
    add_members(home, consenting=2, others=3)
    status, out, _ = run(capsys, "policy", "activate", V2, "--home", str(home))
    assert status == 0
    assert "1 -> versionshop 2 activated (#2, effective 2026-06-01): consent_required" in out
    assert "consent needed again for provision:partners: 2 people asked again" in out
    assert "5 people to tell" in out


def test_activate_in_json(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "policy", "activate", V1, "--home", str(home))
    add_members(home, consenting=1, others=0)
    status, out, _ = run(capsys, "policy", "activate", V2, "--home", str(home), "--format", "json")
    assert status == 0
    report = json.loads(out)
    assert report["classification"] == "consent_required"
    assert report["announcements"] == {"consent_required": 1, "notify": 1}
    assert report["renewals"] == ["provision:partners"]


def test_activating_the_same_file_again_says_nothing_changed(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "policy", "activate", V1, "--home", str(home))
    status, out, _ = run(capsys, "policy", "activate", V1, "--home", str(home))
    assert status == 0
    assert "is already the active version (#1): nothing changed" in out


def test_a_staff_member_without_policy_manage_is_refused_cleanly(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["policy", "activate", V1, "--home", str(home), "--actor", "s1", "--role", "support"]
    status, _, err = run(capsys, *argv)
    assert status == 2
    assert "may not activate a policy version" in err
    assert "Traceback" not in err


def test_a_file_that_does_not_load_exits_1_with_its_problems(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nname: versionshop\n", encoding="utf-8")
    status, out, _ = run(capsys, "policy", "activate", str(broken), "--home", str(home))
    assert status == 1
    assert "does not load" in " ".join(out.split())


def test_history_lists_each_version_with_its_changes(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "policy", "activate", V1, "--home", str(home))
    run(capsys, "policy", "activate", V2, "--home", str(home))
    status, out, _ = run(capsys, "policy", "history", "--home", str(home))
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("#1  1  effective 2026-01-01")
    assert lines[0].endswith("by system mamori: first version")
    assert "#2  2  effective 2026-06-01" in lines[1]
    assert "consent_required (1 consent required, 1 notify, 2 editorial)" in lines[1]
    assert "ask for consent again: provisions partners; items postal_code" in out


def test_history_in_json(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "policy", "activate", V1, "--home", str(home))
    status, out, _ = run(capsys, "policy", "history", "--home", str(home), "--format", "json")
    assert status == 0
    (only,) = json.loads(out)
    assert (only["seq"], only["version"], only["classification"]) == (1, "1", None)


def test_history_before_any_activation_says_how_to_start(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "policy", "history", "--home", str(home))
    assert status == 0
    assert "no policy version activated yet" in out


def test_history_without_a_database_says_to_run_init(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "policy", "history", "--home", str(tmp_path / "none"))
    assert status == 2
    assert "run `mamori init`" in err
