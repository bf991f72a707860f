"""Releases that identify no one: k-anonymity over hierarchies, thresholded statistics, and APPI
anonymously / pseudonymously processed information.

Importing this package loads numpy; the CLI imports it inside its command only.
"""

from __future__ import annotations

from mamori.anonymize.engine import AnonymizationResult, anonymize
from mamori.anonymize.hierarchy import (
    DateHierarchy,
    Hierarchy,
    HierarchyTable,
    IntervalHierarchy,
    PrefixHierarchy,
    hierarchy_from_spec,
    load_hierarchies,
)
from mamori.anonymize.metrics import Metric
from mamori.anonymize.risk import RiskReport, prosecutor_risk

__all__ = [
    "AnonymizationResult",
    "DateHierarchy",
    "Hierarchy",
    "HierarchyTable",
    "IntervalHierarchy",
    "Metric",
    "PrefixHierarchy",
    "RiskReport",
    "anonymize",
    "hierarchy_from_spec",
    "load_hierarchies",
    "prosecutor_risk",
]
