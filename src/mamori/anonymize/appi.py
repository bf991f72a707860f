"""APPI anonymously processed information (Art. 43-46) and pseudonymously processed
information (Art. 41-42).

Anonymously processed information (匿名加工情報) is made with the five measures of the PPC rules
(規則34), each applied and recorded here:

1. remove descriptions that identify a person (name, address, face image ...);
2. remove individual identification codes (My Number, passport, licence numbers ...);
3. remove codes that link the data to the source records (member ids, internal keys ...);
4. remove peculiar descriptions: top/bottom coding of extreme numbers, rare values recoded;
5. measures suited to the data set as a whole: k-anonymity of the quasi-identifiers.

The categories of items must be published (Art. 43(3)), and before a provision the categories
and the method must be published and the recipient told the data are anonymously processed
(Art. 43(4), 44). These come out as data (`announcement`, `recipient_statement`) for the notice.

Pseudonymously processed information (仮名加工情報) replaces identifiers with keyed pseudonyms;
it may not be given to third parties (Art. 41(6)), which its record says.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from mamori.anonymize._data import DataInput, Table, read_table
from mamori.anonymize.declared import IntervalHierarchy, hierarchy_from_spec
from mamori.anonymize.engine import anonymize
from mamori.anonymize.hierarchy import Hierarchy
from mamori.anonymize.records import ReleaseRecord
from mamori.anonymize.research import AnonymizedRelease, release_record
from mamori.errors import AnonymizationError

__all__ = [
    "RECIPIENT_STATEMENT",
    "AnonymouslyProcessedData",
    "PseudonymizedData",
    "anonymously_processed",
    "pseudonymize",
]

RECIPIENT_STATEMENT = {
    "ja": (
        "提供する情報は、個人情報の保護に関する法律第43条に基づき作成された匿名加工情報です。"
        "受領者は、本人を識別するために、当該情報を他の情報と照合してはなりません（同法第45条）。"
    ),
    "en": (
        "The information provided is anonymously processed information made under Article 43 "
        "of the Act on the Protection of Personal Information. The recipient must not collate "
        "it with other information to identify the persons concerned (Article 45)."
    ),
}

NOT_PROVIDABLE = {
    "ja": (
        "仮名加工情報です。公表した利用目的の範囲でのみ利用し、第三者に提供することはできません"
        "（委託、事業承継、共同利用を除く）。本人を識別するために他の情報と照合すること、"
        "本人への連絡等に利用することはできません（個人情報の保護に関する法律第41条）。"
    ),
    "en": (
        "Pseudonymously processed information: to be used only for the published purposes and "
        "not provided to third parties (except entrustment, business succession or joint use); "
        "it must not be collated with other information to identify a person, nor used to "
        "contact anyone (Act on the Protection of Personal Information, Article 41)."
    ),
}


@dataclass(frozen=True)
class AnonymouslyProcessedData(AnonymizedRelease):
    measures: tuple[dict[str, object], ...]  # the five measures, as applied
    announcement: dict[str, object]  # what Art. 43(3)/(4) ask to publish
    recipient_statement: dict[str, str]  # what Art. 43(4)/44 ask to tell the recipient
    record: ReleaseRecord


def _code_extremes(
    values: Sequence[str], column: str, bounds: tuple[float | None, float | None]
) -> tuple[list[str], int]:
    low, high = bounds
    out, changed = [], 0
    for value in values:
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if math.isnan(number):
            raise AnonymizationError(
                f"column '{column}': a value is not a number; top/bottom coding needs numbers",
                field=column,
            )
        if low is not None and number < low:
            out.append(f"<{_fmt(low)}")
            changed += 1
        elif high is not None and number >= high:
            out.append(f">={_fmt(high)}")
            changed += 1
        else:
            out.append(value)
    return out, changed


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


def anonymously_processed(
    data: DataInput,
    *,
    identifying: Sequence[str],
    identification_codes: Sequence[str] = (),
    linking_codes: Sequence[str] = (),
    quasi_identifiers: Sequence[str],
    hierarchies: Mapping[str, Hierarchy | Mapping[str, object]],
    k: int,
    top_bottom_coding: Mapping[str, tuple[float | None, float | None]] | None = None,
    rare_values: Mapping[str, int] | None = None,
    sensitive: Sequence[str] = (),
    l_diversity: int | None = None,
    keep: Sequence[str] = (),
    suppression_limit: float = 0.0,
    item_categories: Mapping[str, str] | None = None,
    recipient: str | None = None,
    purpose: str | None = None,
    method_of_provision: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    now: dt.datetime | None = None,
) -> AnonymouslyProcessedData:
    """Make anonymously processed information with the five measures of the PPC rules.

    `top_bottom_coding` maps a numeric column to (low, high): values below low become `<low`,
    values at or above high `>=high`. `rare_values` maps a released column that is not a
    quasi-identifier to a minimum frequency: rarer values become `*`.
    """
    table = read_table(data)
    removed_sets = {
        "identifying descriptions": tuple(identifying),
        "individual identification codes": tuple(identification_codes),
        "linking codes": tuple(linking_codes),
    }
    removed_all = {c for names in removed_sets.values() for c in names}
    for option, names in (
        ("quasi_identifiers", quasi_identifiers),
        ("sensitive", sensitive),
        ("keep", keep),
    ):
        clash = sorted(removed_all & set(names))
        if clash:
            raise AnonymizationError(
                f"column '{clash[0]}' is to be removed and cannot be released ({option})",
                field=option,
            )
    columns: dict[str, Sequence[str]] = dict(table.columns)
    resolved = {
        name: hierarchy_from_spec(h) if isinstance(h, Mapping) else h
        for name, h in hierarchies.items()
    }
    peculiar: list[dict[str, object]] = []
    for column, bounds in (top_bottom_coding or {}).items():
        table.require([column], "top_bottom_coding")
        columns[column], changed = _code_extremes(columns[column], column, bounds)
        peculiar.append({"column": column, "low": bounds[0], "high": bounds[1], "recoded": changed})
        hierarchy = resolved.get(column)
        if isinstance(hierarchy, IntervalHierarchy):
            # Let the hierarchy know the coded labels, so they generalise as themselves.
            resolved[column] = replace(hierarchy, bottom=bounds[0], top=bounds[1])
    for column, minimum in (rare_values or {}).items():
        table.require([column], "rare_values")
        if column in quasi_identifiers:
            raise AnonymizationError(
                f"'{column}' is a quasi-identifier: k-anonymity already covers its rare values",
                field="rare_values",
            )
        counts = Counter(columns[column])
        columns[column] = [v if counts[v] >= minimum else "*" for v in columns[column]]
        rare = sum(n for n in counts.values() if n < minimum)
        peculiar.append({"column": column, "min_frequency": minimum, "recoded": rare})
    prepared = Table(table.header, columns, table.rows, table.source, table.first_line)
    result = anonymize(
        prepared,
        quasi_identifiers=quasi_identifiers,
        hierarchies=resolved,
        k=k,
        sensitive=sensitive,
        l_diversity=l_diversity,
        keep=keep,
        suppression_limit=suppression_limit,
        progress=progress,
    )
    measures = [
        {
            "criterion": number,
            "measure": name,
            "columns": [c for c in table.header if c in removed_sets[name]],
            "action": "removed",
        }
        for number, name in enumerate(removed_sets, start=1)
    ]
    measures.append(
        {
            "criterion": 4,
            "measure": "peculiar descriptions",
            "columns": peculiar,
            "action": "top/bottom coding and rare values recoded",
        }
    )
    measures.append(
        {
            "criterion": 5,
            "measure": "properties of the data set",
            "action": f"{k}-anonymity over the quasi-identifiers",
            "levels": dict(result.levels),
            "suppressed": result.suppressed,
            "highest_risk": result.risk_after.highest_risk,
        }
    )
    categories = item_categories or {}
    timestamp = now or dt.datetime.now(dt.UTC)
    announcement: dict[str, object] = {
        "created_at": timestamp.isoformat(),
        "items": [categories.get(c, c) for c in result.columns],
        "method_of_provision": method_of_provision,
        "legal_basis": "APPI Art. 43(3), 43(4)",
    }
    record = release_record(
        result,
        kind="anonymously_processed",
        recipient=recipient,
        purpose=purpose,
        legal_basis="APPI Art. 43",
        extra={"measures": measures, "announcement": announcement},
        now=timestamp,
    )
    record = replace(record, announcement=announcement)
    return AnonymouslyProcessedData(
        result, tuple(measures), announcement, dict(RECIPIENT_STATEMENT), record
    )


@dataclass(frozen=True)
class PseudonymizedData:
    columns: tuple[str, ...]
    data: dict[str, list[str]] = field(repr=False)
    notice: dict[str, str]
    record: ReleaseRecord

    def rows(self) -> Iterator[tuple[str, ...]]:
        return zip(*(self.data[c] for c in self.columns), strict=True)

    def to_dicts(self) -> list[dict[str, str]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows()]


def pseudonymize(
    data: DataInput,
    *,
    identifiers: Sequence[str],
    key: bytes,
    purpose: str,
    drop: Sequence[str] = (),
    key_id: str | None = None,
    length: int = 32,
    now: dt.datetime | None = None,
) -> PseudonymizedData:
    """Replace `identifiers` by keyed pseudonyms (HMAC-SHA256, hex) and remove `drop`.

    `drop` holds the other descriptions that identify a person and the items whose misuse could
    cause financial loss (card numbers ...), which Art. 41(1) asks to remove. The same key gives
    the same pseudonym for the same value, so tables made with one key can be joined; the key is
    the "deleted information" the operator must keep safe, never stored in the record.
    """
    if len(key) < 16:
        raise AnonymizationError("the pseudonym key must be at least 16 bytes", field="key")
    if not 8 <= length <= 64:
        raise AnonymizationError("the pseudonym length must be 8..64 hex digits", field="length")
    if not identifiers:
        raise AnonymizationError("name the identifier columns to replace", field="identifiers")
    table = read_table(data)
    table.require(identifiers, "identifiers")
    table.require(drop, "drop")
    out: dict[str, list[str]] = {}
    columns = tuple(c for c in table.header if c not in set(drop))
    for name in columns:
        values = table.columns[name]
        if name in identifiers:
            out[name] = [_pseudonym(key, v, length) if v else "" for v in values]
        else:
            out[name] = list(values)
    record = ReleaseRecord(
        kind="pseudonymized",
        items=columns,
        records=table.rows,
        purpose=purpose,
        legal_basis="APPI Art. 41",
        third_party_provision_allowed=False,
        parameters={
            "identifiers": list(identifiers),
            "removed": [c for c in table.header if c in set(drop)],
            "algorithm": "HMAC-SHA256",
            "pseudonym_length": length,
            "key_id": key_id,
        },
    )
    if now is not None:
        record = replace(record, created_at=now)
    return PseudonymizedData(columns, out, dict(NOT_PROVIDABLE), record)


def _pseudonym(key: bytes, value: str, length: int) -> str:
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:length]
