"""Notifications: an outbox of messages to the people whose data it is, in their language.

    from mamori.notify import FileSink, deliver, enqueue

    with register.session() as session:
        enqueue(session, actor, "m1", "request_received", locale="ja",
                params={"request_id": request.id})
    deliver(register, FileSink("var/outbox"), actor, address_item="email", purpose="service")

The outbox stores ids, keys and template parameters; the address is read through the register
when the message is sent. See docs/notify.md.
"""

from mamori.notify._locale import locale_for
from mamori.notify._templates import KINDS, LOCALES
from mamori.notify.outbox import MAX_ATTEMPTS, DeliveryReport, deliver, enqueue, retry_delay
from mamori.notify.transports import FileSink, OutgoingMessage, SmtpTransport, Transport

__all__ = [
    "KINDS",
    "LOCALES",
    "MAX_ATTEMPTS",
    "DeliveryReport",
    "FileSink",
    "OutgoingMessage",
    "SmtpTransport",
    "Transport",
    "deliver",
    "enqueue",
    "locale_for",
    "retry_delay",
]
