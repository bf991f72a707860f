"""Fill a register with synthetic subjects, through its public API, a batch per transaction."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from mamori.crypto import PasswordHasher
from mamori.demo._people import CollectionPlan, DemoSubject, SyntheticPeople
from mamori.errors import ConflictError, ValidationError
from mamori.register import Actor, NewSubject, Register, RegisterSession

__all__ = ["DemoLoad", "demo_password_hasher", "load_demo"]


def demo_password_hasher() -> PasswordHasher:
    """argon2id at the lowest cost it allows: for fake passwords only. A register serving real
    people re-hashes them with its own parameters at the first successful sign-in."""
    return PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)


@dataclass(frozen=True)
class DemoLoad:
    """What `load_demo` made."""

    subjects: int
    seconds: float
    seed: int
    by_kind: dict[str, int]
    by_point: dict[str, int]
    collectors: dict[str, str]
    """Collection point -> who registered its subjects (an actor id, or "the subject")."""
    notes: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Subjects per second."""
        return self.subjects / self.seconds if self.seconds > 0 else float("inf")


def load_demo(
    register: Register,
    count: int,
    *,
    seed: int,
    batch: int = 500,
    progress: Callable[[int], None] | None = None,
) -> DemoLoad:
    """Create `count` synthetic subjects (ids demo-<seed>-<index>) at the policy's collection
    points, in the policy's locales; the same seed always makes the same people.

    Each batch is one transaction; `progress(n)` is called after each with its size. Loading
    the same seed twice into one register fails on the first subject, which exists already.
    Password items are hashed with the register's hasher: open it with
    `passwords=demo_password_hasher()` unless a slow, real-cost load is wanted.
    """
    if count < 1:
        raise ValidationError(f"the number of subjects must be 1 or more, not {count}")
    if batch < 1:
        raise ValidationError(f"the batch size must be 1 or more, not {batch}", field="batch")
    people = SyntheticPeople(register.policy, seed=seed)
    by_kind: Counter[str] = Counter()
    by_point: Counter[str] = Counter()
    started = time.perf_counter()
    for first in range(0, count, batch):
        # Made before the transaction opens: it holds SQLite's write lock while it runs.
        chunk = [people.subject(index) for index in range(first, min(first + batch, count))]
        try:
            with register.session() as session:
                _register(session, chunk)
        except ConflictError as error:
            raise ConflictError(
                f"{error.message}: seed {seed} was loaded into this register before; choose "
                "another seed, or load into a fresh database",
                field="seed",
            ) from None
        by_kind.update(subject.kind for subject in chunk)
        by_point.update(subject.collection_point for subject in chunk)
        if progress is not None:
            progress(len(chunk))
    seconds = time.perf_counter() - started
    # Register sessions append through a Connection, whose commit the audit log cannot watch.
    register.audit.publish_head(register.engine)
    return DemoLoad(
        subjects=count,
        seconds=seconds,
        seed=seed,
        by_kind=dict(by_kind),
        by_point=dict(by_point),
        collectors={
            plan.point: plan.collector.id if plan.collector else "the subject"
            for plan in people.plans
        },
        notes=[*people.notes, *_password_note(register, people.plans)],
    )


def _register(session: RegisterSession, chunk: list[DemoSubject]) -> None:
    """An import per collection point for what the application collects; one by one what only
    the person may give (they register themself)."""
    imports: dict[tuple[str, Actor], list[NewSubject]] = {}
    for subject in chunk:
        if subject.actor.kind == "subject":
            session.create_subject(
                subject.actor,
                subject.id,
                kind=subject.kind,
                collection_point=subject.collection_point,
                values=subject.values,
            )
        else:
            imports.setdefault((subject.collection_point, subject.actor), []).append(
                NewSubject(subject.id, subject.kind, subject.values)
            )
    for (point, actor), subjects in imports.items():
        session.import_subjects(actor, subjects, collection_point=point)


def _password_note(register: Register, plans: list[CollectionPlan]) -> list[str]:
    policy = register.policy
    has_passwords = any(
        policy.items[key].type == "password" for plan in plans for key in plan.items
    )
    if not has_passwords:
        return []
    if register.passwords.parameters == demo_password_hasher().parameters:
        return [
            "password items are hashed at demo cost (argon2id t=1, 64 KiB); a real register "
            "re-hashes them at its own cost on the first sign-in"
        ]
    return []
