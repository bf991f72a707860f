import mamori.audit


def test_every_name_in_all_exists() -> None:
    assert all(hasattr(mamori.audit, name) for name in mamori.audit.__all__)


def test_private_modules_are_not_exported() -> None:
    assert not [name for name in mamori.audit.__all__ if name.startswith("_")]


def test_the_api_other_domains_use_is_exported() -> None:
    assert {
        "ActorKind",
        "AuditEntry",
        "AuditEvent",
        "AuditLog",
        "Outcome",
        "Signer",
        "VerifyReport",
        "default_head_path",
    } <= set(mamori.audit.__all__)
