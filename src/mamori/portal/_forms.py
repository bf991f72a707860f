"""A submitted form, read once (Starlette keeps it for the CSRF check and the handler)."""

from __future__ import annotations

from fastapi import Request
from starlette.datastructures import FormData

__all__ = ["Form", "form_of"]


class Form:
    def __init__(self, data: FormData) -> None:
        self._data = data

    def has(self, name: str) -> bool:
        return name in self._data

    def text(self, name: str) -> str:
        value = self._data.get(name)
        return value.strip() if isinstance(value, str) else ""

    def texts(self, name: str) -> list[str]:
        return [value for value in self._data.getlist(name) if isinstance(value, str)]

    def checked(self, name: str) -> bool:
        return self._data.get(name) in ("on", "true", "1", "yes")


async def form_of(request: Request) -> Form:
    return Form(await request.form())
