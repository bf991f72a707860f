"""Searching the generalisation lattice for the full-domain generalisation of least loss.

Optimal mode (see docs/anonymize.md for the argument):

1. Bisecting a chain from the bottom to the top finds an anonymous node, then steps down while
   a more specific node stays anonymous and loses less: its loss is a first upper bound.
2. Every node has a lower bound of its loss that needs no grouping and grows with generalisation
   (the loss without suppression). Only nodes whose bound does not exceed the best loss found can
   still win: these candidates form a down-set of the lattice.
3. Candidates are checked from the most general down. A node found not anonymous tags every
   candidate below it as not anonymous (anonymity is monotone: generalising merges classes, so
   the suppressed records can only shrink), as the Flash and OLA algorithms of ARX do; an
   anonymous node has its loss computed and may lower the bound, which drops more candidates.

When every candidate is checked or pruned, the best node is optimal. Heuristic mode (a lattice too
large to enumerate, or the time limit reached) keeps the first node and improves it by local
moves until time runs out; the result then says it is not proven optimal.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mamori.anonymize._check import Checker, Key, NodeCheck, Score, key_of
from mamori.anonymize._score import Scorer
from mamori.errors import AnonymizationError

__all__ = ["SearchOutcome", "search"]

Progress = Callable[[int, int], None]

_NOT_ANONYMOUS = 1


@dataclass(frozen=True)
class SearchOutcome:
    best: NodeCheck | None  # None: no anonymous node (if optimal) or none found in time
    score: Score | None
    optimal: bool  # the whole lattice was settled
    mode: str
    lattice_size: int
    checks: int
    seconds: float


@dataclass
class _Best:
    check: NodeCheck | None = None
    score: Score | None = None
    key: Key | None = None

    def offer(self, check: NodeCheck, score: Score) -> bool:
        key = key_of(score, check.node)
        if self.key is None or key < self.key:
            self.check, self.score, self.key = check, score, key
            return True
        return False

    def beats(self, bound: Score, node: Sequence[int]) -> bool:
        """Whether no node with this lower bound can be preferred to the best one."""
        if self.key is None or self.score is None:
            return False
        return bound > self.score or (bound == self.score and key_of(bound, node) >= self.key)


def search(
    checker: Checker,
    scorer: Scorer,
    *,
    mode: str = "auto",
    time_limit: float | None = None,
    max_lattice: int = 250_000,
    progress: Progress | None = None,
) -> SearchOutcome:
    heights = checker.enc.heights
    size = math.prod(heights)
    if mode not in {"auto", "optimal", "heuristic"}:
        raise AnonymizationError(
            f"unknown search mode '{mode}'; use auto, optimal or heuristic", field="search"
        )
    if mode == "auto":
        mode = "optimal" if size <= max_lattice else "heuristic"
    if mode == "optimal" and size > 20 * max_lattice:
        raise AnonymizationError(
            f"the lattice has {size} nodes, too many to search exhaustively; "
            "use the heuristic search with a time limit",
            field="search",
        )
    start = time.perf_counter()
    if time_limit is None and mode == "heuristic":
        time_limit = 10.0
    deadline = math.inf if time_limit is None else start + time_limit
    best = _Best()
    _first_bound(checker, scorer, best, deadline)
    if best.check is None and checker.monotone and time.perf_counter() <= deadline:
        optimal = True  # the top node is not anonymous, so none is
    elif mode == "optimal":
        optimal = _exhaust(checker, scorer, best, deadline, progress)
    else:
        _improve(checker, scorer, best, deadline, progress)
        optimal = False
    return SearchOutcome(
        best.check,
        best.score,
        optimal,
        mode,
        size,
        checker.checks,
        time.perf_counter() - start,
    )


def _first_bound(checker: Checker, scorer: Scorer, best: _Best, deadline: float) -> None:
    """A first anonymous node, cheaply: bisect a chain from bottom to top, then step down.

    The chain generalises, at each step, the attribute whose next level raises the loss bound
    least; binary search finds its lowest anonymous node in log2(chain length) checks (as Flash
    does on its paths).
    """
    heights = checker.enc.heights
    node = [0] * len(heights)
    chain = [[*node]]
    while any(level + 1 < height for level, height in zip(node, heights, strict=True)):
        steps = []
        for j, height in enumerate(heights):
            if node[j] + 1 < height:
                step = [*node]
                step[j] += 1
                steps.append((scorer.bound(step), j, step))
        node = min(steps)[2]
        chain.append(node)
    check = checker.check(chain[-1])
    if not check.anonymous:
        return  # the top node is not anonymous
    low, high = 0, len(chain) - 1
    while low < high and time.perf_counter() <= deadline:
        middle = (low + high) // 2
        found = checker.check(chain[middle])
        if found.anonymous:
            high, check = middle, found
        else:
            low = middle + 1
    node = [*check.node]
    best.offer(check, scorer.score(check))
    # Then step down while a more specific node stays anonymous and loses less.
    improved = True
    while improved and time.perf_counter() <= deadline:
        improved = False
        for j in range(len(heights)):
            if node[j] == 0:
                continue
            step = [*node]
            step[j] -= 1
            if best.beats(scorer.bound(step), step):
                continue
            found = checker.check(step)
            if found.anonymous and best.offer(found, scorer.score(found)):
                node, improved = step, True
                break


def _exhaust(
    checker: Checker, scorer: Scorer, best: _Best, deadline: float, progress: Progress | None
) -> bool:
    heights = checker.enc.heights
    nodes = np.indices(heights).reshape(len(heights), -1).T.astype(np.int64)
    bounds = scorer.bounds(nodes)
    if best.score is not None:
        chosen = np.flatnonzero(_lex_at_most(bounds, np.array(best.score)))
    else:
        chosen = np.arange(len(nodes))
    steps = nodes[chosen].sum(axis=1)
    columns = [bounds[chosen, i] for i in reversed(range(bounds.shape[1]))]
    order = chosen[np.lexsort((chosen, *columns, -steps))]
    candidates = nodes[order]
    status = np.zeros(len(order), dtype=np.int8)
    total = len(order)
    for position in range(total):
        if progress is not None and (position % 64 == 0 or position == total - 1):
            progress(position + 1, total)
        if status[position] == _NOT_ANONYMOUS:
            continue
        node = candidates[position]
        if best.beats(tuple(float(v) for v in bounds[order[position]]), node):
            continue
        if time.perf_counter() > deadline:
            return False
        found = checker.check(node)
        if not found.anonymous:
            if checker.hopeless_below(found):
                below = np.all(candidates[position + 1 :] <= node, axis=1)
                status[position + 1 :][below] = _NOT_ANONYMOUS
            continue
        best.offer(found, scorer.score(found))
    return True


def _lex_at_most(
    rows: npt.NDArray[np.float64], limit: npt.NDArray[np.float64]
) -> npt.NDArray[np.bool_]:
    """Row-wise lexicographic rows <= limit."""
    differ = rows != limit
    first = np.argmax(differ, axis=1)
    smaller = rows[np.arange(len(rows)), first] < limit[first]
    out: npt.NDArray[np.bool_] = ~differ.any(axis=1) | smaller
    return out


def _improve(
    checker: Checker, scorer: Scorer, best: _Best, deadline: float, progress: Progress | None
) -> None:
    """Local search: move to a better anonymous neighbour (one level down, or down and up)."""
    heights = checker.enc.heights
    d = len(heights)
    while best.check is not None and time.perf_counter() <= deadline:
        node = list(best.check.node)
        moves: list[list[int]] = []
        for j in range(d):
            if node[j] > 0:
                down = [*node]
                down[j] -= 1
                moves.append(down)
                for i in range(d):
                    if i != j and node[i] + 1 < heights[i]:
                        lateral = [*down]
                        lateral[i] += 1
                        moves.append(lateral)
        improved = False
        for move in moves:
            if time.perf_counter() > deadline:
                return
            if best.beats(scorer.bound(move), move):
                continue
            found = checker.check(move)
            if found.anonymous and best.offer(found, scorer.score(found)):
                improved = True
        if progress is not None:
            progress(checker.checks, 0)
        if not improved:
            return
