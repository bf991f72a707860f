"""Information-loss metrics, defined as the ARX tool defines them (see docs/anonymize.md).

- loss: ARX `MetricMDNMLoss` with its defaults (gs-factor 0.5, geometric mean). For each
  attribute, the share of the domain each record's generalised value covers, a suppressed record
  counting 1; normalised to [0, 1] per attribute; attributes combined by ARX's geometric mean
  (1 added before and subtracted after).
- entropy: ARX `MetricMDNUNMEntropy` (`Metric.createEntropyMetric()`, sum over attributes):
  non-uniform entropy of the generalisation, plus the entropy of the suppressed records.
- entropy-monotonic: ARX `MetricMDNUEntropy`: the same without the suppression term.
- discernibility: ARX `MetricSDNMDiscernability` (`Metric.createDiscernabilityMetric()`):
  sum of squared class sizes, a suppressed record costing the table size.
- discernibility-monotonic: ARX `MetricSDDiscernability` (DM*): sum of squared class sizes.

Per-attribute values are truncated to 10 decimals as ARX does (`Metric.round`).
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np
import numpy.typing as npt

__all__ = ["Aggregate", "Metric"]


class Metric(StrEnum):
    LOSS = "loss"
    ENTROPY = "entropy"
    ENTROPY_MONOTONIC = "entropy-monotonic"
    DISCERNIBILITY = "discernibility"
    DISCERNIBILITY_MONOTONIC = "discernibility-monotonic"

    @property
    def arx_class(self) -> str:
        return {
            "loss": "MetricMDNMLoss",
            "entropy": "MetricMDNUNMEntropy",
            "entropy-monotonic": "MetricMDNUEntropy",
            "discernibility": "MetricSDNMDiscernability",
            "discernibility-monotonic": "MetricSDDiscernability",
        }[self.value]


class Aggregate(StrEnum):
    """How ARX combines per-attribute values of a multi-dimensional metric."""

    GEOMETRIC = "geometric"  # prod((v + 1) ** (1/d)) - 1; ARX's default for loss
    SUM = "sum"  # ARX's default for entropy
    ARITHMETIC = "arithmetic"
    MAXIMUM = "max"
    RANK = "rank"  # values sorted in descending order, compared lexicographically

    @classmethod
    def default_for(cls, metric: Metric) -> Aggregate:
        return cls.GEOMETRIC if metric is Metric.LOSS else cls.SUM


def aggregate_rows(values: npt.NDArray[np.float64], how: Aggregate) -> npt.NDArray[np.float64]:
    """Per-attribute values (one row per node) -> score rows, with ARX's operations in order."""
    rows, d = values.shape
    if how is Aggregate.RANK:
        ranked: npt.NDArray[np.float64] = -np.sort(-values, axis=1)
        return ranked
    result = np.ones(rows) if how is Aggregate.GEOMETRIC else np.zeros(rows)
    if how is Aggregate.GEOMETRIC:
        # Multiply in ascending order, not attribute order as ARX does, so that nodes whose
        # values are a permutation of each other tie exactly instead of by a rounding bit.
        values = np.sort(values, axis=1)
    for j in range(d):
        column = values[:, j]
        if how is Aggregate.GEOMETRIC:
            result = result * np.power(column + 1.0, 1.0 / d)
        elif how is Aggregate.MAXIMUM:
            result = np.maximum(result, column)
        else:
            result = result + column
    if how is Aggregate.GEOMETRIC:
        result = result - 1.0
    elif how is Aggregate.ARITHMETIC:
        result = result / d
    out: npt.NDArray[np.float64] = result[:, np.newaxis]
    return out
