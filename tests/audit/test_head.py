from pathlib import Path

import pytest

from mamori.audit import Checkpoint, read_head
from mamori.audit._head import write_head
from mamori.errors import IntegrityError
from tests.audit.signer import Ed25519Signer

SIGNER = Ed25519Signer()


def checkpoint(seq: int) -> Checkpoint:
    return Checkpoint.signed(SIGNER, seq=seq, chain_head=bytes([seq]) * 32, time_us=seq)


def test_a_missing_head_reads_as_none(tmp_path: Path) -> None:
    assert read_head(tmp_path / "audit-head.json") is None


def test_a_written_head_reads_back_and_still_verifies(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "audit-head.json"
    assert write_head(path, checkpoint(7))
    head = read_head(path)
    assert head == checkpoint(7)
    assert head is not None
    assert head.is_signed_by(SIGNER)


def test_the_head_never_moves_back(tmp_path: Path) -> None:
    path = tmp_path / "audit-head.json"
    write_head(path, checkpoint(9))
    assert not write_head(path, checkpoint(4))
    assert read_head(path) == checkpoint(9)


def test_writing_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "audit-head.json"
    write_head(path, checkpoint(1))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audit-head.json", "audit-head.json.lock"]


def test_a_head_that_is_not_a_head_names_the_file_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "audit-head.json"
    path.write_text('{"format": "something else"}')
    with pytest.raises(IntegrityError, match=r"audit-head\.json.*restore it from a backup"):
        read_head(path)


def test_an_unreadable_head_is_replaced_by_the_next_checkpoint(tmp_path: Path) -> None:
    path = tmp_path / "audit-head.json"
    path.write_text("garbage")
    assert write_head(path, checkpoint(3))
    assert read_head(path) == checkpoint(3)
