"""Mamori: a personal-data register that makes a privacy policy executable.

Everything a program embedding Mamori may use is exported here; anything else is internal.

    import mamori

    register = mamori.open_register()            # MAMORI_HOME, MAMORI_POLICY, ... (docs/library.md)
    with register.session() as session:
        data = session.read(mamori.Actor.application(), "u-42", "service", ["email"])

Only the errors are imported with the package; the rest loads on first use, so that
`import mamori` stays cheap for a program (or a command) that needs little of it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from mamori.errors import (
    AccessDeniedError,
    AnonymizationError,
    ConfigError,
    ConflictError,
    CryptoError,
    IntegrityError,
    MamoriError,
    NotFoundError,
    PolicyError,
    ValidationError,
)

if TYPE_CHECKING:
    from mamori._home import open_register
    from mamori.audit import AuditLog
    from mamori.config import Settings
    from mamori.crypto import Keyring, PasswordHasher, Personal
    from mamori.policy import Policy, load_policy
    from mamori.register import Actor, Register, RegisterSession

__version__ = "0.1.0"

__all__ = [
    "AccessDeniedError",
    "Actor",
    "AnonymizationError",
    "AuditLog",
    "ConfigError",
    "ConflictError",
    "CryptoError",
    "IntegrityError",
    "Keyring",
    "MamoriError",
    "NotFoundError",
    "PasswordHasher",
    "Personal",
    "Policy",
    "PolicyError",
    "Register",
    "RegisterSession",
    "Settings",
    "ValidationError",
    "__version__",
    "load_policy",
    "open_register",
]

_LAZY: dict[str, str] = {
    "Actor": "mamori.register",
    "AuditLog": "mamori.audit",
    "Keyring": "mamori.crypto",
    "PasswordHasher": "mamori.crypto",
    "Personal": "mamori.crypto",
    "Policy": "mamori.policy",
    "Register": "mamori.register",
    "RegisterSession": "mamori.register",
    "Settings": "mamori.config",
    "load_policy": "mamori.policy",
    "open_register": "mamori._home",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'mamori' has no attribute '{name}'")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next access is a plain attribute lookup
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
