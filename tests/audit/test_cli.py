"""`mamori audit verify` and `mamori audit query`, on a log tampered with through plain SQL."""

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from mamori.audit import AuditLog
from mamori.cli import main
from tests.audit.conftest import Fill
from tests.audit.signer import Ed25519Signer


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def verify(engine: Engine, head_path: Path, *extra: str) -> int:
    return main(["audit", "verify", "--database", url_of(engine), "--head", str(head_path), *extra])


def test_verify_says_intact_and_exits_0(
    engine: Engine, fill: Fill, head_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(25)
    assert verify(engine, head_path) == 0
    out = capsys.readouterr().out
    assert "intact" in out
    assert "25" in out


def test_verify_names_the_first_bad_event_and_exits_1(
    engine: Engine, fill: Fill, head_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(25)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_event WHERE seq = 17"))
    assert verify(engine, head_path) == 1
    assert "first bad event at seq 17 (deleted)" in capsys.readouterr().out


def test_verify_reports_in_json(
    engine: Engine, fill: Fill, head_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(25)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_event WHERE seq > 12"))
        conn.execute(text("DELETE FROM audit_checkpoint WHERE seq > 12"))
    assert verify(engine, head_path, "--format", "json") == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["ok"], report["first_bad_seq"]) == (False, 13)
    assert report["problems"][0]["kind"] == "truncated"


def test_verify_checks_signatures_with_a_public_key(
    engine: Engine,
    fill: Fill,
    head_path: Path,
    signer: Ed25519Signer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fill(20)
    key = tmp_path / "audit.pub.pem"
    key.write_bytes(signer.public_pem())
    assert verify(engine, head_path, "--public-key", str(key), "--key-id", signer.key_id) == 0
    assert "signatures checked" in capsys.readouterr().out


def test_verify_with_another_key_finds_bad_signatures(
    engine: Engine, fill: Fill, head_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(20)
    key = tmp_path / "other.pub.pem"
    key.write_bytes(Ed25519Signer().public_pem())
    assert verify(engine, head_path, "--public-key", str(key), "--key-id", "audit-test-1") == 1
    assert "(bad_signature)" in capsys.readouterr().out


def test_a_public_key_needs_its_key_id(
    engine: Engine, head_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert verify(engine, head_path, "--public-key", str(tmp_path / "k.pem")) == 2
    assert "--key-id" in capsys.readouterr().err


def test_a_missing_sqlite_database_is_a_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "verify", "--database", f"sqlite:///{tmp_path / 'none.sqlite'}"]) == 2
    assert "no SQLite database" in capsys.readouterr().err


def test_query_by_subject_in_json(
    engine: Engine, audit: AuditLog, fill: Fill, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(12)
    status = main(
        ["audit", "query", "--subject", "u-7", "--database", url_of(engine), "--format", "json"]
    )
    events = json.loads(capsys.readouterr().out)
    assert status == 0
    assert [(e["seq"], e["subject_id"], e["item_keys"]) for e in events] == [
        (7, "u-7", ["email", "phone"])
    ]


def test_query_by_actor_as_a_table(
    engine: Engine, fill: Fill, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(6)
    assert main(["audit", "query", "--actor", "st-1", "--database", url_of(engine)]) == 0
    out = capsys.readouterr().out
    assert "staff:st-1 (support)" in out
    assert "2 event(s)" in out


def test_query_needs_a_subject_or_an_actor(
    engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "query", "--database", url_of(engine)]) == 2
    assert "--subject" in capsys.readouterr().err
