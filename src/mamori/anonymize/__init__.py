"""Releases that identify no one: k-anonymity over hierarchies, thresholded statistics, research
exports, and APPI anonymously / pseudonymously processed information.

Importing this package loads numpy; the CLI imports it inside its command only.
"""

from __future__ import annotations

from mamori.anonymize.appi import (
    RECIPIENT_STATEMENT,
    AnonymouslyProcessedData,
    PseudonymizedData,
    anonymously_processed,
    pseudonymize,
)
from mamori.anonymize.declared import (
    DateHierarchy,
    IntervalHierarchy,
    PrefixHierarchy,
    hierarchy_from_spec,
)
from mamori.anonymize.engine import AnonymizationResult, anonymize
from mamori.anonymize.hierarchy import Hierarchy, HierarchyTable, load_hierarchies
from mamori.anonymize.metrics import Aggregate, Metric
from mamori.anonymize.records import ReleaseRecord
from mamori.anonymize.research import ResearchExport, release_record, research_export
from mamori.anonymize.risk import RiskReport, prosecutor_risk
from mamori.anonymize.stats import TOTAL, Cell, StatisticsRelease, statistics_table

__all__ = [
    "RECIPIENT_STATEMENT",
    "TOTAL",
    "Aggregate",
    "AnonymizationResult",
    "AnonymouslyProcessedData",
    "Cell",
    "DateHierarchy",
    "Hierarchy",
    "HierarchyTable",
    "IntervalHierarchy",
    "Metric",
    "PrefixHierarchy",
    "PseudonymizedData",
    "ReleaseRecord",
    "ResearchExport",
    "RiskReport",
    "StatisticsRelease",
    "anonymize",
    "anonymously_processed",
    "hierarchy_from_spec",
    "load_hierarchies",
    "prosecutor_risk",
    "pseudonymize",
    "release_record",
    "research_export",
    "statistics_table",
]
