"""APPI anonymously processed information (Art. 43) and pseudonymously processed (Art. 41)."""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter

import pytest

from mamori.anonymize import (
    RECIPIENT_STATEMENT,
    AnonymouslyProcessedData,
    IntervalHierarchy,
    PrefixHierarchy,
    anonymously_processed,
    pseudonymize,
)
from mamori.errors import AnonymizationError

KEY = b"0123456789abcdef0123456789abcdef"


def customers(n: int = 60) -> list[dict[str, str]]:
    return [
        {
            "member_id": f"M{i:05d}",
            "name": f"Customer {i}",
            "my_number": f"{100000000000 + i}",
            "postcode": f"{150 + i % 3}{i % 10}00{i % 7}",
            "age": str(105 if i == 7 else 20 + (i * 11) % 50),
            "plan": "basic" if i % 4 else ("rare plan" if i == 4 else "premium"),
            "spend": str(1000 + i),
        }
        for i in range(n)
    ]


def make() -> AnonymouslyProcessedData:
    return anonymously_processed(
        customers(),
        identifying=["name"],
        identification_codes=["my_number"],
        linking_codes=["member_id"],
        quasi_identifiers=["postcode", "age"],
        hierarchies={"postcode": PrefixHierarchy((3, 1)), "age": IntervalHierarchy((10, 20))},
        k=5,
        top_bottom_coding={"age": (None, 90)},
        rare_values={"plan": 3},
        keep=["plan"],
        item_categories={
            "postcode": "住所（郵便番号上3桁まで）",
            "age": "年齢",
            "plan": "契約プラン",
        },
        recipient="Research partner Ltd.",
        purpose="service analysis",
        method_of_provision="encrypted file transfer",
    )


def test_identifiers_codes_and_linking_codes_are_removed() -> None:
    out = make()
    assert not {"name", "my_number", "member_id"} & set(out.columns)
    assert [m["columns"] for m in out.measures[:3]] == [["name"], ["my_number"], ["member_id"]]


def test_extreme_ages_are_top_coded_and_rare_values_recoded() -> None:
    out = make()
    assert all(not r["age"].isdigit() or int(r["age"]) < 90 for r in out.to_dicts())
    assert "rare plan" not in {r["plan"] for r in out.to_dicts()}
    peculiar = out.measures[3]["columns"]
    assert isinstance(peculiar, list)
    assert peculiar[0]["recoded"] == 1


def test_the_data_set_is_k_anonymous() -> None:
    out = make()
    groups = Counter((r["postcode"], r["age"]) for r in out.to_dicts())
    assert min(groups.values()) >= 5
    assert out.measures[4]["criterion"] == 5


def test_the_announcement_lists_item_categories_and_method() -> None:
    out = make()
    assert out.announcement["items"] == ["住所（郵便番号上3桁まで）", "年齢", "契約プラン"]
    assert out.announcement["method_of_provision"] == "encrypted file transfer"


def test_the_recipient_is_told_the_data_are_anonymously_processed() -> None:
    out = make()
    assert out.recipient_statement == RECIPIENT_STATEMENT
    assert "匿名加工情報" in out.recipient_statement["ja"]
    assert "Article 43" in out.recipient_statement["en"]


def test_the_record_names_the_law_and_the_recipient_without_values() -> None:
    record = make().record.to_dict()
    assert record["kind"] == "anonymously_processed"
    assert record["legal_basis"] == "APPI Art. 43"
    assert record["recipient"] == "Research partner Ltd."
    assert "Customer 1" not in str(record)


def test_a_removed_column_cannot_also_be_released() -> None:
    with pytest.raises(AnonymizationError, match="'name' is to be removed"):
        anonymously_processed(
            customers(),
            identifying=["name"],
            quasi_identifiers=["age"],
            hierarchies={"age": IntervalHierarchy((10,))},
            k=2,
            keep=["name"],
        )


def test_pseudonyms_are_keyed_hashes_and_other_items_are_dropped() -> None:
    out = pseudonymize(
        customers(5),
        identifiers=["member_id"],
        key=KEY,
        drop=["name", "my_number"],
        purpose="churn analysis",
        key_id="k-2025",
    )
    first = out.to_dicts()[0]
    expected = hmac.new(KEY, b"M00000", hashlib.sha256).hexdigest()[:32]
    assert first["member_id"] == expected
    assert "name" not in first
    assert "my_number" not in first


def test_the_same_key_gives_the_same_pseudonym_and_another_key_does_not() -> None:
    a = pseudonymize(customers(3), identifiers=["member_id"], key=KEY, purpose="p")
    b = pseudonymize(customers(3), identifiers=["member_id"], key=KEY, purpose="p")
    c = pseudonymize(customers(3), identifiers=["member_id"], key=KEY[::-1], purpose="p")
    assert a.data["member_id"] == b.data["member_id"] != c.data["member_id"]


def test_pseudonymized_data_are_marked_not_providable_to_third_parties() -> None:
    out = pseudonymize(customers(3), identifiers=["member_id"], key=KEY, purpose="p")
    assert out.record.third_party_provision_allowed is False
    assert out.record.legal_basis == "APPI Art. 41"
    assert "第三者に提供することはできません" in out.notice["ja"]
    assert "not provided to third parties" in out.notice["en"]
    assert KEY.hex() not in str(out.record.to_dict())


def test_a_short_key_is_refused() -> None:
    with pytest.raises(AnonymizationError, match="16 bytes"):
        pseudonymize(customers(3), identifiers=["member_id"], key=b"short", purpose="p")
