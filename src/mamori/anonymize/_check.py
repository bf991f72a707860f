"""Checking one generalisation (a lattice node): classes, privacy models, metric value."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mamori.anonymize._encode import Encoded, IntArray, group_ids
from mamori.anonymize.metrics import (
    Metric,
    geometric_mean,
    normalised_loss,
    truncate,
)

__all__ = ["Checker", "NodeCheck"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class NodeCheck:
    node: tuple[int, ...]
    anonymous: bool
    suppressed: int  # records in classes that fail a privacy model
    classes: IntArray  # class of each distinct row
    sizes: IntArray  # records per class
    outlier: npt.NDArray[np.bool_]  # per class


@dataclass
class Checker:
    """Applies k-anonymity, distinct l-diversity and t-closeness with record suppression."""

    enc: Encoded
    k: int
    l_diversity: int | None
    t_closeness: float | None
    max_outliers: int
    metric: Metric
    checks: int = 0

    @property
    def monotone(self) -> bool:
        """Whether generalising keeps a node anonymous (not so for t-closeness with suppression)."""
        return self.t_closeness is None or self.max_outliers == 0

    def check(self, node: Sequence[int]) -> NodeCheck:
        self.checks += 1
        enc = self.enc
        columns = [enc.codes[j][level] for j, level in enumerate(node)]
        cards = [enc.cards[j][level] for j, level in enumerate(node)]
        classes, count = group_ids(columns, cards, dense=False)
        sizes = np.bincount(classes, weights=enc.weights, minlength=count).astype(np.int64)
        outlier = sizes < self.k
        for s, codes in enumerate(enc.sensitive_codes):
            if self.l_diversity is None and self.t_closeness is None:
                break
            pairs, npairs = group_ids([classes, codes], [count, enc.sensitive_cards[s]])
            pair_class = np.empty(npairs, dtype=np.int64)
            pair_class[pairs] = classes
            if self.l_diversity is not None:
                distinct = np.bincount(pair_class, minlength=count)
                outlier |= distinct < self.l_diversity
            if self.t_closeness is not None:
                outlier |= self._emd(s, pairs, npairs, pair_class, codes, sizes) > self.t_closeness
        suppressed = int(sizes[outlier].sum())
        return NodeCheck(
            tuple(int(v) for v in node),
            suppressed <= self.max_outliers,
            suppressed,
            classes,
            sizes,
            outlier,
        )

    def _emd(
        self,
        s: int,
        pairs: IntArray,
        npairs: int,
        pair_class: IntArray,
        codes: IntArray,
        sizes: IntArray,
    ) -> FloatArray:
        """Earth mover's distance with equal ground distance: half the L1 distance to the table."""
        enc = self.enc
        pair_value = np.empty(npairs, dtype=np.int64)
        pair_value[pairs] = codes
        counts = np.bincount(pairs, weights=enc.weights, minlength=npairs)
        p = counts / sizes[pair_class]
        q = enc.sensitive_counts[s][pair_value] / enc.n
        # Values absent from a class contribute q each; sum(q) over all values is 1.
        terms = np.abs(p - q) - q
        spread = np.bincount(pair_class, weights=terms, minlength=len(sizes))
        out: FloatArray = 0.5 * (spread.astype(np.float64) + 1.0)
        return out

    # Metric values -------------------------------------------------------------------------

    def value(self, c: NodeCheck) -> float:
        """The information loss of a checked node (lower is better)."""
        enc, metric = self.enc, self.metric
        if metric is Metric.DISCERNIBILITY_MONOTONIC:
            return float((c.sizes.astype(np.float64) ** 2).sum())
        if metric is Metric.DISCERNIBILITY:
            sizes = c.sizes.astype(np.float64)
            kept = sizes[~c.outlier]
            return float((kept**2).sum() + enc.n * sizes[c.outlier].sum())
        if metric is Metric.ENTROPY_MONOTONIC:
            return float(self.lower_bounds(np.array([c.node], dtype=np.int64))[0])
        suppressed_rows = c.outlier[c.classes]
        if metric is Metric.ENTROPY:
            values = [
                self._entropy_value(j, level, suppressed_rows) for j, level in enumerate(c.node)
            ]
            total = 0.0
            for v in truncate(np.array(values, dtype=np.float64)):
                total += float(v)  # in attribute order, as the bound sums, so value >= bound
            return total
        weights = enc.weights[suppressed_rows]
        per_attribute = np.empty(len(c.node), dtype=np.float64)
        for j, level in enumerate(c.node):
            share = enc.share_counts[j][level][enc.codes[j][level][suppressed_rows]]
            extra = int((weights * (enc.domain[j] - share)).sum())
            per_attribute[j] = float(
                np.asarray(normalised_loss(enc.loss_sums[j][level] + extra, enc.n, enc.domain[j]))
            )
        return float(geometric_mean(truncate(per_attribute)[np.newaxis, :])[0])

    def _entropy_value(self, j: int, level: int, suppressed_rows: npt.NDArray[np.bool_]) -> float:
        enc = self.enc
        raw = enc.entropy[j][level]
        if suppressed_rows.any():
            counts = np.bincount(
                enc.codes[j][level][suppressed_rows],
                weights=enc.weights[suppressed_rows],
                minlength=enc.cards[j][level],
            )
            counts = counts[counts > 0]
            raw += float((counts * np.log2(counts / counts.sum())).sum())
        return -raw if raw != 0.0 else 0.0

    def lower_bounds(self, nodes: npt.NDArray[np.int64]) -> FloatArray:
        """A bound below the metric value of every node, monotone under generalisation.

        Loss and entropy: the value without suppression (ARX's own bound). Discernibility: n²
        divided by the most classes the node can have.
        """
        enc, metric = self.enc, self.metric
        d = len(enc.heights)
        if metric is Metric.LOSS:
            table = np.zeros((d, max(enc.heights)), dtype=np.float64)
            for j in range(d):
                sums = np.array(enc.loss_sums[j], dtype=np.float64)
                table[j, : enc.heights[j]] = truncate(
                    np.asarray(normalised_loss(sums, enc.n, enc.domain[j]), dtype=np.float64)
                )
            per_node = table[np.arange(d), nodes]
            return geometric_mean(per_node)
        if metric in (Metric.ENTROPY, Metric.ENTROPY_MONOTONIC):
            total = np.zeros(len(nodes), dtype=np.float64)
            for j in range(d):
                per_level = -np.array(enc.entropy[j], dtype=np.float64)
                per_level = truncate(np.where(per_level == 0.0, 0.0, per_level))
                total += per_level[nodes[:, j]]
            return total
        most = np.minimum(float(enc.m), _product_bound(enc, nodes))
        bound: FloatArray = np.floor(float(enc.n) * enc.n / np.maximum(most, 1.0))
        return bound


def _product_bound(enc: Encoded, nodes: npt.NDArray[np.int64]) -> FloatArray:
    product = np.ones(len(nodes), dtype=np.float64)
    for j in range(len(enc.heights)):
        product *= np.array(enc.cards[j], dtype=np.float64)[nodes[:, j]]
    return product


def key_of(value: float, node: Sequence[int]) -> tuple[float, int, tuple[int, ...]]:
    """Preference: lower loss, then fewer generalisation steps (as ARX), then lexicographic."""
    return (value, int(sum(node)), tuple(int(v) for v in node))
