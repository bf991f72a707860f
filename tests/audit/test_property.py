"""Whatever the sequence of appends, each committed append leaves exactly one event."""

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from mamori.audit import AuditLog
from mamori.audit._models import AuditEventRow
from mamori.db import transaction
from tests.audit.conftest import entry

Operation = tuple[str, int]

operations = st.lists(
    st.one_of(
        st.tuples(st.just("append"), st.just(1)),
        st.tuples(st.just("append_many"), st.integers(0, 4)),
        st.tuples(st.just("rolled_back"), st.integers(1, 3)),
    ),
    max_size=12,
)
_subjects = itertools.count()


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(AuditEventRow)).scalar_one())


class _RolledBackError(Exception):
    pass


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(script=operations)
def test_each_committed_append_leaves_exactly_one_event(
    engine: Engine, audit: AuditLog, script: list[Operation]
) -> None:
    committed: list[str] = []
    rolled_back: list[str] = []
    start = _count(engine)
    for kind, size in script:
        subjects = [f"p-{next(_subjects)}" for _ in range(size)]
        try:
            with transaction(engine) as session:
                if kind == "append":
                    audit.append(
                        session,
                        actor_kind="system",
                        actor_id="sys",
                        action="write",
                        subject_id=subjects[0],
                        outcome="allowed",
                        rule="r",
                    )
                else:
                    audit.append_many(session, [entry(0, subject_id=s) for s in subjects])
                if kind == "rolled_back":
                    raise _RolledBackError
        except _RolledBackError:
            rolled_back += subjects
        else:
            committed += subjects
        assert _count(engine) == start + len(committed)
    for subject in committed:
        assert len(audit.query(engine, subject_id=subject)) == 1
    for subject in rolled_back:
        assert audit.query(engine, subject_id=subject) == []
    report = audit.verify(engine)
    assert report.ok
    assert report.last_seq == report.events_checked == start + len(committed)
