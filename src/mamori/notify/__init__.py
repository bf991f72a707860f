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
from mamori.notify.delivery import (
    NOTIFY_ACTOR,
    address_item_for,
    deliver_due,
    purpose_for,
    queue_announcements,
    transport_for,
)
from mamori.notify.outbox import (
    MAX_ATTEMPTS,
    STATES,
    DeliveryReport,
    OutboxEntry,
    deliver,
    enqueue,
    messages,
    retry_delay,
)
from mamori.notify.scheduler import DeliveryScheduler
from mamori.notify.transports import FileSink, OutgoingMessage, SmtpTransport, Transport

__all__ = [
    "KINDS",
    "LOCALES",
    "MAX_ATTEMPTS",
    "NOTIFY_ACTOR",
    "STATES",
    "DeliveryReport",
    "DeliveryScheduler",
    "FileSink",
    "OutboxEntry",
    "OutgoingMessage",
    "SmtpTransport",
    "Transport",
    "address_item_for",
    "deliver",
    "deliver_due",
    "enqueue",
    "locale_for",
    "messages",
    "purpose_for",
    "queue_announcements",
    "retry_delay",
    "transport_for",
]
