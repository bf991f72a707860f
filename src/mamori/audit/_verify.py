"""Verification of the whole log against its checkpoints, its tail row and the head file."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from mamori.audit._chain import ChainScan, Expectation, Problem, ProblemKind, Row, span
from mamori.audit._head import read_head
from mamori.audit._signing import Checkpoint, Verifier
from mamori.audit._store import all_checkpoints, read_tail
from mamori.errors import IntegrityError

__all__ = ["VerifyReport", "verify_log"]

_BATCH = 10_000


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """What `AuditLog.verify` found. ``ok`` is True only when no problem was found."""

    events_checked: int
    last_seq: int
    checkpoints_checked: int
    signatures_checked: bool
    """False when no key was given to check the checkpoints' signatures with."""
    head_checked: bool
    key_ids: tuple[str, ...]
    problems: tuple[Problem, ...]
    """In seq order; at most 100 (see ``problem_count``)."""
    problem_count: int

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def first_problem(self) -> Problem | None:
        return self.problems[0] if self.problems else None

    @property
    def first_bad_seq(self) -> int | None:
        return self.problems[0].seq if self.problems else None

    def to_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "events_checked": self.events_checked,
            "last_seq": self.last_seq,
            "checkpoints_checked": self.checkpoints_checked,
            "signatures_checked": self.signatures_checked,
            "head_checked": self.head_checked,
            "key_ids": list(self.key_ids),
            "first_bad_seq": self.first_bad_seq,
            "problem_count": self.problem_count,
            "problems": [
                {"kind": p.kind.value, "seq": p.seq, "message": p.message} for p in self.problems
            ],
        }


def _signature_problem(
    checkpoint: Checkpoint, source: str, verifiers: Mapping[str, Verifier]
) -> Problem | None:
    verifier = verifiers.get(checkpoint.key_id)
    if verifier is None:
        known = ", ".join(sorted(verifiers)) or "none"
        return Problem(
            ProblemKind.BAD_SIGNATURE,
            checkpoint.seq,
            f"the {source} at seq {checkpoint.seq} is signed with key '{checkpoint.key_id}', "
            f"not one of the keys given ({known})",
        )
    if not checkpoint.is_signed_by(verifier):
        return Problem(
            ProblemKind.BAD_SIGNATURE,
            checkpoint.seq,
            f"the signature of the {source} at seq {checkpoint.seq} does not verify",
        )
    return None


@contextmanager
def _event_rows(conn: Connection) -> Iterator[Callable[[], Sequence[Row]]]:
    """A function returning the next batch of (seq, body bytes, hash), streamed by the driver."""
    raw: Any = conn.connection.dbapi_connection
    if conn.dialect.name == "postgresql":
        cursor = raw.cursor(name="mamori_audit_verify")
        try:
            cursor.execute(
                "SELECT seq, convert_to(body, 'UTF8'), hash FROM audit_event ORDER BY seq",
                binary=True,
            )
            yield lambda: cursor.fetchmany(_BATCH)
        finally:
            cursor.close()
        return
    text_factory = raw.text_factory
    raw.text_factory = bytes  # the body's stored bytes, without decoding them
    cursor = raw.cursor()
    try:
        cursor.execute("SELECT seq, body, hash FROM audit_event ORDER BY seq")
        yield lambda: cursor.fetchmany(_BATCH)
    finally:
        cursor.close()
        raw.text_factory = text_factory


def verify_log(
    conn: Connection, *, head_path: Path | None, verifiers: Mapping[str, Verifier]
) -> VerifyReport:
    """Check every event, checkpoint and the head file, reading everything in `conn`'s snapshot."""
    checkpoints = all_checkpoints(conn)
    tail_seq, tail_hash = read_tail(conn)
    early: list[Problem] = []
    expectations = [Expectation(c.seq, c.hash, "checkpoint") for c in checkpoints]
    key_ids = {c.key_id for c in checkpoints}
    if verifiers:
        early += filter(None, (_signature_problem(c, "checkpoint", verifiers) for c in checkpoints))
    head, head_problem = _read_head(head_path, checkpoints)
    if head_problem is not None:
        early.append(head_problem)
    if head is not None:
        key_ids.add(head.key_id)
        expectations.append(Expectation(head.seq, head.hash, "head file"))
        if verifiers and (problem := _signature_problem(head, "head file", verifiers)):
            early.append(problem)

    scan = ChainScan(expectations)
    with _event_rows(conn) as fetch:
        scan.run(fetch)
    scan.finish()
    late = _tail_problems(scan, tail_seq, tail_hash)
    if head is not None and head.seq <= scan.last_seq:
        in_database = {c.seq for c in checkpoints}
        if head.seq > 0 and head.seq not in in_database:
            late.append(
                Problem(
                    ProblemKind.DELETED,
                    head.seq,
                    f"the checkpoint at seq {head.seq} named by the head file was deleted "
                    "from the database",
                )
            )

    # At one seq, what the tail row and head tell (truncated, inserted) explains more than the
    # chain's "does not fit".
    unique: dict[tuple[ProblemKind, int], tuple[int, Problem]] = {}
    for rank, group in enumerate((late, early, scan.problems)):
        for problem in group:
            unique.setdefault((problem.kind, problem.seq), (rank, problem))
    ranked = sorted(unique.values(), key=lambda item: (item[1].seq, item[0]))
    problems = [problem for _, problem in ranked]
    duplicates = len(early) + len(scan.problems) + len(late) - len(unique)
    return VerifyReport(
        events_checked=scan.events,
        last_seq=scan.last_seq,
        checkpoints_checked=len(checkpoints),
        signatures_checked=bool(verifiers),
        head_checked=head is not None,
        key_ids=tuple(sorted(key_ids)),
        problems=tuple(problems[:100]),
        problem_count=len(early) + scan.problem_count + len(late) - duplicates,
    )


def _read_head(
    head_path: Path | None, checkpoints: list[Checkpoint]
) -> tuple[Checkpoint | None, Problem | None]:
    if head_path is None:
        return None, None
    last = checkpoints[-1].seq if checkpoints else 0
    try:
        head = read_head(head_path)
    except IntegrityError as error:
        return None, Problem(ProblemKind.HEAD_MISSING, last, error.message)
    if head is None and checkpoints:
        return None, Problem(
            ProblemKind.HEAD_MISSING,
            last,
            f"the head file {head_path} is missing although the database holds checkpoints; "
            "restore it from a backup (without it a cut-off tail goes unnoticed)",
        )
    return head, None


def _tail_problems(scan: ChainScan, tail_seq: int, tail_hash: bytes) -> list[Problem]:
    last = scan.last_seq
    written_as = last - scan.shift  # the last event's seq as first numbered
    if tail_seq > written_as:
        return [
            Problem(
                ProblemKind.TRUNCATED,
                last + 1,
                f"the log ends at seq {last} but its tail row records seq {tail_seq}: "
                f"events from seq {last + 1} were deleted",
            )
        ]
    if tail_seq < written_as:
        first = tail_seq + 1 + scan.shift
        return [
            Problem(
                ProblemKind.INSERTED,
                first,
                f"{span(first, last)}: added without the audit API "
                f"(the chain's tail row records seq {tail_seq})",
            )
        ]
    if tail_seq > 0 and tail_hash != scan.previous:
        return [
            Problem(
                ProblemKind.EDITED,
                last,
                f"the hash of event {last} differs from the one the tail row recorded",
            )
        ]
    return []
