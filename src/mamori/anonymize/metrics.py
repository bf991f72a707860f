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

__all__ = ["Metric"]

_FACTOR = 1e10


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


def truncate(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """ARX keeps 10 decimals, rounding down, so near-equal losses compare as equal."""
    out: npt.NDArray[np.float64] = np.floor(values * _FACTOR) / _FACTOR
    return out


def geometric_mean(per_attribute: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """ARX's geometric mean over the last axis: prod((v + 1) ** (1/d)) - 1, in ARX's order."""
    d = per_attribute.shape[-1]
    result = np.ones(per_attribute.shape[:-1], dtype=np.float64)
    for j in range(d):
        result = result * np.power(per_attribute[..., j] + 1.0, 1.0 / d)
    out: npt.NDArray[np.float64] = result - 1.0
    return out


def normalised_loss(numerator: float | npt.NDArray[np.float64], n: int, domain: int) -> object:
    """(sum of shares - n/domain) / (n - n/domain), from integer share counts, clipped at 0."""
    if domain <= 1 or n == 0:
        return np.zeros_like(np.asarray(numerator, dtype=np.float64))
    value = (np.asarray(numerator, dtype=np.float64) - n) / (float(n) * (domain - 1))
    return np.maximum(value, 0.0)
