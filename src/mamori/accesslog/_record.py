"""`AccessRecord`: the metadata of one request, checked, before it is sealed and stored.

Its text forms never show a value (IP address, cookie, user agent, page): exceptions and log
lines name the field only.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from mamori.audit import ID_PATTERN
from mamori.errors import ValidationError

__all__ = ["MAX_LENGTHS", "AccessRecord", "truncate_ip"]

MAX_LENGTHS = {"cookie": 256, "user_agent": 512, "page": 2048}
"""Longer values are cut to this many characters (a client chooses them, not the service)."""

_ID = re.compile(ID_PATTERN)


@dataclass(frozen=True)
class AccessRecord:
    """One request: when, and the metadata the service saw. Build it with `AccessRecord.of`."""

    at: datetime
    ip: str | None = field(default=None, repr=False)
    cookie: str | None = field(default=None, repr=False)
    user_agent: str | None = field(default=None, repr=False)
    page: str | None = field(default=None, repr=False)
    subject_id: str | None = None

    @classmethod
    def of(
        cls,
        *,
        at: datetime | None = None,
        ip: str | None = None,
        cookie: str | None = None,
        user_agent: str | None = None,
        page: str | None = None,
        subject_id: str | None = None,
        truncate: bool = False,
    ) -> AccessRecord:
        """A checked record: `ip` must be an IPv4 or IPv6 address (cut to its /24 or /48
        network when `truncate`); texts are cut to `MAX_LENGTHS`; `at` defaults to now."""
        if at is None:
            moment = datetime.now(UTC)
        elif not isinstance(at, datetime):
            raise ValidationError("the request time must be a datetime", field="at")
        else:
            moment = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
        if subject_id is not None and (
            not isinstance(subject_id, str) or not _ID.fullmatch(subject_id)
        ):
            raise ValidationError(
                "a subject id is an opaque id (ASCII letters, digits and _ . : -, at most 128)",
                field="subject_id",
            )
        return cls(
            at=moment,
            ip=_address(ip, truncate),
            cookie=_text("cookie", cookie),
            user_agent=_text("user_agent", user_agent),
            page=_text("page", page),
            subject_id=subject_id,
        )

    def value(self, name: str) -> str | None:
        value: str | None = getattr(self, name)
        return value


def truncate_ip(address: str) -> str:
    """The network an address belongs to, as an address: IPv4 /24 (203.0.113.7 becomes
    203.0.113.0), IPv6 /48 (2001:db8:1:2::1 becomes 2001:db8:1::)."""
    parsed = _parse(address)
    prefix = 24 if parsed.version == 4 else 48
    return str(ipaddress.ip_network(f"{parsed}/{prefix}", strict=False).network_address)


def _parse(address: object) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    if not isinstance(address, str):
        raise ValidationError("the IP address must be a text", field="ip")
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        # The value is not repeated: whatever it is, it came from a client.
        raise ValidationError("the IP address is not an IPv4 or IPv6 address", field="ip") from None
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
        return parsed.ipv4_mapped
    return parsed


def _address(address: str | None, truncate: bool) -> str | None:
    if address is None:
        return None
    return truncate_ip(address) if truncate else str(_parse(address))


def _text(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(f"the {name.replace('_', ' ')} must be a text", field=name)
    return value[: MAX_LENGTHS[name]] or None
