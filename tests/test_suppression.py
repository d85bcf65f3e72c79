"""Secondary suppression and the LP auditor on small hand-made hierarchies (worked out by hand),
and a property test over random small hierarchies."""

import numpy as np
from hypothesis import given, settings, strategies as st
from scipy import sparse
from scipy.optimize import linprog

from monitor.core.disclosure_audit import CellModel, audit
from monitor.core.suppression import protect


def model(values, sums, publishable=None, level=None, lower=None):
    """Cells `values`; each sum (total, parts) is the identity total - sum(parts) = 0."""
    rows, cols, coefs = [], [], []
    for r, (total, parts) in enumerate(sums):
        rows += [r] * (1 + len(parts))
        cols += [total, *parts]
        coefs += [1.0] + [-1.0] * len(parts)
    n = len(values)
    return CellModel(
        values=np.array(values, dtype=np.int64),
        identities=sparse.csr_array((coefs, (rows, cols)), shape=(len(sums), n)),
        publishable=np.ones(n, bool) if publishable is None else np.array(publishable),
        level=np.zeros(n, int) if level is None else np.array(level),
        lower=np.zeros(n) if lower is None else np.array(lower, dtype=float),
    )


def hide(n, cells):
    mask = np.zeros(n, bool)
    mask[list(cells)] = True
    return mask


def test_a_job_centre_minus_its_other_municipality_gives_the_hidden_one_away():
    # job centre 183 (cell 0) = Ishøj (1) + Vallensbæk (2): hours_30 = 5 = 2 + 3 (2019-08 in issue 9)
    m = model([5, 2, 3], [(0, [1, 2])], level=[1, 0, 0])
    table_rule = audit(m, hide(3, [1]))  # table by table: only the 2 is hidden
    assert (table_rule.low[1], table_rule.high[1]) == (2, 2) and not table_rule.ok
    pattern = protect(m)
    # the municipality (3 persons) is hidden, not the job centre (5)
    assert pattern.hidden.tolist() == [False, True, True]
    full = audit(m, pattern.hidden)
    assert (full.low[1], full.high[1]) == (0, 5) and pattern.audit.ok and full.ok


def test_parts_and_totals_in_two_directions_leak_through_the_other_direction():
    # two municipalities (rows) x waiting bands (columns) and the job centre (sums of columns):
    #   A: 2 3 10 | 15     B: 5 6 10 | 21     JC: 7 9 20 | 36
    # cells: A 0-3 (total 3), B 4-7 (total 7), JC 8-11 (total 11)
    values = [2, 3, 10, 15, 5, 6, 10, 21, 7, 9, 20, 36]
    sums = [(3, [0, 1, 2]), (7, [4, 5, 6]), (11, [8, 9, 10])] + [(8 + j, [j, 4 + j]) for j in range(4)]
    m = model(values, sums, level=[0] * 8 + [1] * 4)
    # table by table: A's 2 is hidden and, as one more part, A's smallest other band (3)
    table_rule = audit(m, hide(12, [0, 1]))
    assert (table_rule.low[0], table_rule.high[0]) == (2, 2)  # = JC 7 - B 5
    pattern = protect(m)
    assert pattern.audit.ok
    # a rectangle: A and B x the first two bands (2 + 3 + 5 + 6 persons), not the totals
    assert np.flatnonzero(pattern.hidden).tolist() == [0, 1, 4, 5]
    full = audit(m, pattern.hidden)
    assert full.high[0] == 5 and full.low[0] == 0


def test_a_share_whose_complement_is_one_is_protected():
    # target group 10 = visited 9 + complement 1 (never published); municipality and job centre
    # cells: A (0 total, 1 visited, 2 complement), B (3, 4, 5), JC (6, 7, 8)
    values = [10, 9, 1, 20, 15, 5, 30, 24, 6]
    sums = [(0, [1, 2]), (3, [4, 5]), (6, [7, 8]), (6, [0, 3]), (7, [1, 4]), (8, [2, 5])]
    publishable = [True, True, False] * 3
    m = model(values, sums, publishable=publishable, level=[0] * 6 + [1] * 3)
    assert not audit(m, ~np.array(publishable)).ok  # everything shown: 10 - 9 = 1
    pattern = protect(m)
    assert pattern.audit.ok and audit(m, pattern.hidden).high[2] >= 3
    # the cheapest protection hides the two visited counts (9 and 15)
    assert np.flatnonzero(pattern.secondary).tolist() == [1, 4]


