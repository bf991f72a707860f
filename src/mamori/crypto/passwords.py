"""Password hashing with argon2id (AZ-4).

Defaults are RFC 9106's second recommended option, for memory-constrained setups (section 4):
argon2id, t=3 passes, m=64 MiB, p=4 lanes, 128-bit salt, 256-bit tag. Raise `memory_cost` where
the machine allows: RFC 9106's first option is 2 GiB with t=1. Tests pass a small cost.
"""

from __future__ import annotations

import argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from mamori.crypto.personal import Personal
from mamori.errors import ConfigError, CryptoError

__all__ = ["PasswordHasher"]


class PasswordHasher:
    """`hash`, `verify` (True/False) and `needs_rehash` for stored argon2id password hashes."""

    def __init__(
        self,
        *,
        time_cost: int = 3,
        memory_cost: int = 64 * 1024,
        parallelism: int = 4,
        hash_len: int = 32,
        salt_len: int = 16,
    ) -> None:
        """`memory_cost` is in KiB."""
        if time_cost < 1 or parallelism < 1 or memory_cost < 8 * parallelism:
            raise ConfigError(
                "argon2 parameters: need time_cost >= 1, parallelism >= 1 and "
                "memory_cost >= 8 * parallelism (KiB)"
            )
        if hash_len < 16 or salt_len < 16:
            raise ConfigError("argon2 parameters: need hash_len >= 16 and salt_len >= 16 bytes")
        self.parameters = argon2.Parameters(
            type=argon2.Type.ID,
            version=argon2.low_level.ARGON2_VERSION,
            salt_len=salt_len,
            hash_len=hash_len,
            time_cost=time_cost,
            memory_cost=memory_cost,
            parallelism=parallelism,
        )
        self._hasher = argon2.PasswordHasher.from_parameters(self.parameters)

    def hash(self, password: str | Personal[str]) -> str:
        """An encoded `$argon2id$...` string with its own random salt and parameters."""
        return self._hasher.hash(_text(password))

    def verify(self, stored: str, password: str | Personal[str]) -> bool:
        """True when `password` matches `stored`; False on a mismatch.

        A stored string that is not an argon2 hash raises CryptoError: that is damaged data,
        not a wrong password, and should not be hidden as one.
        """
        try:
            return self._hasher.verify(stored, _text(password))
        except VerifyMismatchError:
            return False
        except InvalidHashError:
            raise CryptoError(
                "stored password hash is not an argon2 hash; reset the password"
            ) from None
        except VerificationError:
            return False

    def needs_rehash(self, stored: str) -> bool:
        """True when `stored` was made with other parameters: re-hash after a good verify."""
        try:
            return self._hasher.check_needs_rehash(stored)
        except (InvalidHashError, ValueError):
            raise CryptoError(
                "stored password hash is not an argon2 hash; reset the password"
            ) from None

    def __repr__(self) -> str:
        p = self.parameters
        return (
            f"PasswordHasher(time_cost={p.time_cost}, memory_cost={p.memory_cost}, "
            f"parallelism={p.parallelism})"
        )


def _text(password: str | Personal[str]) -> str:
    return password.reveal() if isinstance(password, Personal) else password
