"""Crypto benchmarks: value encryption and decryption, data-key wrapping, blind indexes.

Each figure is in operations per second on one core, best of several rounds. The baseline is the
bare primitive measured in the same run (AESGCM with a prepared key, hmac.new), so `ratio`
(value / baseline) is the share of the primitive's speed that Mamori's layer keeps.

    python -m bench.crypto [--quick]
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sys
import time
from collections.abc import Callable

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from mamori.crypto import (
    BlindIndexer,
    Keyring,
    LocalKeyWrapper,
    PasswordHasher,
    ValueCipher,
    decrypt_value,
    new_data_key,
)

__all__ = ["run"]

VALUE = bytes(range(64))
SUBJECT_ID = "7f9c2ba4-e88f-4d2b-9c1a-3b2e8f0d5a61"
ITEM_KEY = "email"


def _seconds(operation: Callable[[], object], count: int) -> float:
    start = time.perf_counter()
    for _ in range(count):
        operation()
    return time.perf_counter() - start


def _rates(
    operation: Callable[[], object], baseline: Callable[[], object], count: int, rounds: int
) -> tuple[float, float]:
    """Best rate of each, measured in alternating rounds so drifts in CPU speed hit both."""
    best, best_baseline = float("inf"), float("inf")
    for _ in range(rounds):
        best = min(best, _seconds(operation, count))
        best_baseline = min(best_baseline, _seconds(baseline, count))
    return count / best, count / best_baseline


def _entry(
    name: str, value: float, baseline: float | None, unit: str = "ops/s"
) -> dict[str, object]:
    return {
        "name": name,
        "value": round(value, 1) if value < 100 else round(value),
        "unit": "ops/s",
        "baseline": round(baseline) if baseline is not None else None,
        "ratio": round(value / baseline, 3) if baseline else None,
    }


def run(quick: bool) -> list[dict[str, object]]:
    count, rounds = (20_000, 5) if quick else (200_000, 7)
    results: list[dict[str, object]] = []

    def compare(name: str, operation: Callable[[], object], baseline: Callable[[], object]) -> None:
        value, base = _rates(operation, baseline, count, rounds)
        results.append(_entry(name, value, base))

    data_key = new_data_key()
    cipher = ValueCipher(data_key)
    stored = cipher.encrypt(VALUE, subject_id=SUBJECT_ID, item_key=ITEM_KEY)
    bare = AESGCM(data_key)
    aad = b"mamori/value/v1\x00" + SUBJECT_ID.encode() + ITEM_KEY.encode()
    nonce = os.urandom(12)
    bare_sealed = bare.encrypt(nonce, VALUE, aad)

    def bare_encrypt() -> bytes:
        return bare.encrypt(os.urandom(12), VALUE, aad)

    def bare_decrypt() -> bytes:
        return bare.decrypt(nonce, bare_sealed, aad)

    compare(
        "crypto: encrypt 64-byte value (ValueCipher)",
        lambda: cipher.encrypt(VALUE, subject_id=SUBJECT_ID, item_key=ITEM_KEY),
        bare_encrypt,
    )
    compare(
        "crypto: decrypt 64-byte value (ValueCipher)",
        lambda: cipher.decrypt(stored, subject_id=SUBJECT_ID, item_key=ITEM_KEY),
        bare_decrypt,
    )
    compare(
        "crypto: decrypt 64-byte value (decrypt_value, no cached cipher)",
        lambda: decrypt_value(data_key, stored, subject_id=SUBJECT_ID, item_key=ITEM_KEY),
        bare_decrypt,
    )

    keyring = Keyring.generate()
    wrapper = LocalKeyWrapper(keyring)
    wrapped = wrapper.wrap(data_key)
    kek = AESGCM(keyring._kek(wrapped.key_id))
    kek_sealed = kek.encrypt(nonce, data_key, b"kek")
    compare(
        "crypto: wrap data key (LocalKeyWrapper)",
        lambda: wrapper.wrap(data_key),
        lambda: kek.encrypt(os.urandom(12), data_key, b"kek"),
    )
    compare(
        "crypto: unwrap data key (LocalKeyWrapper)",
        lambda: wrapper.unwrap(wrapped),
        lambda: kek.decrypt(nonce, kek_sealed, b"kek"),
    )
    compare(
        "crypto: cold read (unwrap + ValueCipher + decrypt one value)",
        lambda: ValueCipher(wrapper.unwrap(wrapped)).decrypt(
            stored, subject_id=SUBJECT_ID, item_key=ITEM_KEY
        ),
        lambda: AESGCM(kek.decrypt(nonce, kek_sealed, b"kek")).decrypt(nonce, bare_sealed, aad),
    )

    indexer = BlindIndexer(keyring)
    index_key = keyring._index_keys()[0].key
    compare(
        "crypto: blind index of an e-mail address",
        lambda: indexer.compute(ITEM_KEY, " Alice@Example.org ", kind="email"),
        lambda: hmac.new(index_key, b"email\x00alice@example.org", hashlib.sha256).digest(),
    )

    if not quick:
        hasher = PasswordHasher()
        seconds = min(
            _seconds(lambda: hasher.hash("correct horse battery staple"), 3) / 3 for _ in range(3)
        )
        results.append(
            _entry("crypto: argon2id password hash (RFC 9106 low-memory)", 1 / seconds, None)
        )
    return results


if __name__ == "__main__":
    for result in run(quick="--quick" in sys.argv):
        print(
            f"{result['name']:<66} {result['value']:>10,} {result['unit']}"
            f"  (baseline {result['baseline'] or '-'}, ratio {result['ratio'] or '-'})"
        )
