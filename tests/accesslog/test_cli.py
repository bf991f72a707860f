"""`mamori accesslog show` and `mamori accesslog expire` on a register."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mamori.accesslog import AccessLog
from mamori.cli import main
from mamori.register import Register
from tests.accesslog.conftest import EXAMPLES, IP


def _options(register: Register, tmp_path: Path) -> list[str]:
    return [
        "--database",
        register.engine.url.render_as_string(hide_password=False),
        "--policy",
        str(EXAMPLES / "wox" / "policy.yaml"),
        "--keystore",
        f"sqlite:///{tmp_path / 'keys.sqlite'}",
        "--keyring",
        str(tmp_path / "keyring.json"),
        "--audit-head",
        str(tmp_path / "audit-head.json"),
    ]


def _logged(register: Register) -> None:
    with AccessLog(register) as log:
        log.record(at=datetime(2026, 1, 5, tzinfo=UTC), ip=IP, page="/news")


def test_show_prints_the_fields_the_purpose_uses(
    wox: Register, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _logged(wox)
    argv = ["accesslog", "show", "--purpose", "statistics", "--format", "json"]
    assert main([*argv, *_options(wox, tmp_path)]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["page"] == "/news"
    assert row["ip"] is None


def test_show_for_an_undeclared_purpose_is_a_clean_refusal(
    wox: Register, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["accesslog", "show", "--purpose", "marketing", *_options(wox, tmp_path)]
    assert main(argv) != 0
    err = capsys.readouterr().err
    assert "no such purpose" in err
    assert "Traceback" not in err


def test_expire_dry_run_counts_and_expire_deletes(
    wox: Register, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _logged(wox)
    dry = ["accesslog", "expire", "--dry-run", "--as-of", "2100-01-01"]
    assert main([*dry, *_options(wox, tmp_path)]) == 0
    assert "would delete 1 request(s)" in capsys.readouterr().out
    argv = ["accesslog", "expire", "--as-of", "2100-01-01", *_options(wox, tmp_path)]
    assert main(argv) == 0
    assert "deleted 1 request(s)" in capsys.readouterr().out
    assert main(argv) == 0
    assert "deleted 0 request(s)" in capsys.readouterr().out
