"""Access log: requests logged through the batch path (`AccessLog.record`, sealed, one INSERT
per 1,000 rows) against a baseline of one INSERT (one transaction) per request, sealed the same
way, in the same run, on SQLite (and PostgreSQL when MAMORI_TEST_POSTGRES_URL is set).

The baseline runs on a sample (5,000 requests; 1,000 quick) and is reported as requests/s, so
that its time for the full count is extrapolated (count / rate), not measured.

    python -m bench.accesslog [--quick]        # 50,000 requests quick, 1,000,000 otherwise
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from bench._support import main_of, postgres_databases, result
from mamori.accesslog import AccessLog, AccessRecord
from mamori.accesslog._keys import KeyChain, key_id_of
from mamori.accesslog._log import seal
from mamori.accesslog._tables import entries
from mamori.crypto import Keyring, PasswordHasher
from mamori.policy import load_policy
from mamori.register import Register

POLICY = Path(__file__).parents[1] / "examples" / "wox" / "policy.yaml"
_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"
_T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _register(url: str, folder: Path, name: str) -> Register:
    return Register.open(
        url,
        load_policy(POLICY),
        Keyring.create(folder / f"{name}-keyring.json"),
        keystore_url=f"sqlite:///{folder / f'{name}-keys.sqlite'}",
        audit_head=folder / f"{name}-head.json",
        passwords=PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1),
        migrate=True,
    )


def _request(number: int) -> dict[str, Any]:
    return {
        "at": _T0 + timedelta(milliseconds=number),
        "ip": f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}",
        "cookie": f"c-{number % 50_000:08x}",
        "user_agent": _AGENT,
        "page": f"/articles/{number % 977}",
    }


def _batched(register: Register, count: int) -> float:
    log = AccessLog(register, batch_size=1_000, max_pending=10_000)
    started = time.perf_counter()
    for number in range(count):
        log.record(**_request(number))
    log.close()
    elapsed = time.perf_counter() - started
    with register.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(entries)).scalar() == count
    return elapsed


def _one_by_one(register: Register, count: int) -> float:
    log = AccessLog(register)  # for the declaration only
    chain = KeyChain(register.wrapper)
    ciphers, _ = chain.for_writing(register.engine, [key_id_of(None)])
    started = time.perf_counter()
    for number in range(count):
        record = AccessRecord.of(**_request(number))
        with register.engine.begin() as connection:
            connection.execute(insert(entries), seal([record], log.declaration, ciphers))
    return time.perf_counter() - started


def _measure(urls: tuple[str, str], folder: Path, count: int, sample: int) -> dict[str, float]:
    batched = _register(urls[0], folder, "batched")
    single = _register(urls[1], folder, "single")
    try:
        return {"batched": _batched(batched, count), "single": _one_by_one(single, sample)}
    finally:
        batched.close()
        single.close()


def _rows(kind: str, measured: dict[str, float], count: int, sample: int) -> list[dict[str, Any]]:
    single_rate = sample / measured["single"]
    return [
        result(
            f"access log: {count} requests through the batch path, {kind}",
            count / measured["batched"],
            "requests/s",
            single_rate,
            seconds=round(measured["batched"], 3),
            baseline_seconds_extrapolated=round(count / single_rate, 1),
            baseline_note=f"one INSERT and transaction per request, measured on {sample} "
            "requests and extrapolated",
        )
    ]


def run(quick: bool) -> list[dict[str, Any]]:
    count = 50_000 if quick else 1_000_000
    sample = 1_000 if quick else 5_000
    rows = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        urls = (f"sqlite:///{folder / 'a.sqlite'}", f"sqlite:///{folder / 'b.sqlite'}")
        rows += _rows("sqlite", _measure(urls, folder, count, sample), count, sample)
    with postgres_databases(2, "accesslog") as found, tempfile.TemporaryDirectory() as name:
        if found is not None:
            pg = _measure((found[0], found[1]), Path(name), count, sample)
            rows += _rows("postgresql", pg, count, sample)
    return rows


if __name__ == "__main__":
    raise SystemExit(main_of("accesslog", run))
