from pathlib import Path

import pytest

from mamori.crypto import Keyring, KeyWrapper, LocalKeyWrapper, WrappedKey, new_data_key
from mamori.errors import CryptoError


def test_a_wrapped_data_key_unwraps(wrapper: LocalKeyWrapper) -> None:
    data_key = new_data_key()
    wrapped = wrapper.wrap(data_key)
    assert wrapped.key_id == wrapper.active_key_id
    assert data_key not in wrapped.blob
    assert wrapper.unwrap(wrapped) == data_key


def test_the_local_wrapper_is_a_key_wrapper(wrapper: LocalKeyWrapper) -> None:
    assert isinstance(wrapper, KeyWrapper)


@pytest.mark.parametrize("encoding", ["bytes", "str"])
def test_the_stored_forms_round_trip(wrapper: LocalKeyWrapper, encoding: str) -> None:
    wrapped = wrapper.wrap(new_data_key())
    if encoding == "bytes":
        assert WrappedKey.from_bytes(wrapped.to_bytes()) == wrapped
    else:
        assert WrappedKey.from_str(wrapped.to_str()) == wrapped


def test_the_stored_form_is_compact(wrapper: LocalKeyWrapper) -> None:
    wrapped = wrapper.wrap(new_data_key())
    # version, id length, id, nonce, key, tag
    assert len(wrapped.to_bytes()) == 2 + len(wrapped.key_id) + 12 + 32 + 16


@pytest.mark.parametrize(
    "stored",
    [b"", b"\x02\x03abcdef", b"\x01\x10short", b"\x01\x03a\xffcdef"],
    ids=["empty", "unknown version", "truncated", "non-ascii id"],
)
def test_a_damaged_stored_form_is_refused(stored: bytes) -> None:
    with pytest.raises(CryptoError):
        WrappedKey.from_bytes(stored)


@pytest.mark.parametrize("stored", ["no-dot", "kek-1.", "kek-1.a", "kek 1.AAAA"])
def test_a_damaged_text_form_is_refused(stored: str) -> None:
    with pytest.raises(CryptoError):
        WrappedKey.from_str(stored)


def test_old_wrapped_keys_still_unwrap_after_rotation(
    keyring: Keyring, wrapper: LocalKeyWrapper
) -> None:
    data_key = new_data_key()
    old = wrapper.wrap(data_key)
    keyring.rotate_kek()
    assert wrapper.active_key_id != old.key_id
    assert wrapper.unwrap(old) == data_key


def test_rewrap_moves_a_key_to_the_new_kek(keyring: Keyring, wrapper: LocalKeyWrapper) -> None:
    data_key = new_data_key()
    old = wrapper.wrap(data_key)
    new_kek = keyring.rotate_kek()
    moved = wrapper.rewrap(old)
    assert moved.key_id == new_kek.id
    assert wrapper.unwrap(moved) == data_key


def test_rewrap_returns_a_key_already_under_the_active_kek_unchanged(
    wrapper: LocalKeyWrapper,
) -> None:
    wrapped = wrapper.wrap(new_data_key())
    assert wrapper.rewrap(wrapped) is wrapped


def test_new_wraps_use_the_new_kek(keyring: Keyring, wrapper: LocalKeyWrapper) -> None:
    new_kek = keyring.rotate_kek()
    assert wrapper.wrap(new_data_key()).key_id == new_kek.id


def test_a_tampered_wrapped_key_fails(wrapper: LocalKeyWrapper) -> None:
    wrapped = wrapper.wrap(new_data_key())
    blob = bytearray(wrapped.blob)
    blob[-1] ^= 0x80
    with pytest.raises(CryptoError, match="does not unwrap"):
        wrapper.unwrap(WrappedKey(wrapped.key_id, bytes(blob)))


def test_a_wrapped_key_relabelled_with_another_kek_id_fails(
    keyring: Keyring, wrapper: LocalKeyWrapper
) -> None:
    wrapped = wrapper.wrap(new_data_key())
    keyring.rotate_kek()
    with pytest.raises(CryptoError):
        wrapper.unwrap(WrappedKey(keyring.active_kek_id, wrapped.blob))


def test_a_key_wrapped_by_another_keyring_fails_naming_the_kek(wrapper: LocalKeyWrapper) -> None:
    foreign = LocalKeyWrapper(Keyring.generate()).wrap(new_data_key())
    with pytest.raises(CryptoError) as caught:
        wrapper.unwrap(foreign)
    assert foreign.key_id in str(caught.value)


def test_a_data_key_of_the_wrong_size_is_refused(wrapper: LocalKeyWrapper) -> None:
    with pytest.raises(CryptoError, match="32 bytes"):
        wrapper.wrap(b"too short")


def test_a_file_keyring_picks_up_a_rotation_made_by_another_process(keyring_path: Path) -> None:
    Keyring.create(keyring_path)
    server = LocalKeyWrapper(Keyring.load(keyring_path))
    operator = Keyring.load(keyring_path)  # stands for `mamori keys rotate` elsewhere
    operator.rotate_kek()
    data_key = new_data_key()
    wrapped = LocalKeyWrapper(operator).wrap(data_key)
    assert server.unwrap(wrapped) == data_key


def test_the_wrapped_key_repr_hides_the_blob(wrapper: LocalKeyWrapper) -> None:
    wrapped = wrapper.wrap(new_data_key())
    assert repr(wrapped) == f"WrappedKey(key_id={wrapped.key_id!r})"
