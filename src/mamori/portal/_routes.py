"""The portal's routes and its static files."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

__all__ = ["portal_routers"]


def portal_routers(app: FastAPI) -> None:
    """Mount the portal on `app` (which must serve a register)."""
    from mamori.portal import person, staff

    app.mount(
        "/portal/static",
        StaticFiles(directory=Path(__file__).with_name("static")),
        name="portal-static",
    )
    app.include_router(staff.router)
    app.include_router(person.router)
