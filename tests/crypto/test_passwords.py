import argon2
import pytest

from mamori.crypto import PasswordHasher, Personal
from mamori.errors import ConfigError, CryptoError

CHEAP = {"time_cost": 1, "memory_cost": 64, "parallelism": 1}


@pytest.fixture
def hasher() -> PasswordHasher:
    return PasswordHasher(**CHEAP)


def test_the_right_password_verifies(hasher: PasswordHasher) -> None:
    stored = hasher.hash("correct horse battery staple")
    assert stored.startswith("$argon2id$")
    assert hasher.verify(stored, "correct horse battery staple")


def test_a_wrong_password_is_false_not_an_error(hasher: PasswordHasher) -> None:
    assert hasher.verify(hasher.hash("right"), "wrong") is False


def test_each_hash_has_its_own_salt(hasher: PasswordHasher) -> None:
    assert hasher.hash("same") != hasher.hash("same")


def test_a_hash_made_with_the_same_parameters_needs_no_rehash(hasher: PasswordHasher) -> None:
    assert hasher.needs_rehash(hasher.hash("pw")) is False


def test_a_hash_made_with_other_parameters_needs_a_rehash(hasher: PasswordHasher) -> None:
    stronger = PasswordHasher(time_cost=2, memory_cost=128, parallelism=1)
    assert stronger.needs_rehash(hasher.hash("pw")) is True


def test_a_stored_string_that_is_no_argon2_hash_is_an_error(hasher: PasswordHasher) -> None:
    with pytest.raises(CryptoError, match="reset the password"):
        hasher.verify("md5:5f4dcc3b5aa765d61d8327deb882cf99", "password")
    with pytest.raises(CryptoError):
        hasher.needs_rehash("not a hash")


def test_the_defaults_are_rfc_9106_low_memory() -> None:
    assert PasswordHasher().parameters == argon2.profiles.RFC_9106_LOW_MEMORY


@pytest.mark.parametrize(
    "parameters",
    [
        {"time_cost": 0},
        {"parallelism": 0},
        {"memory_cost": 4, "parallelism": 1},
        {"salt_len": 8},
    ],
)
def test_unusable_parameters_are_a_config_error(parameters: dict[str, int]) -> None:
    with pytest.raises(ConfigError, match="argon2 parameters"):
        PasswordHasher(**parameters)


def test_a_personal_password_is_accepted(hasher: PasswordHasher) -> None:
    stored = hasher.hash(Personal("pw"))
    assert hasher.verify(stored, Personal("pw"))
    assert hasher.verify(stored, "pw")
