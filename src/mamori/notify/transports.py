"""Where messages go: a folder of .eml files in development, an SMTP server in production.

A transport raises OSError (smtplib's errors are OSErrors) when a message could not be sent;
the outbox then tries again later."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Protocol

__all__ = ["FileSink", "OutgoingMessage", "SmtpTransport", "Transport"]


class OutgoingMessage(Protocol):
    """What a transport receives: the rendered text and the address, read just before."""

    @property
    def id(self) -> str: ...
    @property
    def to(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def body(self) -> str: ...
    @property
    def locale(self) -> str: ...


class Transport(Protocol):
    def send(self, message: OutgoingMessage) -> None:
        """Send `message` or raise OSError."""


def _email(message: OutgoingMessage, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to
    email["Subject"] = message.subject
    email["Content-Language"] = message.locale
    email["Message-ID"] = make_msgid(idstring=message.id)
    email.set_content(message.body)
    return email


class FileSink:
    """Writes each message to `<folder>/<message id>.eml`, for development and tests. The files
    hold the person's address: keep the folder out of backups and version control."""

    def __init__(self, folder: Path | str, sender: str = "mamori@localhost") -> None:
        self.folder = Path(folder)
        self.sender = sender

    def send(self, message: OutgoingMessage) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{message.id}.eml"
        path.write_bytes(bytes(_email(message, self.sender)))


class SmtpTransport:
    """Sends each message through an SMTP server, one connection per message."""

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        starttls: bool = False,
        username: str | None = None,
        password: str | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.host = host
        self.port = port
        self.sender = sender
        self.starttls = starttls
        self.username = username
        self.password = password
        self.timeout = timeout

    def send(self, message: OutgoingMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.username is not None:
                smtp.login(self.username, self.password or "")
            smtp.send_message(_email(message, self.sender))
