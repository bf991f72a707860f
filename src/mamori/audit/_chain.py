"""Walking the hash chain: a tight loop for intact rows, a diagnosis where it breaks.

Rows are (seq, body, hash) in seq order. An intact row has the next seq and
``hash == SHA-256(previous hash || body)``. When a row is not intact, a look-ahead of a few rows
tells what happened (the body's own ``seq`` helps: it is where the event was first written):

- a gap in seq: events were deleted;
- a later row chains from the last good hash: rows were inserted before it, or it was moved;
- the body says another seq than the row: rows were deleted or inserted and the rest renumbered;
- the next row chains from this row's stored hash: this row was edited;
- signed checkpoints that do not match the chain: events were changed and the hashes recomputed.

After each problem the scan resynchronises on the stored hashes and carries on, so one tampering
is reported once and independent ones are all reported (up to `MAX_PROBLEMS`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from mamori.audit._canonical import GENESIS_HASH, body_seq

__all__ = ["MAX_PROBLEMS", "ChainScan", "Expectation", "Problem", "ProblemKind", "Row", "span"]

MAX_PROBLEMS = 100
_WINDOW = 64

Row = tuple[int, bytes, bytes]


class ProblemKind(StrEnum):
    EDITED = "edited"
    DELETED = "deleted"
    INSERTED = "inserted"
    REORDERED = "reordered"
    BAD_SIGNATURE = "bad_signature"
    TRUNCATED = "truncated"
    HEAD_MISSING = "head_missing"
    ALTERED = "altered"


@dataclass(frozen=True, slots=True)
class Problem:
    kind: ProblemKind
    seq: int
    """The first event concerned: the first bad one, or the first one missing."""
    message: str


@dataclass(frozen=True, slots=True)
class Expectation:
    """A hash the chain must have at `seq`, from a signed checkpoint."""

    seq: int
    hash: bytes
    source: str


def span(first: int, last: int) -> str:
    return f"event {first}" if first == last else f"events {first}..{last}"


def _fits(previous: bytes, row: Row) -> bool:
    return hashlib.sha256(previous + row[1]).digest() == row[2]


class ChainScan:
    def __init__(self, expectations: Sequence[Expectation]) -> None:
        self.previous = GENESIS_HASH
        self.expected = 1
        self.events = 0
        self.last_seq = 0
        self.problems: list[Problem] = []
        self.problem_count = 0
        self.shift = 0  # row seq minus the seq the event was written with, after renumbering
        self._checks = sorted(expectations, key=lambda check: check.seq)
        self._next = 0
        self._last_checked = 0
        self._placed: set[int] = set()
        self._displaced: list[Row] = []
        self._check_genesis()

    def record(self, kind: ProblemKind, seq: int, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(kind, seq, message))

    def run(self, fetch: Callable[[], Sequence[Row]]) -> None:
        rows = list(fetch())
        while rows:
            consumed = self._intact_prefix(rows)
            self.events += consumed
            if consumed:
                self.last_seq = rows[consumed - 1][0]
            if consumed == len(rows):
                rows = list(fetch())
                continue
            rest = rows[consumed:]
            while len(rest) < _WINDOW and (more := fetch()):
                rest.extend(more)
            used = self._diagnose(rest)
            self.events += used
            self.last_seq = rest[used - 1][0]
            rows = rest[used:] or list(fetch())

    def _intact_prefix(self, rows: list[Row]) -> int:
        """Walk the rows that continue the chain; return how many did."""
        sha256 = hashlib.sha256
        first, count = rows[0][0], len(rows)
        previous = self.previous
        if first == self.expected and rows[-1][0] == first + count - 1:
            # Seqs are unique and ordered, so these are exactly first..first+count-1: only the
            # hashes need checking, and checkpoints are compared after the loop.
            for _, body, hash_ in rows:
                if sha256(previous + body).digest() != hash_:
                    consumed = self._count_intact(rows)
                    previous = rows[consumed - 1][2] if consumed else self.previous
                    break
                previous = hash_
            else:
                consumed = count
            self.previous, self.expected = previous, first + consumed
            next_check = self._next_check_row(first)
            while 0 <= next_check - first < consumed:
                self._check(next_check, rows[next_check - first][2])
                next_check = self._next_check_row(next_check + 1)
            return consumed
        start = expected = self.expected
        next_check = self._next_check_row(expected)
        for seq, body, hash_ in rows:
            if seq != expected or sha256(previous + body).digest() != hash_:
                break
            previous, expected = hash_, expected + 1
            if seq == next_check:
                self._check(seq, hash_)
                next_check = self._next_check_row(expected)
        self.previous, self.expected = previous, expected
        return expected - start

    def _count_intact(self, rows: list[Row]) -> int:
        """How many rows continue the chain (the fast loop above keeps no count)."""
        previous, count = self.previous, 0
        for _, body, hash_ in rows:
            if hashlib.sha256(previous + body).digest() != hash_:
                break
            previous, count = hash_, count + 1
        return count

    def finish(self) -> None:
        """Report checkpoints beyond the last event: the tail was cut off."""
        beyond = [c for c in self._checks[self._next :] if c.seq + self.shift > self.last_seq]
        if beyond:
            last = max(beyond, key=lambda check: check.seq)
            sources = " and ".join(sorted({check.source for check in beyond}))
            self.record(
                ProblemKind.TRUNCATED,
                self.last_seq + 1,
                f"the log ends at seq {self.last_seq} but the {sources} signed a checkpoint at "
                f"seq {last.seq}: events from seq {self.last_seq + 1} were deleted",
            )

    def _check_genesis(self) -> None:
        while self._next < len(self._checks) and self._checks[self._next].seq <= 0:
            check = self._checks[self._next]
            if check.hash != GENESIS_HASH:
                self.record(
                    ProblemKind.EDITED, 0, f"the {check.source} at seq 0 is not the genesis hash"
                )
            self._next += 1

    def _next_check_row(self, expected: int) -> int:
        """The row seq of the next checkpoint to compare, or -1. Checkpoints before `expected`
        were compared already, or fell inside a problem already reported."""
        while (
            self._next < len(self._checks) and self._checks[self._next].seq + self.shift < expected
        ):
            self._next += 1
        if self._next < len(self._checks):
            return self._checks[self._next].seq + self.shift
        return -1

    def _check(self, row_seq: int, hash_: bytes) -> None:
        """Compare the hash at `row_seq` with every checkpoint signed for that event."""
        original = row_seq - self.shift
        signed: list[Expectation] = []
        while self._next < len(self._checks) and self._checks[self._next].seq <= original:
            check = self._checks[self._next]
            self._next += 1
            if check.seq == original:
                signed.append(check)
        if not signed:
            return
        differing = sorted({check.source for check in signed if check.hash != hash_})
        if differing:
            first = self._last_checked + 1
            self.record(
                ProblemKind.EDITED,
                first,
                f"the chain at seq {original} is not the one the {' and '.join(differing)} "
                f"signed: {span(first, original)} changed and the hashes recomputed",
            )
        self._last_checked = original

    def _signed_hash(self, row_seq: int) -> bytes | None:
        """The hash a checkpoint still to be compared expects at `row_seq`, if any."""
        original = row_seq - self.shift
        for check in self._checks[self._next :]:
            if check.seq >= original:
                return check.hash if check.seq == original else None
        return None

    def _accept(self, row_seq: int, hash_: bytes) -> None:
        self.previous = hash_
        self.expected = row_seq + 1
        self._check(row_seq, hash_)

    def _diagnose(self, rest: list[Row]) -> int:
        """Explain why rest[0] does not continue the chain; return how many rows were used."""
        seq, body, hash_ = rest[0]
        expected, previous = self.expected, self.previous
        if seq in self._placed:
            return self._place_displaced(seq)
        if seq > expected:
            self.record(
                ProblemKind.DELETED, expected, f"{span(expected, seq - 1)}: missing (deleted)"
            )
            self._accept(seq, hash_)
            return 1
        window = min(len(rest), _WINDOW)
        found = next((k for k in range(1, window) if _fits(previous, rest[k])), None)
        claimed = body_seq(body)
        if found is not None:
            return self._diagnose_found(rest, found, claimed)
        if claimed is not None and claimed != seq - self.shift:
            return self._diagnose_renumbered(seq, hash_, claimed)
        # Which hash is the true one here: the next event, or a checkpoint, tells.
        following = rest[1] if len(rest) > 1 else None
        signed = self._signed_hash(seq)
        if (following is not None and _fits(hash_, following)) or signed == hash_:
            self.record(ProblemKind.EDITED, seq, f"event {seq} was changed after it was recorded")
            self._accept(seq, hash_)
            return 1
        recomputed = hashlib.sha256(previous + body).digest()
        if (following is not None and _fits(recomputed, following)) or signed == recomputed:
            self.record(ProblemKind.EDITED, seq, f"the stored hash of event {seq} was changed")
            self._accept(seq, recomputed)
            return 1
        self.record(
            ProblemKind.EDITED,
            seq,
            f"event {seq} does not fit the chain: it was changed, or written outside Mamori",
        )
        self._accept(seq, hash_)
        return 1

    def _diagnose_found(self, rest: list[Row], found: int, claimed: int | None) -> int:
        seq = rest[0][0]
        moved = rest[found]
        if claimed is not None and claimed > seq - self.shift:
            # rest[0] is a genuine later event: `moved` and it changed places.
            where = (
                f"events {seq} and {moved[0]} were swapped"
                if found == 1
                else f"the event stored at seq {moved[0]} belongs at seq {seq}"
            )
            self.record(ProblemKind.REORDERED, seq, f"{where} (reordered)")
            self._placed.add(moved[0])
            self._displaced.append(rest[0])
            self._accept(seq, moved[2])
            return 1
        self.record(
            ProblemKind.INSERTED,
            seq,
            f"{span(seq, seq + found - 1)}: inserted, and the events after renumbered",
        )
        self.shift += found
        self._accept(moved[0], moved[2])
        return found + 1

    def _diagnose_renumbered(self, seq: int, hash_: bytes, claimed: int) -> int:
        delta = (seq - claimed) - self.shift
        if delta > 0:
            self.record(
                ProblemKind.INSERTED,
                seq - delta,
                f"{span(seq - delta, seq - 1)}: inserted, and the events after renumbered",
            )
        else:
            first = seq - self.shift
            self.record(
                ProblemKind.DELETED,
                seq,
                f"{span(first, claimed - 1)} (as first numbered): deleted, and the events "
                "after renumbered",
            )
        self.shift = seq - claimed
        self._accept(seq, hash_)
        return 1

    def _place_displaced(self, seq: int) -> int:
        self._placed.discard(seq)
        for index, row in enumerate(self._displaced):
            if _fits(self.previous, row):
                del self._displaced[index]
                self._accept(seq, row[2])
                return 1
        self.expected = seq + 1  # the moved event was already counted where it belonged
        self._next_check_row(self.expected)
        return 1
