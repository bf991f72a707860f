"""The one error root of Mamori.

    MamoriError
    ├── ConfigError                 settings or environment are wrong
    ├── PolicyError                 a policy file cannot be loaded (carries every problem found)
    ├── ValidationError             a value or request field is invalid
    ├── NotFoundError               a subject, request, record ... does not exist
    ├── ConflictError               the operation clashes with the current state
    ├── AccessDeniedError                purpose-bound access refused (names the rule)
    ├── CryptoError                 a key is missing or a ciphertext does not decrypt
    ├── IntegrityError              the audit log or a backup fails verification
    └── AnonymizationError          an anonymization task cannot be done as asked

Each class has a stable `code` (used by the API and CLI) and an HTTP status. Messages name the
place and the fix and never carry a personal value: callers pass item keys and ids, not values.
"""

from __future__ import annotations

from typing import ClassVar

__all__ = [
    "AccessDeniedError",
    "AnonymizationError",
    "ConfigError",
    "ConflictError",
    "CryptoError",
    "IntegrityError",
    "MamoriError",
    "NotFoundError",
    "PolicyError",
    "ValidationError",
]


class MamoriError(Exception):
    """Root of every error Mamori raises on purpose."""

    code: ClassVar[str] = "mamori_error"
    http_status: ClassVar[int] = 500

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def to_dict(self) -> dict[str, object]:
        body: dict[str, object] = {"code": self.code, "message": self.message}
        if self.field is not None:
            body["field"] = self.field
        return body


class ConfigError(MamoriError):
    code = "config_error"
    http_status = 500


class PolicyError(MamoriError):
    """A policy file cannot be loaded. `problems` holds every problem, each with its place."""

    code = "policy_invalid"
    http_status = 422

    def __init__(self, message: str, problems: list[object] | None = None) -> None:
        super().__init__(message)
        self.problems: list[object] = list(problems or [])


class ValidationError(MamoriError):
    code = "invalid"
    http_status = 422


class NotFoundError(MamoriError):
    """`rule` says why, where the register knows: subject_unknown or subject_erased."""

    code = "not_found"
    http_status = 404

    def __init__(self, message: str, *, field: str | None = None, rule: str | None = None) -> None:
        super().__init__(message, field=field)
        self.rule = rule


class ConflictError(MamoriError):
    code = "conflict"
    http_status = 409


class AccessDeniedError(MamoriError):
    """Purpose-bound access refused. `rule` names the rule that refused it."""

    code = "access_denied"
    http_status = 403

    def __init__(self, message: str, *, rule: str, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.rule = rule

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "rule": self.rule}


class CryptoError(MamoriError):
    code = "crypto_error"
    http_status = 500


class IntegrityError(MamoriError):
    code = "integrity_error"
    http_status = 500


class AnonymizationError(MamoriError):
    code = "anonymization_error"
    http_status = 422
