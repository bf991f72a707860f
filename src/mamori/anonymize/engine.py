"""`anonymize()`: the optimal full-domain generalisation of a table, with record suppression."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from mamori.anonymize._check import Checker
from mamori.anonymize._data import DataInput, Table, as_objects, read_table
from mamori.anonymize._encode import Encoded, encode, group_ids
from mamori.anonymize._score import Scorer
from mamori.anonymize._search import search as search_lattice
from mamori.anonymize.declared import hierarchy_from_spec
from mamori.anonymize.hierarchy import Hierarchy
from mamori.anonymize.metrics import Aggregate, Metric, aggregate_rows
from mamori.anonymize.risk import RiskReport, risk_from_sizes
from mamori.errors import AnonymizationError

__all__ = ["AnonymizationResult", "anonymize"]


@dataclass(frozen=True)
class AnonymizationResult:
    """The released table (suppressed records removed) and how it was made."""

    columns: tuple[str, ...]
    data: dict[str, list[str]] = field(repr=False)
    quasi_identifiers: tuple[str, ...]
    sensitive: tuple[str, ...]
    levels: dict[str, int]
    heights: dict[str, int]
    records_in: int
    suppressed: int
    metric: Metric
    aggregate: Aggregate | None
    value: float
    score: tuple[float, ...]
    per_attribute: dict[str, float] | None
    optimal: bool
    search_mode: str
    lattice_size: int
    nodes_checked: int
    seconds: float
    risk_before: RiskReport
    risk_after: RiskReport
    parameters: dict[str, object]

    @property
    def records_out(self) -> int:
        return self.records_in - self.suppressed

    def rows(self) -> Iterator[tuple[str, ...]]:
        return zip(*(self.data[c] for c in self.columns), strict=True)

    def to_dicts(self) -> list[dict[str, str]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows()]

    def report(self) -> dict[str, object]:
        """JSON-ready summary: levels, suppression, loss, search and risk; no data values."""
        return {
            "quasi_identifiers": list(self.quasi_identifiers),
            "sensitive": list(self.sensitive),
            "parameters": dict(self.parameters),
            "levels": dict(self.levels),
            "heights": dict(self.heights),
            "records": {
                "input": self.records_in,
                "output": self.records_out,
                "suppressed": self.suppressed,
            },
            "information_loss": {
                "metric": self.metric.value,
                "arx_metric": self.metric.arx_class,
                "aggregate": self.aggregate.value if self.aggregate else None,
                "value": self.value,
                "score": list(self.score),
                "per_attribute": self.per_attribute,
            },
            "search": {
                "mode": self.search_mode,
                "optimal": self.optimal,
                "lattice_size": self.lattice_size,
                "nodes_checked": self.nodes_checked,
                "seconds": round(self.seconds, 4),
            },
            "risk": {
                "model": "prosecutor",
                "before": self.risk_before.to_dict(),
                "after": self.risk_after.to_dict(),
            },
        }


def _check_options(
    table: Table,
    quasi_identifiers: Sequence[str],
    sensitive: Sequence[str],
    keep: Sequence[str],
    k: int,
    l_diversity: int | None,
    t_closeness: float | None,
    suppression_limit: float,
) -> None:
    if not quasi_identifiers:
        raise AnonymizationError("give at least one quasi-identifier", field="quasi_identifiers")
    if len(set(quasi_identifiers)) != len(quasi_identifiers):
        raise AnonymizationError("a quasi-identifier is listed twice", field="quasi_identifiers")
    table.require(quasi_identifiers, "quasi_identifiers")
    table.require(sensitive, "sensitive")
    table.require(keep, "keep")
    both = set(quasi_identifiers) & set(sensitive)
    if both:
        raise AnonymizationError(
            f"column '{sorted(both)[0]}' cannot be both quasi-identifier and sensitive",
            field="sensitive",
        )
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise AnonymizationError("k must be a whole number >= 1", field="k")
    if k > table.rows:
        raise AnonymizationError(
            f"k={k} is larger than the table ({table.rows} records); lower k or give more records",
            field="k",
        )
    if l_diversity is not None:
        if isinstance(l_diversity, bool) or not isinstance(l_diversity, int) or l_diversity < 1:
            raise AnonymizationError("l must be a whole number >= 1", field="l_diversity")
        if not sensitive:
            raise AnonymizationError("l-diversity needs a sensitive column", field="l_diversity")
    if t_closeness is not None:
        if not 0 < t_closeness <= 1:
            raise AnonymizationError("t must be in (0, 1]", field="t_closeness")
        if not sensitive:
            raise AnonymizationError("t-closeness needs a sensitive column", field="t_closeness")
    if not 0 <= suppression_limit <= 1:
        raise AnonymizationError(
            "the suppression limit is a share of records in [0, 1], e.g. 0.05",
            field="suppression_limit",
        )


def _check_search(time_limit: float | None, risk_threshold: float) -> None:
    if time_limit is not None and not time_limit > 0:
        raise AnonymizationError("the time limit is a number of seconds > 0", field="time_limit")
    if not 0 < risk_threshold <= 1:
        raise AnonymizationError("the risk threshold must be in (0, 1]", field="risk_threshold")


def _metric(metric: str | Metric, aggregate: str | Aggregate | None) -> tuple[Metric, Aggregate]:
    try:
        chosen = Metric(metric)
    except ValueError:
        names = ", ".join(m.value for m in Metric)
        raise AnonymizationError(
            f"unknown metric '{metric}'; use {names}", field="metric"
        ) from None
    if aggregate is None:
        return chosen, Aggregate.default_for(chosen)
    try:
        return chosen, Aggregate(aggregate)
    except ValueError:
        names = ", ".join(a.value for a in Aggregate)
        raise AnonymizationError(
            f"unknown aggregate '{aggregate}'; use {names}", field="aggregate"
        ) from None


def anonymize(
    data: DataInput,
    *,
    quasi_identifiers: Sequence[str],
    hierarchies: Mapping[str, Hierarchy | Mapping[str, object]],
    k: int,
    sensitive: Sequence[str] = (),
    l_diversity: int | None = None,
    t_closeness: float | None = None,
    suppression_limit: float = 0.0,
    metric: str | Metric = Metric.LOSS,
    aggregate: str | Aggregate | None = None,
    gs_factor: float = 0.5,
    keep: Sequence[str] = (),
    search: str = "auto",
    time_limit: float | None = None,
    risk_threshold: float = 0.2,
    progress: Callable[[int, int], None] | None = None,
) -> AnonymizationResult:
    """Generalise `quasi_identifiers` with `hierarchies` so every class has >= k records.

    Classes that fail k (or distinct l-diversity / t-closeness on `sensitive`) are suppressed
    (removed from the output) while they stay within `suppression_limit` (a share of records, as
    ARX's: at most floor(limit * records)). Among all such generalisations the one with the least
    `metric` is returned; ties go to fewer generalisation steps, then the lexicographically
    smallest levels. The output holds the quasi-identifiers, the sensitive columns and `keep`.
    """
    table = read_table(data)
    qi, sens, kept = tuple(quasi_identifiers), tuple(sensitive), tuple(keep)
    _check_options(table, qi, sens, kept, k, l_diversity, t_closeness, suppression_limit)
    _check_search(time_limit, risk_threshold)
    chosen_metric, chosen_aggregate = _metric(metric, aggregate)
    resolved = {
        name: hierarchy_from_spec(h) if isinstance(h, Mapping) else h
        for name, h in hierarchies.items()
    }
    enc = encode(table, qi, resolved, sens)
    max_outliers = int(np.floor(suppression_limit * enc.n))
    checker = Checker(enc, k, l_diversity, t_closeness, max_outliers)
    scorer = Scorer(enc, chosen_metric, chosen_aggregate, gs_factor)
    outcome = search_lattice(checker, scorer, mode=search, time_limit=time_limit, progress=progress)
    if outcome.best is None:
        if outcome.optimal:
            reason = "no generalisation satisfies the privacy models, not even the most general"
        else:
            reason = "no anonymous generalisation was found within the time limit"
        raise AnonymizationError(
            f"{reason} (k={k}, suppression limit {suppression_limit:g}); "
            "allow more suppression, lower k or l, or give coarser hierarchies",
            field="k",
        )
    best = outcome.best
    per_attribute = scorer.per_attribute(best) if scorer.multidimensional else None
    score = outcome.score or ()
    if per_attribute is not None and chosen_aggregate is Aggregate.RANK:
        # ARX reports a ranked loss by the geometric mean of its values.
        value = float(aggregate_rows(per_attribute[np.newaxis, :], Aggregate.GEOMETRIC)[0, 0])
    else:
        value = score[0]
    kept_rows = ~best.outlier[best.classes][enc.row_ids]
    columns = tuple(c for c in table.header if c in {*qi, *sens, *kept})
    out: dict[str, list[str]] = {}
    for name in columns:
        if name in qi:
            j = qi.index(name)
            level = best.node[j]
            labels = np.array(enc.labels[j][level], dtype=object)
            out[name] = labels[enc.codes[j][level][enc.row_ids[kept_rows]]].tolist()
        else:
            out[name] = as_objects(table.columns[name])[kept_rows].tolist()
    return AnonymizationResult(
        columns=columns,
        data=out,
        quasi_identifiers=qi,
        sensitive=sens,
        levels={name: best.node[j] for j, name in enumerate(qi)},
        heights={name: enc.heights[j] for j, name in enumerate(qi)},
        records_in=enc.n,
        suppressed=best.suppressed,
        metric=chosen_metric,
        aggregate=chosen_aggregate if scorer.multidimensional else None,
        value=value,
        score=score,
        per_attribute=None
        if per_attribute is None
        else {name: float(per_attribute[j]) for j, name in enumerate(qi)},
        optimal=outcome.optimal,
        search_mode=outcome.mode,
        lattice_size=outcome.lattice_size,
        nodes_checked=outcome.checks,
        seconds=outcome.seconds,
        risk_before=_risk_before(enc, risk_threshold),
        risk_after=risk_from_sizes(best.sizes[~best.outlier].astype(np.int64), risk_threshold),
        parameters={
            "k": k,
            "l_diversity": l_diversity,
            "t_closeness": t_closeness,
            "t_closeness_distance": "equal" if t_closeness is not None else None,
            "suppression_limit": suppression_limit,
            "max_suppressed_records": max_outliers,
            "metric": chosen_metric.value,
            "aggregate": chosen_aggregate.value if scorer.multidimensional else None,
            "gs_factor": gs_factor,
            "search": search,
            "time_limit": time_limit,
        },
    )


def _risk_before(enc: Encoded, threshold: float) -> RiskReport:
    ids, count = group_ids(
        [enc.codes[j][0] for j in range(len(enc.heights))],
        [enc.cards[j][0] for j in range(len(enc.heights))],
    )
    sizes = np.bincount(ids, weights=enc.weights, minlength=count).astype(np.int64)
    return risk_from_sizes(sizes, threshold)
