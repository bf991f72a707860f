"""Mamori: a personal-data register that makes a privacy policy executable.

Everything a program embedding Mamori may use is exported here; anything else is internal.
"""

from __future__ import annotations

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

__version__ = "0.1.0"

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
    "__version__",
]
