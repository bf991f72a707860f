"""Tests that start a real server: a free port to give it, and waiting until it answers."""

from __future__ import annotations

import socket
import time
from typing import Any

import httpx


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def first_answer(url: str, *, timeout: float = 30, **options: Any) -> httpx.Response:
    """The first answer `url` gives, polling until the server is up (`options` go to httpx)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return httpx.get(url, timeout=1, **options)
        except httpx.TransportError:
            assert time.monotonic() < deadline, f"no server answered at {url}"
            time.sleep(0.1)
