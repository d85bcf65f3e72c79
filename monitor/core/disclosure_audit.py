"""The disclosure auditor: what an outsider can work out about each hidden cell.

A month's published figures are modelled as a generic `CellModel`: cells with their true
values, linear identities that an outsider knows (`identities @ values == 0`), and for each
cell whether it may be published at all and how high in the hierarchy it sits. Given which
cells are hidden, `audit` computes for every hidden cell the smallest and largest value
consistent with every published cell and the identities (values at or above each cell's
lower limit, 0 for counts) by linear programming (HiGHS through scipy).

Speed: published cells are constants, so only hidden cells are variables, and the identities
split them into independent components (in practice a few cells each: one indicator family
under one STAR office). All the small LPs of a month (one maximisation and one minimisation
per hidden cell, each over a copy of its component) are stacked block-diagonally into a few
large LPs, since HiGHS solves one LP with many independent blocks far faster than many tiny
LPs (each call costs about 3 ms on its own).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.optimize import linprog
from scipy.sparse.csgraph import connected_components

# An outsider knows no upper limit for a count; the LP needs a finite one. Bounds at or
# above half of it are reported as unbounded (math.inf).
NO_LIMIT = 1e9
# Largest number of LP variables stacked into one HiGHS call.
BATCH_VARIABLES = 10_000
EPSILON = 1e-6


@dataclass(frozen=True)
class CellModel:
    """Cells with true values, the identities between them and what may be published.

    `identities` is an m x n sparse matrix with `identities @ values == 0` (a total minus its
    parts, for instance). `publishable` is False for cells that are never published but must
    still be protected (the complement of a share: denominator minus numerator). `level`
    orders the hierarchy (0 = lowest, e.g. a municipality); `lower` is the smallest value an
    outsider allows (0 for counts, -inf for revisions, which can be negative).
    """

    values: np.ndarray
    identities: sparse.csr_array
    publishable: np.ndarray
    level: np.ndarray
    lower: np.ndarray
    threshold: int = 3
    labels: list = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.values)

    def sensitive(self) -> np.ndarray:
        """Cells of 1 .. k-1 persons (in absolute value), which need protection."""
        size = np.abs(self.values)
        return (size >= 1) & (size <= self.threshold - 1)

    def primary(self) -> np.ndarray:
        """Cells hidden before any secondary suppression: sensitive or never published."""
        return self.sensitive() | ~self.publishable


@dataclass(frozen=True)
class Audit:
    """Per cell the range an outsider can work out (published cells: their value)."""

    low: np.ndarray
    high: np.ndarray
    violations: np.ndarray  # cells that break the rule (see `find_violations`)

    @property
    def ok(self) -> bool:
        return not bool(self.violations.any())


def audit(model: CellModel, hidden: np.ndarray) -> Audit:
    """The range of every cell consistent with the published cells and the identities."""
    values = model.values.astype(float)
    low = values.copy()
    high = values.copy()
    hidden_idx = np.flatnonzero(hidden)
    if len(hidden_idx):
        lo, hi = hidden_ranges(model, hidden)
        low[hidden_idx] = lo
        high[hidden_idx] = hi
    return Audit(low=low, high=high, violations=find_violations(model, hidden, low, high))


def verify(model: CellModel, hidden: np.ndarray, exact: bool = True) -> Audit:
    """The same verdict as `audit` (which cells break the rule), found faster: three LPs over
    all hidden cells at once (no copies) look for feasible points that lift every sensitive
    cell to k, move every hidden cell up by one, and down by one; each cell such a point
    reaches is proven safe. Only cells left unproven get their exact range from `audit`'s
    LPs. `low`/`high` of the result are exact only for those; for the others they are the
    proven bounds (value -/+ what was reached)."""
    k = model.threshold
    values = model.values.astype(float)
    low, high = values.copy(), values.copy()
    h = np.flatnonzero(hidden)
    if len(h) == 0:
        return Audit(low=low, high=high, violations=find_violations(model, hidden, low, high))
    a = sparse.csc_array(model.identities)
    a_h = a[:, h].tocsr()
    rhs = -(a[:, np.flatnonzero(~hidden)] @ values[~hidden])
    keep = np.flatnonzero(np.diff(a_h.indptr) > 0)
    a_h, rhs = a_h[keep], rhs[keep]
    sensitive = model.sensitive()[h]
    publishable = model.publishable[h]
    sign = np.where(values[h] < 0, -1.0, 1.0)
    # three copies: (cells with a t, t <= sign*x + shift, t <= cap)
    passes = [(np.flatnonzero(sensitive), sign, 0.0, float(k)),
              (np.flatnonzero(publishable), np.ones(len(h)), -1.0, 1.0),
              (np.flatnonzero(publishable), -np.ones(len(h)), 1.0, 1.0)]
    n = len(h)
    blocks_eq, ub_rows, ub_cols, ub_vals, b_ub, cost, lo, hi = [], [], [], [], [], [], [], []
    offset = row = 0
    for cells, sgn, shift, cap in passes:
        m = len(cells)
        blocks_eq.append(sparse.hstack([a_h, sparse.csr_array((a_h.shape[0], m))]))
        # t_j - sgn*x_j <= shift * v_j  (pass 1: t <= |x|; pass 2: t <= x - v; pass 3: t <= v - x)
        r = row + np.arange(m)
        ub_rows += [r, r]
        ub_cols += [offset + n + np.arange(m), offset + cells]
        ub_vals += [np.ones(m), -sgn[cells]]
        b_ub.append(shift * values[h][cells])
        cost.append(np.concatenate([np.zeros(n), -np.ones(m)]))
        lo.append(np.concatenate([np.maximum(model.lower[h], -NO_LIMIT), np.full(m, -NO_LIMIT)]))
        hi.append(np.concatenate([np.full(n, NO_LIMIT), np.full(m, cap)]))
        offset += n + m
        row += m
    a_eq = sparse.block_diag(blocks_eq, format="csr")
    a_ub = sparse.csr_array((np.concatenate(ub_vals), (np.concatenate(ub_rows), np.concatenate(ub_cols))),
                            shape=(row, offset))
    result = linprog(np.concatenate(cost), A_ub=a_ub, b_ub=np.concatenate(b_ub), A_eq=a_eq,
                     b_eq=np.tile(rhs, 3), bounds=np.column_stack([np.concatenate(lo), np.concatenate(hi)]),
                     method="highs-ds")
    if result.status != 0:
        raise RuntimeError(f"LP-revisionen kunne ikke løses: {result.message}")
    proven_protected = np.zeros(n, dtype=bool)
    proven_moves = np.zeros(n, dtype=bool)
    start = 0
    for p, (cells, _, _, cap) in enumerate(passes):  # every copy's x is a feasible point
        x = result.x[start:start + n]
        t = result.x[start + n:start + n + len(cells)]
        reached = t >= cap - EPSILON
        (proven_protected if p == 0 else proven_moves)[cells[reached]] = True
        low[h] = np.minimum(low[h], np.ceil(x - EPSILON))
        high[h] = np.maximum(high[h], np.floor(x + EPSILON))
        start += n + len(cells)
    safe = np.where(sensitive, proven_protected, ~publishable | proven_moves)
    unproven = np.zeros(model.size, dtype=bool)
    unproven[h[~safe]] = True
    if unproven.any() and not exact:  # conservative: an unproven cell counts as a violation
        return Audit(low=low, high=high, violations=find_violations(model, hidden, low, high) | unproven)
    if unproven.any():
        lo_exact, hi_exact = hidden_ranges(model, hidden, only=unproven)
        idx = np.flatnonzero(hidden)
        low[idx[unproven[idx]]] = lo_exact[unproven[idx]]
        high[idx[unproven[idx]]] = hi_exact[unproven[idx]]
    violations = find_violations(model, hidden, low, high)
    return Audit(low=low, high=high, violations=violations)


def verify_changed(model: CellModel, hidden: np.ndarray, changed: np.ndarray) -> Audit:
    """`verify` for a pattern grown from one that passed on earlier values of the same cells
    (the previous vintage of a month): `changed` marks the cells whose value or hidden state
    differs. The hidden cells fall apart into independent components (cells linked through an
    identity holding hidden cells); a component none of whose identities holds a changed cell
    has exactly the ranges it had then, so it passed then and passes now. Only the other
    components are verified (the rest are held at their values, which their independence
    allows); the cells left out get the range (lower limit, no limit) and no violation."""
    a = sparse.csc_array(model.identities)
    h = np.flatnonzero(hidden)
    a_h = abs(a[:, h]).astype(bool).astype(np.int8)
    _, comp = connected_components(a_h.T @ a_h, directed=False)
    rows = np.unique(sparse.csc_array(a[:, np.flatnonzero(changed)]).indices)
    touched = np.unique(sparse.csr_array(a_h)[rows].indices) if len(rows) else np.array([], dtype=int)
    focus = np.zeros(model.size, dtype=bool)
    focus[h[np.isin(comp, comp[touched])]] = True
    focus |= hidden & changed
    result = verify(model, focus)
    left_out = hidden & ~focus
    low, high = result.low.copy(), result.high.copy()
    low[left_out] = model.lower[left_out]
    high[left_out] = np.inf
    return Audit(low=low, high=high, violations=result.violations & ~left_out)


def find_violations(model: CellModel, hidden: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Cells that break the rule: a sensitive cell that is published, a hidden sensitive cell
    an outsider can place entirely below k (protection level k), or a hidden publishable
    cell an outsider can determine exactly."""
    k = model.threshold
    sensitive = model.sensitive()
    protected = (high >= k - EPSILON) | (low <= -k + EPSILON)
    exact = (high - low) < 0.5
    return (sensitive & ~hidden) | (sensitive & hidden & ~protected) | (hidden & model.publishable & exact)


