"""Delivery in operation: the transport, the address item and the purpose from the settings,
the policy announcements moved into the outbox, then the due messages sent.

    from mamori.notify import deliver_due

    report = deliver_due(register)          # MAMORI_SMTP_* or the file sink in <home>/outbox

Run it every minute or so: `mamori notify deliver` from cron, or `mamori serve` (its
`--notify-every` option).
"""

from __future__ import annotations

from datetime import datetime

from mamori.config import Settings
from mamori.errors import ConfigError, NotFoundError
from mamori.notify._locale import locale_for
from mamori.notify.outbox import DeliveryReport, deliver, enqueue
from mamori.notify.transports import FileSink, SmtpTransport, Transport
from mamori.policy import Policy
from mamori.register import Actor, Register
from mamori.versions import mark_delivered, pending_announcements

__all__ = [
    "NOTIFY_ACTOR",
    "address_item_for",
    "deliver_due",
    "purpose_for",
    "queue_announcements",
    "transport_for",
]

NOTIFY_ACTOR = Actor.system("notify")
"""Who reads the addresses and queues the announcements, in the audit log."""

_ANNOUNCED = {"notify": "policy_changed", "consent_required": "consent_renewal"}


def transport_for(settings: Settings) -> Transport:
    """SMTP when MAMORI_SMTP_HOST is set (MAMORI_SMTP_FROM then required), else the file sink
    in MAMORI_NOTIFY_SINK_DIR (default <home>/outbox)."""
    if settings.smtp_host:
        if not settings.smtp_from:
            raise ConfigError(
                "MAMORI_SMTP_HOST is set but not MAMORI_SMTP_FROM: set the sender address the "
                "messages come from",
                field="smtp_from",
            )
        password = settings.smtp_password
        return SmtpTransport(
            settings.smtp_host,
            settings.smtp_port,
            settings.smtp_from,
            starttls=settings.smtp_starttls,
            username=settings.smtp_username,
            password=None if password is None else password.get_secret_value(),
        )
    return FileSink(
        settings.effective_notify_sink_dir(), sender=settings.smtp_from or "mamori@localhost"
    )


def address_item_for(policy: Policy, settings: Settings) -> str:
    """MAMORI_NOTIFY_ADDRESS_ITEM, else the policy's first item of type email."""
    chosen = settings.notify_address_item
    if chosen is not None:
        if chosen not in policy.items:
            raise ConfigError(
                f"MAMORI_NOTIFY_ADDRESS_ITEM names '{chosen}', which is not an item of the "
                f"policy; use one of {', '.join(policy.items)}",
                field="notify_address_item",
            )
        return chosen
    for key, item in policy.items.items():
        if item.type == "email":
            return key
    raise ConfigError(
        "the policy has no item of type email to write to: set MAMORI_NOTIFY_ADDRESS_ITEM to "
        "the item that holds the person's address",
        field="notify_address_item",
    )


def purpose_for(policy: Policy, settings: Settings, address_item: str) -> str:
    """MAMORI_NOTIFY_PURPOSE, else a purpose that reads `address_item` and does not rest on
    consent nor serve direct marketing (an `essential.*` data use first): telling a person
    about their request must not depend on their marketing choices."""
    chosen = settings.notify_purpose
    if chosen is not None:
        declared = policy.purposes.get(chosen)
        if declared is None or address_item not in declared.items:
            raise ConfigError(
                f"MAMORI_NOTIFY_PURPOSE names '{chosen}', which is not a purpose of the policy "
                f"that uses item '{address_item}'",
                field="notify_purpose",
            )
        return chosen
    fitting = [
        key
        for key, purpose in policy.purposes.items()
        if address_item in purpose.items
        and purpose.legal_basis != "consent"
        and not purpose.direct_marketing
    ]
    fitting.sort(key=lambda key: not policy.purposes[key].data_use.startswith("essential"))
    if not fitting:
        raise ConfigError(
            f"no purpose of the policy reads '{address_item}' to contact the person (one not "
            "based on consent nor for direct marketing): set MAMORI_NOTIFY_PURPOSE",
            field="notify_purpose",
        )
    return fitting[0]


def queue_announcements(
    register: Register, actor: Actor = NOTIFY_ACTOR, *, limit: int = 500
) -> int:
    """Move up to `limit` pending policy announcements (docs/versions.md) into the outbox, in
    one transaction: a `policy_changed` message for a notify announcement, a `consent_renewal`
    one when consent is asked again, in the person's language. The announcement is then marked
    delivered (handed to the outbox); an erased person gets no message. Returns how many were
    handled."""
    with register.session() as session:
        connection = session.connection
        batch = pending_announcements(connection, limit=limit)
        policy = session.policy
        for announcement in batch:
            locale = locale_for(connection, policy, announcement.subject_id)
            try:
                enqueue(
                    session,
                    actor,
                    announcement.subject_id,
                    _ANNOUNCED.get(announcement.kind, "policy_changed"),
                    locale=locale,
                    params={"version": announcement.policy_version},
                    at=announcement.created_at,
                )
            except NotFoundError:
                continue  # erased since the activation: nobody to tell (audited as refused)
        mark_delivered(connection, [announcement.id for announcement in batch])
    return len(batch)


def deliver_due(
    register: Register,
    settings: Settings | None = None,
    *,
    transport: Transport | None = None,
    actor: Actor | None = None,
    limit: int = 100,
    now: datetime | None = None,
) -> DeliveryReport:
    """Queue up to `limit` pending policy announcements, then send up to `limit` due messages
    through the transport the settings name (or `transport`), reading the address item the
    settings name for the purpose they name (or the defaults: see `address_item_for`,
    `purpose_for`). A settings error is raised before anything is read or sent."""
    chosen = settings if settings is not None else Settings()
    policy = register.policy
    address_item = address_item_for(policy, chosen)
    purpose = purpose_for(policy, chosen, address_item)
    sender = transport if transport is not None else transport_for(chosen)
    who = actor or NOTIFY_ACTOR
    queue_announcements(register, who, limit=limit)
    return deliver(
        register, sender, who, address_item=address_item, purpose=purpose, limit=limit, now=now
    )
