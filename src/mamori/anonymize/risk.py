"""Re-identification risk under the prosecutor model.

The attacker knows the target is in the table and knows the target's quasi-identifiers; the
chance of picking the right record is 1 / (size of the target's equivalence class).

- highest risk: 1 / the smallest class;
- average risk: the mean over records of 1 / class size, which is classes / records;
- records at risk: records whose risk exceeds the threshold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mamori.anonymize._data import DataInput, codes_of, read_table

__all__ = ["RiskReport", "prosecutor_risk"]


@dataclass(frozen=True)
class RiskReport:
    records: int
    classes: int
    smallest_class: int
    highest_risk: float
    average_risk: float
    threshold: float
    records_at_risk: int

    @property
    def share_at_risk(self) -> float:
        return self.records_at_risk / self.records if self.records else 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "records": self.records,
            "classes": self.classes,
            "smallest_class": self.smallest_class,
            "highest_risk": self.highest_risk,
            "average_risk": self.average_risk,
            "threshold": self.threshold,
            "records_at_risk": self.records_at_risk,
            "share_at_risk": self.share_at_risk,
        }


def risk_from_sizes(sizes: npt.NDArray[np.int64], threshold: float) -> RiskReport:
    """Risk figures from the class sizes of the released records (empty classes ignored)."""
    sizes = sizes[sizes > 0]
    records = int(sizes.sum())
    if records == 0:
        return RiskReport(0, 0, 0, 0.0, 0.0, threshold, 0)
    risk = 1.0 / sizes
    return RiskReport(
        records=records,
        classes=len(sizes),
        smallest_class=int(sizes.min()),
        highest_risk=float(risk.max()),
        average_risk=len(sizes) / records,
        threshold=threshold,
        records_at_risk=int(sizes[risk > threshold].sum()),
    )


def prosecutor_risk(
    data: DataInput, quasi_identifiers: Sequence[str], *, threshold: float = 0.2
) -> RiskReport:
    """Prosecutor risk of a table as it is (for example before or after anonymisation)."""
    from mamori.anonymize._encode import group_ids

    table = read_table(data)
    table.require(quasi_identifiers, "quasi_identifiers")
    columns, cards = [], []
    for name in quasi_identifiers:
        codes, distinct = codes_of(table.columns[name])
        columns.append(codes)
        cards.append(len(distinct))
    if not columns or table.rows == 0:
        return risk_from_sizes(np.array([table.rows], dtype=np.int64), threshold)
    ids, count = group_ids(columns, cards)
    return risk_from_sizes(np.bincount(ids, minlength=count).astype(np.int64), threshold)
