"""A read of many subjects loads their data keys in batches: only the keys of the persons it
reads, with the same values and audit events as one read each."""

from __future__ import annotations

import pytest
from tests.register.test_register import APP, make_member

from mamori.crypto import LocalKeyWrapper, new_data_key
from mamori.register import Actor, KeyStore, Register


def test_get_many_returns_the_stored_keys_and_skips_unknown_ones(register: Register) -> None:
    store: KeyStore = register.keystore
    wrapper = register.wrapper
    assert isinstance(wrapper, LocalKeyWrapper)
    refs = store.put_many([(f"s{n}", wrapper.wrap(new_data_key())) for n in range(1_200)])
    found = store.get_many([*refs, "no-such-ref"])
    assert set(found) == set(refs)  # across several queries of 500
    assert found[refs[7]].to_bytes() == store.get(refs[7]).to_bytes()  # type: ignore[union-attr]
    assert store.get_many([]) == {}


def test_read_many_loads_only_the_keys_of_the_persons_it_reads(
    register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    for subject_id in ("m1", "m2", "m3"):
        make_member(register, subject_id)
    with register.session() as session:
        session.suspend(Actor.subject("m2"), "m2", "service")
    register.ciphers.clear()
    asked: list[list[str]] = []
    singles: list[str] = []
    get_many, get = register.keystore.get_many, register.keystore.get

    def counted_many(refs: list[str]) -> object:
        asked.append(list(refs))
        return get_many(refs)

    def counted(ref: str) -> object:
        singles.append(ref)
        return get(ref)

    monkeypatch.setattr(register.keystore, "get_many", counted_many)
    monkeypatch.setattr(register.keystore, "get", counted)
    with register.session() as session:
        batch = session.read_many(APP, ["m1", "m2", "m3"], "service", ["email"])
    assert sorted(batch.values) == ["m1", "m3"]
    assert batch.refused == {"m2": "suspended"}
    assert batch.values["m1"]["email"].reveal() == "hanako@example.org"
    assert (len(asked), len(asked[0]), singles) == (1, 2, [])