def test_the_audit_gives_unbounded_when_nothing_limits_a_cell_and_revisions_may_be_negative():
    m = model([4, 2, 2], [(0, [1, 2])], lower=[-np.inf] * 3)
    result = audit(m, hide(3, [0, 1, 2]))
    assert np.isinf(result.high).all() and np.isinf(result.low).all()
    revision = model([1, -1, 2], [(0, [1, 2])], lower=[-np.inf] * 3)
    pattern = protect(revision)
    assert pattern.audit.ok and pattern.hidden.all()


def _independent_range(m, hidden, cell):
    """The range of one hidden cell by two plain LPs over the whole model."""
    n = m.size
    bounds = [(m.lower[j], None) if hidden[j] else (m.values[j], m.values[j]) for j in range(n)]
    a = m.identities.toarray()
    out = []
    for sense in (1, -1):
        c = np.zeros(n)
        c[cell] = sense
        r = linprog(c, A_eq=a, b_eq=np.zeros(a.shape[0]), bounds=bounds, method="highs")
        out.append(np.inf if r.status == 3 else sense * r.fun)
    return out


N_PARTS = 3


def hierarchy(offices: list[int], parts: list[int]):
    """A country with offices of `offices[i]` units each, each unit with 3 parts and a total."""
    n_units = sum(offices)
    values, sums, level = [], [], []
    unit_cells = []
    for u in range(n_units):
        own = parts[u * N_PARTS:(u + 1) * N_PARTS]
        first = len(values)
        values += [sum(own), *own]
        level += [0] * (N_PARTS + 1)
        sums.append((first, list(range(first + 1, first + 1 + N_PARTS))))
        unit_cells.append(first)
    starts = np.cumsum([0, *offices])
    office_cells = []
    for o in range(len(offices)):
        first = len(values)
        members = unit_cells[starts[o]:starts[o + 1]]
        for j in range(N_PARTS + 1):
            values.append(sum(values[u + j] for u in members))
            sums.append((first + j, [u + j for u in members]))
        sums.append((first, list(range(first + 1, first + 1 + N_PARTS))))
        level += [1] * (N_PARTS + 1)
        office_cells.append(first)
    first = len(values)
    for j in range(N_PARTS + 1):
        values.append(sum(values[o + j] for o in office_cells))
        sums.append((first + j, [o + j for o in office_cells]))
    level += [2] * (N_PARTS + 1)
    return model(values, sums, level=level)


@st.composite
def hierarchies(draw):
    """A country with 2-3 offices of 1-3 units each, each unit with 3 parts and a total."""
    offices = draw(st.lists(st.integers(1, 3), min_size=2, max_size=3))
    n = sum(offices) * N_PARTS
    return hierarchy(offices, draw(st.lists(st.integers(0, 6), min_size=n, max_size=n)))


@st.composite
def two_vintages(draw):
    """The same hierarchy twice, a few parts changed in the second (a later vintage)."""
    offices = draw(st.lists(st.integers(1, 3), min_size=2, max_size=3))
    n = sum(offices) * N_PARTS
    parts = draw(st.lists(st.integers(0, 6), min_size=n, max_size=n))
    later = list(parts)
    for position, value in draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, 6)), max_size=3)):
        later[position] = value
    return hierarchy(offices, parts), hierarchy(offices, later)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(two_vintages())
def test_a_pattern_grown_from_the_previous_vintage_passes_the_full_audit(vintages):
    before, after = vintages
    first = protect(before)
    assert first.audit.ok
    changed = before.values != after.values
    grown = protect(after, start=first.hidden, changed=changed)
    full = audit(after, grown.hidden)
    assert grown.audit.ok and full.ok
    assert grown.hidden[after.sensitive()].all()
    for cell in np.flatnonzero(grown.hidden & after.sensitive()):
        assert full.high[cell] >= 3


@settings(max_examples=40, deadline=None, derandomize=True)
@given(hierarchies())
def test_every_pattern_protects_every_small_count_and_the_audit_agrees_with_plain_lps(m):
    pattern = protect(m)
    result = audit(m, pattern.hidden)
    assert result.ok and pattern.audit.ok
    assert (pattern.audit.violations == result.violations).all()
    sensitive = m.sensitive()
    assert (pattern.hidden[sensitive]).all()
    for cell in np.flatnonzero(pattern.hidden):
        low, high = _independent_range(m, pattern.hidden, cell)
        assert (result.low[cell], result.high[cell]) == (np.ceil(low - 1e-6), np.floor(high + 1e-6))
        assert low <= m.values[cell] <= high
        assert high > low
        if sensitive[cell]:
            assert high >= 3
