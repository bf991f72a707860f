"""The SMTP transport, against a fake smtplib.SMTP: no network."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any, ClassVar

import pytest

from mamori.notify import SmtpTransport


@dataclass(frozen=True)
class _Message:
    id: str = "abc123"
    to: str = "m1@example.org"
    subject: str = "Hello"
    body: str = "Body text"
    locale: str = "en"


class FakeSMTP:
    opened: ClassVar[list[FakeSMTP]] = []

    def __init__(self, host: str, port: int, timeout: float = 0) -> None:
        self.address = (host, port)
        self.calls: list[tuple[str, Any]] = []
        FakeSMTP.opened.append(self)

    def __enter__(self) -> FakeSMTP:
        return self

    def __exit__(self, *exc: object) -> None:
        self.calls.append(("quit", None))

    def starttls(self) -> None:
        self.calls.append(("starttls", None))

    def login(self, user: str, password: str) -> None:
        self.calls.append(("login", (user, password)))

    def send_message(self, message: EmailMessage) -> None:
        self.calls.append(("send", message))


@pytest.fixture
def fake_smtp(monkeypatch: pytest.MonkeyPatch) -> type[FakeSMTP]:
    FakeSMTP.opened = []
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    return FakeSMTP


def test_smtp_sends_the_message_from_the_sender(fake_smtp: type[FakeSMTP]) -> None:
    SmtpTransport("mail.test", 25, "privacy@shop.test").send(_Message())

    (smtp,) = fake_smtp.opened
    assert smtp.address == ("mail.test", 25)
    ((action, sent), quit_call) = smtp.calls
    assert (action, quit_call[0]) == ("send", "quit")
    assert (sent["From"], sent["To"], sent["Subject"]) == (
        "privacy@shop.test",
        "m1@example.org",
        "Hello",
    )
    assert sent.get_content().strip() == "Body text"


def test_smtp_starts_tls_before_logging_in(fake_smtp: type[FakeSMTP]) -> None:
    transport = SmtpTransport(
        "mail.test", 587, "privacy@shop.test", starttls=True, username="u", password="p"
    )

    transport.send(_Message())

    (smtp,) = fake_smtp.opened
    assert [action for action, _ in smtp.calls] == ["starttls", "login", "send", "quit"]
    assert smtp.calls[1][1] == ("u", "p")


def test_an_smtp_error_reaches_the_caller_as_an_oserror(
    monkeypatch: pytest.MonkeyPatch, fake_smtp: type[FakeSMTP]
) -> None:
    def refuse(self: FakeSMTP, message: EmailMessage) -> None:
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(FakeSMTP, "send_message", refuse)

    with pytest.raises(OSError, match="gone"):
        SmtpTransport("mail.test", 25, "privacy@shop.test").send(_Message())
