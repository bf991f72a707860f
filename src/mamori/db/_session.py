"""Sessions and the transaction boundary.

The caller owns the transaction: a request, a CLI command or a ``with transaction(engine)`` block
opens it; services take the `Session` (or `Connection`) and only flush. `on_commit` runs work
that must happen only once the data is durable (writing a file that refers to committed rows).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

__all__ = ["on_commit", "session_factory", "transaction"]

log = logging.getLogger(__name__)

_CALLBACKS = "mamori.on_commit"
_HOOKED = "mamori.on_commit.hooked"


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to `engine`. Objects stay readable after commit (``expire_on_commit=False``)
    so that a service can return what it wrote once the caller has committed."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(bind: Engine | sessionmaker[Session]) -> Iterator[Session]:
    """A session in one transaction: committed if the block succeeds, rolled back if it raises."""
    # A plain Session for an engine: a sessionmaker per call would build a Session subclass (and
    # its event dispatch) every time, which costs more than a small transaction.
    session = Session(bind=bind, expire_on_commit=False) if isinstance(bind, Engine) else bind()
    with session, session.begin():
        yield session


def on_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run `callback` after the session's current transaction commits; drop it if it rolls back.

    A rollback of a savepoint also drops every pending callback: the safe direction for work that
    refers to rows which might no longer exist. A callback that raises is logged, not re-raised:
    the commit has already happened.
    """
    session.info.setdefault(_CALLBACKS, []).append(callback)
    if session.info.get(_HOOKED):
        return
    session.info[_HOOKED] = True
    event.listen(session, "after_commit", _run_callbacks)
    event.listen(session, "after_soft_rollback", _drop_callbacks)


def _run_callbacks(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint was released; the real commit is still to come
    callbacks: list[Callable[[], None]] = session.info.pop(_CALLBACKS, [])
    for callback in callbacks:
        try:
            callback()
        except Exception:
            log.exception("a callback after commit failed")


def _drop_callbacks(session: Session, _previous_transaction: Any) -> None:
    session.info.pop(_CALLBACKS, None)
