import sys

import httpx
import pytest

from mamori.crypto import (
    Keyring,
    KeyWrapper,
    LocalKeyWrapper,
    VaultTransitWrapper,
    WrappedKey,
    new_data_key,
)
from mamori.crypto.testing import FakeVaultTransit
from mamori.errors import ConfigError, CryptoError

TOKEN = "s.test-token-123"


@pytest.fixture
def vault() -> FakeVaultTransit:
    fake = FakeVaultTransit(token=TOKEN)
    fake.rotate("mamori")
    return fake


@pytest.fixture
def wrapper(vault: FakeVaultTransit) -> VaultTransitWrapper:
    return VaultTransitWrapper("http://vault.test:8200", TOKEN, "mamori", transport=vault.transport)


def test_a_wrapped_data_key_unwraps(wrapper: VaultTransitWrapper) -> None:
    data_key = new_data_key()
    wrapped = wrapper.wrap(data_key)
    assert wrapped.key_id == "vault:transit/mamori:v1"
    assert wrapped.blob.startswith(b"vault:v1:")
    assert wrapper.unwrap(wrapped) == data_key


def test_it_calls_the_transit_endpoints(
    wrapper: VaultTransitWrapper, vault: FakeVaultTransit
) -> None:
    wrapper.rewrap(wrapper.wrap(data_key := new_data_key()))
    wrapper.unwrap(wrapper.wrap(data_key))
    assert {path for _, path in vault.requests} == {
        "/v1/transit/encrypt/mamori",
        "/v1/transit/rewrap/mamori",
        "/v1/transit/decrypt/mamori",
    }


def test_the_vault_wrapper_is_a_key_wrapper(wrapper: VaultTransitWrapper) -> None:
    assert isinstance(wrapper, KeyWrapper)


def test_the_active_key_id_is_vaults_latest_version(
    wrapper: VaultTransitWrapper, vault: FakeVaultTransit
) -> None:
    assert wrapper.active_key_id == "vault:transit/mamori:v1"
    vault.rotate("mamori")
    wrapper.wrap(new_data_key())
    assert wrapper.active_key_id == "vault:transit/mamori:v2"


def test_old_wrapped_keys_unwrap_after_a_rotation_and_rewrap_moves_them(
    wrapper: VaultTransitWrapper, vault: FakeVaultTransit
) -> None:
    data_key = new_data_key()
    old = wrapper.wrap(data_key)
    vault.rotate("mamori")
    assert wrapper.unwrap(old) == data_key
    moved = wrapper.rewrap(old)
    assert moved.key_id == "vault:transit/mamori:v2"
    assert wrapper.unwrap(moved) == data_key


def test_rewrap_returns_a_key_at_the_latest_version_unchanged(
    wrapper: VaultTransitWrapper,
) -> None:
    wrapped = wrapper.wrap(new_data_key())
    assert wrapper.rewrap(wrapped) is wrapped


def test_the_stored_form_round_trips(wrapper: VaultTransitWrapper) -> None:
    wrapped = wrapper.wrap(data_key := new_data_key())
    assert wrapper.unwrap(WrappedKey.from_str(wrapped.to_str())) == data_key
    assert wrapper.unwrap(WrappedKey.from_bytes(wrapped.to_bytes())) == data_key


def test_a_refused_token_is_a_crypto_error_without_the_token(vault: FakeVaultTransit) -> None:
    wrapper = VaultTransitWrapper(
        "http://vault.test", "s.wrong", "mamori", transport=vault.transport
    )
    with pytest.raises(CryptoError) as caught:
        wrapper.wrap(new_data_key())
    assert "403" in str(caught.value)
    assert "transit/encrypt/mamori" in str(caught.value)
    assert "s.wrong" not in str(caught.value)


def test_a_tampered_wrapped_key_fails_naming_its_key_id(wrapper: VaultTransitWrapper) -> None:
    wrapped = wrapper.wrap(new_data_key())
    damaged = WrappedKey(wrapped.key_id, wrapped.blob[:-6] + b"AAAAAA")
    with pytest.raises(CryptoError) as caught:
        wrapper.unwrap(damaged)
    assert "vault:transit/mamori:v1" in str(caught.value)
    assert "400" in str(caught.value)


def test_a_locally_wrapped_key_is_refused_before_calling_vault(
    wrapper: VaultTransitWrapper, vault: FakeVaultTransit
) -> None:
    local = LocalKeyWrapper(Keyring.generate()).wrap(new_data_key())
    with pytest.raises(CryptoError, match="not by this Vault transit key"):
        wrapper.unwrap(local)
    assert vault.requests == []


def test_an_unreachable_vault_is_a_crypto_error() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    wrapper = VaultTransitWrapper(
        "http://vault.test", TOKEN, "mamori", transport=httpx.MockTransport(refuse)
    )
    with pytest.raises(CryptoError, match="did not answer"):
        wrapper.wrap(new_data_key())


def test_an_answer_without_data_is_a_crypto_error() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"warnings": []}))
    wrapper = VaultTransitWrapper("http://vault.test", TOKEN, "mamori", transport=transport)
    with pytest.raises(CryptoError, match="'data'"):
        wrapper.wrap(new_data_key())


def test_the_repr_shows_no_token(wrapper: VaultTransitWrapper) -> None:
    assert TOKEN not in repr(wrapper)


def test_from_env_needs_address_and_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VAULT_ADDR", raising=False)
    monkeypatch.setenv("VAULT_TOKEN", TOKEN)
    with pytest.raises(ConfigError, match="VAULT_ADDR"):
        VaultTransitWrapper.from_env("mamori")


def test_a_key_name_unfit_for_key_ids_is_refused() -> None:
    with pytest.raises(ConfigError, match="key name"):
        VaultTransitWrapper("http://vault.test", TOKEN, "my key")


def test_without_httpx_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "httpx", None)
    with pytest.raises(ConfigError, match=r"pip install 'mamori\[vault\]'"):
        VaultTransitWrapper("http://vault.test", TOKEN, "mamori")
