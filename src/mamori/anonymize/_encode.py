"""The encoded, deduplicated table the lattice search works on.

Each quasi-identifier value becomes an integer code per generalisation level; identical rows
(quasi-identifiers and sensitive values) collapse into one distinct row with a weight. Every
figure a metric needs that does not depend on the equivalence classes is computed here once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mamori.anonymize._data import Table, codes_of
from mamori.anonymize.hierarchy import Hierarchy, HierarchyTable
from mamori.errors import AnonymizationError

__all__ = ["Encoded", "encode", "group_ids"]

IntArray = npt.NDArray[np.int64]


def group_ids(
    columns: Sequence[IntArray], cards: Sequence[int], *, dense: bool = True
) -> tuple[IntArray, int]:
    """Ids of the distinct code combinations, and how many ids there can be.

    Combines codes with a mixed radix and renumbers the key densely (0..C-1, in key order)
    whenever it would outgrow a range a bincount can cover: linear time, no hashing, no sort.
    With `dense=False` the combined key itself may be returned when its range is small enough;
    some ids then name empty classes, which callers must tolerate (size 0).
    """
    length = len(columns[0]) if columns else 0
    limit = max(2 * length, 1 << 12)
    key: IntArray | None = None
    span = 1
    for codes, card in zip(columns, cards, strict=True):
        if card <= 1:
            continue
        if key is None:
            key, span = codes.astype(np.int64, copy=True), card
            continue
        if span * card > limit:
            key, span = _dense(key, span)
        key *= card
        key += codes
        span *= card
    if key is None:
        return np.zeros(length, dtype=np.int64), 1 if length else 0
    if not dense and span <= min(max(16 * length, 1 << 16), 1 << 22):
        return key, span
    return _dense(key, span)


def _dense(key: IntArray, span: int) -> tuple[IntArray, int]:
    if span <= max(1 << 22, 4 * len(key)):
        present = np.bincount(key, minlength=span) > 0
        rank = np.cumsum(present, dtype=np.int64) - 1
        return rank[key], int(rank[-1]) + 1
    unique, inverse = np.unique(key, return_inverse=True)
    return inverse.astype(np.int64, copy=False), len(unique)


@dataclass(frozen=True)
class Encoded:
    n: int  # records
    quasi_identifiers: tuple[str, ...]
    sensitive: tuple[str, ...]
    heights: tuple[int, ...]
    tables: tuple[HierarchyTable, ...]
    weights: IntArray  # records per distinct row
    row_ids: IntArray  # distinct row of each record
    codes: tuple[tuple[IntArray, ...], ...]  # [qi][level] compact code per distinct row
    cards: tuple[tuple[int, ...], ...]  # [qi][level] number of codes
    labels: tuple[tuple[tuple[str, ...], ...], ...]  # [qi][level][code] text of the code
    domain: tuple[int, ...]  # hierarchy rows per qi (ARX's domain size)
    share_counts: tuple[tuple[IntArray, ...], ...]  # [qi][level][code] hierarchy rows under it
    loss_sums: tuple[tuple[int, ...], ...]  # [qi][level] sum over records of share_counts
    entropy: tuple[tuple[float, ...], ...]  # [qi][level] sum f*log2(f/F), <= 0
    sensitive_codes: tuple[IntArray, ...]
    sensitive_cards: tuple[int, ...]
    sensitive_counts: tuple[IntArray, ...]  # records per sensitive value

    @property
    def m(self) -> int:
        return len(self.weights)


def encode(
    table: Table,
    quasi_identifiers: Sequence[str],
    hierarchies: Mapping[str, Hierarchy],
    sensitive: Sequence[str] = (),
) -> Encoded:
    n = table.rows
    leaf_columns: list[IntArray] = []
    leaf_cards: list[int] = []
    materialised: list[HierarchyTable] = []
    for column in quasi_identifiers:
        hierarchy = hierarchies.get(column)
        if hierarchy is None:
            raise AnonymizationError(
                f"no hierarchy for quasi-identifier '{column}'; give one", field=column
            )
        # Each distinct value is looked up once; rows then index by their value's code.
        value_codes, distinct = codes_of(table.columns[column])
        tab = (
            hierarchy
            if isinstance(hierarchy, HierarchyTable)
            else hierarchy.table_for(distinct, column=column)
        )
        index = tab.index()
        lookup = np.fromiter((index.get(v, -1) for v in distinct), np.int64, count=len(distinct))
        missing = np.flatnonzero(lookup < 0)
        if len(missing):
            first = int(np.flatnonzero(np.isin(value_codes, missing))[0])
            raise AnonymizationError(
                f"{table.place(first)}: the value of column '{column}' is not in its hierarchy "
                f"({tab.source}); add it there",
                field=column,
            )
        leaf = lookup[value_codes]
        leaf_columns.append(leaf)
        leaf_cards.append(len(tab))
        materialised.append(tab)
    sensitive_leaf: list[IntArray] = []
    sensitive_cards: list[int] = []
    for column in sensitive:
        codes, names = codes_of(table.columns[column])
        sensitive_leaf.append(codes)
        sensitive_cards.append(len(names))

    row_ids, m = group_ids([*leaf_columns, *sensitive_leaf], [*leaf_cards, *sensitive_cards])
    weights = np.bincount(row_ids, minlength=m).astype(np.int64)
    representative = np.empty(m, dtype=np.int64)
    representative[row_ids] = np.arange(n, dtype=np.int64)

    codes_all, cards_all, labels_all, shares_all, sums_all, entropy_all = [], [], [], [], [], []
    for leaf, tab in zip(leaf_columns, materialised, strict=True):
        distinct_leaf = leaf[representative]
        leaf_freq = np.bincount(distinct_leaf, weights=weights, minlength=len(tab)).astype(
            np.float64
        )
        codes_j, cards_j, labels_j, shares_j, sums_j, entropy_j = [], [], [], [], [], []
        for level in range(tab.height):
            label_codes, label_names = codes_of([row[level] for row in tab.rows])
            rows_per_label = np.bincount(label_codes).astype(np.int64)
            present = np.flatnonzero(np.bincount(label_codes[distinct_leaf]))
            compact = np.full(len(label_names), -1, dtype=np.int64)
            compact[present] = np.arange(len(present), dtype=np.int64)
            code = compact[label_codes[distinct_leaf]]
            codes_j.append(code)
            cards_j.append(len(present))
            labels_j.append(tuple(label_names[i] for i in present))
            share = rows_per_label[present]
            shares_j.append(share)
            sums_j.append(int((weights * share[code]).sum()))
            entropy_j.append(_entropy(leaf_freq, label_codes))
        codes_all.append(tuple(codes_j))
        cards_all.append(tuple(cards_j))
        labels_all.append(tuple(labels_j))
        shares_all.append(tuple(shares_j))
        sums_all.append(tuple(sums_j))
        entropy_all.append(tuple(entropy_j))

    return Encoded(
        n=n,
        quasi_identifiers=tuple(quasi_identifiers),
        sensitive=tuple(sensitive),
        heights=tuple(t.height for t in materialised),
        tables=tuple(materialised),
        weights=weights,
        row_ids=row_ids,
        codes=tuple(codes_all),
        cards=tuple(cards_all),
        labels=tuple(labels_all),
        domain=tuple(len(t) for t in materialised),
        share_counts=tuple(shares_all),
        loss_sums=tuple(sums_all),
        entropy=tuple(entropy_all),
        sensitive_codes=tuple(s[representative] for s in sensitive_leaf),
        sensitive_cards=tuple(sensitive_cards),
        sensitive_counts=tuple(
            np.bincount(s, minlength=c).astype(np.int64)
            for s, c in zip(sensitive_leaf, sensitive_cards, strict=True)
        ),
    )


def _entropy(leaf_freq: npt.NDArray[np.float64], label_codes: IntArray) -> float:
    """ARX's non-uniform entropy of one level: sum over values of f * log2(f / F(group))."""
    group_freq = np.bincount(label_codes, weights=leaf_freq)[label_codes]
    present = leaf_freq > 0
    f = leaf_freq[present]
    return float((f * np.log2(f / group_freq[present])).sum())
