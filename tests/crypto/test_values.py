import pytest
from hypothesis import given
from hypothesis import strategies as st

from mamori.crypto import ValueCipher, decrypt_value, encrypt_value, new_data_key
from mamori.errors import CryptoError

SECRET = b"alice.tanaka@example.org"
DATA_KEY = bytes(range(32))
CIPHER = ValueCipher(DATA_KEY)


def test_a_value_decrypts_to_its_plaintext() -> None:
    blob = CIPHER.encrypt(SECRET, subject_id="s-1", item_key="email")
    assert CIPHER.decrypt(blob, subject_id="s-1", item_key="email") == SECRET


def test_the_one_off_functions_and_the_cipher_share_one_format() -> None:
    blob = encrypt_value(DATA_KEY, SECRET, subject_id="s-1", item_key="email")
    assert CIPHER.decrypt(blob, subject_id="s-1", item_key="email") == SECRET
    again = CIPHER.encrypt(SECRET, subject_id="s-1", item_key="email")
    assert decrypt_value(DATA_KEY, again, subject_id="s-1", item_key="email") == SECRET


def test_the_stored_form_starts_with_a_version_byte_and_carries_no_plaintext() -> None:
    blob = CIPHER.encrypt(SECRET, subject_id="s-1", item_key="email")
    assert blob[0] == 1
    assert len(blob) == 1 + 12 + len(SECRET) + 16
    assert SECRET not in blob


def test_two_encryptions_of_one_value_differ() -> None:
    first = CIPHER.encrypt(SECRET, subject_id="s-1", item_key="email")
    second = CIPHER.encrypt(SECRET, subject_id="s-1", item_key="email")
    assert first != second


def test_new_data_keys_are_32_random_bytes() -> None:
    first, second = new_data_key(), new_data_key()
    assert len(first) == 32
    assert first != second


@pytest.mark.parametrize(
    ("subject_id", "item_key"),
    [("s-2", "email"), ("s-1", "billing_email"), ("s-1email", ""), ("s-", "1email")],
    ids=["other subject", "other item", "shifted boundary", "shifted boundary 2"],
)
def test_a_value_moved_elsewhere_fails_naming_the_place_not_the_value(
    subject_id: str, item_key: str
) -> None:
    blob = CIPHER.encrypt(SECRET, subject_id="s-1", item_key="email")
    with pytest.raises(CryptoError) as caught:
        CIPHER.decrypt(blob, subject_id=subject_id, item_key=item_key)
    message = str(caught.value)
    assert repr(subject_id) in message
    assert repr(item_key) in message
    assert SECRET.decode() not in message
    assert "alice" not in message


def test_a_tampered_byte_fails() -> None:
    blob = bytearray(CIPHER.encrypt(SECRET, subject_id="s-1", item_key="email"))
    blob[20] ^= 0x01
    with pytest.raises(CryptoError, match="does not decrypt"):
        CIPHER.decrypt(bytes(blob), subject_id="s-1", item_key="email")


def test_another_data_key_fails() -> None:
    blob = CIPHER.encrypt(SECRET, subject_id="s-1", item_key="email")
    with pytest.raises(CryptoError):
        ValueCipher(new_data_key()).decrypt(blob, subject_id="s-1", item_key="email")


def test_a_truncated_value_fails_saying_so() -> None:
    with pytest.raises(CryptoError, match="truncated"):
        CIPHER.decrypt(b"\x01" + bytes(20), subject_id="s-1", item_key="email")


def test_an_unknown_format_version_fails_saying_so() -> None:
    blob = b"\x09" + CIPHER.encrypt(SECRET, subject_id="s-1", item_key="email")[1:]
    with pytest.raises(CryptoError, match="format version 9"):
        CIPHER.decrypt(blob, subject_id="s-1", item_key="email")


@pytest.mark.parametrize("size", [0, 16, 31, 33])
def test_a_data_key_of_the_wrong_size_is_refused(size: int) -> None:
    with pytest.raises(CryptoError, match="32 bytes"):
        ValueCipher(bytes(size))


def test_the_cipher_repr_hides_the_data_key() -> None:
    assert repr(CIPHER) == "ValueCipher(<data key>)"


ids = st.text(min_size=0, max_size=40)


@given(plaintext=st.binary(max_size=512), subject_id=ids, item_key=ids)
def test_any_value_round_trips(plaintext: bytes, subject_id: str, item_key: str) -> None:
    blob = CIPHER.encrypt(plaintext, subject_id=subject_id, item_key=item_key)
    assert CIPHER.decrypt(blob, subject_id=subject_id, item_key=item_key) == plaintext


@given(plaintext=st.binary(max_size=128), data=st.data())
def test_any_single_bit_flip_fails(plaintext: bytes, data: st.DataObject) -> None:
    blob = CIPHER.encrypt(plaintext, subject_id="s-1", item_key="email")
    bit = data.draw(st.integers(min_value=0, max_value=len(blob) * 8 - 1), label="bit")
    flipped = bytearray(blob)
    flipped[bit // 8] ^= 1 << (bit % 8)
    with pytest.raises(CryptoError):
        CIPHER.decrypt(bytes(flipped), subject_id="s-1", item_key="email")
