"""The HTTP API: a FastAPI app factory. Each domain adds its router as it lands."""

from mamori.api._app import create_app
from mamori.api.deps import current_policy

__all__ = ["create_app", "current_policy"]
