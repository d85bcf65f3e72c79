"""The synthetic population behind the demonstration data: who is on which benefit in which
week, who is visited to which group when, offers, job brokers and ordinary hours.

Everything is simulated vectorised with numpy over persons: benefit weeks as one matrix
(persons x weeks, one byte per cell), monthly events as person x month arrays. A Python loop
runs at most over months or municipalities, never over persons or person-weeks.
`monitor.demo.writer` turns a `Population` into the monthly extract files.

The numbers below are parameters of the demonstration only (calibrated so that December 2018
reproduces the published national figures of the programme); programme constants come from
the programme settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from monitor import DATA_DIR
from monitor.core import calendar, reference
from monitor.core.settings import Settings
from monitor.demo.programme import B, RATES, Spells, municipality_profiles, programme

HISTORY_START = "2010-W01"  # the first extract carries benefit weeks from here

# Near-miss and target-group categories (person.category); see CATEGORY_NAMES.
G_PLAIN, G_GAP4, G_OTHER_IN_GAP, G_OLD_INTEGRATION = 0, 1, 2, 3
NM_SHORT, NM_BROKEN, NM_BROKEN_OTHER, NM_JOB_READY, NM_INTEGRATION, NM_GAP_AT_R, SHORT_TERM = 4, 5, 6, 7, 8, 9, 10
CATEGORY_NAMES = {
    G_PLAIN: "target group",
    G_GAP4: "target group, a gap of exactly 4 weeks",
    G_OTHER_IN_GAP: "target group, another benefit inside a gap of at most 4 weeks",
    G_OLD_INTEGRATION: "target group, integration programme ended more than 5 years before R",
    NM_SHORT: "near miss: spell of 4 to 5 years",
    NM_BROKEN: "near miss: spell broken by a gap of 5 weeks or more",
    NM_BROKEN_OTHER: "near miss: gap of 5 weeks or more holding other benefits",
    NM_JOB_READY: "near miss: job- or education-ready at R",
    NM_INTEGRATION: "near miss: integration programme ended less than 5 years before R",
    NM_GAP_AT_R: "near miss: long spell, but no cash-system week at R",
    SHORT_TERM: "short-term recipient",
}
TARGET_CATEGORIES = (G_PLAIN, G_GAP4, G_OTHER_IN_GAP, G_OLD_INTEGRATION)

# persons per category at national scale, relative to the qualifiers (G_* together)
QUALIFIERS = 26_300
CATEGORY_SHARE = {  # of the qualifiers: sub-kinds of G
    G_GAP4: 0.06, G_OTHER_IN_GAP: 0.05, G_OLD_INTEGRATION: 0.04,
}
NEAR_MISS_SHARE = {  # relative to the qualifiers
    NM_SHORT: 0.13, NM_BROKEN: 0.06, NM_BROKEN_OTHER: 0.035, NM_JOB_READY: 0.12,
    NM_INTEGRATION: 0.05, NM_GAP_AT_R: 0.02, SHORT_TERM: 0.12,
}

# relative rate of long-term recipients per inhabitant: cities, islands and the coast high,
# wealthy suburbs low (default 1.0); a parameter of the demonstration only
SOCIAL_MIX_FILE = DATA_DIR / "demo" / "social_mix.csv"

# corrections that later extracts bring (relative to the qualifiers; months = extract month
# indices of the correcting extract, 0 = 2017-08): persons found out of or into G
LATE_G = {"out": 0.0006, "in": 0.0006, "months": (13, 20)}
# registered late: share of markings/offers first delivered 1-3 months after their start month,
# share of hours first delivered a month late or first reported too low and restated
LATE = {"markings": 0.12, "offers": 0.04, "hours_late": 0.02, "hours_restated": 0.04}

@dataclass
class Population:
    months: list[str]                 # monitored months (extract months)
    weeks: np.ndarray                 # week index (monitor.core.calendar) of each matrix column
    week_month: np.ndarray            # monitored month index of each column (<= 0: first extract)
    person_number: np.ndarray         # the number in the pseudonymous id
    category: np.ndarray
    birth_year: np.ndarray
    sex: np.ndarray                   # 0 = M, 1 = K
    integration_end: np.ndarray       # days since 1970-01-01, -1 = none
    municipality: np.ndarray          # persons x months, municipality code
    present: np.ndarray               # persons x months, listed in the snapshot
    benefit: np.ndarray               # persons x weeks, the final (corrected) truth
    reported: np.ndarray              # persons x weeks, as first reported
    match: np.ndarray                 # persons x weeks, match category of cash weeks
    corrections: tuple                # (person, column, month of the correcting extract)
    markings: Spells
    offers: Spells
    hours: tuple                      # (person, month index, hours)
    extras: dict = field(default_factory=dict)


def _days(date_text) -> int:
    return int(np.datetime64(date_text, "D").astype(np.int64))


def simulate(settings: Settings, scale: float = 1.0, seed: int = 2017) -> Population:
    rng = np.random.default_rng(seed)
    months = settings.monitored_months()
    n_months = len(months)
    first_abs = _month_abs(months[0])

    # --- time axis ---------------------------------------------------------------------
    w0 = calendar.iso_week_to_index(HISTORY_START)
    w1 = calendar.last_week_index_of_month(months[-1])
    weeks = np.arange(w0, w1 + 1, dtype=np.int32)
    n_weeks = len(weeks)
    thursday = np.datetime64("1970-01-08", "D") + 7 * weeks.astype(np.int64)
    week_month = (thursday.astype("datetime64[M]").astype(np.int64) - first_abs).astype(np.int32)
    r_col = settings.reference_week_index - w0
    month_first_col = np.searchsorted(week_month, np.arange(n_months + 1))  # n_months+1: end
    month_d0 = np.array([_days(calendar.month_first_day(m)) for m in months], dtype=np.int64)
    month_len = np.array([calendar.month_last_day(m).day for m in months], dtype=np.int64)
    min_weeks, max_gap = settings.minimum_spell_weeks, settings.max_gap_weeks

    # --- municipalities ----------------------------------------------------------------
    munis = reference.municipalities().sort("municipality_code")
    codes = munis["municipality_code"].to_numpy().astype(np.int16)
    n_munis = len(codes)
    mix = dict(pl.read_csv(SOCIAL_MIX_FILE).iter_rows())
    social = np.array([mix.get(int(c), 1.0) for c in codes])
    weight = munis["population_2019"].to_numpy() * social * rng.lognormal(0.0, 0.18, n_munis)
    weight = weight / weight.sum()
    participating = ~np.isin(codes, np.array(settings.non_participating))
    profile = municipality_profiles(rng, codes, weight, participating, n_months)

    # --- persons ----------------------------------------------------------------------
    n_qual = max(int(round(QUALIFIERS * scale)), 20)
    counts = {G_PLAIN: 0}
    for cat, share in CATEGORY_SHARE.items():
        counts[cat] = max(int(round(n_qual * share)), 2)
    counts[G_PLAIN] = n_qual - sum(counts.values())
    for cat, share in NEAR_MISS_SHARE.items():
        counts[cat] = max(int(round(n_qual * share)), 2)
    category = np.concatenate([np.full(n, cat, dtype=np.int8) for cat, n in sorted(counts.items())])
    n = len(category)
    muni_idx = rng.choice(n_munis, size=n, p=weight)
    is_g = np.isin(category, TARGET_CATEGORIES)

    birth_year = np.clip(np.round(rng.normal(1972, 10.5, n)), 1953, 1996).astype(np.int16)
    young = rng.random(n) < 0.12
    birth_year[young] = rng.integers(1988, 1996, young.sum())
    sex = (rng.random(n) < 0.52).astype(np.int8)
    integration = np.isin(category, (G_OLD_INTEGRATION, NM_INTEGRATION)) | (
        np.isin(category, (NM_SHORT, NM_JOB_READY, SHORT_TERM)) & (rng.random(n) < 0.08)
    )
    cash_code = np.where(birth_year >= 1988, B["UH"], B["KH"]).astype(np.uint8)
    cash_code[integration] = B["IY"]

    # --- benefit history up to and around R --------------------------------------------
    col = np.arange(n_weeks, dtype=np.int32)
    start = np.zeros(n, dtype=np.int32)
    end = (r_col + rng.geometric(1 / 90, n)).astype(np.int32)  # last cash week (non-G)
    long_spell = rng.integers(min_weeks + 2, r_col + 2, n)
    from_origin = rng.random(n) < 0.35
    g_start = np.where(from_origin, 0, r_col + 1 - long_spell)
    start[:] = g_start
    sel = category == NM_SHORT
    start[sel] = r_col + 1 - rng.integers(min_weeks - 52, min_weeks, sel.sum())
    sel = category == SHORT_TERM
    start[sel] = rng.integers(r_col - 150, n_weeks - 10, sel.sum())
    end[sel] = start[sel] + rng.integers(6, 90, sel.sum())
    end[is_g] = n_weeks - 1  # G stays on cash unless an event of the programme period says else
    integration_end = np.full(n, -1, dtype=np.int64)
    ipe_week = np.full(n, -1, dtype=np.int32)
    sel = category == G_OLD_INTEGRATION
    ipe_week[sel] = rng.integers(2, r_col - min_weeks - 1, sel.sum())
    sel = category == NM_INTEGRATION
    ipe_week[sel] = rng.integers(r_col - min_weeks + 8, r_col - 20, sel.sum())
    sel = integration & (ipe_week < 0)  # others with a completed programme: long ago
    ipe_week[sel] = rng.integers(0, 60, sel.sum())
    has_ipe = ipe_week >= 0
    integration_end[has_ipe] = _days("1970-01-05") + 7 * (weeks[ipe_week[has_ipe]].astype(np.int64)) + rng.integers(0, 5, has_ipe.sum())

    benefit = np.zeros((n, n_weeks), dtype=np.uint8)
    on = (col[None, :] >= start[:, None]) & (col[None, :] <= end[:, None])
    benefit[on] = np.broadcast_to(cash_code[:, None], (n, n_weeks))[on]
    del on

    # earlier spells before a near miss's short spell (ended at least 5 weeks before it)
    sel = np.flatnonzero((category == NM_SHORT) & (rng.random(n) < 0.5))
    gap = rng.integers(max_gap + 1, 30, len(sel))
    old_end = start[sel] - gap - 1
    old_start = np.maximum(old_end - rng.integers(10, 120, len(sel)), 0)
    _fill(benefit, sel, old_start, old_end, cash_code[sel])

    # small gaps of 1-3 weeks: at most one per 20-week segment, never merging
    seg = 20
    n_seg = (r_col - 4) // seg
    seg_start = r_col - 4 - seg * (np.arange(n_seg) + 1)
    has_gap = rng.random((n, n_seg)) < 0.06
    gap_pos = seg_start[None, :] + rng.integers(3, seg - 5, (n, n_seg))
    gap_len = rng.integers(1, 4, (n, n_seg))
    rows, segs = np.nonzero(has_gap & (gap_pos > start[:, None] + 1))
    _fill(benefit, rows, gap_pos[rows, segs], gap_pos[rows, segs] + gap_len[rows, segs] - 1, 0)

    # a gap of exactly max_gap weeks in the last segment before R (does not break the spell)
    sel = np.flatnonzero(category == G_GAP4)
    _fill(benefit, sel, np.full(len(sel), r_col - 30), np.full(len(sel), r_col), cash_code[sel])
    pos = r_col - rng.integers(8, 26, len(sel))
    _fill(benefit, sel, pos - max_gap + 1, pos, 0)
    # another benefit inside a gap of at most max_gap weeks
    sel = np.flatnonzero(category == G_OTHER_IN_GAP)
    pos = r_col - rng.integers(30, min_weeks - 20, len(sel))
    glen = rng.integers(2, max_gap + 1, len(sel))
    _fill(benefit, sel, pos - glen - 2, pos + 2, cash_code[sel])
    _fill(benefit, sel, pos - glen + 1, pos, rng.choice([B["SD"], B["OT"], B["DP"]], len(sel)).astype(np.uint8))
    # spells broken by a gap of 5 weeks or more (empty, or holding other benefits)
    for cat, other in ((NM_BROKEN, False), (NM_BROKEN_OTHER, True)):
        sel = np.flatnonzero(category == cat)
        pos = r_col - rng.integers(15, min_weeks - 10, len(sel))
        glen = rng.integers(max_gap + 1, 13, len(sel))
        _fill(benefit, sel, pos - glen - 2, pos + 2, cash_code[sel])
        code = rng.choice([B["SD"], B["DP"], B["OT"], B["JA"]], len(sel)).astype(np.uint8) if other else 0
        _fill(benefit, sel, pos - glen + 1, pos, code)
    # long spell, but no cash week at R itself
    sel = np.flatnonzero(category == NM_GAP_AT_R)
    glen = rng.integers(1, max_gap + 1, len(sel))
    off = rng.integers(0, glen)
    _fill(benefit, sel, r_col - off, r_col - off + glen - 1, 0)
    # G: the cash week at R is certain
    benefit[is_g, r_col] = cash_code[is_g]
    benefit[np.ix_(np.flatnonzero(is_g), np.arange(r_col - 1, r_col + 2))] = cash_code[is_g][:, None]

    match = np.where(benefit > 0, np.uint8(3), np.uint8(0))
    sel = np.flatnonzero(category == NM_JOB_READY)
    ready = np.where(rng.random(len(sel)) < 0.7, 1, 2).astype(np.uint8)
    cols_ready = slice(r_col - 26, n_weeks)
    sub = match[sel, cols_ready]
    match[sel, cols_ready] = np.where(sub > 0, ready[:, None], sub)
    # some earlier job-ready periods in the target group's history (irrelevant at R)
    sel = np.flatnonzero(is_g & (rng.random(n) < 0.15))
    a = rng.integers(0, r_col - 40, len(sel))
    _fill_where(match, sel, a, a + rng.integers(4, 30, len(sel)), 1)

    # --- lives over the programme period ----------------------------------------------
    gone = rng.random((n, n_months)) < RATES["death_emigration"]
    gone[:, 0] = False
    gone_month = np.where(gone.any(axis=1), gone.argmax(axis=1), n_months)
    present = np.arange(n_months)[None, :] < gone_month[:, None]
    municipality = np.repeat(codes[muni_idx][:, None], n_months, axis=1)
    moves = rng.random((n, n_months)) < RATES["move"]
    moves[:, 0] = False
    mover = np.flatnonzero(moves.any(axis=1))
    move_month = moves[mover].argmax(axis=1)
    new_muni = codes[rng.choice(n_munis, size=len(mover), p=weight)]
    later = np.arange(n_months)[None, :] >= move_month[:, None]
    municipality[mover] = np.where(later, new_muni[:, None], municipality[mover])
    # gone: no benefit after leaving
    left = np.flatnonzero(gone_month < n_months)
    _fill(benefit, left, month_first_col[gone_month[left]], np.full(len(left), n_weeks - 1), 0)

    # --- the programme: visitation, groups, effort ------------------------------------
    g_rows = np.flatnonzero(is_g)
    state = programme(np.random.default_rng([seed, 2]), settings, profile, muni_idx[g_rows], birth_year[g_rows], gone_month[g_rows],
                       n_months, month_d0, month_len)
    # benefits of the target group over the programme period: status per month -> weeks
    status = state.pop("status")  # (nG, n_months) benefit code per month, 255 = unchanged cash
    post = np.flatnonzero(week_month >= 0)
    monthly = status[:, week_month[post]]
    sub = benefit[np.ix_(g_rows, post)]
    sub = np.where(monthly == 255, sub, monthly)
    benefit[np.ix_(g_rows, post)] = sub
    match[np.ix_(g_rows, post)] = np.where(sub > 0, np.where(sub <= 3, 3, 0), 0).astype(np.uint8)
    # occasional single weeks without benefit among those on cash (not in the last week of a month)
    last_cols = month_first_col[1:] - 1
    blip = (rng.random(sub.shape) < 0.004) & (sub >= 1) & (sub <= 3) & ~np.isin(post, last_cols)[None, :]
    r_, c_ = np.nonzero(blip)
    benefit[g_rows[r_], post[c_]] = 0
    match[g_rows[r_], post[c_]] = 0
    match[benefit == 0] = 0
    match[(benefit > 3)] = 0

    # --- corrections: later extracts restate some earlier weeks -------------------------
    reported = benefit.copy()
    cand = np.flatnonzero((week_month >= 1) & (week_month <= n_months - 2))
    n_corr = int(round(len(g_rows) * 0.25))
    cr = g_rows[rng.integers(0, len(g_rows), n_corr)]
    cc = cand[rng.integers(0, len(cand), n_corr)]
    cr, cc = _unique_cells(cr, cc, n_weeks)
    alive = present[cr, week_month[cc]]
    cr, cc = cr[alive], cc[alive]
    truth = benefit[cr, cc]
    first = np.where(truth > 0, np.where(rng.random(len(cr)) < 0.7, 0, B["OT"]), B["KH"]).astype(np.uint8)
    reported[cr, cc] = first
    corr_month = np.minimum(week_month[cc] + rng.integers(1, 3, len(cr)), n_months - 1)
    # restated weeks before R that move persons out of G (a 5-week gap found later) or into it
    # (a near miss whose missing weeks turn out to be cash weeks), in extracts of 2018-2019
    crng = np.random.default_rng([seed, 3])  # own stream: the other corrections stay as they were
    out_rows = crng.choice(np.flatnonzero(category == G_PLAIN), max(int(round(n_qual * LATE_G["out"])), 1), replace=False)
    gap_cols = np.arange(r_col - 100, r_col - 95)
    out_r, out_c = np.repeat(out_rows, len(gap_cols)), np.tile(gap_cols, len(out_rows))
    benefit[out_r, out_c] = 0
    match[out_r, out_c] = 0
    in_rows = crng.choice(np.flatnonzero(category == NM_BROKEN), max(int(round(n_qual * LATE_G["in"])), 1), replace=False)
    window = np.zeros_like(benefit[in_rows], dtype=bool)
    window[:, r_col - min_weeks - max_gap:r_col] = True
    in_r, in_c = np.nonzero(window & (benefit[in_rows] == 0))
    in_r = in_rows[in_r]
    benefit[in_r, in_c] = cash_code[in_r]
    match[in_r, in_c] = 3
    late_r = np.concatenate([out_r, in_r])
    late_c = np.concatenate([out_c, in_c])
    per_person = crng.integers(*LATE_G["months"], len(out_rows) + len(in_rows))
    late_m = np.concatenate([np.repeat(per_person[:len(out_rows)], len(gap_cols)),
                             _month_of_rows(in_rows, in_r, per_person[len(out_rows):])])
    cr, cc, corr_month = np.concatenate([cr, late_r]), np.concatenate([cc, late_c]), np.concatenate([corr_month, late_m])

    # shuffle the rows so that the id order (= row order) says nothing about the category
    order = np.random.default_rng([seed, 1]).permutation(n)  # own stream: stable under tuning
    new_row = np.empty(n, dtype=np.int64)
    new_row[order] = np.arange(n)
    markings = _remap(state["markings"], new_row[g_rows])
    offers = _remap(state["offers"], new_row[g_rows])
    h_person, h_month, h_value = state["hours"]
    # registered late: some markings and offers arrive 1-3 months after they start; some hours a
    # month late, some first reported at half their value and restated the next month
    for spells, share in ((markings, LATE["markings"]), (offers, LATE["offers"])):
        spells.delay = np.where(crng.random(len(spells.person)) < share, crng.integers(1, 4, len(spells.person)), 0)
    u = crng.random(len(h_person))
    hours_late = u < LATE["hours_late"]
    hours_restated = ~hours_late & (u < LATE["hours_late"] + LATE["hours_restated"])
    return Population(
        months=months, weeks=weeks, week_month=week_month,
        person_number=np.arange(1, n + 1, dtype=np.int64),
        category=category[order], birth_year=birth_year[order], sex=sex[order],
        integration_end=integration_end[order], municipality=municipality[order],
        present=present[order], benefit=benefit[order], reported=reported[order], match=match[order],
        corrections=(new_row[cr], cc, corr_month),
        markings=markings, offers=offers,
        hours=(new_row[g_rows[h_person]], h_month, h_value),
        extras={"r_col": r_col, "month_first_col": month_first_col, "g_rows": np.sort(new_row[g_rows]),
                "participating_codes": codes[participating], "profile": profile, "codes": codes,
                "state": state, "g_order": new_row[g_rows],
                "hours_late": hours_late, "hours_restated": hours_restated,
                "late_out": new_row[out_rows], "late_in": new_row[in_rows]},
    )


def _month_of_rows(chosen: np.ndarray, rows: np.ndarray, months: np.ndarray) -> np.ndarray:
    """months[i] belongs to chosen[i]; returns the month of each entry of rows."""
    order = np.argsort(chosen)
    return months[order][np.searchsorted(chosen[order], rows)]


def _month_abs(month: str) -> int:
    year, mon = calendar.parse_month(month)
    return (year - 1970) * 12 + mon - 1


def _fill(matrix: np.ndarray, rows, first, last, value) -> None:
    """matrix[row, first..last] = value for each row (inclusive ranges, clipped)."""
    rows = np.asarray(rows)
    if len(rows) == 0:
        return
    first = np.clip(np.asarray(first), 0, matrix.shape[1] - 1)
    last = np.clip(np.asarray(last), -1, matrix.shape[1] - 1)
    length = np.maximum(last - first + 1, 0)
    r = np.repeat(rows, length)
    c = np.repeat(first, length) + (np.arange(length.sum()) - np.repeat(np.cumsum(length) - length, length))
    v = np.repeat(np.broadcast_to(np.asarray(value, dtype=matrix.dtype), rows.shape), length)
    matrix[r, c] = v


def _fill_where(matrix: np.ndarray, rows, first, last, value) -> None:
    """Like _fill, but only on cells that are not zero."""
    rows = np.asarray(rows)
    first = np.clip(np.asarray(first), 0, matrix.shape[1] - 1)
    last = np.clip(np.asarray(last), -1, matrix.shape[1] - 1)
    length = np.maximum(last - first + 1, 0)
    r = np.repeat(rows, length)
    c = np.repeat(first, length) + (np.arange(length.sum()) - np.repeat(np.cumsum(length) - length, length))
    keep = matrix[r, c] > 0
    matrix[r[keep], c[keep]] = value


def _unique_cells(rows, cols, width):
    key = np.unique(rows.astype(np.int64) * width + cols)
    return (key // width).astype(np.int64), (key % width).astype(np.int64)


def _remap(spells: Spells, g_rows: np.ndarray) -> Spells:
    return Spells(g_rows[spells.person], spells.code, spells.from_day, spells.to_day, spells.repeat_month)
