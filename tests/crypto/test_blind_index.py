import pytest

from mamori.crypto import BlindIndexer, Keyring, Personal, normalise


@pytest.fixture
def indexer(keyring: Keyring) -> BlindIndexer:
    return BlindIndexer(keyring)


def test_one_value_gives_one_16_byte_digest(indexer: BlindIndexer) -> None:
    first = indexer.compute("member_no", "A-1024")
    assert first == indexer.compute("member_no", "A-1024")
    assert first.version == 1
    assert len(first.digest) == 16


@pytest.mark.parametrize(
    "spelling",
    ["alice@example.org", "  Alice@Example.ORG\n", "ＡＬＩＣＥ＠ＥＸＡＭＰＬＥ．ＯＲＧ"],
    ids=["plain", "spaces and case", "full width"],
)
def test_email_spellings_give_one_digest(indexer: BlindIndexer, spelling: str) -> None:
    expected = indexer.compute("email", "alice@example.org", kind="email")
    assert indexer.compute("email", spelling, kind="email") == expected


def test_generic_values_keep_case_but_fold_width_and_spaces(indexer: BlindIndexer) -> None:
    assert indexer.compute("member_no", " Ａ-1024 ") == indexer.compute("member_no", "A-1024")
    assert indexer.compute("member_no", "a-1024") != indexer.compute("member_no", "A-1024")


def test_the_item_key_is_part_of_the_digest(indexer: BlindIndexer) -> None:
    email = indexer.compute("email", "alice@example.org", kind="email")
    billing = indexer.compute("billing_email", "alice@example.org", kind="email")
    assert email.digest != billing.digest


def test_item_key_and_value_cannot_trade_characters(indexer: BlindIndexer) -> None:
    assert indexer.compute("ab", "c") != indexer.compute("a", "bc")


def test_another_keyring_gives_another_digest(indexer: BlindIndexer) -> None:
    other = BlindIndexer(Keyring.generate())
    assert indexer.compute("email", "a@b.jp") != other.compute("email", "a@b.jp")


def test_lookups_find_values_indexed_before_a_rotation(
    keyring: Keyring, indexer: BlindIndexer
) -> None:
    stored = indexer.compute("email", "alice@example.org", kind="email")
    keyring.rotate_index_key()
    candidates = indexer.candidates("email", "Alice@example.org", kind="email")
    assert stored in candidates
    assert [candidate.version for candidate in candidates] == [2, 1]


def test_after_a_rotation_new_values_use_the_new_version(
    keyring: Keyring, indexer: BlindIndexer
) -> None:
    before = indexer.compute("email", "alice@example.org")
    keyring.rotate_index_key()
    after = indexer.compute("email", "alice@example.org")
    assert after.version == 2
    assert after.digest != before.digest


def test_a_personal_value_indexes_like_its_text(indexer: BlindIndexer) -> None:
    assert indexer.compute("email", Personal("a@b.jp")) == indexer.compute("email", "a@b.jp")


def test_normalise_strips_and_folds_only_emails() -> None:
    assert normalise("  Ｔａｎａｋａ ") == "Tanaka"
    assert normalise(" Tanaka@Example.JP ", "email") == "tanaka@example.jp"
