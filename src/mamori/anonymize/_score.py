"""Metric values of checked nodes, and lower bounds for every node of the lattice.

A score is a tuple compared lexicographically: one number for most aggregates, the per-attribute
values sorted in descending order for ARX's "rank" aggregate. Every bound is computed with the
same operations, in the same order, as the score it bounds, so that bound <= score holds exactly
in floating point and pruning never drops a node that ties with the best one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mamori.anonymize._check import NodeCheck, Score
from mamori.anonymize._encode import Encoded
from mamori.anonymize.metrics import Aggregate, Metric, aggregate_rows
from mamori.errors import AnonymizationError

__all__ = ["Scorer"]

FloatArray = npt.NDArray[np.float64]


@dataclass
class Scorer:
    enc: Encoded
    metric: Metric
    aggregate: Aggregate
    gs_factor: float = 0.5

    def __post_init__(self) -> None:
        if not 0.0 <= self.gs_factor <= 1.0:
            raise AnonymizationError("gs_factor must be in [0, 1]", field="gs_factor")
        # ARX's MetricMDNMLoss: 0.5 weighs generalisation and suppression equally.
        self.s_factor = 2 * self.gs_factor if self.gs_factor < 0.5 else 1.0
        self.g_factor = 1.0 if self.gs_factor <= 0.5 else 1.0 - 2.0 * (self.gs_factor - 0.5)
        self.exact = self.g_factor == 1.0 and self.s_factor == 1.0
        self._table: FloatArray | None = None

    @property
    def multidimensional(self) -> bool:
        return self.metric in (Metric.LOSS, Metric.ENTROPY, Metric.ENTROPY_MONOTONIC)

    def score(self, c: NodeCheck) -> Score:
        if not self.multidimensional:
            return (self._discernibility(c),)
        values = self.per_attribute(c)
        return tuple(float(v) for v in aggregate_rows(values[np.newaxis, :], self.aggregate)[0])

    def per_attribute(self, c: NodeCheck) -> FloatArray:
        """Loss or entropy of each quasi-identifier, truncated to 10 decimals as ARX does."""
        enc = self.enc
        d = len(c.node)
        if self.metric is Metric.ENTROPY_MONOTONIC:
            fixed: FloatArray = self._bound_table()[np.arange(d), np.array(c.node)]
            return fixed
        suppressed = c.outlier[c.classes]
        values = np.empty(d, dtype=np.float64)
        for j, level in enumerate(c.node):
            codes = enc.codes[j][level][suppressed]
            weights = enc.weights[suppressed]
            if self.metric is Metric.ENTROPY:
                values[j] = self._entropy(j, level, codes, weights)
            else:
                share = int((weights * enc.share_counts[j][level][codes]).sum())
                values[j] = self._loss(j, enc.loss_sums[j][level], share, int(weights.sum()))
        return values

    def bounds(self, nodes: npt.NDArray[np.int64]) -> FloatArray:
        """One row per node, never above its score: the score without suppression (as ARX), or
        for discernibility n² over the most classes the node can have."""
        if self.multidimensional:
            table = self._bound_table()
            per_node = table[np.arange(nodes.shape[1]), nodes]
            return aggregate_rows(per_node, self.aggregate)
        product = np.ones(len(nodes), dtype=np.float64)
        for j in range(nodes.shape[1]):
            product *= np.array(self.enc.cards[j], dtype=np.float64)[nodes[:, j]]
        most = np.maximum(np.minimum(float(self.enc.m), product), 1.0)
        n = float(self.enc.n)
        bound: FloatArray = np.floor(n * n / most)[:, np.newaxis]
        return bound

    def bound(self, node: Sequence[int]) -> Score:
        return tuple(float(v) for v in self.bounds(np.array([node], dtype=np.int64))[0])

    # -- per metric -------------------------------------------------------------------------

    def _discernibility(self, c: NodeCheck) -> float:
        sizes = c.sizes.astype(np.float64)
        if self.metric is Metric.DISCERNIBILITY_MONOTONIC:
            return float((sizes**2).sum())
        kept = sizes[~c.outlier]
        return float((kept**2).sum() + self.enc.n * sizes[c.outlier].sum())

    def _loss(
        self, j: int, shares: int, suppressed_share: int, suppressed: int, *, bound: bool = False
    ) -> float:
        """ARX's normalised loss of one attribute from integer share counts, truncated."""
        enc = self.enc
        n, size = enc.n, enc.domain[j]
        if size <= 1 or n == 0:
            return 0.0
        if self.exact:
            # Sum of shares (in units of 1/size): kept records their share, suppressed ones 1.
            # Truncated in integers: a float quotient can sit an ulp below a 1e-10 step.
            numerator = shares - suppressed_share + size * suppressed
            return max(0, (numerator - n) * 10**10 // (n * (size - 1))) / 1e10
        kept = self.g_factor * (shares - suppressed_share) / size
        if self.s_factor == 1.0:
            dropped = float(suppressed)
        else:
            dropped = suppressed_share / size + self.s_factor * (
                suppressed - suppressed_share / size
            )
        low = self.g_factor * n / size
        if n - low <= 0:
            return 0.0
        value = max(0.0, (kept + dropped - low) / (n - low))
        if bound:
            value *= 1.0 - 1e-12  # float path: keep the bound safely below
        return _floor10(value)

    def _entropy(self, j: int, level: int, codes: npt.NDArray[np.int64], weights: object) -> float:
        raw = self.enc.entropy[j][level] * self.g_factor
        if self.metric is Metric.ENTROPY and len(codes):
            counts = np.bincount(
                codes, weights=np.asarray(weights), minlength=self.enc.cards[j][level]
            )
            counts = counts[counts > 0]
            raw += float((counts * np.log2(counts / counts.sum())).sum()) * self.s_factor
        return _floor10(-raw) if raw != 0.0 else 0.0

    def _bound_table(self) -> FloatArray:
        """[attribute, level] -> the attribute's value at that level without suppression."""
        if self._table is None:
            self._table = self._compute_bound_table()
        return self._table

    def _compute_bound_table(self) -> FloatArray:
        enc = self.enc
        d = len(enc.heights)
        table = np.zeros((d, max(enc.heights)), dtype=np.float64)
        for j in range(d):
            for level in range(enc.heights[j]):
                if self.metric is Metric.LOSS:
                    value = self._loss(j, enc.loss_sums[j][level], 0, 0, bound=True)
                else:
                    raw = enc.entropy[j][level] * self.g_factor
                    value = _floor10(-raw) if raw != 0.0 else 0.0
                table[j, level] = value
        return table


def _floor10(value: float) -> float:
    """ARX's `Metric.round`: keep 10 decimals, rounding down."""
    return math.floor(value * 1e10) / 1e10
