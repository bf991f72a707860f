"""Self-service: what a signed-in person does with their own data, at any time and without staff
(SOC-9, WOX-7, AZ-10).

    me = Actor.subject("s_1")
    with register.session() as session:             # the caller owns the transaction
        mine = my_data(session, me)
        correct(session, me, {"nickname": "Kei"})
        download(session, me, "csv")

Every function takes the person's own actor: the subject id is the actor's, so no call can
reach another person's data. Reads and writes go through the register as purpose `self`, and
are audited like any other.
"""

from mamori.selfservice._history import (
    Received,
    my_requests,
    who_read_my_data,
    who_received_my_data,
)
from mamori.selfservice._mine import (
    AccountDeletion,
    Correction,
    Download,
    MyData,
    MyItem,
    correct,
    delete_account,
    delete_items,
    download,
    my_data,
)

__all__ = [
    "AccountDeletion",
    "Correction",
    "Download",
    "MyData",
    "MyItem",
    "Received",
    "correct",
    "delete_account",
    "delete_items",
    "download",
    "my_data",
    "my_requests",
    "who_read_my_data",
    "who_received_my_data",
]
