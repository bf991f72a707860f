"""Values checked by their item's type before they are stored. Messages name the item and the
expected form, never the value itself."""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from datetime import date

from mamori.errors import ValidationError
from mamori.policy.model import Item

__all__ = ["validate_value"]

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{5,20}$")
_POSTAL = re.compile(r"^[0-9A-Za-z][0-9A-Za-z \-]{1,11}$")
_IDENTIFIER = re.compile(r"^[\x21-\x7e]{1,256}$")
_FILE_REFERENCE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+$")
_URL = re.compile(r"^https?://[^\s]+$")
_LOCATION = re.compile(r"^-?\d{1,2}(\.\d+)?,\s*-?\d{1,3}(\.\d+)?$")

_FORMS: dict[str, tuple[re.Pattern[str], str]] = {
    "email": (_EMAIL, "an e-mail address such as name@example.org"),
    "phone": (_PHONE, "a telephone number of digits, spaces, -, ( ) and an optional leading +"),
    "postal_code": (_POSTAL, "a postal code such as 150-0001 or 93500"),
    "identifier": (_IDENTIFIER, "an identifier of printable ASCII characters without spaces"),
    "file": (_FILE_REFERENCE, "a file reference such as s3://bucket/key or file:photos/1.jpg"),
    "url": (_URL, "an http(s) address"),
    "location": (_LOCATION, "a latitude,longitude pair such as 35.68,139.76"),
}


def validate_value(key: str, item: Item, value: object) -> str:
    """The value as stored (normalised to NFC text), or ValidationError naming `values.<key>`."""
    field = f"values.{key}"
    if isinstance(value, bool) and item.type == "boolean":
        return "true" if value else "false"
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValidationError(f"{key} must be {_expected(item)}", field=field)
    text = unicodedata.normalize("NFC", str(value).strip())
    if item.type == "boolean":
        if text.lower() not in ("true", "false"):
            raise ValidationError(f"{key} must be {_expected(item)}", field=field)
        return text.lower()
    if not text:
        raise ValidationError(
            f"{key} is empty; give {_expected(item)} or leave it out", field=field
        )
    if len(text) > item.max_length:
        raise ValidationError(
            f"{key} is longer than {item.max_length} characters; shorten it", field=field
        )
    if item.type in _FORMS:
        pattern, _ = _FORMS[item.type]
        if not pattern.match(text):
            raise ValidationError(f"{key} must be {_expected(item)}", field=field)
        return text.lower() if item.type == "email" else text
    if item.type == "ip_address":
        try:
            return str(ipaddress.ip_address(text))
        except ValueError:
            raise ValidationError(f"{key} must be {_expected(item)}", field=field) from None
    if item.type == "date":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValidationError(f"{key} must be {_expected(item)}", field=field) from None
    if item.type == "year":
        if not (text.isdigit() and len(text) == 4 and 1850 <= int(text) <= 2200):
            raise ValidationError(f"{key} must be {_expected(item)}", field=field)
        return text
    if item.type == "number":
        try:
            float(text)
        except ValueError:
            raise ValidationError(f"{key} must be {_expected(item)}", field=field) from None
        return text
    if item.type == "choice":
        choices = item.choices or {}
        if text not in choices:
            raise ValidationError(f"{key} must be {_expected(item)}", field=field)
        return text
    return text


def _expected(item: Item) -> str:
    if item.type in _FORMS:
        return _FORMS[item.type][1]
    return {
        "ip_address": "an IPv4 or IPv6 address",
        "date": "a date written YYYY-MM-DD",
        "year": "a year of four digits",
        "number": "a number",
        "choice": "one of " + ", ".join(sorted(item.choices or {})),
        "boolean": "true or false",
    }.get(item.type, "text")
