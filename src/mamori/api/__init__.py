"""The HTTP API: a FastAPI app factory. Each domain adds its router as it lands."""

from mamori.api._app import create_app
from mamori.api._workers import WORKER_APP, freeze_heap, worker_app, worker_environment
from mamori.api.deps import current_policy

__all__ = [
    "WORKER_APP",
    "create_app",
    "current_policy",
    "freeze_heap",
    "worker_app",
    "worker_environment",
]
