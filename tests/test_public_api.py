"""The public API is exactly what `mamori.__all__` lists; changing it is a deliberate act."""

import mamori

EXPECTED = {
    "AccessDeniedError",
    "AnonymizationError",
    "ConfigError",
    "ConflictError",
    "CryptoError",
    "IntegrityError",
    "MamoriError",
    "NotFoundError",
    "PolicyError",
    "ValidationError",
    "__version__",
}


def test_public_api_is_what_all_lists() -> None:
    assert set(mamori.__all__) == EXPECTED


def test_every_exported_name_exists() -> None:
    for name in mamori.__all__:
        assert hasattr(mamori, name), name


def test_every_exported_error_derives_from_the_one_root() -> None:
    for name in mamori.__all__:
        obj = getattr(mamori, name)
        if isinstance(obj, type) and issubclass(obj, BaseException):
            assert issubclass(obj, mamori.MamoriError), name
