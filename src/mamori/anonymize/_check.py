"""Checking one generalisation (a lattice node): classes, privacy models, metric value."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mamori.anonymize._encode import Encoded, IntArray, group_ids

__all__ = ["Checker", "Key", "NodeCheck", "Score", "key_of"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class NodeCheck:
    node: tuple[int, ...]
    anonymous: bool
    suppressed: int  # records in classes that fail a privacy model
    too_small: int  # records in classes smaller than k (a monotone part of `suppressed`)
    classes: IntArray  # class of each distinct row
    sizes: FloatArray  # records per class (whole numbers, as floats for bincount)
    outlier: npt.NDArray[np.bool_]  # per class


@dataclass
class Checker:
    """Applies k-anonymity, distinct l-diversity and t-closeness with record suppression."""

    enc: Encoded
    k: int
    l_diversity: int | None
    t_closeness: float | None
    max_outliers: int
    checks: int = 0

    def __post_init__(self) -> None:
        self._weights = self.enc.weights.astype(np.float64)

    @property
    def monotone(self) -> bool:
        """Whether generalising keeps a node anonymous (not so for t-closeness with suppression)."""
        return self.t_closeness is None or self.max_outliers == 0

    def hopeless_below(self, found: NodeCheck) -> bool:
        """Whether no node below `found` can be anonymous.

        True when anonymity is monotone, or when the records in classes smaller than k already
        exceed the limit: those classes only split further below, so they stay too small.
        """
        return not found.anonymous and (self.monotone or found.too_small > self.max_outliers)

    def check(self, node: Sequence[int]) -> NodeCheck:
        self.checks += 1
        enc = self.enc
        columns = [enc.codes[j][level] for j, level in enumerate(node)]
        cards = [enc.cards[j][level] for j, level in enumerate(node)]
        classes, count = group_ids(columns, cards, dense=False)
        sizes = np.bincount(classes, weights=self._weights, minlength=count).astype(
            np.float64, copy=False
        )
        outlier = sizes < self.k
        too_small = int(sizes[outlier].sum())
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
                # A distance equal to t passes; the tolerance absorbs floating-point rounding.
                distance = self._emd(s, pairs, npairs, pair_class, codes, sizes)
                outlier |= distance > self.t_closeness + 1e-12
        suppressed = int(sizes[outlier].sum())
        return NodeCheck(
            tuple(int(v) for v in node),
            suppressed <= self.max_outliers,
            suppressed,
            too_small,
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
        sizes: FloatArray,
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


Score = tuple[float, ...]
Key = tuple[Score, int, tuple[int, ...]]


def key_of(score: Score, node: Sequence[int]) -> Key:
    """Preference: lower loss, then fewer generalisation steps (as ARX), then lexicographic."""
    return (score, int(sum(node)), tuple(int(v) for v in node))
