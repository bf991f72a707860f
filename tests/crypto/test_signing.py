from pathlib import Path

from mamori.crypto import CheckpointVerifier, Keyring


def test_a_signature_verifies(keyring: Keyring) -> None:
    signer = keyring.checkpoint_signer()
    signature = signer.sign(b"checkpoint 42: 9f86d081")
    assert len(signature) == 64
    assert signer.verify(b"checkpoint 42: 9f86d081", signature)


def test_other_data_does_not_verify(keyring: Keyring) -> None:
    signer = keyring.checkpoint_signer()
    assert not signer.verify(b"checkpoint 43", signer.sign(b"checkpoint 42"))


def test_an_altered_signature_does_not_verify(keyring: Keyring) -> None:
    signer = keyring.checkpoint_signer()
    signature = bytearray(signer.sign(b"checkpoint 42"))
    signature[0] ^= 1
    assert not signer.verify(b"checkpoint 42", bytes(signature))


def test_a_signature_of_another_keyring_does_not_verify(keyring: Keyring) -> None:
    other = Keyring.generate().checkpoint_signer()
    assert not keyring.checkpoint_signer().verify(b"c", other.sign(b"c"))


def test_the_public_half_verifies_without_the_keyring(keyring: Keyring) -> None:
    signer = keyring.checkpoint_signer()
    verifier = CheckpointVerifier(signer.key_id, signer.public_key)
    assert verifier.verify(b"c", signer.sign(b"c"))
    assert signer.verifier().key_id == signer.key_id


def test_the_signing_key_survives_a_reload(keyring_path: Path) -> None:
    signer = Keyring.create(keyring_path).checkpoint_signer()
    reloaded = Keyring.load(keyring_path).checkpoint_signer()
    assert reloaded.key_id == signer.key_id
    assert reloaded.verify(b"c", signer.sign(b"c"))
