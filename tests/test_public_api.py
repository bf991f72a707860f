"""The public API is exactly what `mamori.__all__` lists; changing it is a deliberate act."""

import subprocess
import sys

import mamori

EXPECTED = {
    "AccessDeniedError",
    "Actor",
    "AnonymizationError",
    "AuditLog",
    "ConfigError",
    "ConflictError",
    "CryptoError",
    "IntegrityError",
    "Keyring",
    "MamoriError",
    "NotFoundError",
    "PasswordHasher",
    "Personal",
    "Policy",
    "PolicyError",
    "Register",
    "RegisterSession",
    "Settings",
    "ValidationError",
    "__version__",
    "load_policy",
    "open_register",
}


def test_public_api_is_what_all_lists() -> None:
    assert set(mamori.__all__) == EXPECTED


def test_every_exported_name_exists() -> None:
    for name in mamori.__all__:
        assert hasattr(mamori, name), name


def test_every_exported_name_is_listed_by_dir() -> None:
    assert set(dir(mamori)) >= EXPECTED


def test_an_unknown_name_is_an_attribute_error() -> None:
    assert not hasattr(mamori, "Vault")


def test_every_exported_error_derives_from_the_one_root() -> None:
    for name in mamori.__all__:
        obj = getattr(mamori, name)
        if isinstance(obj, type) and issubclass(obj, BaseException):
            assert issubclass(obj, mamori.MamoriError), name


def test_the_exports_are_the_domains_own_objects() -> None:
    from mamori.crypto import Keyring
    from mamori.register import Register

    assert mamori.Register is Register
    assert mamori.Keyring is Keyring


def test_importing_mamori_loads_no_database_or_policy_machinery() -> None:
    probe = (
        "import sys, mamori; "
        "print(sorted(m for m in ('sqlalchemy', 'mamori.register', 'mamori.policy', "
        "'cryptography', 'pydantic') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"
