"""Secondary suppression: which further cells to hide so that the whole month passes the audit.

The method is the classic model of optimal cell suppression for linked tables (Fischetti and
Salazar-Gonzalez 1999, 2000; the basis of tau-ARGUS's optimal method and of sdcTable's
"OPT"/"HITAS"): a sensitive cell is protected when there is a *direction* - a change of the
hidden cells that keeps every identity true, leaves every published cell as it is and every
cell at or above its lower limit - that raises the sensitive cell to k (protection level k).
Every cell that such a direction moves must be hidden; so the cells to hide are the support
of one direction per sensitive cell, and each such hidden cell is then also not determined
exactly (it moves along the direction).

Here the model is solved as its linear relaxation, for all sensitive cells of a month at once:
one flow (p - m) per sensitive cell over a neighbourhood of cells (by default the cells linked
to it by identities; for a month, its indicator family in nearby units), a shared variable
z_j in [0, 1] per published cell with |flow through j| <= k z_j for every flow, minimising
sum(cost_j z_j) with cost = persons + a little per level up + a little per cell (so small
cells and lower levels win: a municipality before its job centre, a job centre before its
office). Every cell with z_j > 0 is hidden (rounding up keeps every flow possible), then the
whole month is audited (`monitor.core.disclosure_audit`); the audit, not this search, decides
whether the month may be published.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from scipy import sparse
from scipy.optimize import linprog
from scipy.sparse.csgraph import connected_components

from monitor.core.disclosure_audit import Audit, CellModel, verify, verify_changed

LEVEL_COST = 0.25
CELL_COST = 0.5
FLOW_COST = 1e-4   # keeps flows from wandering through cells that are hidden anyway
SUPPORT = 1e-7     # z above this counts as used
SLACK_COST = 1e6   # price of a protection the neighbourhood cannot give
Neighbourhood = Callable[[int], np.ndarray]


@dataclass(frozen=True)
class Pattern:
    hidden: np.ndarray      # every hidden cell
    primary: np.ndarray     # hidden because sensitive or never published
    audit: Audit

    @property
    def secondary(self) -> np.ndarray:
        return self.hidden & ~self.primary


def cell_cost(model: CellModel) -> np.ndarray:
    return np.abs(model.values) + LEVEL_COST * model.level + CELL_COST


def protect(model: CellModel, neighbourhoods: list[Neighbourhood] = (), hidden_first: np.ndarray | None = None,
            start: np.ndarray | None = None, changed: np.ndarray | None = None) -> Pattern:
    """Chooses the hidden cells (see the module docstring) and audits the result.
    `hidden_first` marks cells that must be hidden anyway (they count as primary), e.g. a
    revision of a cell hidden in either vintage. `start` (a warm start, e.g. the secondary
    cells of the same month in the previous vintage) is hidden first; if the pattern grown
    from it fails its audit, the month is chosen again without it. `changed`: with a start
    that passed its audit on earlier values, the cells whose value changed since (only the
    parts of the month they touch are audited again, `verify_changed`)."""
    primary = model.primary() | (False if hidden_first is None else hidden_first)
    if start is not None:
        warm = _grow(model, neighbourhoods, primary, primary | (start & model.publishable), changed)
        if warm.audit.ok:
            return warm
    return _grow(model, neighbourhoods, primary, primary.copy())


def _grow(model: CellModel, neighbourhoods: list[Neighbourhood], primary: np.ndarray, hidden: np.ndarray,
          changed: np.ndarray | None = None) -> Pattern:
    """Bounds first: audit `hidden` (fast, `verify`); a non-primary cell the audit finds
    determined exactly is published again (showing it reveals nothing the published cells do
    not already give, so no other range changes); only the sensitive cells still unprotected
    get LPs. Each sensitive cell is tried with the first neighbourhood; those that cannot be
    protected inside it are tried with the next, and last with every cell linked to it.
    Hiding more only widens ranges, so cells proven protected stay protected."""
    start = hidden.copy()

    def check() -> Audit:
        return verify(model, hidden) if changed is None else verify_changed(model, hidden, changed | (hidden != start))

    first = check()
    if first.ok:
        return Pattern(hidden=hidden, primary=primary, audit=first)
    hidden &= ~(~primary & ((first.high - first.low) < 0.5))
    pending = np.flatnonzero(first.violations & model.sensitive() & hidden).tolist()
    for near in [*neighbourhoods, linked_cells(model)]:
        if not pending:
            break
        unprotected = []
        for group in _independent(model.size, [(s, near(s)) for s in pending]):
            unprotected += _hide_supports(model, hidden, group)
        pending = unprotected
    return Pattern(hidden=hidden, primary=primary, audit=check())


def _independent(n_cells: int, tasks: list[tuple[int, np.ndarray]]) -> list[list[tuple[int, np.ndarray]]]:
    """Splits tasks into groups whose neighbourhoods share no cell: their LPs are
    independent, and several small LPs solve faster than one large one."""
    if not tasks:
        return []
    rows = np.concatenate([np.full(len(cells), i) for i, (_, cells) in enumerate(tasks)])
    cols = np.concatenate([cells for _, cells in tasks])
    incidence = sparse.csr_array((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(len(tasks), n_cells))
    _, label = connected_components(incidence @ incidence.T, directed=False)
    return [[tasks[i] for i in np.flatnonzero(label == g)] for g in np.unique(label)]


def linked_cells(model: CellModel) -> Neighbourhood:
    """Neighbourhood = the cells connected to the cell through identities."""
    pattern = abs(sparse.csc_array(model.identities)).astype(bool).astype(np.int8)
    _, comp = connected_components(pattern.T @ pattern, directed=False)
    order = np.argsort(comp, kind="stable")
    bounds = np.searchsorted(comp[order], np.arange(comp.max() + 2))
    return lambda cell: order[bounds[comp[cell]]:bounds[comp[cell] + 1]]


def _hide_supports(model: CellModel, hidden: np.ndarray, tasks: list[tuple[int, np.ndarray]]) -> list[int]:
    """Solves the relaxation for `tasks` (sensitive cell, neighbourhood) as one LP and hides
    the support. A flow that cannot reach the protection level inside its neighbourhood
    falls short at a high price (a slack variable); those cells are returned."""
    if not tasks:
        return []
    k = model.threshold
    a = sparse.csc_array(model.identities)
    rows_of = sparse.csr_array(a.T)
    room = np.minimum(model.values - model.lower, k).astype(float)
    free_cells = np.flatnonzero(~hidden)
    z_index = np.full(model.size, -1)
    z_index[free_cells] = np.arange(len(free_cells))
    eq_r, eq_c, eq_v, ub_p, ub_m, ub_z, lows, highs, own_cols = [], [], [], [], [], [], [], [], []
    n_eq = offset = 0
    for s, cells in tasks:
        cells = np.union1d(cells, [s])
        n = len(cells)
        rows = np.unique(rows_of[cells].indices)
        sub = sparse.coo_array(sparse.csr_array(a[:, cells][rows]))
        for sign, half in ((1.0, 0), (-1.0, n)):
            eq_r.append(n_eq + sub.row)
            eq_c.append(offset + half + sub.col)
            eq_v.append(sign * sub.data)
        lo = np.zeros(2 * n)
        hi = np.concatenate([np.full(n, float(k)), room[cells]])
        own = int(np.searchsorted(cells, s))
        up = model.values[s] > 0
        hi[own if not up else n + own] = 0.0  # the sensitive cell moves away from zero only
        own_cols.append(offset + (own if up else n + own))
        lows.append(lo)
        highs.append(hi)
        free = np.flatnonzero(~hidden[cells])
        ub_p.append(offset + free)
        ub_m.append(offset + n + free)
        ub_z.append(z_index[cells[free]])
        n_eq += len(rows)
        offset += 2 * n
    n_t, n_z = len(tasks), len(free_cells)
    n_var = offset + n_z + n_t  # flows, z, slacks
    a_eq = sparse.csr_array((np.concatenate(eq_v), (np.concatenate(eq_r), np.concatenate(eq_c))), shape=(n_eq, n_var))
    p_cols, m_cols, z_cols = (np.concatenate(x) for x in (ub_p, ub_m, ub_z))
    n_ub = len(p_cols)
    ub_rows = np.arange(n_ub)
    # p_j + m_j - k z_j <= 0; protection: -flow of the sensitive cell - slack <= -gap
    prot_rows = n_ub + np.arange(n_t)
    a_ub = sparse.csr_array((
        np.concatenate([np.ones(2 * n_ub), np.full(n_ub, -float(k)), -np.ones(2 * n_t)]),
        (np.concatenate([ub_rows, ub_rows, ub_rows, prot_rows, prot_rows]),
         np.concatenate([p_cols, m_cols, offset + z_cols, np.array(own_cols), offset + n_z + np.arange(n_t)])),
    ), shape=(n_ub + n_t, n_var))
    gaps = np.array([k - abs(int(model.values[s])) for s, _ in tasks], dtype=float)
    b_ub = np.concatenate([np.zeros(n_ub), -gaps])
    c = np.concatenate([np.full(offset, FLOW_COST), cell_cost(model)[free_cells], np.full(n_t, SLACK_COST)])
    bounds = np.column_stack([np.concatenate([*lows, np.zeros(n_z), np.zeros(n_t)]),
                              np.concatenate([*highs, np.ones(n_z), gaps])])
    result = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=np.zeros(n_eq), bounds=bounds, method="highs-ds")
    if result.status != 0:
        raise RuntimeError(f"sekundær diskretion kunne ikke beregnes: {result.message}")
    short = result.x[offset + n_z:] > SUPPORT
    hidden[free_cells[result.x[offset:offset + n_z] > SUPPORT]] = True
    return [s for (s, _), failed in zip(tasks, short) if failed]
