"""The app each worker process of `mamori serve --workers N` serves.

uvicorn starts the workers as fresh interpreters that import an app factory by name, so what
the command line resolved (settings, policy file, cookie flag) travels to them in one
environment variable; each worker opens the register itself, with its own connections.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from mamori.errors import ConfigError

if TYPE_CHECKING:
    from fastapi import FastAPI

    from mamori.config import Settings

__all__ = ["WORKER_APP", "freeze_heap", "worker_app", "worker_environment"]

WORKER_APP = "mamori.api:worker_app"
_SPEC = "MAMORI_SERVE_WORKER"
# What `settings_for` may take from the command line; the rest the workers read from MAMORI_*
# themselves, as the parent did.
_PASSED = ("home", "database_url", "keystore_url", "keyring_path", "audit_head_path")


@contextmanager
def worker_environment(settings: Settings, policy: Path, *, secure_cookies: bool) -> Iterator[None]:
    """Put what the workers need in this process's environment (they inherit it) while the
    block runs."""
    spec = {
        "settings": settings.model_dump(mode="json", include=set(_PASSED), exclude_none=True),
        "policy": str(policy.resolve()),
        "secure_cookies": secure_cookies,
    }
    os.environ[_SPEC] = json.dumps(spec)
    try:
        yield
    finally:
        os.environ.pop(_SPEC, None)


def worker_app() -> FastAPI:
    """The app of one worker: the register `mamori serve` described, opened in this process."""
    from mamori import open_register
    from mamori.api._app import create_app
    from mamori.config import Settings
    from mamori.db import WalCheckpointer

    spec_text = os.environ.get(_SPEC)
    if spec_text is None:
        raise ConfigError(
            f"{WORKER_APP} is started by `mamori serve --workers N`, not by hand", field="workers"
        )
    spec = json.loads(spec_text)
    # Open for the life of the worker process, which ends with the server.
    register = open_register(Settings(**spec["settings"]), Path(spec["policy"]))
    if WalCheckpointer.applies_to(register.engine):
        # `mamori serve` checkpoints the SQLite file in its own process, for every worker.
        WalCheckpointer.relieve_commits(register.engine)
    app = create_app(register.policy, register=register, secure_cookies=spec["secure_cookies"])
    freeze_heap()
    return app


def freeze_heap() -> None:
    """Hide what a server process holds for its whole life (modules, the policy, the app) from
    the garbage collector, once it is built.

    A full collection walks every object the collector tracks, and a server at its highest
    rate moves enough short-lived objects into the oldest generation to start one about every
    second: with some 160,000 objects from start-up, each took 15 to 100 ms, during which the
    process answered nothing. Frozen, they are no longer walked.
    """
    gc.collect()
    gc.freeze()
