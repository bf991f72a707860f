import mamori.db


def test_every_name_in_all_exists() -> None:
    assert all(hasattr(mamori.db, name) for name in mamori.db.__all__)


def test_the_public_names_are_the_documented_ones() -> None:
    assert {
        "Base",
        "create_engine",
        "current_revision",
        "is_current",
        "on_commit",
        "read_snapshot",
        "session_factory",
        "transaction",
        "upgrade",
    } <= set(mamori.db.__all__)
