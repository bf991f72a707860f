"""Running a coroutine from a test: in a thread of its own, because a session fixture may keep
an event loop running in the main thread (Playwright's sync API does), where `asyncio.run`
refuses to start."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_apart(coroutine: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run(coroutine)`, in a fresh thread."""
    return in_thread(lambda: asyncio.run(coroutine))


def in_thread(call: Callable[[], T]) -> T:
    """`call()`, in a fresh thread: no event loop runs there."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(call).result()