def hidden_ranges(model: CellModel, hidden: np.ndarray, only: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) of each hidden cell, in the order of np.flatnonzero(hidden). Only cells the
    rule speaks about (publishable or sensitive) are solved for; the others (complements of
    5 or more) stay variables but get (lower limit, inf) without an LP."""
    hidden_idx = np.flatnonzero(hidden)
    interest = (model.publishable | model.sensitive())[hidden_idx]
    if only is not None:
        interest &= only[hidden_idx]
    a = sparse.csc_array(model.identities)
    a_hidden = a[:, hidden_idx].tocsr()
    published_idx = np.flatnonzero(~hidden)
    rhs = -(a[:, published_idx] @ model.values[published_idx].astype(float))
    touched = np.flatnonzero(np.diff(a_hidden.indptr) > 0)  # rows holding a hidden cell
    a_hidden = a_hidden[touched]
    rhs = rhs[touched]
    n = len(hidden_idx)
    lower = np.maximum(model.lower[hidden_idx], -NO_LIMIT)
    low = lower.copy()
    high = np.full(n, np.inf)
    if a_hidden.shape[0] == 0:
        return low, high
    pattern = abs(a_hidden).astype(bool).astype(np.int8)
    n_comp, comp_of_var = connected_components(pattern.T @ pattern, directed=False)
    row_comp = comp_of_var[pattern.tocsr().indices[pattern.tocsr().indptr[:-1]]]
    tasks = _component_tasks(a_hidden, rhs, comp_of_var, row_comp, n_comp, interest)
    for batch in _batches(tasks):
        for var, sense, value in _solve_batch(batch, lower):
            if sense > 0:
                high[var] = np.inf if value >= NO_LIMIT / 2 else np.floor(value + EPSILON)
            else:
                low[var] = -np.inf if value <= -NO_LIMIT / 2 else np.ceil(value - EPSILON)
    return low, high


@dataclass(frozen=True)
class _Component:
    variables: np.ndarray  # indices into the hidden cells
    matrix: sparse.csr_array  # rows of this component, columns = its variables
    rhs: np.ndarray


def _component_tasks(a_hidden, rhs, comp_of_var, row_comp, n_comp, interest) -> list[tuple[_Component, int, int]]:
    """One task per (component, variable of interest, sense): sense +1 maximises, -1 minimises."""
    var_order = np.argsort(comp_of_var, kind="stable")
    var_bounds = np.searchsorted(comp_of_var[var_order], np.arange(n_comp + 1))
    row_order = np.argsort(row_comp, kind="stable")
    row_bounds = np.searchsorted(row_comp[row_order], np.arange(n_comp + 1))
    wanted = np.zeros(n_comp, dtype=bool)
    wanted[comp_of_var[interest]] = True
    tasks = []
    for c in np.flatnonzero(wanted):
        variables = var_order[var_bounds[c]:var_bounds[c + 1]]
        rows = row_order[row_bounds[c]:row_bounds[c + 1]]
        if len(rows) == 0:
            continue  # a hidden cell in no identity: unbounded above
        comp = _Component(variables, a_hidden[rows][:, variables], rhs[rows])
        tasks += [(comp, i, s) for i in np.flatnonzero(interest[variables]) for s in (1, -1)]
    return tasks


def _batches(tasks):
    batch, size = [], 0
    for task in tasks:
        n = len(task[0].variables)
        if batch and size + n > BATCH_VARIABLES:
            yield batch
            batch, size = [], 0
        batch.append(task)
        size += n
    if batch:
        yield batch


def _solve_batch(batch, lower: np.ndarray):
    """Solves the tasks of a batch as one block-diagonal LP; yields (variable, sense, value)."""
    blocks = [comp.matrix for comp, _, _ in batch]
    a_eq = sparse.block_diag(blocks, format="csr")
    b_eq = np.concatenate([comp.rhs for comp, _, _ in batch])
    offsets = np.cumsum([0] + [len(comp.variables) for comp, _, _ in batch])
    cost = np.zeros(offsets[-1])
    var_lower = np.concatenate([lower[comp.variables] for comp, _, _ in batch])
    for (_, i, sense), start in zip(batch, offsets[:-1]):
        cost[start + i] = -sense
    bounds = np.column_stack([var_lower, np.full(offsets[-1], NO_LIMIT)])
    result = linprog(cost, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs-ds")
    if result.status != 0:
        raise RuntimeError(f"LP-revisionen kunne ikke løses: {result.message}")
    for (comp, i, sense), start in zip(batch, offsets[:-1]):
        yield comp.variables[i], sense, result.x[start + i]
