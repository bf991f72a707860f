"""Releases that identify no one: k-anonymity over hierarchies, thresholded statistics, research
exports, and APPI anonymously / pseudonymously processed information; declared releases read
from the register, and the records of every release.

Names load on first use: the engine needs numpy, while the release store (which the migrations
import) and the command line must not pay for it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mamori.anonymize._data import read_table
    from mamori.anonymize._io import Writer, write_all, write_json, write_table
    from mamori.anonymize.announce import announcement_of, published_announcements
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
    from mamori.anonymize.release import (
        OTHER,
        DeclaredRelease,
        prepare_declared_release,
        record_declared_release,
        run_declared_release,
    )
    from mamori.anonymize.research import ResearchExport, release_record, research_export
    from mamori.anonymize.risk import RiskReport, prosecutor_risk
    from mamori.anonymize.source import NOT_GIVEN, RegisterRows, read_register
    from mamori.anonymize.stats import TOTAL, Cell, StatisticsRelease, statistics_table
    from mamori.anonymize.store import list_releases, record_release

__all__ = [
    "NOT_GIVEN",
    "OTHER",
    "RECIPIENT_STATEMENT",
    "TOTAL",
    "Aggregate",
    "AnonymizationResult",
    "AnonymouslyProcessedData",
    "Cell",
    "DateHierarchy",
    "DeclaredRelease",
    "Hierarchy",
    "HierarchyTable",
    "IntervalHierarchy",
    "Metric",
    "PrefixHierarchy",
    "PseudonymizedData",
    "RegisterRows",
    "ReleaseRecord",
    "ResearchExport",
    "RiskReport",
    "StatisticsRelease",
    "Writer",
    "announcement_of",
    "anonymize",
    "anonymously_processed",
    "hierarchy_from_spec",
    "list_releases",
    "load_hierarchies",
    "prepare_declared_release",
    "prosecutor_risk",
    "pseudonymize",
    "published_announcements",
    "read_register",
    "read_table",
    "record_declared_release",
    "record_release",
    "release_record",
    "research_export",
    "run_declared_release",
    "statistics_table",
    "write_all",
    "write_json",
    "write_table",
]

_LAZY: dict[str, str] = {
    "read_table": "_data",
    **dict.fromkeys(("Writer", "write_all", "write_json", "write_table"), "_io"),
    **dict.fromkeys(("announcement_of", "published_announcements"), "announce"),
    **dict.fromkeys(
        (
            "RECIPIENT_STATEMENT",
            "AnonymouslyProcessedData",
            "PseudonymizedData",
            "anonymously_processed",
            "pseudonymize",
        ),
        "appi",
    ),
    **dict.fromkeys(
        ("DateHierarchy", "IntervalHierarchy", "PrefixHierarchy", "hierarchy_from_spec"),
        "declared",
    ),
    **dict.fromkeys(("AnonymizationResult", "anonymize"), "engine"),
    **dict.fromkeys(("Hierarchy", "HierarchyTable", "load_hierarchies"), "hierarchy"),
    **dict.fromkeys(("Aggregate", "Metric"), "metrics"),
    "ReleaseRecord": "records",
    **dict.fromkeys(
        (
            "OTHER",
            "DeclaredRelease",
            "prepare_declared_release",
            "record_declared_release",
            "run_declared_release",
        ),
        "release",
    ),
    **dict.fromkeys(("NOT_GIVEN", "RegisterRows", "read_register"), "source"),
    **dict.fromkeys(("ResearchExport", "release_record", "research_export"), "research"),
    **dict.fromkeys(("RiskReport", "prosecutor_risk"), "risk"),
    **dict.fromkeys(("TOTAL", "Cell", "StatisticsRelease", "statistics_table"), "stats"),
    **dict.fromkeys(("list_releases", "record_release"), "store"),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'mamori.anonymize' has no attribute '{name}'")
    value = getattr(importlib.import_module(f"mamori.anonymize.{module}"), name)
    globals()[name] = value  # the next access is a plain attribute lookup
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
