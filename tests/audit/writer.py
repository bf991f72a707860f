"""A child process for the concurrency and crash tests: appends audit events, one per transaction.

    python writer.py URL COUNT ACTOR [KEY_HEX HEAD_PATH EVERY]

Prints each event's seq after its transaction committed (an acknowledged write), flushing each.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from signer import Ed25519Signer

from mamori.audit import AuditLog
from mamori.db import create_engine, transaction


def main(argv: list[str]) -> None:
    url, count, actor = argv[0], int(argv[1]), argv[2]
    if len(argv) > 3:
        signer = Ed25519Signer(private=bytes.fromhex(argv[3]))
        log = AuditLog(signer=signer, head_path=argv[4], checkpoint_every=int(argv[5]))
    else:
        log = AuditLog()
    engine = create_engine(url)
    for number in range(count):
        with transaction(engine) as session:
            seq = log.append(
                session,
                actor_kind="application",
                actor_id=actor,
                action="read",
                purpose="service",
                subject_id=f"{actor}-s{number}",
                item_keys=["email"],
                outcome="allowed",
                rule="purpose_items",
            )
        print(seq, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
