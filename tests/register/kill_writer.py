"""A child process for the SIGKILL test: register writes, each in a session of its own.

    python kill_writer.py DATABASE_URL KEYSTORE_URL KEYRING HEAD RUN COUNT SUBJECTS

Write number i sets the bio of subject k<i mod SUBJECTS> to "run RUN write i", as the
application "writer-RUN", then prints i once its transaction has committed (an acknowledged
write), flushing each line. Checkpoints every 50 events, so kills also land around head writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mamori.audit import AuditLog
from mamori.crypto import Keyring, PasswordHasher
from mamori.policy import load_policy
from mamori.register import Actor, Register

POLICY = Path(__file__).parent / "fixtures" / "community.yaml"


def main(argv: list[str]) -> None:
    database_url, keystore_url, keyring_path, head = argv[:4]
    run, count, subjects = (int(arg) for arg in argv[4:7])
    keyring = Keyring.load(keyring_path)
    register = Register.open(
        database_url,
        load_policy(POLICY),
        keyring,
        keystore_url=keystore_url,
        passwords=PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1),
    )
    register.audit = AuditLog(
        signer=keyring.checkpoint_signer(), head_path=head, checkpoint_every=50
    )
    writer = Actor.application(f"writer-{run}")
    for number in range(count):
        with register.session() as session:
            session.write(
                writer, f"k{number % subjects}", "service", {"bio": f"run {run} write {number}"}
            )
        print(number, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
